import { describe, expect, it } from 'vitest';
import {
  BoardError,
  type BoardErrorReason,
  type BoardExchange,
  type ClientDeps,
  type PostingFields,
} from '../board.js';
import {
  CONFIGURATION_MESSAGE,
  errorFor,
  type NhsJobsSettings,
  nhsJobsClient,
  PUBLISHED_MESSAGE,
} from './client.js';
import { mapNhsJobs } from './map.js';

// Board answers to BoardError reasons, and the requests the client sends
// (docs/boards/nhs-jobs.md, "Wire format" and "Messages"). No network: a fake fetch.

const NOW = new Date('2030-06-14T09:00:00Z');

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  text: typeof body === 'string' ? body : JSON.stringify(body),
  headers: new Headers({
    'content-type': typeof body === 'string' ? 'text/html' : 'application/json',
    ...headers,
  }),
});

interface Expected {
  reason: BoardErrorReason;
  message?: string;
  transient: boolean;
  retryAfterMs?: number;
  field?: string;
}

const HTML_500 = '<html><head><title>500 Internal Server Error</title></head><body>Oops</body></html>';

describe('errorFor', () => {
  it.each<[string, ReturnType<typeof answer>, Expected]>([
    [
      '401 bad API key',
      answer(401, { error: 'Invalid API key' }),
      { reason: 'auth', message: CONFIGURATION_MESSAGE, transient: false },
    ],
    [
      '403 account not enabled',
      answer(403, { error: 'Account not enabled for this organisation' }),
      { reason: 'auth', message: CONFIGURATION_MESSAGE, transient: false },
    ],
    [
      '409 already published',
      answer(409, { error: 'ALREADY_PUBLISHED' }),
      { reason: 'conflict', message: PUBLISHED_MESSAGE, transient: false },
    ],
    [
      '409 duplicate reference',
      answer(409, { error: 'DUPLICATE_REFERENCE', id: 'd-1' }),
      { reason: 'conflict', transient: false, field: 'jobReference' },
    ],
    [
      '429 with Retry-After: 30',
      answer(429, { error: 'Too many requests' }, { 'retry-after': '30' }),
      { reason: 'rate_limited', transient: true, retryAfterMs: 30_000 },
    ],
    [
      '429 with a Retry-After date',
      answer(429, { error: 'Too many requests' }, { 'retry-after': 'Fri, 14 Jun 2030 09:02:00 GMT' }),
      { reason: 'rate_limited', transient: true, retryAfterMs: 120_000 },
    ],
    [
      '503 with Retry-After',
      answer(503, { error: 'Maintenance' }, { 'retry-after': '120' }),
      { reason: 'unavailable', transient: true, retryAfterMs: 120_000 },
    ],
    ['503 without Retry-After', answer(503, ''), { reason: 'unavailable', transient: true }],
    ['500 HTML page', answer(500, HTML_500), { reason: 'unavailable', transient: true }],
    ["418 I'm a teapot", answer(418, { error: 'teapot' }), { reason: 'unexpected', transient: false }],
  ])('%s', (_, response, expected) => {
    const error = errorFor(response, NOW);
    expect(error).toBeInstanceOf(BoardError);
    expect(error.reason).toBe(expected.reason);
    expect(error.transient).toBe(expected.transient);
    expect(error.status).toBe(response.status);
    expect(error.retryAfterMs).toBe(expected.retryAfterMs);
    if (expected.message) expect(error.message).toBe(expected.message);
    if (expected.field) expect(error.field).toBe(expected.field);
  });

  it('keeps the title of an HTML error page as the board message', () => {
    expect(errorFor(answer(500, HTML_500), NOW).boardMessage).toBe('500 Internal Server Error');
  });

  it('puts each field a 400 names on that field, with its NHS Jobs label', () => {
    const error = errorFor(
      answer(400, {
        errors: [
          { field: 'address.postcode', message: 'Postcode must be a valid full UK postcode, like LS1 4HR.' },
          {
            field: 'jobOverview',
            message: 'Please Enter Job overview. Character minLength: 100, maxLength: 1000.',
          },
          { field: 'essentialSkills.2', message: 'Too long' },
        ],
      }),
      NOW,
    );
    expect(error.reason).toBe('invalid');
    expect(error.transient).toBe(false);
    expect(error.field).toBe('address.postcode');
    expect(error.issues).toEqual([
      {
        field: 'address.postcode',
        message: 'NHS Jobs rejected Postcode: Postcode must be a valid full UK postcode, like LS1 4HR.',
        severity: 'error',
      },
      {
        field: 'jobOverview',
        message:
          'NHS Jobs rejected Job overview: Please Enter Job overview. Character minLength: 100, maxLength: 1000.',
        severity: 'error',
      },
      {
        field: 'essentialSkills.2',
        message: 'NHS Jobs rejected Essential skills (item 3): Too long',
        severity: 'error',
      },
    ]);
  });

  it('shows a rejected salary with the board salary message alone', () => {
    const error = errorFor(
      answer(400, { errors: [{ field: 'salary', message: 'The salary you have entered is not valid.' }] }),
      NOW,
    );
    expect(error.reason).toBe('invalid');
    expect(error.issues).toEqual([
      { field: 'salary', message: 'The salary you have entered is not valid.', severity: 'error' },
    ]);
  });

  it('still says "invalid" when a 400 has no field list', () => {
    const error = errorFor(answer(400, HTML_500.replace('500 Internal Server Error', 'Bad Request')), NOW);
    expect(error.reason).toBe('invalid');
    expect(error.issues).toEqual([]);
  });
});

