import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

/**
 * Faults a sandbox board can inject, for tests and benchmarks. Rates are probabilities (0 to 1)
 * drawn per request to the board's API (never to its _inspect or _faults endpoints).
 */
export const faultsSchema = z
  .object({
    /** Answer 503 before doing anything: a plain transient failure. */
    errorRate: z.number().min(0).max(1).default(0),
    /** Do the work (store the job), then never answer: the client times out not knowing. */
    timeoutRate: z.number().min(0).max(1).default(0),
    /** Do the work, then drop the connection without an answer. */
    resetRate: z.number().min(0).max(1).default(0),
    /** Answer 429 with Retry-After before doing anything. */
    rateLimitRate: z.number().min(0).max(1).default(0),
    /** Seconds sent in Retry-After with a 429. */
    retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
    /** Delay before every answer, in milliseconds. */
    latencyMs: z.number().int().min(0).max(60_000).default(0),
  })
  .strict();
export type Faults = z.output<typeof faultsSchema>;

const NO_FAULTS: Faults = faultsSchema.parse({});

/** How long a "timeout" fault holds the request before dropping it (clients give up well before). */
const HOLD_MS = 120_000;

/** Counts of what the sandbox did, so tests can tell injected faults from real work. */
export interface FaultCounters {
  requests: number;
  errors: number;
  rateLimited: number;
  timeouts: number;
  resets: number;
  /** API requests being answered now. */
  inFlight: number;
  /** The most API requests ever answered at once (since the faults were last set). */
  maxInFlight: number;
}

/**
 * Adds fault injection to a sandbox registered under `prefix`: `POST {prefix}/_faults` sets the
 * faults (`{}` clears them), `GET {prefix}/_faults` reads them with counters. `isApi` tells which
 * requests are the board's API.
 */
export function installFaults(
  app: FastifyInstance,
  isApi: (request: FastifyRequest) => boolean,
  random: () => number = Math.random,
) {
  let faults: Faults = { ...NO_FAULTS };
  const counters: FaultCounters = {
    requests: 0,
    errors: 0,
    rateLimited: 0,
    timeouts: 0,
    resets: 0,
    inFlight: 0,
    maxInFlight: 0,
  };
  const afterWork = new WeakMap<FastifyRequest, 'timeout' | 'reset'>();

  app.post('/_faults', async (request, reply) => {
    const parsed = faultsSchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      return reply.status(400).send({
        error: 'invalid faults',
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    }
    faults = parsed.data;
    counters.maxInFlight = counters.inFlight;
    return { faults, counters };
  });
  app.get('/_faults', async () => ({ faults, counters }));

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!isApi(request)) return;
    counters.requests += 1;
    // In flight from arrival until the answer is sent or the connection drops.
    counters.inFlight += 1;
    counters.maxInFlight = Math.max(counters.maxInFlight, counters.inFlight);
    reply.raw.once('close', () => {
      counters.inFlight -= 1;
    });
    if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    if (random() < faults.rateLimitRate) {
      counters.rateLimited += 1;
      return reply
        .status(429)
        .header('retry-after', String(faults.retryAfterSeconds))
        .header('content-type', 'text/html')
        .send(
          '<html><head><title>429 Too Many Requests</title></head><body><h1>Too Many Requests</h1></body></html>',
        );
    }
    if (random() < faults.errorRate) {
      counters.errors += 1;
      return reply
        .status(503)
        .header('content-type', 'text/html')
        .send(
          '<html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1></body></html>',
        );
    }
    const roll = random();
    if (roll < faults.timeoutRate) afterWork.set(request, 'timeout');
    else if (roll < faults.timeoutRate + faults.resetRate) afterWork.set(request, 'reset');
  });

  // After the handler did its work: drop the answer, or hold it until the client gives up.
  app.addHook('onSend', async (request, _reply, payload) => {
    const fault = afterWork.get(request);
    if (!fault) return payload;
    const socket = request.raw.socket;
    if (fault === 'reset') {
      counters.resets += 1;
    } else {
      counters.timeouts += 1;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, HOLD_MS);
        timer.unref();
        socket.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    socket.destroy();
    return payload;
  });
}
