import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { installFaults } from '../sandbox/faults.js';
import { verifySignature } from './sandbox-auth.js';
import { bindJob, crossIssues } from './sandbox-rules.js';
import {
  PRODUCT_NAMES,
  REED_SANDBOX_CLIENTS,
  type SandboxAccount,
  type SandboxClient,
  type SandboxJob,
  SandboxState,
} from './sandbox-state.js';

/*
 * A faithful fake of Reed's recruiter posting API (legacy v1), as the board contract describes it
 * (boards/reed.md): five signed routes under /recruiter/api/1.0, form-encoded bodies, ASP.NET Web
 * API answers, credits per account. Written from the contract and never from the adapter: its
 * wire names live in this folder's sandbox files only.
 */

export { REED_SANDBOX_CLIENTS } from './sandbox-state.js';

const API = '/recruiter/api/1.0';
const HOUR_MS = 3_600_000;

export interface ReedSandboxOptions {
  /** The board's clock: signature skew and advert expiry (default the real clock). */
  now?: () => Date;
  random?: () => number;
  /** Requests per client ID per hour before 429 (Reed: 2,000). */
  hourlyLimit?: number;
}

/** Answers that are not a plain success, set from `POST {prefix}/_inspect/quirks`. */
const quirksSchema = z
  .object({
    /** Answer with a JSON string holding the JSON object, as Reed has done. */
    doubleEncoded: z.boolean().default(false),
    /** Answer 500 with an HTML page before doing anything. */
    htmlError500: z.boolean().default(false),
    /** Drop the connection before the job is stored (a lost request: nothing created). */
    dropBeforeStore: z.boolean().default(false),
  })
  .strict();
type Quirks = z.output<typeof quirksSchema>;

/** An answer decided part-way through a request: thrown, then rendered by the error handler. */
class Answer extends Error {
  constructor(
    readonly status: number,
    readonly payload: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(`Reed sandbox answers ${status}`);
  }
}

const refuse = (status: number, message: string, modelState?: Record<string, string[]>) =>
  new Answer(status, { message, ...(modelState ? { modelState } : {}) });
const INVALID = 'The request is invalid.';

interface Caller {
  client: SandboxClient;
  account: SandboxAccount;
  form: Record<string, string>;
}

function readForm(request: FastifyRequest): Record<string, string> {
  const type = String(request.headers['content-type'] ?? '');
  if (!/^application\/x-www-form-urlencoded\s*(?:;|$)/i.test(type)) {
    const media = type.split(';')[0] || 'none';
    throw refuse(415, `The request entity's media type '${media}' is not supported for this resource.`);
  }
  return Object.fromEntries(new URLSearchParams(typeof request.body === 'string' ? request.body : ''));
}

/** "Username and Posting key": the account of this client ID the form names. */
function accountOf(client: SandboxClient, form: Record<string, string>): SandboxAccount {
  const username = (form.username ?? '').trim().toLowerCase();
  if (username === '') throw refuse(400, INVALID, { username: ['The Username field is required.'] });
  const account = client.accounts.find((a) => a.username === username);
  const key = (form.postingKey ?? '').trim().toLowerCase();
  if (!account || (account.postingKey ?? '') !== key)
    throw refuse(403, 'The username and posting key do not match an account of this client.');
  return account;
}

export async function reedSandbox(app: FastifyInstance, options: ReedSandboxOptions = {}): Promise<void> {
  const now = options.now ?? (() => new Date());
  const limit = options.hourlyLimit ?? 2000;
  const state = new SandboxState();
  const keys = new Map(REED_SANDBOX_CLIENTS.map((c) => [c.clientId, c.apiKey]));
  const hits = new Map<string, number[]>();
  let quirks: Quirks = quirksSchema.parse({});

  const rateLimit = (clientId: string) => {
    const at = now().getTime();
    const recent = (hits.get(clientId) ?? []).filter((t) => t > at - HOUR_MS);
    if (recent.length >= limit) {
      const wait = Math.max(1, Math.ceil(((recent[0] ?? at) + HOUR_MS - at) / 1000));
      throw new Answer(429, { message: 'API calls quota exceeded.' }, { 'retry-after': String(wait) });
    }
    recent.push(at);
    hits.set(clientId, recent);
  };

  const enter = (request: FastifyRequest): Caller => {
    const verdict = verifySignature(request, keys, now());
    if ('refused' in verdict) throw refuse(401, verdict.refused);
    rateLimit(verdict.clientId);
    const client = REED_SANDBOX_CLIENTS.find((c) => c.clientId === verdict.clientId)!;
    const form = readForm(request);
    return { client, account: accountOf(client, form), form };
  };

  const send = (reply: FastifyReply, status: number, payload: Record<string, unknown>) => {
    const body = quirks.doubleEncoded ? JSON.stringify(JSON.stringify(payload)) : JSON.stringify(payload);
    return reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  };

  app.setErrorHandler((error: unknown, _request, reply) => {
    if (error instanceof Answer) {
      for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
      return send(reply, error.status, error.payload);
    }
    const code = (error as { statusCode?: number }).statusCode;
    const status = typeof code === 'number' && code >= 400 && code < 500 ? code : 500;
    return send(reply, status, { message: status === 500 ? 'An error has occurred.' : INVALID });
  });

  installFaults(app, (request) => (request.url.split('?')[0] ?? '').includes(`${API}/`), options.random);
  registerInspect(app, state, now, (q) => {
    quirks = q;
    hits.clear();
  });

  await app.register(async (api) => {
    api.removeAllContentTypeParsers();
    api.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_r, body, done) =>
      done(null, body),
    );
    api.addHook('onRequest', async (_request, reply) => {
      if (!quirks.htmlError500) return;
      return reply
        .status(500)
        .header('content-type', 'text/html; charset=utf-8')
        .send(
          "<html><head><title>Runtime Error</title></head><body><h1>Server Error in '/' Application.</h1></body></html>",
        );
    });
    registerApi(api, { state, now, enter, send, dropping: () => quirks.dropBeforeStore });
  });

  app.all('/*', async (request) => {
    throw refuse(404, `No HTTP resource was found that matches the request URI '${request.url}'.`);
  });
}