// A client driven against a fake NHS Jobs.

const settings: NhsJobsSettings = {
  organisationId: 'DEMO-ORG',
  accountId: 'ACC-0042',
  apiKey: 'nhs-live-key-6f1c9a3b',
  testMode: true,
  baseUrl: 'https://nhs.fake.example',
};
const DRAFTS = 'https://nhs.fake.example/api/v1/organisations/DEMO-ORG/vacancy-drafts';

interface Answer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}
const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({
  status,
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers },
});

interface SentRequest {
  method: string;
  url: string;
  headers: Headers;
  body: unknown;
}

/** A fake NHS Jobs: answers in order, and keeps every request it got. */
function fakeNhsJobs(answers: Answer[]) {
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
    const next = answers.shift();
    if (next === undefined) throw new Error(`fake NHS Jobs has no answer for ${init?.method} ${url}`);
    return new Response(next.body, { status: next.status, headers: next.headers });
  };
  const deps: ClientDeps = { fetch, now: () => NOW, onExchange: (exchange) => exchanges.push(exchange) };
  return { client: nhsJobsClient(settings, deps), sent, exchanges, answers };
}

/** Every exchange was recorded, in order, and none of them holds the API key. */
function expectRecordedWithoutKey(board: ReturnType<typeof fakeNhsJobs>) {
  expect(board.exchanges).toHaveLength(board.sent.length);
  board.exchanges.forEach((exchange, i) => {
    expect(exchange.method).toBe(board.sent[i]?.method);
    expect(exchange.url).toBe(board.sent[i]?.url);
  });
  expect(JSON.stringify(board.exchanges)).not.toContain(settings.apiKey);
  expect(board.answers).toEqual([]);
}

const fields: PostingFields = {
  jobTitle: 'Staff Nurse – Ward 7',
  jobReference: 'LTH-2030-117',
  contractType: 'PERMANENT',
  workingPatterns: ['FULL_TIME'],
  staffGroup: 'NURSING_AND_MIDWIFERY_REGISTERED',
  payScheme: 'AGENDA_FOR_CHANGE',
  payBand: 'BAND_5',
  salary: { type: 'RANGE', min: 29_970, max: 36_483, period: 'YEAR' },
  address: { line1: 'Leeds General Infirmary', town: 'Leeds', postcode: 'LS1 3EX' },
  closingDate: '2030-07-05',
  jobOverview: '  Join the Ward 7 surgical team.  ',
  contactEmail: 'recruitment@leedsth.example',
  applyUrl: 'https://jobs.leedsth.example/apply?src=tok',
};
const DRAFT_ID = '0f8c1c1e-4d1a-4a43-9d3b-5b8f3c2e7a10';
const draft = (status = 'DRAFT', id = DRAFT_ID) => ({
  id,
  jobReference: 'LTH-2030-117',
  status,
  url: `https://beta.jobs.nhs.uk/employer/drafts/${id}`,
});

const expectCredentials = (request: SentRequest | undefined) => {
  expect(request?.headers.get('authorization')).toBe(`Bearer ${settings.apiKey}`);
  expect(request?.headers.get('x-account-id')).toBe('ACC-0042');
};

