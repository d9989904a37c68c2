import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { installFaults } from '../sandbox/faults.js';
import { SANDBOX_CLIENT_EMAIL, SANDBOX_PROJECT_NUMBER, SANDBOX_PUBLIC_KEY } from './sandbox-account.js';
import { verifyAssertion } from './sandbox-jwt.js';
import { QuotaCounters, SandboxState } from './sandbox-state.js';

/*
 * A fake of Google's OAuth token endpoint and Indexing API v3, written from the board contract
 * (boards/google-for-jobs.md) and never from the adapter: it verifies RS256 assertions with the
 * public key of its demo service account, answers Google's envelopes and texts, and counts quota.
 */

export interface GoogleSandboxOptions {
  now?: () => Date;
  random?: () => number;
}

const settingsSchema = z
  .object({
    /**
     * Publish requests a day per project, reset at midnight Pacific Time. Google's default is 200;
     * the demo project has 100,000 (as if Google had approved more), so the demo and the benchmark
     * run freely. Tests set 200.
     */
    dailyLimit: z.number().int().min(0).default(100_000),
    /** Requests a minute over all endpoints (Google: 380). */
    perMinuteLimit: z.number().int().min(1).default(380),
    /** Metadata requests a minute (Google: 180). */
    metadataPerMinuteLimit: z.number().int().min(1).default(180),
    /** Answer a publish with `{"urlNotificationMetadata":{"url":…}}` only, as Google often does since 2024. */
    urlOnly: z.boolean().default(false),
    /** URL prefixes the demo service account owns in Search Console; empty: it owns every URL. */
    owners: z.array(z.string()).default([]),
    /** Moves the sandbox's clock (setting anything starts the quota counters afresh) (milliseconds), e.g. past midnight Pacific Time. */
    clockOffsetMs: z.number().int().default(0),
  })
  .strict();
type Settings = z.output<typeof settingsSchema>;

class Answer extends Error {
  constructor(
    readonly status: number,
    readonly payload: unknown,
  ) {
    super(`Google sandbox answers ${status}`);
  }
}

const CANONICAL: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
};
const REASON: Record<number, string> = {
  400: 'badRequest',
  401: 'authError',
  403: 'forbidden',
  404: 'notFound',
  429: 'rateLimitExceeded',
};

/** Google's error envelope. */
const googleError = (code: number, message: string) =>
  new Answer(code, {
    error: {
      code,
      message,
      errors: [{ message, domain: 'global', reason: REASON[code] }],
      status: CANONICAL[code],
    },
  });

const MESSAGES = {
  missingUrl: "Missing attribute. 'url' attribute is required.",
  badType: "Invalid attribute. 'type' is not valid.",
  ownership: 'Permission denied. Failed to verify the URL ownership.',
  unauthenticated:
    'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
  notFound: 'Requested entity was not found.',
  dailyQuota: `Quota exceeded for quota metric 'Publish requests' and limit 'Publish requests per day' of service 'indexing.googleapis.com' for consumer 'project_number:${SANDBOX_PROJECT_NUMBER}'.`,
  metadataQuota: `Quota exceeded for quota metric 'Metadata requests' and limit 'Metadata requests per minute' of service 'indexing.googleapis.com' for consumer 'project_number:${SANDBOX_PROJECT_NUMBER}'.`,
  minuteQuota: `Quota exceeded for quota metric 'All requests' and limit 'All requests per minute' of service 'indexing.googleapis.com' for consumer 'project_number:${SANDBOX_PROJECT_NUMBER}'.`,
};
const TYPES = ['URL_UPDATED', 'URL_DELETED'];

/** What the routes share: the state, the settings of the moment and the sandbox's clock. */
interface Sandbox {
  state: SandboxState;
  settings: Settings;
  now(): Date;
}

function tokenRoute(app: FastifyInstance, sandbox: Sandbox) {
  const keys = new Map([[SANDBOX_CLIENT_EMAIL, SANDBOX_PUBLIC_KEY]]);
  app.post('/token', async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, string>;
    if (form.grant_type !== 'urn:ietf:params:oauth:grant-type:jwt-bearer')
      return reply.status(400).send({
        error: 'unsupported_grant_type',
        error_description: `Invalid grant_type: ${form.grant_type ?? ''}`,
      });
    const verdict = verifyAssertion(String(form.assertion ?? ''), keys, sandbox.now());
    if (!verdict.ok)
      return reply.status(400).send({ error: 'invalid_grant', error_description: verdict.description });
    const token = `ya29.sandbox-${randomBytes(24).toString('base64url')}`;
    sandbox.state.tokens.set(token, { email: verdict.email, expiresAt: sandbox.now().getTime() + 3_600_000 });
    return { access_token: token, expires_in: 3599, token_type: 'Bearer' };
  });
}

