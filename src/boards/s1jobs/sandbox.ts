import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { installFaults } from '../sandbox/faults.js';
import { knownCoreSkill, specialismsOfCoreSkill } from './sandbox-coreskills.js';

/*
 * A faithful fake of the s1jobs / x1jobs posting API, as the board contract describes it
 * (docs/boards/s1jobs.md, "Sandbox" and "Every rule, in the board's words": the board's "API -
 * Posting via ATS multi-posting systems" spec v 08-2022 and its "API - Job Patch (Remove/Edit)"
 * page). An independent witness: it imports nothing from the adapter, the core skill list included
 * (its own copy is in sandbox-coreskills.ts). The board runs the Python Eve framework, so envelopes,
 * messages and look-ups follow Eve. Key names marked (r) are reconstructed: the stored copy of the
 * spec lost them, so they live in this one table and in the adapter's map.ts only.
 */

type FieldType = 'string' | 'text' | 'number' | 'boolean' | 'list' | 'date';
interface FieldRule {
  readonly type: FieldType;
  readonly required?: true;
  readonly allowed?: readonly string[];
  readonly pattern?: { readonly test: (value: string) => boolean; readonly message: string };
}

// "Preferably full postcode but outcode is accepted": an outward code (area letters, district),
// then for a full postcode the inward code (sector digit, two unit letters).
const OUTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]?$/i;
const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i;

/**
 * "Go to your youtube video, click 'Share' and copy the link here. This is the link you need, not
 * the URL in the browser." Share gives https://youtu.be/<11-character id>?si=<tag> (and `t` when a
 * start time is ticked).
 */
function isShareLink(value: string): boolean {
  const match = /^https:\/\/youtu\.be\/[\w-]{11}(?:\?(.*))?$/.exec(value);
  if (!match) return false;
  const query = match[1];
  return query === undefined || query.split('&').every((pair) => /^(?:si|t)=[\w-]*$/.test(pair));
}

/** Every job key the board accepts in a body, with its data type ("Data Types" in the spec) and rule. */
const FIELDS = {
  title: { type: 'string', required: true }, // (r)
  description: { type: 'text', required: true }, // (r) may be HTML
  coreskill: { type: 'string', required: true }, // (r) exactly one value of the core skill list
  location: {
    type: 'string',
    required: true,
    pattern: {
      test: (value) => POSTCODE.test(value.trim()) || OUTCODE.test(value.trim()),
      message: 'must be a UK postcode or outcode',
    },
  }, // (r)
  salary_low: { type: 'number' },
  salary_high: { type: 'number' },
  apply_url: { type: 'string' }, // (r) jumplink
  x1_apply: { type: 'boolean' }, // (r) the board's own application form
  phone: { type: 'string' }, // (r)
  specialisms: { type: 'list' }, // (r) each must belong to the coreskill
  expiry_date: { type: 'date' }, // (r) in the future, at most 28 days ahead
  hours: { type: 'string', allowed: ['Full', 'Part'] }, // (r)
  salary_period: { type: 'string', allowed: ['hourly', 'daily', 'weekly', 'monthly', 'yearly'] }, // (r)
  salary_text: { type: 'string' },
  job_type: { type: 'string', allowed: ['Contract', 'Permanent', 'Temporary'] }, // (r)
  reference: { type: 'string' }, // (r) "Job Ref No"
  working_location: {
    type: 'string',
    allowed: ['Home working', 'Hybrid working', 'Remote working', 'Onsite working'],
  }, // (r)
  youtube_url: {
    type: 'string',
    pattern: { test: isShareLink, message: 'must be a YouTube share link (https://youtu.be/<id>)' },
  }, // (r)
} as const satisfies Record<string, FieldRule>;
type FieldKey = keyof typeof FIELDS;

