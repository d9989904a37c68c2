import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { installFaults } from '../sandbox/faults.js';
import {
  conflictOf,
  modelErrors,
  parseUkTime,
  resolveSchools,
  startsOn,
  ukDay,
  ukTimeText,
} from './sandbox-model.js';
import { schemaCheck } from './sandbox-schema.js';
import {
  type SandboxState,
  type SandboxVacancy,
  SandboxState as State,
  seedSchoolVacancies,
} from './sandbox-state.js';

/*
 * A faithful fake of the Teaching Vacancies ATS API v1 (boards/teaching-vacancies.md): `X-Api-Key`,
 * `{"vacancy": {...}}` bodies, the status order key → schema → id → schools → conflict → model,
 * TV's messages verbatim, soft delete, paging, and Rack::Attack's 600 a minute with a plain-text 429.
 * Written from the contract and never from the adapter.
 */

export { SANDBOX_KEYS } from './sandbox-state.js';

const API = '/ats-api/v1';
const PAGE_SIZE = 100;
const NOT_FOUND = 'The given ID does not match any vacancy for your ATS';

export interface TvSandboxOptions {
  now?: () => Date;
  random?: () => number;
  /** Requests per API key per fixed 60-second window (TV: 600). */
  perMinute?: number;
}

const quirksSchema = z
  .object({
    /** Store the create, then answer 500 (the outcome is unknown to the client). */
    errorAfterCommit: z.boolean().default(false),
    /** Requests per minute per key from now on. */
    perMinute: z.number().int().min(1).optional(),
  })
  .strict();

/** An answer decided part-way through a request. */
class Answer extends Error {
  constructor(
    readonly status: number,
    readonly payload: unknown,
  ) {
    super(`Teaching Vacancies sandbox answers ${status}`);
  }
}
const errors = (status: number, messages: string[], link?: string) =>
  new Answer(status, { errors: messages, ...(link ? { meta: { link } } : {}) });

/** Rack::Attack's fixed window per key (per IP without one): the count for this request. */
function limiter(perMinute: () => number, now: () => Date) {
  const counts = new Map<string, number>();
  let window = -1;
  return (who: string): boolean => {
    const current = Math.floor(now().getTime() / 60_000);
    if (current !== window) {
      window = current;
      counts.clear();
    }
    const count = (counts.get(who) ?? 0) + 1;
    counts.set(who, count);
    return count > perMinute();
  };
}

export async function tvSandbox(app: FastifyInstance, options: TvSandboxOptions = {}) {
  const now = options.now ?? (() => new Date());
  const state = new State();
  let quirks = quirksSchema.parse({});
  const limit = () => quirks.perMinute ?? options.perMinute ?? 600;
  const over = limiter(limit, now);
  // The school's own advert closes at noon (UK) in 60 days.
  const inFuture = parseUkTime(`${ukDay(new Date(now().getTime() + 60 * 86_400_000))}T12:00:00`) as Date;
  seedSchoolVacancies(state, inFuture, ukTimeText(inFuture), ukDay(now()));

  const isApi = (request: FastifyRequest) => (request.url.split('?')[0] ?? '').includes(`${API}/`);
  app.addHook('onRequest', async (request, reply) => {
    if (!isApi(request)) return;
    const key = request.headers['x-api-key'];
    if (over(typeof key === 'string' && key ? `key:${key}` : `ip:${request.ip}`))
      return reply.status(429).header('content-type', 'text/plain').send('Retry later\n');
  });
  installFaults(app, isApi, options.random);
  app.setErrorHandler(async (error, _request, reply) => {
    if (error instanceof Answer) return reply.status(error.status).send(error.payload);
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status < 500) return reply.status(status).send({ errors: [(error as Error).message] });
    return reply.status(500).send({ errors: ['There was an internal error processing this request'] });
  });

  const clientOf = (request: FastifyRequest): string => {
    const key = request.headers['x-api-key'];
    const client = typeof key === 'string' ? state.keys.get(key) : undefined;
    if (!client) throw errors(401, ['Invalid API key']);
    return client;
  };
  const context = { state, now, origin: (r: FastifyRequest) => `${r.protocol}://${r.host}` };
  registerApi(app, context, clientOf, () => quirks.errorAfterCommit);
  registerInspect(app, state, (next) => {
    quirks = quirksSchema.parse(next);
    return quirks;
  });
}

interface Context {
  state: SandboxState;
  now: () => Date;
  origin: (request: FastifyRequest) => string;
}

/** The vacancy object as the API shows it. */
function view(v: SandboxVacancy, ctx: Context, request: FastifyRequest) {
  const n = ctx.now();
  const live = v.publishOn <= ukDay(n) && v.expiresAt > n;
  const schools = v.organisations.filter((o) => !o.startsWith('trust:'));
  const trust = (v.attributes.schools as { trust_uid?: string } | undefined)?.trust_uid ?? null;
  return {
    id: v.id,
    public_url: live ? `${ctx.origin(request)}/jobs/${v.id}` : null,
    ...v.attributes,
    publish_on: v.publishOn,
    expires_at: ukTimeText(v.expiresAt),
    schools: { school_urns: schools, trust_uid: trust },
  };
}

