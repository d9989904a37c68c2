import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SessionConfig } from '../../config.js';
import { AppError } from '../../domain/errors.js';
import type { ServiceDeps } from '../../services/deps.js';
import {
  authenticateSession,
  LOCK_AFTER_FAILURES,
  SESSION_COOKIE,
  signIn,
  signOut,
} from '../../services/sessions.js';
import { clearSessionCookie, requireCsrfToken, sessionCookieOptions } from '../auth.js';
import { errorBodySchema } from '../errors.js';
import { sessionResponseSchema } from '../schemas.js';

const signInSchema = z
  .object({
    email: z
      .string({ error: 'Enter your e-mail address' })
      .trim()
      .min(1, 'Enter your e-mail address')
      .max(320, 'E-mail address must be 320 characters or fewer'),
    password: z
      .string({ error: 'Enter your password' })
      .min(1, 'Enter your password')
      .max(200, 'Password must be 200 characters or fewer'),
  })
  .strict();

/**
 * Sign-in for people (the web app): a server-side session in an HttpOnly, SameSite=Strict cookie.
 * These routes sit outside the API's authentication hook: they are how one gets a session.
 */
export async function sessionRoutes(app: FastifyInstance, deps: ServiceDeps, settings: SessionConfig) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Session'];

  r.post(
    '/session',
    {
      schema: {
        tags,
        operationId: 'signIn',
        summary: 'Sign in with e-mail and password',
        description: `Opens a session and sets the \`${SESSION_COOKIE}\` cookie (HttpOnly, SameSite=Strict, Path=/, Secure when PUBLIC_URL is https). With the cookie, every /api/v1 route works without a token, and every POST, PUT, PATCH and DELETE must carry the returned \`csrfToken\` in the \`X-CSRF-Token\` header (else 403 \`csrf_failed\`). A wrong e-mail or password answers 401 with one message for both. After ${LOCK_AFTER_FAILURES} failures in a row the account is locked for a minute, then twice as long after each further failure (at most an hour): 429 \`too_many_attempts\` with Retry-After. A session ends after POSTROOM_SESSION_IDLE_MINUTES without a request, and POSTROOM_SESSION_MAX_HOURS after sign-in.`,
        security: [],
        body: signInSchema,
        response: {
          201: sessionResponseSchema,
          401: errorBodySchema,
          422: errorBodySchema,
          429: errorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const { sessionId, ...session } = await signIn(deps, settings, request.body);
      reply.setCookie(
        SESSION_COOKIE,
        sessionId,
        sessionCookieOptions(deps.publicUrl, settings.maxHours * 3600),
      );
      return reply.status(201).send(session);
    },
  );

  currentSessionRoutes(app, deps, settings);
}

/** The signed-in session: read it (with its CSRF token), sign out. */
function currentSessionRoutes(app: FastifyInstance, deps: ServiceDeps, settings: SessionConfig) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Session'];
  r.get(
    '/session',
    {
      schema: {
        tags,
        operationId: 'getSession',
        summary: 'Who is signed in',
        description:
          'The signed-in user, their organisation and the session’s CSRF token (the same as at sign-in), from the session cookie; 401 when not signed in or the session has ended.',
        security: [{ session: [] }],
        response: { 200: sessionResponseSchema, 401: errorBodySchema },
      },
    },
    async (request, reply) => {
      const sessionId = request.cookies[SESSION_COOKIE];
      const session = sessionId ? await authenticateSession(deps, settings, sessionId) : null;
      if (!session) {
        if (sessionId) clearSessionCookie(reply, deps.publicUrl);
        throw new AppError('unauthorized', 'You are not signed in.');
      }
      const { actor: _actor, ...view } = session;
      return view;
    },
  );

  r.delete(
    '/session',
    {
      schema: {
        tags,
        operationId: 'signOut',
        summary: 'Sign out',
        description:
          'Ends the session and clears the cookie. Needs the X-CSRF-Token header while the session is valid; answers 204 also when there is no session.',
        security: [{ session: [] }],
        response: { 204: z.null().describe('Signed out'), 403: errorBodySchema },
      },
    },
    async (request, reply) => {
      const sessionId = request.cookies[SESSION_COOKIE];
      if (sessionId) {
        const session = await authenticateSession(deps, settings, sessionId);
        if (session) {
          requireCsrfToken(request, session.csrfToken);
          await signOut(deps, sessionId);
        }
      }
      clearSessionCookie(reply, deps.publicUrl);
      return reply.status(204).send(null);
    },
  );
}