interface ApiContext {
  state: SandboxState;
  now: () => Date;
  enter: (request: FastifyRequest) => Caller;
  send: (reply: FastifyReply, status: number, payload: Record<string, unknown>) => FastifyReply;
  dropping: () => boolean;
}

const ok = (job: SandboxJob, message: string) => ({ JobId: job.id, ResponseMessage: message });

function registerApi(api: FastifyInstance, ctx: ApiContext) {
  const { state, now, enter, send } = ctx;

  api.post(`${API}/jobs`, (request, reply) => createJob(ctx, request, reply));

  api.put<{ Params: { id: string } }>(`${API}/jobs/update/:id`, async (request, reply) => {
    const caller = enter(request);
    const job = ownJob(state, request.params.id, caller);
    const status = state.status(job, now());
    if (status !== 'live' && status !== 'draft')
      throw refuse(409, `The job is ${status}: only a live job can be edited.`);
    editJob(state, job, caller.form, now());
    return send(reply, 200, ok(job, 'Job updated successfully.'));
  });

  api.put<{ Params: { id: string } }>(`${API}/jobs/end/:id`, async (request, reply) => {
    const caller = enter(request);
    const job = ownJob(state, request.params.id, caller);
    const status = state.status(job, now());
    if (status !== 'live' && status !== 'draft')
      throw refuse(400, `The job is ${status}: only a live job can be ended.`);
    job.ended = true;
    job.edits.push(withoutKey(caller.form));
    return send(reply, 200, ok(job, 'Job ended successfully.'));
  });

  for (const action of ['relist', 'extend'] as const) {
    api.put<{ Params: { id: string } }>(`${API}/jobs/${action}/:id`, async (request, reply) => {
      const caller = enter(request);
      const job = ownJob(state, request.params.id, caller);
      const status = state.status(job, now());
      const wanted = action === 'relist' ? 'expired' : 'live';
      if (status !== wanted)
        throw refuse(400, `The job is ${status}: only an ${wanted} job can be ${action}ed.`);
      charge(state, job);
      state.runFrom(job, now());
      job.edits.push(withoutKey(caller.form));
      return send(reply, 200, ok(job, `Job ${action}ed successfully.`));
    });
  }
}

/** "Post job": validates, spends one credit of the type (none for a draft), stores the job. */
async function createJob(ctx: ApiContext, request: FastifyRequest, reply: FastifyReply) {
  const { state, now, enter, send } = ctx;
  const caller = enter(request);
  const bound = bindJob(caller.form, true);
  const modelState = { ...bound.modelState, ...crossIssues(bound.values) };
  if (Object.keys(modelState).length > 0) throw refuse(400, INVALID, modelState);
  const demo = bound.values.isDemo === true;
  const asked = typeof bound.values.productId === 'number' ? bound.values.productId : undefined;
  const product = demo ? null : state.productFor(caller.account, asked);
  if (product === undefined) {
    const which = asked === undefined ? '' : `${PRODUCT_NAMES[asked]} `;
    throw refuse(409, `You do not have any ${which}credits left to post this job.`);
  }
  if (ctx.dropping()) {
    reply.hijack();
    request.raw.socket.destroy();
    return;
  }
  if (product !== null) state.spend(caller.account.username, product);
  const at = now();
  const job: SandboxJob = {
    id: state.newId(),
    clientId: caller.client.clientId,
    username: caller.account.username,
    productId: product,
    demo,
    ended: false,
    created: at,
    expires: at,
    applications: 0,
    values: bound.values,
    body: withoutKey(caller.form),
    edits: [],
    ignoredKeys: bound.ignored,
    creditsSpent: product === null ? 0 : 1,
  };
  state.runFrom(job, at);
  state.jobs.set(job.id, job);
  return send(reply, 201, ok(job, demo ? 'Draft job created.' : 'Job posted successfully.'));
}

const withoutKey = (form: Record<string, string>) => {
  const { postingKey: _key, ...rest } = form;
  return rest;
};

