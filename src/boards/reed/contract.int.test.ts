import { type AddressInfo, createServer } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BoardError, type BoardExchange, type PostingFields } from '../board.js';
import type { ReedClient, ReedSettings } from './client.js';
import { reedBoard } from './index.js';
import { REED_SANDBOX_CLIENTS, reedSandbox } from './sandbox.js';

// The adapter against its sandbox over real HTTP on loopback (boards/reed.md). Reed has no read
// route, so this is not the shared look-up contract: a lost answer must end in a person's hands.

const AGENCY = REED_SANDBOX_CLIENTS[0]!;
const TODAY = new Date().toISOString().slice(0, 10);
const TEXT = 'Cook fresh meals for residents and lead a small kitchen team in a friendly home. ';
const DAY = 86_400_000;

/** A job as the sandbox's _inspect route shows it. */
interface Stored {
  id: string;
  ownerRef: string | null;
  status: string;
  productId: number | null;
  createCount: number;
  creditsSpent: number;
  expires: string;
  ignoredKeys: string[];
  values: Record<string, unknown>;
  edits: Record<string, string>[];
}

let app: FastifyInstance;
let baseUrl: string;
let offset = 0;
const clock = () => new Date(Date.now() + offset);
let exchanges: BoardExchange[] = [];
let closedPort = 0;

const settings = (changes: Partial<ReedSettings> = {}): ReedSettings => ({
  clientId: AGENCY.clientId,
  apiKey: AGENCY.apiKey,
  username: 'hiring@demo-client.example',
  postingKey: '9b2e7c1a-6d4f-4e8b-a1c3-5f7d9e0b2a64',
  userAgent: 'Postroom/1.0',
  testMode: false,
  baseUrl,
  ...changes,
});
const client = (s = settings(), timeoutMs = 5_000) =>
  reedBoard.client(s, {
    fetch: globalThis.fetch,
    now: clock,
    timeoutMs,
    onExchange: (e) => exchanges.push(e),
  });

let counter = 0;
const fields = (changes: PostingFields = {}): PostingFields => ({
  title: 'Head Chef',
  reference: `CT-${Date.now().toString(36)}-${++counter}`.toUpperCase(),
  description: `<p>${TEXT.repeat(2)}</p>`,
  town: 'LS1 4DY',
  jobType: 'permanent',
  workingHours: 'full_time',
  expiryInDays: 28,
  applyUrl: 'http://localhost:3000/careers/demo/v1/apply?src=t1',
  ...changes,
});
const post = (path: string, body: unknown) =>
  fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const inspect = async () =>
  ((await (await fetch(`${baseUrl}/_inspect/jobs`)).json()) as { jobs: Stored[] }).jobs;
const stored = async (id: string) => (await inspect()).find((j) => j.id === id);
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted' as const,
    (e: unknown) => e as BoardError,
  );

beforeAll(async () => {
  app = Fastify();
  await app.register(reedSandbox, { prefix: '/sandbox/reed', now: clock });
  baseUrl = `${await app.listen({ port: 0, host: '127.0.0.1' })}/sandbox/reed`;
  closedPort = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
});
afterAll(async () => app.close());
beforeEach(async () => {
  offset = 0;
  exchanges = [];
  await post('/_inspect/reset', {});
  await post('/_faults', {});
});

