import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type S1jobsInspectedJob, s1jobsSandbox } from './sandbox.js';

// The board's clock for these tests: "today" is 2030-03-01, so 2030-03-29 is the last allowed expiry date.
const NOW = new Date('2030-03-01T10:00:00.000Z');
const DEMO = { username: 'demo-api', password: 'demo-secret' };
const OTHER = { username: 'other-api', password: 'other-secret' };

const CREDENTIALS_403 = {
  _status: 'ERR',
  _error: { message: 'username and/or password incorrect or not provided2', code: 403 },
};
const COMPANY_403 = {
  _status: 'ERR',
  _error: {
    message: 'User is not allowed to post this job for this company. Speak to your admin.',
    code: 403,
  },
};

interface Written {
  _status: string;
  _id: string;
  _etag: string;
  _created: string;
  _updated: string;
}
interface Invalid {
  _status: string;
  _error: { message: string; code: number };
  _issues: Record<string, string>;
}
interface Found {
  _items: Record<string, unknown>[];
  _meta: { page: number; max_results: number; total: number };
}
interface Answer {
  status: number;
  contentType: string;
  etagHeader: string | null;
  text: string;
  json: () => unknown;
}

let app: FastifyInstance;
let base: string;
let clock = NOW;

beforeAll(async () => {
  app = Fastify();
  await app.register(s1jobsSandbox, { prefix: '/sandbox/s1jobs', now: () => clock });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  base = `http://127.0.0.1:${address.port}/sandbox/s1jobs`;
});
afterAll(async () => app.close());
beforeEach(async () => {
  clock = NOW;
  await call('POST', '/_inspect/reset');
  await call('POST', '/_faults', {});
});

/** One request over real HTTP; an object body is sent as JSON, a string body as it is. */
async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<Answer> {
  const init: RequestInit = { method, headers: { ...headers }, signal: signal ?? null };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers = { 'content-type': 'application/json', ...headers };
  }
  const response = await fetch(`${base}${path}`, init);
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    etagHeader: response.headers.get('etag'),
    text,
    json: () => JSON.parse(text),
  };
}

function validJob(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...DEMO,
    title: 'Payroll Officer',
    description: '<p>Run the monthly payroll for 400 staff.</p>',
    coreskill: 'Accountancy',
    specialisms: ['Payroll', 'Credit Control'],
    location: 'G2 1DY',
    salary_low: 28000,
    salary_high: 32000,
    salary_period: 'yearly',
    apply_url: 'https://postroom.example/apply/abc123',
    reference: 'PR-1',
    ...overrides,
  };
}

async function create(overrides: Record<string, unknown> = {}): Promise<Written> {
  const answer = await call('POST', '/api/job', validJob(overrides));
  expect(answer.status, answer.text).toBe(201);
  return answer.json() as Written;
}

function query(params: Record<string, string>): string {
  return `?${new URLSearchParams(params).toString()}`;
}

async function lookUp(reference: string, user: Record<string, string> = DEMO): Promise<Answer> {
  return call('GET', `/api/job${query({ where: JSON.stringify({ reference }), ...user })}`);
}

async function readOne(id: string, user: Record<string, string> = DEMO): Promise<Answer> {
  return call('GET', `/api/job/${id}${query(user)}`);
}

async function patch(id: string, body: Record<string, unknown>, etag?: string): Promise<Answer> {
  return call(
    'PATCH',
    `/api/job/${id}`,
    { ...DEMO, ...body },
    etag === undefined ? {} : { 'if-match': etag },
  );
}

async function inspected(): Promise<S1jobsInspectedJob[]> {
  return ((await call('GET', '/_inspect/jobs')).json() as { jobs: S1jobsInspectedJob[] }).jobs;
}