/** Credentials travel in the JSON body of a POST or PATCH, and as query parameters of a GET. */
const CREDENTIALS = { username: 'username', password: 'password' } as const;
/** Removing a job early is a PATCH of this key to this value (r). */
const CLOSE = { key: 'status', value: 'closed' } as const;
/** Groups of keys of which a job needs at least one; the issue is reported on the first key. */
const AT_LEAST_ONE: readonly { keys: readonly [FieldKey, ...FieldKey[]]; message: string }[] = [
  { keys: ['salary_low', 'salary_high'], message: 'at least one of salary_low or salary_high is required' },
  {
    keys: ['apply_url', 'x1_apply', 'phone'],
    message: 'at least one application method is required: apply_url, x1_apply or phone',
  },
];
const LIMITS = {
  string: 255,
  text: 60_000,
  liveDays: 28,
  bodyBytes: 1024 * 1024,
  pageSize: 25,
  maxPageSize: 50,
};

/** The built-in API users, one per company, as the board's sales support would set them up. */
export const S1JOBS_SANDBOX_USERS = [
  { username: 'demo-api', password: 'demo-secret', company: 'Demo Company' },
  { username: 'other-api', password: 'other-secret', company: 'Other Company' },
] as const;

/** The board's own texts (the trailing "2" is really in its 403 message). */
const MESSAGES = {
  credentials: 'username and/or password incorrect or not provided2',
  otherCompany: 'User is not allowed to post this job for this company. Speak to your admin.',
  insertion: 'Insertion failure: 1 document(s) contain(s) error(s)',
  badRequest: 'The browser (or proxy) sent a request that this server could not understand.',
  noPayload: 'Unknown or no payload format',
  badWhere: 'Unable to parse `where` clause',
  notFound:
    'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
  methodNotAllowed: 'The method is not allowed for the requested URL.',
  tooLarge: 'The data value transmitted exceeds the capacity limit.',
  internal:
    'The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.',
  etags: 'Client and server etags do not match',
} as const;

/** The HTML page Eve (Werkzeug) answers for a missing or stale If-Match: not JSON. */
const PRECONDITION_PAGE = `<!doctype html>
<html lang=en>
<title>428 Precondition Required</title>
<h1>Precondition Required</h1>
<p>${MESSAGES.etags}</p>
`;

export interface S1jobsSandboxOptions {
  /** Source of randomness for ids, ETags and faults (default Math.random). */
  random?: () => number;
  /** The board's clock: "today" for expiry dates, and the job timestamps (default the real clock). */
  now?: () => Date;
}

/** What `GET {prefix}/_inspect/jobs` shows of each stored job. */
export interface S1jobsInspectedJob {
  id: string;
  company: string;
  status: 'live' | 'closed' | 'expired';
  etag: string;
  /** How many stored creates of this company carried this job's reference (1 without one). */
  createCount: number;
  created: string;
  updated: string;
  expires: string;
  /** The create body as received, without the password. */
  body: Record<string, unknown>;
  /** Each accepted PATCH body as received, without the password, in order. */
  edits: Record<string, unknown>[];
  /** The job as the board keeps it now (salaries rounded, edits merged), as a GET shows it. */
  fields: Record<string, unknown>;
}

interface Job {
  id: string;
  company: string;
  closed: boolean;
  etag: string;
  created: Date;
  updated: Date;
  expires: Date;
  fields: Record<string, unknown>;
  body: Record<string, unknown>;
  edits: Record<string, unknown>[];
}

/** An answer decided part-way through a request: thrown, then rendered by the error handler. */
class BoardAnswer extends Error {
  constructor(
    readonly status: number,
    readonly payload: string | Record<string, unknown>,
    readonly contentType = 'application/json; charset=utf-8',
  ) {
    super(`s1jobs sandbox answers ${status}`);
  }
}

function refusal(status: number, message: string, extra: Record<string, unknown> = {}): BoardAnswer {
  return new BoardAnswer(status, { _status: 'ERR', _error: { message, code: status }, ...extra });
}

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight UTC of a `YYYY-MM-DD` calendar date, or undefined when it is not one. */
function parseDate(value: string): Date | undefined {
  const match = DATE.exec(value);
  if (!match) return undefined;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value ? date : undefined;
}

// s1jobs is a Scottish board: its days, and "the morning of the date sent", are UK time.
const UK_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
const UK_OFFSET = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  timeZoneName: 'shortOffset',
});