describe('Reed contract: round trip', () => {
  it('creates, updates and closes an advert; the sandbox stores it once with every key known', async () => {
    const f = fields({
      isPublic: true,
      salaryMin: 30000,
      salaryMax: 34000,
      salaryType: 'year',
      currency: 'GBP',
      showSalary: true,
      productId: 'premium',
      locationType: 'hybrid',
      applicationEmail: 'jobs@acme.example',
      parentSectorId: 3,
      jobSectorId: 31,
      isGraduate: false,
    });
    expect(reedBoard.check(f, { today: TODAY })).toEqual([]);
    const c = client();
    const created = await c.create(f);
    expect(created.externalId).toMatch(/^\d+$/);
    const updated = await c.update(created, { ...f, title: 'Senior Head Chef' }, f);
    expect(updated.externalId).toBe(created.externalId);
    let job = await stored(created.externalId);
    expect(job).toMatchObject({
      status: 'live',
      productId: 2,
      ownerRef: f.reference,
      createCount: 1,
      ignoredKeys: [],
    });
    expect(job?.values.title).toBe('Senior Head Chef');
    expect(job?.edits[0]).toEqual({
      username: 'hiring@demo-client.example',
      doNotExtend: 'true',
      title: 'Senior Head Chef',
    });
    await c.close!(created);
    job = await stored(created.externalId);
    expect(job?.status).toBe('ended');
    expect(job?.creditsSpent).toBe(1);
  });

  it('relists an expired advert and extends a live one, each for a credit', async () => {
    const c = client() as ReedClient;
    const created = await c.create(fields({ expiryInDays: 1 }));
    await c.extend(created);
    offset = 2 * DAY;
    expect((await stored(created.externalId))?.status).toBe('expired');
    await c.relist(created);
    expect(await stored(created.externalId)).toMatchObject({ status: 'live', creditsSpent: 3 });
  });

  it('posts a draft in test mode, spending no credit', async () => {
    const created = await client(settings({ testMode: true })).create(fields());
    expect(await stored(created.externalId)).toMatchObject({ status: 'draft', creditsSpent: 0 });
  });

  it('warns before an edit Reed charges for, and Reed charges it', async () => {
    const f = fields();
    const next = { ...f, expiryInDays: 14 };
    expect(
      reedBoard.check(next, { today: TODAY, previous: f } as never).map((i) => [i.field, i.severity]),
    ).toEqual([['expiryInDays', 'warning']]);
    const c = client();
    const created = await c.create(f);
    await c.update(created, next, f);
    expect((await stored(created.externalId))?.creditsSpent).toBe(2);
  });
});

describe('Reed contract: refusals', () => {
  it('a wrongly signed request is refused: an auth error, never retried', async () => {
    for (const bad of [
      settings({ apiKey: 'a7d1c9e2-0b3f-4c5d-8e6f-000000000000' }),
      settings({ clientId: '4242' }),
    ]) {
      const error = await failure(client(bad).create(fields()));
      expect(error).toBeInstanceOf(BoardError);
      expect((error as BoardError).reason).toBe('auth');
      expect((error as BoardError).status).toBe(401);
      expect((error as BoardError).transient).toBe(false);
    }
    expect(await inspect()).toEqual([]);
  });

  it('a description with an e-mail address or a phone number is an error on the field before anything is sent', async () => {
    for (const words of ['Write to chef@home.example.', 'Call 0113 496 0000.']) {
      const f = fields({ description: `<p>${TEXT.repeat(2)}${words}</p>` });
      const errors = reedBoard.check(f, { today: TODAY }).filter((i) => i.severity === 'error');
      expect(errors.map((i) => i.field)).toEqual(['description']);
      // Had it been sent anyway, Reed (the sandbox) refuses it on the same field.
      const sent = await failure(client().create(f));
      expect((sent as BoardError).reason).toBe('invalid');
      expect((sent as BoardError).issues.map((i) => i.field)).toEqual(['description']);
    }
  });

  it('a lost create answer is an unknown outcome; the look-up never re-sends; one advert stays', async () => {
    await post('/_faults', { timeoutRate: 1 });
    const f = fields();
    const lost = await failure(client(settings(), 400).create(f));
    expect((lost as BoardError).reason).toBe('unknown_outcome');
    await post('/_faults', {});
    const before = exchanges.length;
    const looked = await failure(client().lookup(String(f.reference)));
    expect((looked as BoardError).reason).toBe('unexpected');
    expect(exchanges.length).toBe(before);
    expect((await inspect()).filter((j) => j.ownerRef === f.reference)).toHaveLength(1);
  });

  it('keeps every exchange as proof without the API key, posting key or signature', async () => {
    const s = settings();
    await client(s).create(fields());
    expect(exchanges).toHaveLength(1);
    const proof = JSON.stringify(exchanges);
    for (const secret of [s.apiKey, s.postingKey!]) expect(proof).not.toContain(secret);
    expect(exchanges[0]?.requestHeaders['content-type']).toBe('application/x-www-form-urlencoded');
  });
});