describe('s1jobs sandbox: create, look up, read', () => {
  it('creates a job with 201 and the Eve envelope: a 24-hex _id and an _etag', async () => {
    const answer = await call('POST', '/api/job', validJob());
    expect(answer.status).toBe(201);
    expect(answer.contentType).toMatch(/^application\/json/);
    const written = answer.json() as Written;
    expect(written._status).toBe('OK');
    expect(written._id).toMatch(/^[0-9a-f]{24}$/);
    expect(written._etag).toMatch(/^[0-9a-f]{40}$/);
    expect(written._created).toBe('Fri, 01 Mar 2030 10:00:00 GMT');
    expect(written._updated).toBe(written._created);

    const [job] = await inspected();
    expect(job).toMatchObject({
      id: written._id,
      etag: written._etag,
      company: 'Demo Company',
    });
    expect(job?.status).toBe('live');
  });

  it('finds a job by its reference, only for users of the company that posted it', async () => {
    const written = await create({ reference: 'FIND-ME' });
    await create({ reference: 'SOMETHING-ELSE' });

    const answer = await lookUp('FIND-ME');
    expect(answer.status).toBe(200);
    const found = answer.json() as Found;
    expect(found._meta).toEqual({ page: 1, max_results: 25, total: 1 });
    expect(found._items).toHaveLength(1);
    expect(found._items[0]).toMatchObject({
      _id: written._id,
      _etag: written._etag,
      reference: 'FIND-ME',
      status: 'live',
    });
    expect(found._items[0]).not.toHaveProperty('password');

    expect(((await lookUp('NOBODY')).json() as Found)._items).toEqual([]);
    const other = (await lookUp('FIND-ME', OTHER)).json() as Found;
    expect(other._meta.total).toBe(0);
  });

  it('refuses a malformed where clause with 400', async () => {
    const answer = await call('GET', `/api/job${query({ where: '{"reference":', ...DEMO })}`);
    expect(answer.status).toBe(400);
    expect(answer.json()).toEqual({
      _status: 'ERR',
      _error: { message: 'Unable to parse `where` clause', code: 400 },
    });
    const operator = await call('GET', `/api/job${query({ where: '{"$where":"1"}', ...DEMO })}`);
    expect(operator.status).toBe(400);
  });

  it('reads one job with its current _etag (also as the ETag header) and without the password', async () => {
    const written = await create();
    const answer = await readOne(written._id);
    expect(answer.status).toBe(200);
    const job = answer.json() as Record<string, unknown>;
    expect(job).toMatchObject({
      _id: written._id,
      _etag: written._etag,
      title: 'Payroll Officer',
      coreskill: 'Accountancy',
      specialisms: ['Payroll', 'Credit Control'],
      status: 'live',
      expires: 'Fri, 29 Mar 2030 10:00:00 GMT',
    });
    expect(job).not.toHaveProperty('password');
    expect(job).not.toHaveProperty('username');
    expect(answer.etagHeader).toBe(`"${written._etag}"`);

    expect((await readOne(written._id, OTHER)).status).toBe(404);
    expect((await readOne('0123456789abcdef01234567')).status).toBe(404);
  });

  it('keeps the body as received without the password for inspection', async () => {
    await create({ salary_low: 7.5 });
    const [job] = await inspected();
    expect(job?.body).toMatchObject({ username: 'demo-api', title: 'Payroll Officer', salary_low: 7.5 });
    expect(job?.body).not.toHaveProperty('password');
  });
});

