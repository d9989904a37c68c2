import { describe, expect, it } from 'vitest';
import { BoardError, type BoardErrorReason, type BoardExchange, type ClientDeps } from '../board.js';
import { errorFor, type S1jobsSettings, s1jobsClient } from './client.js';

// Answers and requests as docs/boards/s1jobs.md ("Wire format", "Messages") describes them.

const NOW = new Date('2030-06-14T09:00:00Z');
const BASE = 'https://sandbox.example.test/s1';

const credentialsError = JSON.stringify({
  _status: 'ERR',
  _error: { message: 'username and/or password incorrect or not provided2', code: 403 },
});
const companyError = JSON.stringify({
  _status: 'ERR',
  _error: {
    message: 'User is not allowed to post this job for this company. Speak to your admin.',
    code: 403,
  },
});
const validationError = JSON.stringify({
  _status: 'ERR',
  _error: { message: 'Insertion failure: 1 document(s) contain(s) error(s)', code: 422 },
  _issues: { coreskill: 'unallowed value Nurses' },
});
// What the board's web server sends on a missing or stale If-Match (not JSON).
const preconditionPage = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">
<title>428 Precondition Required</title>
<h1>Precondition Required</h1>
<p>Client and server etags do not match</p>`;
const serverErrorPage = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">
<title>500 Internal Server Error</title>
<h1>Internal Server Error</h1>`;
const badGatewayPage =
  '<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>';
const unavailableJson = JSON.stringify({
  _status: 'ERR',
  _error: { message: 'Service Unavailable', code: 503 },
});
const malformedJson = JSON.stringify({
  _status: 'ERR',
  _error: { message: 'Unable to parse JSON', code: 400 },
});
const notFound = JSON.stringify({
  _status: 'ERR',
  _error: { message: 'The requested URL was not found', code: 404 },
});

interface Answer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

describe('errorFor: board answers to BoardError', () => {
  const cases: [string, Answer, { reason: BoardErrorReason; message: string; transient: boolean }][] = [
    [
      '403 wrong credentials',
      { status: 403, body: credentialsError },
      { reason: 'auth', message: "s1jobs rejected the connection's username or password", transient: false },
    ],
    [
      '403 another company’s job',
      { status: 403, body: companyError },
      { reason: 'auth', message: 'This s1jobs user may not edit jobs of that company', transient: false },
    ],
    [
      '422 validation',
      { status: 422, body: validationError },
      {
        reason: 'invalid',
        message: 's1jobs rejected the advert: Insertion failure: 1 document(s) contain(s) error(s)',
        transient: false,
      },
    ],
    [
      '428 HTML page',
      { status: 428, body: preconditionPage, headers: { 'content-type': 'text/html' } },
      {
        reason: 'conflict',
        message: 'The advert changed on s1jobs since Postroom last saw it (the ETags do not match)',
        transient: false,
      },
    ],
    [
      '429 with Retry-After',
      { status: 429, body: '', headers: { 'retry-after': '7' } },
      { reason: 'rate_limited', message: 's1jobs asked Postroom to slow down', transient: true },
    ],
    [
      '500 HTML page',
      { status: 500, body: serverErrorPage },
      {
        reason: 'unavailable',
        message: 's1jobs is not available (500); Postroom will try again',
        transient: true,
      },
    ],
    [
      '502 HTML page from the proxy',
      { status: 502, body: badGatewayPage },
      {
        reason: 'unavailable',
        message: 's1jobs is not available (502); Postroom will try again',
        transient: true,
      },
    ],
    [
      '503 JSON envelope',
      { status: 503, body: unavailableJson },
      {
        reason: 'unavailable',
        message: 's1jobs is not available (503); Postroom will try again',
        transient: true,
      },
    ],
    [
      '400 malformed JSON',
      { status: 400, body: malformedJson },
      { reason: 'unexpected', message: 's1jobs answered 400: Unable to parse JSON', transient: false },
    ],
    [
      '404 no such job',
      { status: 404, body: notFound },
      { reason: 'conflict', message: 's1jobs no longer has this advert', transient: false },
    ],
  ];

  it.each(cases)('%s', (_, answer, expected) => {
    const error = errorFor(
      { status: answer.status, text: answer.body, headers: new Headers(answer.headers) },
      NOW,
    );
    expect(error).toBeInstanceOf(BoardError);
    expect({ reason: error.reason, message: error.message, transient: error.transient }).toEqual(expected);
    expect(error.status).toBe(answer.status);
  });

  it('keeps the board’s own words, from JSON or from the title of an HTML page', () => {
    const of = (status: number, text: string) =>
      errorFor({ status, text, headers: new Headers() }, NOW).boardMessage;
    expect(of(403, credentialsError)).toBe('username and/or password incorrect or not provided2');
    expect(of(428, preconditionPage)).toBe('428 Precondition Required');
    expect(of(502, badGatewayPage)).toBe('502 Bad Gateway');
  });

  it('puts each 422 issue on the Postroom field of its wire key', () => {
    const error = errorFor({ status: 422, text: validationError, headers: new Headers() }, NOW);
    expect(error.field).toBe('coreSkill');
    expect(error.issues).toEqual([
      { field: 'coreSkill', message: 's1jobs rejected this: unallowed value Nurses', severity: 'error' },
    ]);
  });

  it('waits as long as Retry-After says', () => {
    const wait = (value: string) =>
      errorFor({ status: 429, text: '', headers: new Headers({ 'retry-after': value }) }, NOW).retryAfterMs;
    expect(wait('7')).toBe(7000);
    expect(wait('Fri, 14 Jun 2030 09:00:30 GMT')).toBe(30_000);
  });
});

