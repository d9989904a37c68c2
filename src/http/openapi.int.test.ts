import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/support/app.js';

const REDOCLY = fileURLToPath(new URL('../../node_modules/@redocly/cli/bin/cli.js', import.meta.url));
const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  license: string;
};

interface Operation {
  operationId?: string;
  parameters?: { in: string; name: string }[];
  responses: Record<string, unknown>;
}
interface Document {
  info: { license?: { name: string; identifier?: string } };
  paths: Record<string, Record<string, Operation>>;
}

let t: TestContext;
let text: string;
let doc: Document;
let dir: string;

beforeAll(async () => {
  t = await createTestContext();
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  text = res.body;
  doc = JSON.parse(text) as Document;
  dir = await mkdtemp(join(tmpdir(), 'postroom-openapi-'));
});
afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
  );

describe('the OpenAPI document, for client generators', () => {
  it("passes Redocly's recommended rules with no error and no warning", async () => {
    const file = join(dir, 'openapi.json');
    await writeFile(file, text);
    // Run in an empty folder with the rules named, so no local redocly.yaml can soften them.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [REDOCLY, 'lint', file, '--extends', 'recommended', '--format', 'json'],
      { cwd: dir, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
    );
    const report = JSON.parse(stdout) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; message: string }[];
    };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 60_000);

  it('names every operation with its own camelCase operationId, so generated methods read well', () => {
    const ids = operations().map(({ operation }) => operation.operationId);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-zA-Z0-9]+$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(
      Object.fromEntries(operations().map((o) => [`${o.method} ${o.path}`, o.operation.operationId])),
    ).toMatchObject({
      'get /api/v1/vacancies': 'listVacancies',
      'post /api/v1/vacancies': 'createVacancy',
      'post /api/v1/vacancies/{id}/postings': 'createVacancyPosting',
      'post /api/v1/postings/{id}/retry': 'retryPosting',
    });
  });

  it('documents at least one 4xx answer on every operation', () => {
    for (const { path, method, operation } of operations()) {
      expect(
        Object.keys(operation.responses).some((code) => /^4\d\d$/.test(code)),
        `${method} ${path}`,
      ).toBe(true);
    }
  });

  it('offers the Idempotency-Key header on every POST made with a token', () => {
    const posts = operations().filter((o) => o.method === 'post' && o.path !== '/api/v1/session');
    expect(posts.length).toBeGreaterThan(10);
    for (const { path, operation } of posts) {
      const headers = (operation.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);
      expect(headers, path).toContain('idempotency-key');
    }
  });

  it("carries the package's licence", () => {
    expect(doc.info.license).toMatchObject({ name: PACKAGE.license, identifier: PACKAGE.license });
  });
});
