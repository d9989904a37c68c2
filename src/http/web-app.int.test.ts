import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_APP_CSP, webAppRoutes } from './web-app.js';

let built: string;
let empty: string;
let app: FastifyInstance;
let unbuilt: FastifyInstance;

beforeAll(async () => {
  built = await mkdtemp(join(tmpdir(), 'postroom-web-'));
  empty = await mkdtemp(join(tmpdir(), 'postroom-web-empty-'));
  await mkdir(join(built, 'assets'));
  await writeFile(join(built, 'index.html'), '<!doctype html><title>Postroom</title><div id="root"></div>');
  await writeFile(join(built, 'assets', 'index-AbC123.js'), 'console.log(1)');
  app = Fastify();
  await app.register(async (web) => webAppRoutes(web, { root: built }));
  unbuilt = Fastify();
  await unbuilt.register(async (web) => webAppRoutes(web, { root: empty }));
});

afterAll(async () => {
  await app.close();
  await unbuilt.close();
  await rm(built, { recursive: true, force: true });
  await rm(empty, { recursive: true, force: true });
});

describe('the web app at /app', () => {
  it('answers every app address with index.html under a strict CSP, never cached', async () => {
    for (const url of ['/app/', '/app/vacancies/123/post', '/app/admin/users?x=1']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toContain('<div id="root">');
      expect(response.headers['content-security-policy']).toBe(WEB_APP_CSP);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['x-frame-options']).toBe('DENY');
    }
    expect(WEB_APP_CSP).toContain("script-src 'self'");
    expect(WEB_APP_CSP).not.toContain('unsafe-inline');
    expect((await app.inject({ url: '/app' })).headers.location).toBe('/app/');
  });

  it('serves hashed assets for a year, and a missing asset is a 404, not the app', async () => {
    const asset = await app.inject({ url: '/app/assets/index-AbC123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toContain('javascript');
    expect((await app.inject({ url: '/app/assets/gone-123.js' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/app/favicon.ico' })).statusCode).toBe(404);
  });

  it('says plainly how to build the app when it is not built', async () => {
    const response = await unbuilt.inject({ url: '/app/vacancies' });
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('npm run build');
  });
});