describe("Reed contract: the board's answers -> reasons", () => {
  const quirk = (q: Record<string, boolean>) => post('/_inspect/quirks', q);
  const cases: {
    name: string;
    arrange: () => Promise<unknown>;
    s?: () => ReedSettings;
    f?: PostingFields;
    reason: string;
    status?: number;
  }[] = [
    {
      name: '401 wrong API key',
      arrange: async () => {},
      s: () => settings({ apiKey: 'nope' }),
      reason: 'auth',
      status: 401,
    },
    {
      name: '403 wrong posting key',
      arrange: async () => {},
      s: () => settings({ postingKey: 'nope' }),
      reason: 'auth',
      status: 403,
    },
    {
      name: '400 validation',
      arrange: async () => {},
      f: fields({ town: 'Gotham' }),
      reason: 'invalid',
      status: 400,
    },
    {
      name: '409 no credits',
      arrange: () =>
        post('/_inspect/credits', { username: 'hiring@demo-client.example', productId: 3, credits: 0 }),
      f: fields({ productId: 'featured' }),
      reason: 'conflict',
      status: 409,
    },
    {
      name: '429 too many requests',
      arrange: () => post('/_faults', { rateLimitRate: 1, retryAfterSeconds: 3 }),
      reason: 'rate_limited',
      status: 429,
    },
    {
      name: '503 HTML page',
      arrange: () => post('/_faults', { errorRate: 1 }),
      reason: 'unavailable',
      status: 503,
    },
    {
      name: '500 HTML page',
      arrange: () => quirk({ htmlError500: true }),
      reason: 'unavailable',
      status: 500,
    },
    {
      name: 'dropped before the job is stored',
      arrange: () => quirk({ dropBeforeStore: true }),
      reason: 'unknown_outcome',
    },
    {
      name: 'connection refused',
      arrange: async () => {},
      s: () => settings({ baseUrl: `http://127.0.0.1:${closedPort}/sandbox/reed` }),
      reason: 'unavailable',
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      await c.arrange();
      const error = await failure(client(c.s ? c.s() : settings(), 1_000).create(c.f ?? fields()));
      expect(error).toBeInstanceOf(BoardError);
      expect((error as BoardError).reason).toBe(c.reason);
      if (c.status) expect((error as BoardError).status).toBe(c.status);
    });
  }

  it('200/201 encoded twice is still a success', async () => {
    await quirk({ doubleEncoded: true });
    expect((await client().create(fields())).externalId).toMatch(/^\d+$/);
  });
});

describe('Reed contract: adapter and sandbox agree on the rules', () => {
  const rules: { name: string; f: PostingFields; field?: string }[] = [
    { name: 'a postcode typed in lower case without its space', f: { town: 'ls14dy' } },
    { name: 'an outcode', f: { town: 'EH12' } },
    { name: 'a town name', f: { town: 'Leeds' } },
    { name: 'HTML in the title', f: { title: '<b>Chef</b>' }, field: 'title' },
    { name: 'a phone number in the title', f: { title: 'Chef 07700 900123' }, field: 'title' },
    {
      name: 'a web address in the description',
      f: { description: `<p>${TEXT.repeat(2)}www.home.example</p>` },
      field: 'description',
    },
    {
      name: 'a description of 149 characters of text',
      f: { description: `<p>${'x'.repeat(149)}</p>` },
      field: 'description',
    },
    { name: 'a description of 150 characters', f: { description: 'x'.repeat(150) } },
    {
      name: 'a description of 6,501 characters with its tags',
      f: { description: `<p>${'x'.repeat(6494)}</p>` },
      field: 'description',
    },
    { name: 'a title of 255 characters', f: { title: 'x'.repeat(255) } },
    { name: 'a title of 256 characters', f: { title: 'x'.repeat(256) }, field: 'title' },
    { name: 'a title of 127 emoji (254 as .NET counts)', f: { title: '😀'.repeat(127) } },
    { name: 'a title of 128 emoji (256 as .NET counts)', f: { title: '😀'.repeat(128) }, field: 'title' },
    { name: '42 days', f: { expiryInDays: 42 } },
    { name: '43 days', f: { expiryInDays: 43 }, field: 'expiryInDays' },
    { name: 'salary from above salary to', f: { salaryMin: 40000, salaryMax: 30000 }, field: 'salaryMin' },
  ];
  for (const rule of rules) {
    it(`${rule.field ? `both refuse it on ${rule.field}` : 'both accept it'}: ${rule.name}`, async () => {
      const f = fields(rule.f);
      const checked = reedBoard.check(f, { today: TODAY }).filter((i) => i.severity === 'error');
      const sent = await failure(client().create(f));
      if (!rule.field) {
        expect(checked, 'the adapter').toEqual([]);
        expect(sent, 'the sandbox').not.toBeInstanceOf(BoardError);
        return;
      }
      expect(
        checked.map((i) => i.field),
        'the adapter',
      ).toContain(rule.field);
      expect((sent as BoardError).reason, 'the sandbox').toBe('invalid');
      expect(
        (sent as BoardError).issues.map((i) => i.field),
        'the sandbox',
      ).toContain(rule.field);
    });
  }
});