/** The caller's service account, from its bearer token; counts the request against the per-minute limits. */
function caller(request: FastifyRequest, sandbox: Sandbox, kind: 'publish' | 'metadata'): string {
  const { state, settings } = sandbox;
  const now = sandbox.now();
  const bearer = /^Bearer (\S+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
  const token = bearer ? state.tokens.get(bearer) : undefined;
  if (!token || token.expiresAt <= now.getTime()) throw googleError(401, MESSAGES.unauthenticated);
  if (!state.quota.perMinute('all', now, settings.perMinuteLimit))
    throw googleError(429, MESSAGES.minuteQuota);
  if (kind === 'metadata' && !state.quota.perMinute('metadata', now, settings.metadataPerMinuteLimit))
    throw googleError(429, MESSAGES.metadataQuota);
  return token.email;
}

function apiRoutes(app: FastifyInstance, sandbox: Sandbox) {
  const { state } = sandbox;
  app.post('/v3/urlNotifications::publish', async (request, reply: FastifyReply) => {
    caller(request, sandbox, 'publish');
    const { settings } = sandbox;
    if (!/^application\/json\b/i.test(String(request.headers['content-type'] ?? '')))
      throw googleError(400, 'Invalid JSON payload received.');
    const body = (request.body ?? {}) as { url?: unknown; type?: unknown };
    if (typeof body.url !== 'string' || body.url.trim() === '') throw googleError(400, MESSAGES.missingUrl);
    if (typeof body.type !== 'string' || !TYPES.includes(body.type)) throw googleError(400, MESSAGES.badType);
    const url = body.url;
    if (settings.owners.length > 0 && !settings.owners.some((prefix) => url.startsWith(prefix)))
      throw googleError(403, MESSAGES.ownership);
    if (!state.quota.publish(sandbox.now(), settings.dailyLimit)) throw googleError(429, MESSAGES.dailyQuota);
    const entry = state.record(url, body.type, sandbox.now());
    const latest =
      body.type === 'URL_DELETED'
        ? { latestRemove: entry.latestRemove }
        : { latestUpdate: entry.latestUpdate };
    return reply.send({ urlNotificationMetadata: settings.urlOnly ? { url } : { url, ...latest } });
  });

  app.get('/v3/urlNotifications/metadata', async (request) => {
    caller(request, sandbox, 'metadata');
    const url = (request.query as { url?: unknown }).url;
    const entry = typeof url === 'string' ? state.urls.get(url) : undefined;
    if (!entry) throw googleError(404, MESSAGES.notFound);
    return {
      url: entry.url,
      ...(entry.latestUpdate ? { latestUpdate: entry.latestUpdate } : {}),
      ...(entry.latestRemove ? { latestRemove: entry.latestRemove } : {}),
    };
  });
}

function inspectRoutes(app: FastifyInstance, sandbox: Sandbox) {
  const { state } = sandbox;
  app.get('/_inspect/urls', async () => ({ urls: [...state.urls.values()], quota: state.quota.usedToday }));
  app.post('/_inspect/settings', async (request, reply) => {
    const parsed = settingsSchema.safeParse(request.body ?? {});
    if (!parsed.success)
      return reply.status(400).send({ error: parsed.error.issues.map((i) => i.message).join('; ') });
    sandbox.settings = parsed.data;
    return { settings: sandbox.settings };
  });
  app.post('/_inspect/reset', async () => {
    state.quota = new QuotaCounters();
    state.urls.clear();
    return { reset: true };
  });
}

export async function googleSandbox(app: FastifyInstance, options: GoogleSandboxOptions = {}): Promise<void> {
  const sandbox: Sandbox = {
    state: new SandboxState(),
    settings: settingsSchema.parse({}),
    now: () => new Date((options.now?.() ?? new Date()).getTime() + sandbox.settings.clockOffsetMs),
  };
  app.setErrorHandler((error: unknown, _request, reply) => {
    if (error instanceof Answer) return reply.status(error.status).send(error.payload);
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    return reply.status(status).send(googleError(status < 500 ? 400 : 500, (error as Error).message).payload);
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  installFaults(app, (request) => /\/(v3\/|token$)/.test(request.url.split('?')[0] ?? ''), options.random);
  tokenRoute(app, sandbox);
  apiRoutes(app, sandbox);
  inspectRoutes(app, sandbox);
}