/** The job of this account, or Reed's 400 (another account's job does not exist for it). */
function ownJob(state: SandboxState, id: string, caller: Caller): SandboxJob {
  const job = /^\d+$/.test(id) ? state.jobs.get(Number(id)) : undefined;
  if (!job || job.clientId !== caller.client.clientId || job.username !== caller.account.username)
    throw refuse(400, INVALID, { jobId: [`The job ${id} does not exist.`] });
  return job;
}

/** Spends one credit of the job's type for a charged change; 409 when none is left. */
function charge(state: SandboxState, job: SandboxJob, product = job.productId ?? 1) {
  if (job.demo) return;
  if (!state.spend(job.username, product))
    throw refuse(409, `You do not have any ${PRODUCT_NAMES[product]} credits left for this change.`);
  job.creditsSpent += 1;
}

const CREATE_ONLY = ['isDemo'];
const NOT_JOB = ['username', 'postingKey', 'doNotExtend'];

/**
 * An edit: only what is sent changes. A title or town change once the job has an application, or
 * any change of the end date (`expiryInDays`) or advert type (`productId`), costs a credit.
 */
function editJob(state: SandboxState, job: SandboxJob, form: Record<string, string>, at: Date) {
  const edit = Object.fromEntries(Object.entries(form).filter(([key]) => !CREATE_ONLY.includes(key)));
  const bound = bindJob(edit, false);
  const changes = Object.fromEntries(Object.entries(bound.values).filter(([key]) => !NOT_JOB.includes(key)));
  const merged = { ...job.values, ...changes };
  const modelState = { ...bound.modelState, ...crossIssues(merged) };
  if (Object.keys(modelState).length > 0) throw refuse(400, INVALID, modelState);
  const differs = (key: string) => key in changes && changes[key] !== job.values[key];
  const charged =
    ((differs('title') || differs('townName')) && job.applications > 0) ||
    differs('expiryInDays') ||
    differs('productId');
  const product = typeof merged.productId === 'number' ? merged.productId : (job.productId ?? 1);
  const newEnd = differs('expiryInDays');
  if (charged) charge(state, job, product);
  if (differs('productId') && !job.demo) job.productId = product;
  job.values = merged;
  if (bound.values.doNotExtend !== true) state.runFrom(job, at);
  else if (newEnd) state.runFrom(job, job.created);
  job.ignoredKeys.push(...bound.ignored, ...Object.keys(form).filter((key) => CREATE_ONLY.includes(key)));
  job.edits.push(withoutKey(form));
}

/** The sandbox-only routes (Reed has no read route): stored jobs, credits, applications, expiry now, quirks. */
function registerInspect(
  app: FastifyInstance,
  state: SandboxState,
  now: () => Date,
  setQuirks: (quirks: Quirks) => void,
) {
  const inspect = (job: SandboxJob) => ({
    id: String(job.id),
    clientId: job.clientId,
    username: job.username,
    ownerRef: typeof job.values.ownerRef === 'string' ? job.values.ownerRef : null,
    status: state.status(job, now()),
    productId: job.productId,
    createCount: [...state.jobs.values()].filter(
      (other) => other.username === job.username && other.values.ownerRef === job.values.ownerRef,
    ).length,
    created: job.created.toISOString(),
    expires: job.expires.toISOString(),
    applications: job.applications,
    creditsSpent: job.creditsSpent,
    values: job.values,
    body: job.body,
    edits: job.edits,
    ignoredKeys: job.ignoredKeys,
  });
  app.get('/_inspect/jobs', async () => ({ jobs: [...state.jobs.values()].map(inspect) }));
  app.get('/_inspect/credits', async () => ({ credits: Object.fromEntries(state.credits) }));
  app.post<{ Body: { username?: string; productId?: number; credits?: number } }>(
    '/_inspect/credits',
    async (request, reply) => {
      const { username, productId, credits } = request.body ?? {};
      const held = username ? state.credits.get(username) : undefined;
      if (!held || typeof productId !== 'number' || typeof credits !== 'number' || credits < 0)
        return reply.status(400).send({ error: 'give a known username, a productId and credits >= 0' });
      held[productId] = credits;
      return { credits: held };
    },
  );
  app.post<{ Params: { id: string } }>('/_inspect/jobs/:id/applications', async (request, reply) => {
    const job = state.jobs.get(Number(request.params.id));
    if (!job) return reply.status(404).send({ error: 'no such job' });
    job.applications += 1;
    return { applications: job.applications };
  });
  // The run ends now, as it would after its days on Reed (the injectable clock, for a running server).
  app.post<{ Params: { id: string } }>('/_inspect/jobs/:id/expire', async (request, reply) => {
    const job = state.jobs.get(Number(request.params.id));
    if (!job) return reply.status(404).send({ error: 'no such job' });
    job.expires = now();
    return inspect(job);
  });
  app.post('/_inspect/quirks', async (request, reply) => {
    const parsed = quirksSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.status(400).send({ error: 'invalid quirks' });
    setQuirks(parsed.data);
    return parsed.data;
  });
  app.post('/_inspect/reset', async (_request, reply) => {
    state.reset();
    setQuirks(quirksSchema.parse({}));
    return reply.status(204).send();
  });
}