/** The board's current calendar day (UK time), as midnight UTC of that date, like {@link parseDate}. */
function ukToday(at: Date): Date {
  return parseDate(UK_DAY.format(at)) ?? at;
}

/** The first moment of a calendar date in the UK: midnight GMT in winter, 23:00 UTC the day before in summer. */
function ukMorning(date: Date): Date {
  // The clocks change at 01:00 UTC, so the offset at midnight UTC is the one of UK midnight.
  const offset = /GMT([+-]\d+)?/.exec(UK_OFFSET.format(date))?.[1];
  return new Date(date.getTime() - Number(offset ?? 0) * 3_600_000);
}

/** "Decimals will be rounded" (7.50 becomes 8): half away from zero. */
function roundSalary(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isField(key: string): key is FieldKey {
  return Object.hasOwn(FIELDS, key);
}

function without(body: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !keys.includes(key)));
}

/** Whether a value counts as given for an "at least one of" rule. */
function given(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() !== '';
  if (typeof value === 'boolean') return value;
  return value !== undefined && value !== null;
}

/** The issue with one value of a key, judged alone, if any (Cerberus wording). */
function typeIssue(rule: FieldRule, value: unknown): string | undefined {
  if (value === null) return 'null value not allowed';
  switch (rule.type) {
    case 'string':
    case 'text': {
      if (typeof value !== 'string') return 'must be of string type';
      const max = rule.type === 'text' ? LIMITS.text : LIMITS.string;
      // Python's len(): code points, so an emoji is one character (JavaScript's length says two).
      if ([...value].length > max) return `max length is ${max}`;
      if (rule.required && value.trim() === '') return 'empty values not allowed';
      if (rule.allowed && !rule.allowed.includes(value)) return `unallowed value ${value}`;
      if (rule.pattern && !rule.pattern.test(value)) return rule.pattern.message;
      return undefined;
    }
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be of number type';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be of boolean type';
    case 'list': {
      if (!Array.isArray(value)) return 'must be of list type';
      const bad = value.findIndex((item) => typeof item !== 'string' || [...item].length > LIMITS.string);
      return bad === -1 ? undefined : `item ${bad} must be a string of at most ${LIMITS.string} characters`;
    }
    case 'date':
      return typeof value === 'string' && parseDate(value)
        ? undefined
        : 'must be a date in YYYY-MM-DD format';
  }
}

/**
 * Every issue of a whole job document (a create body, or a job merged with a PATCH), keyed by the
 * wire key, as Eve reports them in `_issues`. `today` is the board's current (UK) day, from {@link ukToday}.
 * An edit judges the expiry window only when it sends `expiry_date`: the date was judged when sent,
 * and closing a job on its last day must not fail because that day has come.
 */
function validateJob(
  document: Record<string, unknown>,
  today: Date,
  edit?: { sendsExpiryDate: boolean },
): Record<string, string> {
  // A Map, so that even a key named "__proto__" gets its issue.
  const issues = new Map<string, string>();
  const flag = (key: string, message: string) => {
    if (!issues.has(key)) issues.set(key, message);
  };

  for (const [key, value] of Object.entries(document)) {
    if (edit && key === CLOSE.key) {
      if (value !== CLOSE.value) flag(key, `unallowed value ${String(value)}`);
      continue;
    }
    if (!isField(key)) {
      flag(key, 'unknown field');
      continue;
    }
    const issue = typeIssue(FIELDS[key], value);
    if (issue) flag(key, issue);
  }

  for (const [key, rule] of Object.entries(FIELDS) as [FieldKey, FieldRule][]) {
    if (rule.required && document[key] === undefined) flag(key, 'required field');
  }
  for (const group of AT_LEAST_ONE) {
    if (!group.keys.some((key) => given(document[key]))) flag(group.keys[0], group.message);
  }

  const coreskill = document.coreskill;
  if (typeof coreskill === 'string' && !issues.has('coreskill') && !knownCoreSkill(coreskill)) {
    flag('coreskill', `unallowed value ${coreskill}`);
  }
  const specialisms = document.specialisms;
  if (Array.isArray(specialisms) && !issues.has('specialisms') && knownCoreSkill(coreskill)) {
    const allowed = specialismsOfCoreSkill(coreskill);
    const strangers = specialisms.filter((s): s is string => typeof s === 'string' && !allowed.includes(s));
    if (strangers.length > 0) {
      flag(
        'specialisms',
        `unallowed values ${strangers.map((s) => `'${s}'`).join(', ')}: not specialisms of coreskill '${coreskill}'`,
      );
    }
  }

  const expiry = typeof document.expiry_date === 'string' ? parseDate(document.expiry_date) : undefined;
  if (expiry && !issues.has('expiry_date') && (!edit || edit.sendsExpiryDate)) {
    if (expiry <= today) flag('expiry_date', 'must be a date in the future');
    else if (expiry.getTime() > today.getTime() + LIMITS.liveDays * DAY_MS) {
      flag('expiry_date', `must be at most ${LIMITS.liveDays} days ahead`);
    }
  }
  return Object.fromEntries(issues);
}