/** `https://<host>/ats-api/v1/vacancies` as this request reached it (the sandbox sits under a prefix). */
const collectionUrl = (ctx: Context, request: FastifyRequest) =>
  `${ctx.origin(request)}${(request.url.split('?')[0] ?? '').replace(/\/vacancies(\/.*)?$/, '')}/vacancies`;

/** Validates a create or update body in TV's order (schema → schools → conflict → model). */
function validate(ctx: Context, request: FastifyRequest, client: string, existing?: SandboxVacancy) {
  const { vacancy, errors: schema } = schemaCheck(request.body);
  if (schema.length > 0) throw errors(400, schema);
  const resolved = resolveSchools(vacancy.schools as Record<string, unknown>);
  if ('error' in resolved) throw errors(422, [resolved.error]);
  const attributes: Record<string, unknown> = { ...(existing?.attributes ?? {}), ...vacancy };
  if (typeof attributes.starts_on === 'string') attributes.starts_on = startsOn(attributes.starts_on);
  const today = ukDay(ctx.now());
  const publishOn =
    typeof vacancy.publish_on === 'string' ? vacancy.publish_on : (existing?.publishOn ?? today);
  const expiresAt = parseUkTime(String(vacancy.expires_at));
  const candidate = {
    organisations: resolved.organisations,
    attributes,
    expiresAt: expiresAt ?? new Date(0),
  };
  const conflict = expiresAt ? conflictOf(ctx.state, client, candidate, existing?.id) : null;
  if (conflict) throw errors(409, [conflict.message], `${collectionUrl(ctx, request)}/${conflict.id}`);
  const model = modelErrors(attributes, expiresAt, publishOn, today);
  if (model.length > 0) throw errors(422, model);
  return { ...candidate, expiresAt: expiresAt as Date, publishOn };
}

function registerApi(
  app: FastifyInstance,
  ctx: Context,
  clientOf: (r: FastifyRequest) => string,
  failAfterCommit: () => boolean,
) {
  const { state } = ctx;
  const owned = (request: FastifyRequest, client: string) => {
    const v = state.vacancies.get((request.params as { id: string }).id);
    if (!v || v.deleted || v.client !== client) throw errors(404, [NOT_FOUND]);
    return v;
  };
  app.get(`${API}/vacancies`, async (request) => {
    const list = state.listed(clientOf(request));
    const totalPages = Math.max(1, Math.ceil(list.length / PAGE_SIZE));
    const asked = Number((request.query as { page?: string }).page ?? 1);
    const page = Math.min(totalPages, Math.max(1, Number.isInteger(asked) ? asked : 1));
    const slice = list.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    return { vacancies: slice.map((v) => view(v, ctx, request)), meta: { totalPages, count: list.length } };
  });
  app.post(`${API}/vacancies`, async (request, reply) => {
    const client = clientOf(request);
    const valid = validate(ctx, request, client);
    const id = state.newId();
    state.vacancies.set(id, { id, client, deleted: false, createCount: 1, createdAt: ctx.now(), ...valid });
    if (failAfterCommit()) throw new Error('after commit');
    return reply.status(201).send({ id });
  });
  app.get(`${API}/vacancies/:id`, async (request) => view(owned(request, clientOf(request)), ctx, request));
  const update = async (request: FastifyRequest) => {
    const client = clientOf(request);
    const { errors: schema } = schemaCheck(request.body);
    if (schema.length > 0) throw errors(400, schema);
    const existing = owned(request, client);
    const valid = validate(ctx, request, client, existing);
    Object.assign(existing, valid);
    return view(existing, ctx, request);
  };
  app.put(`${API}/vacancies/:id`, update);
  // Rails routes PATCH to the same action, with the same full validation.
  app.patch(`${API}/vacancies/:id`, update);
  app.delete(`${API}/vacancies/:id`, async (request, reply) => {
    owned(request, clientOf(request)).deleted = true;
    return reply.status(204).send();
  });
}

/** `_inspect`: what the sandbox holds, key rotation and quirks; never part of TV's API. */
function registerInspect(app: FastifyInstance, state: SandboxState, setQuirks: (body: unknown) => unknown) {
  app.get('/_inspect/vacancies', async () => ({
    vacancies: [...state.vacancies.values()].map((v) => ({
      id: v.id,
      client: v.client,
      reference: v.attributes.external_reference ?? null,
      status: v.deleted ? 'closed' : 'open',
      createCount: v.createCount,
      organisations: v.organisations,
      body: v.attributes,
    })),
  }));
  app.post('/_inspect/quirks', async (request, reply) => {
    try {
      return { quirks: setQuirks(request.body ?? {}) };
    } catch (error) {
      return reply.status(400).send({ error: (error as Error).message });
    }
  });
  app.post('/_inspect/rotate', async (request, reply) => {
    const { key, next } = (request.body ?? {}) as { key?: string; next?: string };
    if (!key || !next || !/^[0-9a-f]{40}$/.test(next) || !state.rotate(key, next))
      return reply.status(400).send({ error: 'give the current key and a next key of 40 hex characters' });
    return { rotated: true };
  });
  app.post('/_inspect/reset', async () => {
    for (const [id, v] of state.vacancies) if (v.client !== null) state.vacancies.delete(id);
    return { reset: true };
  });
}