const settings: S1jobsSettings = {
  username: 'clyde-api',
  // Characters that a URL encodes, so a leak is caught however it is written.
  password: 'S3same open&sesame=1',
  site: 's1jobs',
  baseUrl: `${BASE}/`,
};
const passwordForms = [
  settings.password,
  encodeURIComponent(settings.password),
  new URLSearchParams({ p: settings.password }).toString().slice(2),
];

interface SentRequest {
  method: string;
  url: string;
  headers: Headers;
  body: unknown;
}

/** A fake s1jobs: answers in order, and keeps every request it got. */
function fakeBoard(answers: (Answer | Error)[], options: { timeoutMs?: number } = {}) {
  const sent: SentRequest[] = [];
  const exchanges: BoardExchange[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    sent.push({
      method: init?.method ?? 'GET',
      url,
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`fake s1jobs has no answer for ${init?.method} ${url}`);
    if (answer instanceof Error) throw answer;
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  };
  const deps: ClientDeps = {
    fetch,
    now: () => NOW,
    onExchange: (exchange) => exchanges.push(exchange),
    ...options,
  };
  return { client: s1jobsClient(settings, deps), sent, exchanges, fetch };
}

const ok = (status: number, id: string, etag: string): Answer => ({
  status,
  body: JSON.stringify({ _status: 'OK', _id: id, _etag: etag, _updated: 'Fri, 14 Jun 2030 09:00:00 GMT' }),
  headers: { 'content-type': 'application/json' },
});
const JOB_ID = '66a1f0c2e4b0a1b2c3d4e5f6';
const fields = {
  title: 'Trainee Solicitor',
  reference: 'CH-2030-117',
  description: '<p>Join us.</p>',
  coreSkill: 'Legal',
  location: 'G2 1DY',
  salaryLow: 28_000,
  applyUrl: 'https://jobs.example.org/apply?src=tok',
};
const payload = {
  title: 'Trainee Solicitor',
  reference: 'CH-2030-117',
  description: '<p>Join us.</p>',
  coreskill: 'Legal',
  location: 'G2 1DY',
  salary_low: 28_000,
  apply_url: 'https://jobs.example.org/apply?src=tok',
};
const withCredentials = { username: 'clyde-api', password: settings.password, ...payload };

/** Every exchange was recorded, and none of them holds the password in any form. */
function expectRecordedWithoutPassword(board: ReturnType<typeof fakeBoard>) {
  expect(board.exchanges).toHaveLength(board.sent.length);
  board.exchanges.forEach((exchange, i) => {
    expect(exchange.method).toBe(board.sent[i]?.method);
    expect(exchange.at).toEqual(NOW);
    const kept = JSON.stringify(exchange);
    for (const form of passwordForms) expect(kept).not.toContain(form);
  });
}

const boardErrorOf = async (promise: Promise<unknown>): Promise<BoardError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BoardError);
  return error as BoardError;
};