describe('s1jobs sandbox: edit and close', () => {
  it('edits with the right If-Match: 200, a new ETag, the change stored', async () => {
    const written = await create();
    const answer = await patch(written._id, { title: 'Senior Payroll Officer' }, written._etag);
    expect(answer.status, answer.text).toBe(200);
    const edited = answer.json() as Written;
    expect(edited._status).toBe('OK');
    expect(edited._id).toBe(written._id);
    expect(edited._etag).toMatch(/^[0-9a-f]{40}$/);
    expect(edited._etag).not.toBe(written._etag);

    const job = (await readOne(written._id)).json() as Record<string, unknown>;
    expect(job).toMatchObject({
      title: 'Senior Payroll Officer',
      coreskill: 'Accountancy',
      _etag: edited._etag,
    });
    const [stored] = await inspected();
    expect(stored?.edits).toEqual([{ username: 'demo-api', title: 'Senior Payroll Officer' }]);
  });

  it('accepts the ETag quoted, as HTTP sends it', async () => {
    const written = await create();
    expect((await patch(written._id, { hours: 'Part' }, `"${written._etag}"`)).status).toBe(200);
  });

  it('answers a missing or stale If-Match with a 428 HTML page, and changes nothing', async () => {
    const written = await create();
    const edited = (await patch(written._id, { hours: 'Full' }, written._etag)).json() as Written;

    for (const etag of [undefined, written._etag, 'not-an-etag']) {
      const answer = await patch(written._id, { title: 'Lost update' }, etag);
      expect(answer.status, String(etag)).toBe(428);
      expect(answer.contentType).toMatch(/^text\/html/);
      expect(answer.text).toContain('<title>428 Precondition Required</title>');
      expect(answer.text).toContain('Client and server etags do not match');
      expect(() => JSON.parse(answer.text)).toThrow();
    }
    const job = (await readOne(written._id)).json() as Record<string, unknown>;
    expect(job).toMatchObject({ title: 'Payroll Officer', _etag: edited._etag });
  });

  it('refuses an edit by a user of another company with the board’s 403 text', async () => {
    const written = await create();
    const answer = await call(
      'PATCH',
      `/api/job/${written._id}`,
      { ...OTHER, title: 'Hijacked' },
      { 'if-match': written._etag },
    );
    expect(answer.status).toBe(403);
    expect(answer.json()).toEqual(COMPANY_403);
  });

  it('answers an edit of an unknown job with 404', async () => {
    const answer = await patch('0123456789abcdef01234567', { title: 'Nobody' }, 'abc');
    expect(answer.status).toBe(404);
    expect((answer.json() as Invalid)._error.code).toBe(404);
  });

  it('validates the job merged with the edit', async () => {
    const written = await create({ coreskill: 'Accountancy', specialisms: ['Audit'] });
    const moved = await patch(written._id, { coreskill: 'Legal' }, written._etag);
    expect(moved.status).toBe(422);
    expect(Object.keys((moved.json() as Invalid)._issues)).toEqual(['specialisms']);

    const unknown = await patch(written._id, { colour: 'blue' }, written._etag);
    expect((unknown.json() as Invalid)._issues).toEqual({ colour: 'unknown field' });
    const site = await patch(written._id, { site: 'x1jobs' }, written._etag);
    expect((site.json() as Invalid)._issues).toEqual({ site: 'unknown field' });

    expect((await inspected())[0]?.etag).toBe(written._etag);
    const both = await patch(
      written._id,
      { coreskill: 'Legal', specialisms: ['Paralegal/legal executive'] },
      written._etag,
    );
    expect(both.status).toBe(200);
  });

  it('closes a job with a PATCH of status closed', async () => {
    const written = await create();
    const wrong = await patch(written._id, { status: 'open' }, written._etag);
    expect(wrong.status).toBe(422);
    expect(Object.keys((wrong.json() as Invalid)._issues)).toEqual(['status']);

    const answer = await patch(written._id, { status: 'closed' }, written._etag);
    expect(answer.status).toBe(200);
    const closed = answer.json() as Written;
    expect(closed._etag).not.toBe(written._etag);
    expect((await readOne(written._id)).json()).toMatchObject({ status: 'closed', _etag: closed._etag });
    expect((await inspected())[0]?.status).toBe('closed');
    expect(((await lookUp('PR-1')).json() as Found)._items[0]?.status).toBe('closed');
  });
});

