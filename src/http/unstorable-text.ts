import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, issuePath } from '../domain/errors.js';
import { findUnstorableText, UNSTORABLE_MESSAGE } from '../domain/storable-text.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route checks its body's text itself, item by item (an import refuses only the rows with such text). */
    checksUnstorableBody?: boolean;
  }
}

/** Where a request's text comes from, in the order it is read. */
type Part = 'path' | 'query' | 'body';

/** How a scope answers text it cannot store: the API with its error envelope, the careers site with a page. */
export type RefuseUnstorable = (
  request: FastifyRequest,
  reply: FastifyReply,
  where: { part: Part; path: string },
) => FastifyReply;

const firstUnstorable = (parts: [Part, unknown][]) => {
  for (const [part, value] of parts) {
    const path = findUnstorableText(value);
    if (path) return { part, path: issuePath(path) };
  }
  return null;
};

/**
 * Refuses NUL characters and broken Unicode before any handler (or the sign-in check) sees them,
 * so no route passes them to the database: path and query when the request arrives (before the
 * sign-in check), the parsed body before validation. Cookies are not checked: the session cookie is
 * hashed before any look-up, and a stray cookie of another site must not break every page.
 */
export function refuseUnstorableText(app: FastifyInstance, refuse: RefuseUnstorable): void {
  app.addHook('onRequest', async (request, reply) => {
    const found = firstUnstorable([
      ['path', request.params],
      ['query', request.query],
    ]);
    if (found) return refuse(request, reply, found);
  });
  app.addHook('preValidation', async (request, reply) => {
    if (request.routeOptions.config.checksUnstorableBody) return;
    const found = firstUnstorable([['body', request.body]]);
    if (found) return refuse(request, reply, found);
  });
}

const PART_NAMES: Record<Part, string> = {
  path: 'web address',
  query: 'query',
  body: 'request body',
};

/** The API's answer: 422 with the field in `issues`, as for any other invalid value. */
export const refuseInApi: RefuseUnstorable = (_request, _reply, { part, path }) => {
  throw new AppError('validation_failed', `The ${PART_NAMES[part]} has text that cannot be stored.`, {
    issues: [{ path, message: UNSTORABLE_MESSAGE }],
  });
};