describe('s1jobsClient', () => {
  it('create: POSTs the payload with the credentials in the JSON body, and keeps the id and ETag', async () => {
    const board = fakeBoard([ok(201, JOB_ID, 'etag-1')]);
    await expect(board.client.create(fields)).resolves.toEqual({ externalId: JOB_ID, etag: 'etag-1' });
    expect(board.sent).toHaveLength(1);
    const [request] = board.sent;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(`${BASE}/api/job`);
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(request?.body).toEqual(withCredentials);
    expect(board.exchanges[0]).toMatchObject({
      method: 'POST',
      url: `${BASE}/api/job`,
      requestHeaders: { accept: 'application/json', 'content-type': 'application/json' },
      requestBody: { ...withCredentials, password: '[redacted]' },
      status: 201,
    });
    expectRecordedWithoutPassword(board);
  });

  // One API user posts to both sister sites: the seed has no key for the site, so none is sent.
  it('create: sends the same body for an x1jobs connection, with no site key', async () => {
    const board = fakeBoard([ok(201, JOB_ID, 'etag-1')]);
    const x1 = s1jobsClient({ ...settings, site: 'x1jobs' }, { fetch: board.fetch, now: () => NOW });
    await x1.create(fields);
    expect(board.sent[0]?.body).toEqual(withCredentials);
    expect(board.sent[0]?.body).not.toHaveProperty('site');
  });

  it('update: PATCHes with If-Match and keeps the new ETag', async () => {
    const board = fakeBoard([ok(200, JOB_ID, 'etag-2')]);
    await expect(board.client.update({ externalId: JOB_ID, etag: 'etag-1' }, fields)).resolves.toEqual({
      externalId: JOB_ID,
      etag: 'etag-2',
    });
    expect(board.sent.map((r) => [r.method, r.url, r.headers.get('if-match')])).toEqual([
      ['PATCH', `${BASE}/api/job/${JOB_ID}`, 'etag-1'],
    ]);
    expect(board.sent[0]?.body).toEqual(withCredentials);
    expect(board.exchanges[0]?.requestHeaders).toMatchObject({ 'if-match': 'etag-1' });
    expectRecordedWithoutPassword(board);
  });

  it('update: sends only the fields Postroom changed since its last write', async () => {
    const board = fakeBoard([ok(200, JOB_ID, 'etag-2')]);
    const changed = { ...fields, title: 'Senior Trainee Solicitor', salaryLow: 29_000 };
    await board.client.update({ externalId: JOB_ID, etag: 'etag-1' }, changed, fields);
    expect(board.sent[0]?.body).toEqual({
      username: 'clyde-api',
      password: settings.password,
      title: 'Senior Trainee Solicitor',
      salary_low: 29_000,
    });
  });

  it('update: on a 428 page re-reads the job once for its ETag and sends the edit again with it', async () => {
    const board = fakeBoard([
      { status: 428, body: preconditionPage, headers: { 'content-type': 'text/html' } },
      { status: 200, body: JSON.stringify({ _id: JOB_ID, _etag: 'etag-fresh', title: 'Trainee Solicitor' }) },
      ok(200, JOB_ID, 'etag-3'),
    ]);
    await expect(board.client.update({ externalId: JOB_ID, etag: 'etag-stale' }, fields)).resolves.toEqual({
      externalId: JOB_ID,
      etag: 'etag-3',
    });
    const read = new URL(board.sent[1]?.url ?? '');
    expect(board.sent.map((r) => [r.method, r.url.split('?')[0], r.headers.get('if-match')])).toEqual([
      ['PATCH', `${BASE}/api/job/${JOB_ID}`, 'etag-stale'],
      ['GET', `${BASE}/api/job/${JOB_ID}`, null],
      ['PATCH', `${BASE}/api/job/${JOB_ID}`, 'etag-fresh'],
    ]);
    expect(Object.fromEntries(read.searchParams)).toEqual({
      username: 'clyde-api',
      password: settings.password,
    });
    expect(board.sent[2]?.body).toEqual(withCredentials);
    expectRecordedWithoutPassword(board);
  });

  // The board keeps edits made on it to other fields: the second send carries only Postroom's change.
  it.each([
    [428, preconditionPage],
    [412, '<title>412 Precondition Failed</title>'],
  ])('update: after a %i re-reads the ETag and sends only what Postroom changed', async (status, page) => {
    const board = fakeBoard([
      { status, body: page, headers: { 'content-type': 'text/html' } },
      { status: 200, body: JSON.stringify({ _id: JOB_ID, _etag: 'etag-fresh', title: 'Edited on s1jobs' }) },
      ok(200, JOB_ID, 'etag-3'),
    ]);
    const changed = { ...fields, description: '<p>Join our team.</p>' };
    await expect(
      board.client.update({ externalId: JOB_ID, etag: 'etag-stale' }, changed, fields),
    ).resolves.toEqual({ externalId: JOB_ID, etag: 'etag-3' });
    expect(board.sent.map((r) => [r.method, r.headers.get('if-match')])).toEqual([
      ['PATCH', 'etag-stale'],
      ['GET', null],
      ['PATCH', 'etag-fresh'],
    ]);
    expect(board.sent[2]?.body).toEqual({
      username: 'clyde-api',
      password: settings.password,
      description: '<p>Join our team.</p>',
    });
    expect(board.exchanges.map((e) => e.requestHeaders['if-match'])).toEqual([
      'etag-stale',
      undefined,
      'etag-fresh',
    ]);
  });

  it('update: a second 428 is reported as a conflict, without a third try', async () => {
    const board = fakeBoard([
      { status: 428, body: preconditionPage },
      { status: 200, body: JSON.stringify({ _id: JOB_ID, _etag: 'etag-fresh' }) },
      { status: 428, body: preconditionPage },
    ]);
    const error = await boardErrorOf(board.client.update({ externalId: JOB_ID, etag: 'etag-stale' }, fields));
    expect(error.reason).toBe('conflict');
    expect(error.status).toBe(428);
    expect(board.sent.map((r) => r.method)).toEqual(['PATCH', 'GET', 'PATCH']);
    expectRecordedWithoutPassword(board);
  });

  it('close: PATCHes the closed status with If-Match', async () => {
    const board = fakeBoard([ok(200, JOB_ID, 'etag-closed')]);
    await expect(board.client.close?.({ externalId: JOB_ID, etag: 'etag-1' })).resolves.toEqual({
      externalId: JOB_ID,
      etag: 'etag-closed',
    });
    expect(board.sent[0]?.headers.get('if-match')).toBe('etag-1');
    expect(board.sent[0]?.body).toEqual({
      username: 'clyde-api',
      password: settings.password,
      status: 'closed',
    });
    expectRecordedWithoutPassword(board);
  });

  describe('lookup', () => {
    it('GETs the jobs with our reference, with the credentials as query parameters', async () => {
      const board = fakeBoard([
        { status: 200, body: JSON.stringify({ _items: [{ _id: JOB_ID, _etag: 'etag-9' }] }) },
      ]);
      await expect(board.client.lookup('CH-2030-117')).resolves.toEqual({
        externalId: JOB_ID,
        etag: 'etag-9',
      });
      const url = new URL(board.sent[0]?.url ?? '');
      expect(board.sent[0]?.method).toBe('GET');
      expect(`${url.origin}${url.pathname}`).toBe(`${BASE}/api/job`);
      expect(Object.fromEntries(url.searchParams)).toEqual({
        where: expect.any(String),
        username: 'clyde-api',
        password: settings.password,
      });
      // No site filter: the seed has no site key, so a job stored by the board has none to match.
      expect(JSON.parse(url.searchParams.get('where') ?? '')).toEqual({ reference: 'CH-2030-117' });
      expect(board.sent[0]?.body).toBeUndefined();
      expectRecordedWithoutPassword(board);
      expect(new URL(board.exchanges[0]?.url ?? '').searchParams.get('password')).toBe('[redacted]');
    });

    it('skips the earlier adverts it is told to (the one a renewal posts again)', async () => {
      const items = [
        { _id: '6b0da28f2bface0643000001', _etag: 'etag-old' },
        { _id: JOB_ID, _etag: 'etag-new' },
      ];
      const answer = { status: 200, body: JSON.stringify({ _items: items }) };
      const board = fakeBoard([answer, answer]);
      await expect(board.client.lookup('CH-2030-117', ['6b0da28f2bface0643000001'])).resolves.toEqual({
        externalId: JOB_ID,
        etag: 'etag-new',
      });
      await expect(
        board.client.lookup('CH-2030-117', ['6b0da28f2bface0643000001', JOB_ID]),
      ).resolves.toBeNull();
    });

    it('answers null when the board has no such job', async () => {
      const board = fakeBoard([{ status: 200, body: JSON.stringify({ _items: [] }) }]);
      await expect(board.client.lookup('CH-2030-117')).resolves.toBeNull();
    });

    it('reports wrong credentials as auth', async () => {
      const board = fakeBoard([{ status: 403, body: credentialsError }]);
      expect((await boardErrorOf(board.client.lookup('CH-2030-117'))).reason).toBe('auth');
    });
  });

  describe('when the exchange goes wrong', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' }),
    });
    const reset = new TypeError('fetch failed', {
      cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
    });
    const timedOut = new DOMException('The operation was aborted due to timeout', 'TimeoutError');

    it.each([
      ['a refused connection (never arrived)', refused, 'unavailable'],
      ['a time-out (may have arrived)', timedOut, 'unknown_outcome'],
      ['a socket closed mid-answer (may have arrived)', reset, 'unknown_outcome'],
    ] as const)('%s', async (_, failure, reason) => {
      const board = fakeBoard([failure]);
      const error = await boardErrorOf(board.client.create(fields));
      expect(error.reason).toBe(reason);
      expect(error.cause).toBe(failure);
      expect(board.exchanges).toEqual([
        expect.objectContaining({ method: 'POST', status: null, responseBody: null }),
      ]);
      expectRecordedWithoutPassword(board);
    });

    it('gives up on a board that does not answer within the time limit', async () => {
      const exchanges: BoardExchange[] = [];
      const hanging: typeof globalThis.fetch = (_input, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        });
      const client = s1jobsClient(settings, {
        fetch: hanging,
        now: () => NOW,
        timeoutMs: 20,
        onExchange: (e) => exchanges.push(e),
      });
      const error = await boardErrorOf(client.create(fields));
      expect(error.reason).toBe('unknown_outcome');
      expect(exchanges).toEqual([expect.objectContaining({ status: null, error: 'no answer within 20 ms' })]);
    });

    it('reports a success answer without the job id as unexpected', async () => {
      const board = fakeBoard([{ status: 201, body: JSON.stringify({ _status: 'OK', _etag: 'etag-1' }) }]);
      const error = await boardErrorOf(board.client.create(fields));
      expect(error.reason).toBe('unexpected');
      expect(error.status).toBe(201);
      expectRecordedWithoutPassword(board);
    });

    it('reports a board error answer to create through errorFor', async () => {
      const board = fakeBoard([{ status: 422, body: validationError }]);
      const error = await boardErrorOf(board.client.create(fields));
      expect(error.reason).toBe('invalid');
      expect(error.field).toBe('coreSkill');
      expect(board.exchanges[0]).toMatchObject({ status: 422, responseBody: validationError });
    });
  });
});
