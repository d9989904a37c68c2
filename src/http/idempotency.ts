import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.js';
import type { Actor, ServiceDeps } from '../services/deps.js';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  type IdempotencyScope,
  releaseIdempotencyKey,
  type StoredAnswer,
} from '../services/idempotency.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Sent on an answer given again for a repeated key (the header Stripe uses). */
export const REPLAYED_HEADER = 'idempotent-replayed';
/** Visible ASCII, as Stripe's keys (up to 255 characters); a UUID is the usual choice. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** How long a request waits for a concurrent twin with the same key to finish. */
const WAIT_FOR_TWIN_MS = 15_000;
/** Headers of the first answer that a retry gets back with its body. */
const KEPT_HEADERS = ['location', 'etag'] as const;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on every route of a scope that answers repeated `Idempotency-Key`s (see the OpenAPI transform). */
    idempotencyKey?: boolean;
  }
}

export const IDEMPOTENCY_KEY_DESCRIPTION =
  'Any unique string of up to 255 visible characters, e.g. a UUID. A retry with the same key within 24 hours gets the first answer again (same status and body, with `Idempotent-Replayed: true`) instead of doing the work twice; the same key with a different request is refused with 422 `idempotency_key_reused`. A retry sent while the first request is still running waits for its answer (409 `idempotency_key_in_use` after 15 seconds). A request refused by validation, or answered with a 5xx, keeps nothing.';

interface KeyState {
  key: string;
  fingerprint: string;
  claimId?: string;
  settled?: boolean;
}

const states = new WeakMap<FastifyRequest, KeyState>();

const principalOf = (actor: Actor) => `${actor.type}:${actor.id ?? actor.label}`;

/** JSON with object keys sorted, so the same body written in another key order is the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The key as sent: a bare string, or a quoted one (the IETF draft's Structured Header form). */
function readKey(request: FastifyRequest): string | undefined {
  const raw = request.headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return undefined;
  const given = (Array.isArray(raw) ? raw.join(',') : raw).trim();
  const key = /^"[^"]*"$/.test(given) ? given.slice(1, -1) : given;
  if (!KEY_PATTERN.test(key)) {
    throw new AppError('validation_failed', 'The Idempotency-Key header is not a valid key.', {
      issues: [{ path: 'Idempotency-Key', message: 'Use 1 to 255 visible ASCII characters, e.g. a UUID.' }],
    });
  }
  return key;
}

function replay(reply: FastifyReply, answer: StoredAnswer) {
  for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
  return reply
    .status(answer.status)
    .header('content-type', answer.contentType)
    .header(REPLAYED_HEADER, 'true')
    .send(answer.body);
}

/**
 * Makes every POST route of `app` idempotent for requests with an `Idempotency-Key`: the first
 * answer is kept for 24 hours and given again; a concurrent twin waits for it. Requests the
 * validation refuses keep nothing, so the client may correct the body and retry with the same key.
 */
export function idempotentPosts(app: FastifyInstance, deps: ServiceDeps) {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.includes('POST')) route.config = { ...route.config, idempotencyKey: true };
  });

  // Before validation, so the fingerprint is of the body as sent, not as zod normalised it.
  app.addHook('preValidation', async (request) => {
    if (request.method !== 'POST') return;
    const key = readKey(request);
    if (key === undefined) return;
    const path = request.url.split('?')[0];
    const fingerprint = createHash('sha256')
      .update(`POST ${path}\n${canonicalJson(request.query)}\n${canonicalJson(request.body)}`)
      .digest('hex');
    states.set(request, { key, fingerprint });
  });

  app.addHook('preHandler', async (request, reply) => takeKey(deps, request, reply));

  app.addHook('onSend', async (request, reply, payload) => {
    const state = states.get(request);
    if (!state?.claimId || state.settled) return payload;
    state.settled = true;
    try {
      // A 5xx keeps nothing: the work did not happen, so the client's retry should do it.
      if (reply.statusCode >= 500 || typeof payload !== 'string') {
        await releaseIdempotencyKey(deps, state.claimId);
        return payload;
      }
      const headers: Record<string, string> = {};
      for (const name of KEPT_HEADERS) {
        const value = reply.getHeader(name);
        if (typeof value === 'string') headers[name] = value;
      }
      const contentType = reply.getHeader('content-type');
      await completeIdempotencyKey(deps, state.claimId, {
        status: reply.statusCode,
        contentType: typeof contentType === 'string' ? contentType : 'application/json; charset=utf-8',
        headers,
        body: payload,
      });
    } catch (error) {
      request.log.error({ err: error }, 'could not keep the answer of an Idempotency-Key');
    }
    return payload;
  });

  // An answer that never reached onSend (the client went away) must not hold the key for good.
  app.addHook('onResponse', async (request) => {
    const state = states.get(request);
    if (state?.claimId && !state.settled) {
      state.settled = true;
      await releaseIdempotencyKey(deps, state.claimId);
    }
  });
}

/**
 * Claims the request's key; replays the kept answer of a request made before; refuses a key used
 * for another request; waits (up to WAIT_FOR_TWIN_MS) while a twin of this request is worked on.
 */
async function takeKey(deps: ServiceDeps, request: FastifyRequest, reply: FastifyReply) {
  const state = states.get(request);
  if (!state || !request.actor) return;
  const scope: IdempotencyScope = {
    organisationId: request.actor.organisationId,
    principal: principalOf(request.actor),
    key: state.key,
  };
  const started = performance.now();
  for (let delay = 20; ; delay = Math.min(delay * 2, 500)) {
    const claim = await claimIdempotencyKey(deps, scope, state.fingerprint);
    if (claim.kind === 'claimed') {
      state.claimId = claim.id;
      return;
    }
    if (claim.kind === 'replay') return replay(reply, claim.answer);
    if (claim.kind === 'mismatch') {
      throw new AppError(
        'idempotency_key_reused',
        `The Idempotency-Key "${state.key}" was used for a different request in the last 24 hours. Send a new key with a new request.`,
        { issues: [{ path: 'Idempotency-Key', message: 'Already used for a different request.' }] },
      );
    }
    if (performance.now() - started > WAIT_FOR_TWIN_MS) {
      throw new AppError(
        'idempotency_key_in_use',
        `A request with the Idempotency-Key "${state.key}" is still being worked on. Retry in a moment.`,
        { retryAfterSeconds: 1 },
      );
    }
    await sleep(delay);
  }
}