/** The job's fields as the board keeps them: job keys only, salaries rounded. */
function storedFields(document: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(document)) {
    if (!isField(key)) continue;
    fields[key] = FIELDS[key].type === 'number' && typeof value === 'number' ? roundSalary(value) : value;
  }
  return fields;
}

/** "A job stays live 28 days unless expiry_date is earlier"; "it will close in the morning of the date sent". */
function expiryOf(job: Pick<Job, 'created' | 'fields'>): Date {
  const sent = typeof job.fields.expiry_date === 'string' ? parseDate(job.fields.expiry_date) : undefined;
  const date = sent && ukMorning(sent);
  const standard = new Date(job.created.getTime() + LIMITS.liveDays * DAY_MS);
  return date && date < standard ? date : standard;
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((tag) =>
      tag
        .trim()
        .replace(/^W\//, '')
        .replace(/^"(.*)"$/, '$1'),
    )
    .includes(etag);
}

const whereSchema = z.record(
  z.string().regex(/^[^$]/, 'operators are not supported'),
  z.union([z.string(), z.number(), z.boolean()]),
);
const querySchema = z.object({
  username: z.string().optional().catch(undefined),
  password: z.string().optional().catch(undefined),
  where: z.string().optional(),
  page: z.coerce.number().int().min(1).catch(1),
  max_results: z.coerce.number().int().min(1).max(LIMITS.maxPageSize).catch(LIMITS.pageSize),
});

/**
 * The s1jobs / x1jobs sandbox board. Register it with a prefix (`/sandbox/s1jobs` in `postroom
 * serve`); each registration keeps its own jobs in memory.
 *
 * - `POST /api/job` creates, `PATCH /api/job/:id` (with `If-Match`) edits or closes,
 *   `GET /api/job?where={"reference":"…"}` looks up, `GET /api/job/:id` reads one.
 * - `GET /_inspect/jobs` and `POST /_inspect/reset` are for tests; `/_faults` injects faults.
 */
export async function s1jobsSandbox(app: FastifyInstance, options: S1jobsSandboxOptions = {}): Promise<void> {
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => new Date());
  const jobs = new Map<string, Job>();
  let creates = 0;
  let writes = 0;

  const hex = (length: number) =>
    Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join('');
  // An ObjectId: creation second, random part, counter (so ids never collide, even with a fixed random).
  const newId = (at: Date) =>
    Math.floor(at.getTime() / 1000)
      .toString(16)
      .padStart(8, '0')
      .slice(-8) +
    hex(10) +
    (++creates).toString(16).padStart(6, '0').slice(-6);
  // Eve's ETag is a SHA-1 of the document; this one changes on every write, whatever `random` does.
  const newEtag = (id: string) => {
    writes += 1;
    return createHash('sha1')
      .update(`${id}:${writes}:${hex(16)}`)
      .digest('hex');
  };

  const statusOf = (job: Job): S1jobsInspectedJob['status'] => {
    if (job.closed) return 'closed';
    return now() >= job.expires ? 'expired' : 'live';
  };

  const authenticate = (username: unknown, password: unknown) => {
    const user = S1JOBS_SANDBOX_USERS.find((u) => u.username === username && u.password === password);
    if (!user) throw refusal(403, MESSAGES.credentials);
    return user;
  };

  const meta = (job: Job) => ({
    _id: job.id,
    _updated: job.updated.toUTCString(),
    _created: job.created.toUTCString(),
    _etag: job.etag,
    _links: { self: { title: 'Job', href: `job/${job.id}` } },
  });

  /** A job as GET shows it (Eve item): its fields and status, and the meta fields. */
  const item = (job: Job) => {
    const { _id, _links, ...rest } = meta(job);
    return {
      _id,
      ...job.fields,
      status: statusOf(job),
      expires: job.expires.toUTCString(),
      ...rest,
      _links,
    };
  };

  const inspect = (job: Job): S1jobsInspectedJob => {
    const reference = job.body.reference;
    const createCount =
      typeof reference === 'string'
        ? [...jobs.values()].filter(
            (other) => other.company === job.company && other.body.reference === reference,
          ).length
        : 1;
    return {
      id: job.id,
      company: job.company,
      status: statusOf(job),
      etag: job.etag,
      createCount,
      created: job.created.toISOString(),
      updated: job.updated.toISOString(),
      expires: job.expires.toISOString(),
      body: job.body,
      edits: job.edits,
      fields: without(item(job), ['_links']),
    };
  };

  app.setErrorHandler((error: unknown, _request, reply) => {
    if (error instanceof BoardAnswer) {
      return reply.status(error.status).header('content-type', error.contentType).send(error.payload);
    }
    const code =
      isRecord(error) && typeof error.statusCode === 'number' && error.statusCode >= 400
        ? error.statusCode
        : 500;
    const own: Record<number, string> = {
      400: MESSAGES.badRequest,
      404: MESSAGES.notFound,
      405: MESSAGES.methodNotAllowed,
      413: MESSAGES.tooLarge,
    };
    const message = own[code] ?? (code < 500 && error instanceof Error ? error.message : MESSAGES.internal);
    return reply.status(code).send({ _status: 'ERR', _error: { message, code } });
  });

  installFaults(app, (request) => (request.url.split('?')[0] ?? '').includes('/api/'), random);

  app.get('/_inspect/jobs', async () => ({ jobs: [...jobs.values()].map(inspect) }));
  app.post('/_inspect/reset', async (_request, reply) => {
    jobs.clear();
    return reply.status(204).send();
  });

  // The board's API reads its JSON itself, so a malformed body gets the board's 400, not Fastify's.
  await app.register(async (api) => {
    api.removeAllContentTypeParsers();
    api.addContentTypeParser(
      '*',
      { parseAs: 'string', bodyLimit: LIMITS.bodyBytes },
      (_request, body, done) => done(null, body),
    );

    api.post('/api/job', async (request, reply) => {
      const body = readJsonObject(request);
      const user = authenticate(body[CREDENTIALS.username], body[CREDENTIALS.password]);
      const document = without(body, [CREDENTIALS.username, CREDENTIALS.password]);
      const issues = validateJob(document, ukToday(now()));
      if (Object.keys(issues).length > 0) throw refusal(422, MESSAGES.insertion, { _issues: issues });

      const at = now();
      const id = newId(at);
      const fields = storedFields(document);
      const job: Job = {
        id,
        company: user.company,
        closed: false,
        etag: newEtag(id),
        created: at,
        updated: at,
        expires: expiryOf({ created: at, fields }),
        fields,
        body: without(body, [CREDENTIALS.password]),
        edits: [],
      };
      jobs.set(id, job);
      return reply.status(201).send({ _status: 'OK', ...meta(job) });
    });

    api.patch<{ Params: { id: string } }>('/api/job/:id', async (request) => {
      const body = readJsonObject(request);
      const user = authenticate(body[CREDENTIALS.username], body[CREDENTIALS.password]);
      const job = jobs.get(request.params.id);
      if (!job) throw refusal(404, MESSAGES.notFound);
      if (job.company !== user.company) throw refusal(403, MESSAGES.otherCompany);
      if (!etagMatches(request.headers['if-match'], job.etag)) {
        throw new BoardAnswer(428, PRECONDITION_PAGE, 'text/html; charset=utf-8');
      }

      const patch = without(body, [CREDENTIALS.username, CREDENTIALS.password]);
      const merged = { ...job.fields, ...patch };
      const issues = validateJob(merged, ukToday(now()), {
        sendsExpiryDate: Object.hasOwn(patch, 'expiry_date'),
      });
      if (Object.keys(issues).length > 0) throw refusal(422, MESSAGES.insertion, { _issues: issues });

      job.fields = storedFields(merged);
      if (patch[CLOSE.key] === CLOSE.value) job.closed = true;
      job.expires = expiryOf(job);
      job.updated = now();
      job.etag = newEtag(job.id);
      job.edits.push(without(body, [CREDENTIALS.password]));
      return { _status: 'OK', ...meta(job) };
    });

    api.get('/api/job', async (request) => {
      const query = readQuery(request);
      const user = authenticate(query.username, query.password);
      const where = parseWhere(query.where);
      const matches = [...jobs.values()].filter((job) => {
        if (job.company !== user.company) return false;
        const shown: Record<string, unknown> = item(job);
        return Object.entries(where).every(
          ([key, value]) => Object.hasOwn(shown, key) && shown[key] === value,
        );
      });
      const { page, max_results } = query;
      const last = Math.max(1, Math.ceil(matches.length / max_results));
      const self = `job${query.where === undefined ? '' : `?where=${query.where}`}`;
      const pageLink = (n: number) =>
        `job?${query.where === undefined ? '' : `where=${query.where}&`}max_results=${max_results}&page=${n}`;
      return {
        _items: matches.slice((page - 1) * max_results, page * max_results).map(item),
        _links: {
          parent: { title: 'home', href: '/' },
          self: { title: 'job', href: self },
          ...(page < last ? { next: { title: 'next page', href: pageLink(page + 1) } } : {}),
          ...(page < last ? { last: { title: 'last page', href: pageLink(last) } } : {}),
        },
        _meta: { page, max_results, total: matches.length },
      };
    });

    api.get<{ Params: { id: string } }>('/api/job/:id', async (request, reply) => {
      const query = readQuery(request);
      const user = authenticate(query.username, query.password);
      const job = jobs.get(request.params.id);
      // Eve filters items by their owner: another company's job does not exist for this user.
      if (!job || job.company !== user.company) throw refusal(404, MESSAGES.notFound);
      return reply.header('etag', `"${job.etag}"`).send(item(job));
    });

    const notAllowed = async () => {
      throw refusal(405, MESSAGES.methodNotAllowed);
    };
    api.route({ method: ['PUT', 'PATCH', 'DELETE'], url: '/api/job', handler: notAllowed });
    api.route({ method: ['POST', 'PUT', 'DELETE'], url: '/api/job/:id', handler: notAllowed });
  });

  app.all('/*', async () => {
    throw refusal(404, MESSAGES.notFound);
  });
}

/** The request's JSON object body, or the board's 400. */
function readJsonObject(request: FastifyRequest): Record<string, unknown> {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) throw refusal(400, MESSAGES.noPayload);
  if (typeof request.body !== 'string') throw refusal(400, MESSAGES.badRequest);
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body);
  } catch {
    throw refusal(400, MESSAGES.badRequest);
  }
  if (!isRecord(parsed)) throw refusal(400, MESSAGES.badRequest);
  return parsed;
}

function readQuery(request: FastifyRequest): z.output<typeof querySchema> {
  const result = querySchema.safeParse(request.query);
  if (!result.success) throw refusal(400, MESSAGES.badWhere);
  return result.data;
}

function parseWhere(where: string | undefined): z.output<typeof whereSchema> {
  if (where === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(where);
  } catch {
    throw refusal(400, MESSAGES.badWhere);
  }
  const result = whereSchema.safeParse(parsed);
  if (!result.success) throw refusal(400, MESSAGES.badWhere);
  return result.data;
}