describe('nhsJobsClient', () => {
  it('creates a draft: POSTs the mapped body with the credentials, and keeps its id, link and status', async () => {
    const board = fakeNhsJobs([json(201, draft())]);
    const receipt = await board.client.create(fields);
    expect(receipt).toEqual({
      externalId: DRAFT_ID,
      url: `https://beta.jobs.nhs.uk/employer/drafts/${DRAFT_ID}`,
      status: 'DRAFT',
      state: 'draft',
    });
    expect(board.sent).toHaveLength(1);
    const [post] = board.sent;
    expect(post?.method).toBe('POST');
    expect(post?.url).toBe(DRAFTS);
    expectCredentials(post);
    expect(post?.headers.get('content-type')).toBe('application/json');
    expect(post?.body).toEqual(mapNhsJobs(fields));
    expect(post?.body).toMatchObject({ jobOverview: 'Join the Ward 7 surgical team.' });
    expectRecordedWithoutKey(board);
  });

  it('takes the existing draft when the reference already exists, so a retried create is safe', async () => {
    const board = fakeNhsJobs([
      json(409, { error: 'DUPLICATE_REFERENCE', id: DRAFT_ID }),
      json(200, draft()),
    ]);
    const receipt = await board.client.create(fields);
    expect(receipt).toEqual({
      externalId: DRAFT_ID,
      url: `https://beta.jobs.nhs.uk/employer/drafts/${DRAFT_ID}`,
      status: 'DRAFT',
      state: 'draft',
    });
    expect(board.sent.map((r) => `${r.method} ${r.url}`)).toEqual([
      `POST ${DRAFTS}`,
      `GET ${DRAFTS}/${DRAFT_ID}`,
    ]);
    expectCredentials(board.sent[1]);
    expectRecordedWithoutKey(board);
  });

  it('refuses a duplicate reference the board does not name an id for', async () => {
    const board = fakeNhsJobs([json(409, { error: 'DUPLICATE_REFERENCE' })]);
    const error = await board.client.create(fields).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BoardError);
    expect((error as BoardError).reason).toBe('conflict');
    expect((error as BoardError).field).toBe('jobReference');
    expectRecordedWithoutKey(board);
  });

  it('maps a refused create to the board error', async () => {
    const board = fakeNhsJobs([json(401, { error: 'Invalid API key' })]);
    await expect(board.client.create(fields)).rejects.toMatchObject({
      reason: 'auth',
      message: CONFIGURATION_MESSAGE,
    });
    expectRecordedWithoutKey(board);
  });

  it('updates a draft with a PUT of the mapped body', async () => {
    const board = fakeNhsJobs([json(200, draft())]);
    const changed = { ...fields, jobTitle: 'Senior Staff Nurse – Ward 7' };
    const receipt = await board.client.update({ externalId: DRAFT_ID, status: 'DRAFT' }, changed);
    expect(receipt).toEqual({
      externalId: DRAFT_ID,
      url: `https://beta.jobs.nhs.uk/employer/drafts/${DRAFT_ID}`,
      status: 'DRAFT',
      state: 'draft',
    });
    const [put] = board.sent;
    expect(put?.method).toBe('PUT');
    expect(put?.url).toBe(`${DRAFTS}/${DRAFT_ID}`);
    expectCredentials(put);
    expect(put?.body).toEqual(mapNhsJobs(changed));
    expectRecordedWithoutKey(board);
  });

  it('tells the user to edit in NHS Jobs when the draft is already published, and that it is published', async () => {
    const board = fakeNhsJobs([json(409, { error: 'ALREADY_PUBLISHED' })]);
    const error = await board.client.update({ externalId: DRAFT_ID }, fields).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BoardError);
    expect((error as BoardError).reason).toBe('conflict');
    expect((error as BoardError).message).toBe(
      'This vacancy is already published in NHS Jobs; edit it there, or copy the vacancy and post the copy',
    );
    expect((error as BoardError).message).toBe(PUBLISHED_MESSAGE);
    expect((error as BoardError).transient).toBe(false);
    // The answer itself says the draft is published: the posting can show it at once.
    expect((error as BoardError).advertStatus).toBe('PUBLISHED');
    expect((error as BoardError).advertState).toBe('published');
    expectRecordedWithoutKey(board);
  });

  it('looks a draft up by its job reference', async () => {
    const board = fakeNhsJobs([json(200, { items: [draft()] })]);
    expect(await board.client.lookup('LTH-2030-117')).toEqual({
      externalId: DRAFT_ID,
      url: `https://beta.jobs.nhs.uk/employer/drafts/${DRAFT_ID}`,
      status: 'DRAFT',
      state: 'draft',
    });
    const [get] = board.sent;
    expect(get?.method).toBe('GET');
    expect(get?.url).toBe(`${DRAFTS}?jobReference=LTH-2030-117`);
    expect(get?.body).toBeUndefined();
    expectCredentials(get);
    expectRecordedWithoutKey(board);
  });

  it('finds nothing when the board has no draft with the reference, and encodes the reference', async () => {
    const board = fakeNhsJobs([json(200, { items: [] })]);
    expect(await board.client.lookup('A&B 1')).toBeNull();
    expect(board.sent[0]?.url).toBe(`${DRAFTS}?jobReference=A%26B+1`);
    expectRecordedWithoutKey(board);
  });

  it("reads the board's status of a draft (published by a person in NHS Jobs)", async () => {
    const board = fakeNhsJobs([json(200, draft('PUBLISHED'))]);
    expect(board.client.status).toBeDefined();
    const receipt = await board.client.status?.({ externalId: DRAFT_ID, status: 'DRAFT' });
    expect(receipt).toEqual({
      externalId: DRAFT_ID,
      url: `https://beta.jobs.nhs.uk/employer/drafts/${DRAFT_ID}`,
      status: 'PUBLISHED',
      state: 'published',
    });
    expect(board.sent.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${DRAFTS}/${DRAFT_ID}`]);
    expectCredentials(board.sent[0]);
    expectRecordedWithoutKey(board);
  });

  it('cannot close a draft: that is done in NHS Jobs', () => {
    expect(fakeNhsJobs([]).client.close).toBeUndefined();
  });

  it('calls a success without a draft id unexpected', async () => {
    const board = fakeNhsJobs([json(201, { status: 'DRAFT' })]);
    await expect(board.client.create(fields)).rejects.toMatchObject({ reason: 'unexpected' });
    expectRecordedWithoutKey(board);
  });
});
