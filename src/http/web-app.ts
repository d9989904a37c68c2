import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** The recruiter app's build (`vite build` → web/dist), beside dist/ and src/ in the package. */
export const WEB_APP_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

/**
 * The app's own code only: no inline scripts or styles, no third-party origins, no framing. The
 * editor's styles are in the stylesheet (TipTap's CSS injection is off), so `style-src 'self'` holds.
 */
export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Postroom — the web app is not built</title></head>
<body>
<h1>The recruiter web app is not built</h1>
<p>Build it with <code>npm run build</code> (it writes <code>web/dist</code>) and restart Postroom.</p>
<p>The API works without it: see <a href="/api/docs">the API documentation</a>.</p>
</body></html>`;

function pageHeaders(reply: FastifyReply) {
  return reply
    .header('content-security-policy', WEB_APP_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .header('x-frame-options', 'DENY')
    .header('cache-control', 'no-cache');
}

/**
 * Serves the recruiter app at /app: hashed files under /app/assets/ are cached for a year, every
 * other /app/* path answers with index.html (the app routes in the browser), never cached.
 */
export async function webAppRoutes(app: FastifyInstance, options: { root?: string } = {}): Promise<void> {
  const root = options.root ?? WEB_APP_DIR;
  const indexPath = join(root, 'index.html');
  app.get('/app', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/app/'));

  if (!existsSync(indexPath)) {
    app.get('/app/*', { schema: { hide: true } }, async (_request, reply) =>
      pageHeaders(reply).status(503).type('text/html; charset=utf-8').send(NOT_BUILT),
    );
    return;
  }
  const index = await readFile(indexPath);

  await app.register(fastifyStatic, {
    root: join(root, 'assets'),
    prefix: '/app/assets/',
    index: false,
    wildcard: true,
    maxAge: '365d',
    immutable: true,
    setHeaders: (res) => {
      res.header('x-content-type-options', 'nosniff');
    },
  });
  const sendIndex = async (_request: unknown, reply: FastifyReply) =>
    pageHeaders(reply).type('text/html; charset=utf-8').send(index);
  app.get('/app/', { schema: { hide: true } }, sendIndex);
  app.get('/app/*', { schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    // A missing hashed file is a 404, not the app: a stale page must not parse HTML as code.
    if (path.startsWith('/app/assets/') || /\.[a-z0-9]+$/i.test(path)) {
      return reply.status(404).type('text/plain; charset=utf-8').send('Not found');
    }
    return sendIndex(request, reply);
  });
}
