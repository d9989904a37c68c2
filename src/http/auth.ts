// The cookie plugin's types (request.cookies, reply.clearCookie), for any program that reads this file.
/// <reference types="@fastify/cookie" />
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionConfig } from '../config.js';
import { AppError } from '../domain/errors.js';
import { authenticateToken } from '../services/api-tokens.js';
import type { ContentCache } from '../services/content-cache.js';
import { type Actor, type ServiceDeps, systemActor } from '../services/deps.js';
import { findOrganisationBySlug, listOrganisationSlugs } from '../services/organisations.js';
import { authenticateSession, SESSION_COOKIE } from '../services/sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export const LOCAL_TOKEN_PREFIX = 'pr_local_';
export const ORGANISATION_HEADER = 'x-postroom-organisation';

const isLoopback = (ip: string) => ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';

/**
 * The command line's way into a running embedded server (which alone may open the database):
 * `pr_local_<key>`, the key written in the data directory's lock file (mode 0600), accepted only
 * from this machine, acting for the organisation named in X-Postroom-Organisation.
 */
async function authenticateLocal(
  deps: ServiceDeps,
  localKey: string,
  request: FastifyRequest,
  given: string,
): Promise<Actor | null> {
  const expected = Buffer.from(`${LOCAL_TOKEN_PREFIX}${localKey}`);
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected) || !isLoopback(request.ip))
    return null;
  const slug = request.headers[ORGANISATION_HEADER];
  if (typeof slug === 'string') {
    const organisation = await findOrganisationBySlug(deps, slug);
    if (!organisation)
      throw new AppError('unauthorized', `There is no organisation with the slug "${slug}".`);
    return systemActor(organisation.id, 'Command line');
  }
  const all = await listOrganisationSlugs(deps);
  if (all.length !== 1) {
    throw new AppError(
      'unauthorized',
      `Choose the organisation with --org: ${all.map((o) => o.slug).join(', ') || 'there is none yet'}.`,
    );
  }
  return systemActor(all[0]!.id, 'Command line');
}

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const sameSecret = (given: unknown, expected: string) => {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** The session cookie's attributes: HttpOnly, SameSite=Strict, Path=/, and Secure behind https. */
export const sessionCookieOptions = (publicUrl: string, maxAgeSeconds?: number) => ({
  httpOnly: true,
  sameSite: 'strict' as const,
  path: '/',
  secure: publicUrl.startsWith('https:'),
  ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
});

export function clearSessionCookie(reply: FastifyReply, publicUrl: string): void {
  reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(publicUrl));
}

/** A state-changing request made with the session cookie must carry the session's CSRF token. */
export function requireCsrfToken(request: FastifyRequest, csrfToken: string): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (!sameSecret(request.headers[CSRF_HEADER], csrfToken)) {
    throw new AppError(
      'csrf_failed',
      'This request was refused because it did not carry the X-CSRF-Token header of your session. Reload the page and try again.',
    );
  }
}

/**
 * Who is calling an /api/v1 route: an API token (`Authorization: Bearer …`) or, without one, the
 * signed-in session's cookie, whose POST/PUT/PATCH/DELETE requests must also carry X-CSRF-Token.
 */
export function apiAuth(
  deps: ServiceDeps,
  options: { localKey?: string; sessions: SessionConfig; contentCache?: ContentCache },
) {
  const bearer = bearerAuth(deps, options.localKey, options.contentCache);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.headers.authorization !== undefined) return bearer(request, reply);
    const sessionId = request.cookies[SESSION_COOKIE];
    if (sessionId) {
      const session = await authenticateSession(deps, options.sessions, sessionId);
      if (!session) {
        clearSessionCookie(reply, deps.publicUrl);
        throw new AppError('unauthorized', 'Your session has ended. Sign in again.');
      }
      requireCsrfToken(request, session.csrfToken);
      request.actor = session.actor;
      return;
    }
    throw new AppError(
      'unauthorized',
      'Sign in, or send an API token in the Authorization header: "Authorization: Bearer <token>".',
    );
  };
}

/** ContentCache's shelf of API tokens by SHA-256 (embedded mode). */
const API_TOKENS = 'api-tokens';

/**
 * The actor of an API token. Embedded, the answer is kept under the local write epoch (any change
 * to a token, a revocation included, moves the epoch on) and for a minute at most, so the token's
 * last-used time stays right; on a server every request reads the token.
 */
async function tokenActor(deps: ServiceDeps, token: string, cache?: ContentCache): Promise<Actor | null> {
  const epoch = deps.localEpoch?.();
  if (epoch === undefined || !cache) return authenticateToken(deps, token);
  const minute = Math.floor(deps.clock.now().getTime() / 60_000);
  const key = `${createHash('sha256').update(token).digest('hex')}:${minute}`;
  const actor = await cache.get(API_TOKENS, epoch, key, () => authenticateToken(deps, token));
  return actor && { ...actor, contentVersion: epoch };
}

/** The bearer token's actor. */
export function bearerAuth(deps: ServiceDeps, localKey?: string, contentCache?: ContentCache) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) {
      throw new AppError(
        'unauthorized',
        'Send an API token in the Authorization header: "Authorization: Bearer <token>".',
      );
    }
    const token = match[1]!;
    const actor =
      localKey && token.startsWith(LOCAL_TOKEN_PREFIX)
        ? await authenticateLocal(deps, localKey, request, token)
        : await tokenActor(deps, token, contentCache);
    if (!actor) throw new AppError('unauthorized', 'The API token is not valid or has been revoked.');
    request.actor = actor;
  };
}

/** The authenticated actor of a request that passed `bearerAuth`. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthorized', 'Sign in or send an API token.');
  return request.actor;
}