describe('s1jobs sandbox: credentials and transport', () => {
  it('refuses wrong or missing credentials on every call with the board’s 403 text (trailing 2)', async () => {
    const written = await create();
    const answers = [
      await call('POST', '/api/job', validJob({ password: 'wrong' })),
      await call('POST', '/api/job', validJob({ username: undefined, password: undefined })),
      await call('POST', '/api/job', validJob({ username: 'DEMO-API' })),
      await call(
        'PATCH',
        `/api/job/${written._id}`,
        { ...DEMO, password: 'x' },
        { 'if-match': written._etag },
      ),
      await lookUp('PR-1', { username: 'demo-api', password: 'wrong' }),
      await call('GET', `/api/job${query({ where: '{"reference":"PR-1"}' })}`),
      await readOne(written._id, { username: 'demo-api' }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(403);
      expect(answer.json()).toEqual(CREDENTIALS_403);
    }
    expect(await inspected()).toHaveLength(1);
  });

  it('refuses malformed JSON and a body that is not JSON with a 400 in the error envelope', async () => {
    const malformed = await call('POST', '/api/job', '{"username": "demo-api", ');
    expect(malformed.status).toBe(400);
    expect(malformed.json()).toMatchObject({ _status: 'ERR', _error: { code: 400 } });

    const form = await call('POST', '/api/job', 'username=demo-api', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(400);
    expect(form.json()).toEqual({
      _status: 'ERR',
      _error: { message: 'Unknown or no payload format', code: 400 },
    });

    const list = await call('POST', '/api/job', [validJob()]);
    expect(list.status).toBe(400);
    expect(await inspected()).toHaveLength(0);
  });

  it('answers unknown paths with 404 and unsupported methods with 405, in the error envelope', async () => {
    const missing = await call('GET', '/api/nothing');
    expect(missing.status).toBe(404);
    expect((missing.json() as Invalid)._error.code).toBe(404);
    const written = await create();
    const removed = await call('DELETE', `/api/job/${written._id}`);
    expect(removed.status).toBe(405);
    expect((removed.json() as Invalid)._error.code).toBe(405);
  });
});

describe('s1jobs sandbox: validation', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['a missing title', { title: undefined }, 'title'],
    ['a missing description', { description: undefined }, 'description'],
    ['a missing coreskill', { coreskill: undefined }, 'coreskill'],
    ['a missing location', { location: undefined }, 'location'],
    ['an empty title', { title: '  ' }, 'title'],
    ['a null title', { title: null }, 'title'],
    ['a title that is not a string', { title: 42 }, 'title'],
    ['a title over 255 characters', { title: 'x'.repeat(256) }, 'title'],
    ['a location over 255 characters', { location: 'G'.repeat(256) }, 'location'],
    ['a reference over 255 characters', { reference: 'R'.repeat(256) }, 'reference'],
    ['a description over 60,000 characters', { description: 'x'.repeat(60_001) }, 'description'],
    ['a coreskill in the wrong case', { coreskill: 'accountancy' }, 'coreskill'],
    ['a coreskill not in the list', { coreskill: 'Astronautics' }, 'coreskill'],
    ['two coreskills', { coreskill: ['Accountancy', 'Legal'] }, 'coreskill'],
    ['a specialism of another coreskill', { coreskill: 'Legal', specialisms: ['Audit'] }, 'specialisms'],
    ['a specialism in the wrong case', { specialisms: ['payroll'] }, 'specialisms'],
    ['specialisms that are not a list', { specialisms: 'Payroll' }, 'specialisms'],
    ['a specialism that is not a string', { specialisms: [7] }, 'specialisms'],
    ['no salary at all', { salary_low: undefined, salary_high: undefined }, 'salary_low'],
    ['a salary that is not a number', { salary_low: '28000' }, 'salary_low'],
    ['a high salary that is not a number', { salary_high: 'lots' }, 'salary_high'],
    ['no application method', { apply_url: undefined, x1_apply: false }, 'apply_url'],
    ['an empty apply_url as the only method', { apply_url: '' }, 'apply_url'],
    ['x1_apply that is not a boolean', { x1_apply: 'yes' }, 'x1_apply'],
    ['hours in the wrong case', { hours: 'full' }, 'hours'],
    ['an unknown salary period', { salary_period: 'annually' }, 'salary_period'],
    ['an unknown job type', { job_type: 'Permanent contract' }, 'job_type'],
    ['an unknown working location', { working_location: 'Remote' }, 'working_location'],
    ['an expiry date of today', { expiry_date: '2030-03-01' }, 'expiry_date'],
    ['an expiry date in the past', { expiry_date: '2030-02-01' }, 'expiry_date'],
    ['an expiry date 29 days ahead', { expiry_date: '2030-03-30' }, 'expiry_date'],
    ['an expiry date in another format', { expiry_date: '15/03/2030' }, 'expiry_date'],
    ['an expiry date that does not exist', { expiry_date: '2030-02-30' }, 'expiry_date'],
    [
      'a YouTube browser address',
      { youtube_url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' },
      'youtube_url',
    ],
    ['a YouTube link over http', { youtube_url: 'http://youtu.be/dQw4w9WgXcQ' }, 'youtube_url'],
    ['an unknown key', { colour: 'blue' }, 'colour'],
    ['a status on create', { status: 'closed' }, 'status'],
    // The seed has no site key: the API user decides the site.
    ['a site key', { site: 's1jobs' }, 'site'],
    ['an x1jobs site key', { site: 'x1jobs' }, 'site'],
    // "Preferably full postcode but outcode is accepted": a place name is neither.
    ['a place name as location', { location: 'Glasgow city centre' }, 'location'],
    ['a half postcode as location', { location: 'G2 1D' }, 'location'],
    [
      'a YouTube share link with another parameter',
      { youtube_url: 'https://youtu.be/dQw4w9WgXcQ?list=PL1' },
      'youtube_url',
    ],
    ['a YouTube share link with a short id', { youtube_url: 'https://youtu.be/dQw4w9' }, 'youtube_url'],
    // Python counts code points: 256 emoji are 256 characters.
    ['a title of 256 emoji', { title: '😀'.repeat(256) }, 'title'],
  ];

  it.each(cases)('refuses %s with 422 and an issue on %s', async (_name, overrides, key) => {
    const answer = await call('POST', '/api/job', validJob(overrides));
    expect(answer.status, answer.text).toBe(422);
    const invalid = answer.json() as Invalid;
    expect(invalid._status).toBe('ERR');
    expect(invalid._error).toEqual({
      message: 'Insertion failure: 1 document(s) contain(s) error(s)',
      code: 422,
    });
    expect(Object.keys(invalid._issues)).toEqual([key]);
    expect(typeof invalid._issues[key]).toBe('string');
    expect(await inspected()).toHaveLength(0);
  });

  it('refuses a __proto__ key like any unknown key', async () => {
    const body = JSON.stringify(validJob()).replace(/^\{/, '{"__proto__": {"admin": true}, ');
    const answer = await call('POST', '/api/job', body);
    expect(answer.status).toBe(422);
    expect(Object.keys((answer.json() as Invalid)._issues)).toEqual(['__proto__']);
  });

  it('reports every problem of a body at once', async () => {
    const answer = await call('POST', '/api/job', {
      ...DEMO,
      title: 'x'.repeat(300),
      coreskill: 'Nope',
      hours: 'Half',
    });
    expect(Object.keys((answer.json() as Invalid)._issues).sort()).toEqual([
      'apply_url',
      'coreskill',
      'description',
      'hours',
      'location',
      'salary_low',
      'title',
    ]);
  });

  const accepted: [string, Record<string, unknown>][] = [
    ['a title of exactly 255 characters', { title: 'x'.repeat(255) }],
    ['a description of exactly 60,000 characters', { description: 'x'.repeat(60_000) }],
    ['an outcode as location', { location: 'G2' }],
    ['only a high salary', { salary_low: undefined, salary_high: 30000 }],
    ['x1_apply as the only method', { apply_url: undefined, x1_apply: true }],
    ['a phone number as the only method', { apply_url: undefined, phone: '0141 302 7134' }],
    ['a coreskill without specialisms', { coreskill: 'Customer Services', specialisms: [] }],
    ['no specialisms key', { specialisms: undefined }],
    ['an expiry date 28 days ahead', { expiry_date: '2030-03-29' }],
    ['an expiry date tomorrow', { expiry_date: '2030-03-02' }],
    ['a YouTube share link', { youtube_url: 'https://youtu.be/dQw4w9WgXcQ?si=abc' }],
    ['a YouTube share link without si', { youtube_url: 'https://youtu.be/dQw4w9WgXcQ' }],
    ['a YouTube share link with a start time', { youtube_url: 'https://youtu.be/dQw4w9WgXcQ?si=a-B_1&t=42' }],
    ['a full postcode without its space, in lower case', { location: 'g21dy' }],
    ['a four-character outcode', { location: 'EH12' }],
    // 200 emoji are 400 UTF-16 units, but 200 characters to the board.
    ['a title of 255 emoji', { title: '😀'.repeat(255) }],
    ['a salary text with pence', { salary_text: '£8.50', salary_period: 'hourly' }],
  ];

  it.each(accepted)('accepts %s', async (_name, overrides) => {
    const answer = await call('POST', '/api/job', validJob(overrides));
    expect(answer.status, answer.text).toBe(201);
  });

  it('accepts every listed value of each enumeration, exactly as listed', async () => {
    const values: Record<string, string[]> = {
      hours: ['Full', 'Part'],
      salary_period: ['hourly', 'daily', 'weekly', 'monthly', 'yearly'],
      job_type: ['Contract', 'Permanent', 'Temporary'],
      working_location: ['Home working', 'Hybrid working', 'Remote working', 'Onsite working'],
    };
    for (const [key, list] of Object.entries(values)) {
      for (const value of list) {
        const answer = await call('POST', '/api/job', validJob({ [key]: value }));
        expect(answer.status, `${key}=${value}`).toBe(201);
      }
    }
  });
});

describe('s1jobs sandbox: what the board stores', () => {
  it('rounds salaries to the nearest whole number (7.50 becomes 8)', async () => {
    const written = await create({ salary_low: 7.5, salary_high: 9.49 });
    const job = (await readOne(written._id)).json() as Record<string, unknown>;
    expect(job.salary_low).toBe(8);
    expect(job.salary_high).toBe(9);
    expect((await inspected())[0]?.fields).toMatchObject({ salary_low: 8, salary_high: 9 });
  });

  it('keeps a job live 28 days, or until the morning of an earlier expiry date', async () => {
    await create({ reference: 'DEFAULT' });
    await create({ reference: 'EARLY', expiry_date: '2030-03-10' });
    const expires = Object.fromEntries((await inspected()).map((job) => [job.body.reference, job.expires]));
    expect(expires).toEqual({ DEFAULT: '2030-03-29T10:00:00.000Z', EARLY: '2030-03-10T00:00:00.000Z' });
  });

  // "It will close in the morning of the date sent", in UK time: in summer that is 23:00 UTC the day before.
  it('closes a job in the morning (UK time) of its expiry date, and counts days in UK time', async () => {
    clock = new Date('2030-06-01T10:00:00.000Z');
    const june = await create({ reference: 'JUNE', expiry_date: '2030-06-10' });
    expect((await inspected())[0]?.expires).toBe('2030-06-09T23:00:00.000Z');

    clock = new Date('2030-06-09T22:30:00.000Z'); // 23:30 on 9 June in Glasgow
    expect((await readOne(june._id)).json()).toMatchObject({ status: 'live' });
    clock = new Date('2030-06-09T23:30:00.000Z'); // 00:30 on 10 June in Glasgow
    expect((await readOne(june._id)).json()).toMatchObject({ status: 'expired' });
    // It is 10 June in the UK: that date is no longer in the future.
    const today = await call('POST', '/api/job', validJob({ expiry_date: '2030-06-10' }));
    expect((today.json() as Invalid)._issues).toEqual({ expiry_date: 'must be a date in the future' });
    expect((await call('POST', '/api/job', validJob({ expiry_date: '2030-06-11' }))).status).toBe(201);
  });

  it('shows a job as expired after its 28 days, and still lets it be closed on its last day', async () => {
    const plain = await create({ reference: 'PLAIN' });
    const early = await create({ reference: 'EARLY', expiry_date: '2030-03-10' });

    clock = new Date('2030-03-10T09:00:00.000Z');
    expect((await readOne(plain._id)).json()).toMatchObject({ status: 'live' });
    expect((await readOne(early._id)).json()).toMatchObject({ status: 'expired' });
    const close = await patch(early._id, { status: 'closed' }, early._etag);
    expect(close.status, close.text).toBe(200);
    const resend = await patch(plain._id, { expiry_date: '2030-03-10' }, plain._etag);
    expect((resend.json() as Invalid)._issues).toEqual({ expiry_date: 'must be a date in the future' });

    clock = new Date('2030-03-29T10:00:00.000Z');
    expect((await readOne(plain._id)).json()).toMatchObject({ status: 'expired' });
  });

  it('stores a second create with the same reference, and counts it per company', async () => {
    const first = await create({ reference: 'TWICE' });
    const second = await create({ reference: 'TWICE' });
    await create({ reference: 'ONCE' });
    await call('POST', '/api/job', validJob({ ...OTHER, reference: 'TWICE' }));
    expect(second._id).not.toBe(first._id);

    const counts = (await inspected()).map((job) => [job.company, job.body.reference, job.createCount]);
    expect(counts).toEqual([
      ['Demo Company', 'TWICE', 2],
      ['Demo Company', 'TWICE', 2],
      ['Demo Company', 'ONCE', 1],
      ['Other Company', 'TWICE', 1],
    ]);
    expect(((await lookUp('TWICE')).json() as Found)._meta.total).toBe(2);
  });

  it('forgets everything on reset', async () => {
    await create();
    expect((await call('POST', '/_inspect/reset')).status).toBe(204);
    expect(await inspected()).toEqual([]);
  });
});

describe('s1jobs sandbox: faults', () => {
  it('with errorRate 1 answers 503 and stores nothing, while inspection still works', async () => {
    expect((await call('POST', '/_faults', { errorRate: 1 })).status).toBe(200);
    const answer = await call('POST', '/api/job', validJob());
    expect(answer.status).toBe(503);
    expect(await inspected()).toHaveLength(0);
  });

  it('with timeoutRate 1 stores the job but never answers', async () => {
    await call('POST', '/_faults', { timeoutRate: 1 });
    const sent = call(
      'POST',
      '/api/job',
      validJob({ reference: 'UNKNOWN-OUTCOME' }),
      {},
      AbortSignal.timeout(500),
    );
    await expect(sent).rejects.toMatchObject({ name: 'TimeoutError' });
    const jobs = await inspected();
    expect(jobs.map((job) => job.body.reference)).toEqual(['UNKNOWN-OUTCOME']);
  });

  it('clears faults with {}', async () => {
    await call('POST', '/_faults', { errorRate: 1 });
    await call('POST', '/_faults', {});
    expect((await call('POST', '/api/job', validJob())).status).toBe(201);
    const faults = (await call('GET', '/_faults')).json() as { faults: { errorRate: number } };
    expect(faults.faults.errorRate).toBe(0);
  });
});
