import { createHmac } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REED_SANDBOX_CLIENTS, reedSandbox } from './sandbox.js';

// The sandbox alone, over real HTTP, signed here from the contract's algorithm (boards/reed.md).
const NOW = new Date('2030-03-01T10:00:00.000Z');
const DAY = 86_400_000;
const [AGENCY, OTHER] = REED_SANDBOX_CLIENTS;
const OWN = { username: 'recruiter@demo-agency.example' };
const CLIENT = { username: 'hiring@demo-client.example', postingKey: '9b2e7c1a-6d4f-4e8b-a1c3-5f7d9e0b2a64' };
const TEXT = 'Cook fresh meals for residents and lead a small kitchen team in a friendly home. ';

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
let base: string;
let clock = NOW;

beforeAll(async () => {
  app = Fastify();
  await app.register(reedSandbox, { prefix: '/sandbox/reed', now: () => clock, hourlyLimit: 40 });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  base = `${address}/sandbox/reed`;
});
afterAll(async () => app.close());
beforeEach(async () => {
  clock = NOW;
  await fetch(`${base}/_inspect/reset`, { method: 'POST' });
  await fetch(`${base}/_faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
});

interface Options {
  clientId?: string;
  key?: string | Buffer;
  timestamp?: string;
  userAgent?: string;
  signature?: string;
  contentType?: string;
}

const stamp = (at: Date) => `${at.toISOString().slice(0, 19)}+00:00`;

/** One signed call: HMAC-SHA1(method + User-Agent + URL + host + timestamp), Base64. */
async function call(
  method: string,
  path: string,
  form: Record<string, string | number | boolean>,
  o: Options = {},
) {
  const url = `${base}/recruiter/api/1.0${path}`;
  const timestamp = o.timestamp ?? stamp(clock);
  const userAgent = o.userAgent ?? 'SandboxTest/1.0';
  const host = new URL(url).host;
  const signature =
    o.signature ??
    createHmac('sha1', o.key ?? AGENCY!.apiKey)
      .update(`${method}${userAgent}${url}${host}${timestamp}`)
      .digest('base64');
  const response = await fetch(url, {
    method,
    headers: {
      'content-type': o.contentType ?? 'application/x-www-form-urlencoded',
      'user-agent': userAgent,
      'X-ApiClientId': o.clientId ?? AGENCY!.clientId,
      'X-TimeStamp': timestamp,
      'X-ApiSignature': signature,
    },
    body: new URLSearchParams(
      Object.entries(form).map(([k, v]): [string, string] => [k, String(v)]),
    ).toString(),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}

const job = (changes: Record<string, string | number | boolean> = {}) => ({
  ...OWN,
  title: 'Head Chef',
  description: `<p>${TEXT.repeat(2)}</p>`,
  townName: 'LS1 4DY',
  jobType: 1,
  workingHours: 1,
  ownerRef: 'HC-1',
  ...changes,
});

async function create(changes: Record<string, string | number | boolean> = {}): Promise<number> {
  const answer = await call('POST', '/jobs', job(changes));
  expect(answer.status, answer.text).toBe(201);
  return answer.json().JobId;
}
const inspect = async () =>
  ((await (await fetch(`${base}/_inspect/jobs`)).json()) as { jobs: Stored[] }).jobs;
const credits = async (username = OWN.username) =>
  (
    (await (await fetch(`${base}/_inspect/credits`)).json()) as {
      credits: Record<string, Record<string, number>>;
    }
  ).credits[username]!;
const setCredits = (username: string, productId: number, n: number) =>
  fetch(`${base}/_inspect/credits`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, productId, credits: n }),
  });

describe('Reed sandbox: signature', () => {
  it('creates a job when the signature is right, answering 201 with JobId and ResponseMessage', async () => {
    const answer = await call('POST', '/jobs', job());
    expect(answer.status).toBe(201);
    expect(answer.json()).toEqual({ JobId: expect.any(Number), ResponseMessage: 'Job posted successfully.' });
  });

  it('accepts the key read as .NET Guid bytes too', async () => {
    const hex = AGENCY!.apiKey.replace(/-/g, '');
    const b = Buffer.from(hex, 'hex');
    const guid = Buffer.concat([
      b.subarray(0, 4).reverse(),
      b.subarray(4, 6).reverse(),
      b.subarray(6, 8).reverse(),
      b.subarray(8),
    ]);
    expect((await call('POST', '/jobs', job(), { key: Buffer.from(guid) })).status).toBe(201);
  });

  it.each([
    ['a wrong signature', { signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' }, /signature is not valid/],
    ['another client key', { key: OTHER!.apiKey }, /signature is not valid/],
    ['an unknown client ID', { clientId: '9999' }, /unknown client ID/],
    [
      'a timestamp 6 minutes old',
      { timestamp: stamp(new Date(NOW.getTime() - 6 * 60_000)) },
      /more than 5 minutes/,
    ],
    ['a timestamp that is not UTC', { timestamp: '2030-03-01T11:00:00+01:00' }, /not a UTC date/],
    ['a missing signature', { signature: '' }, /are required/],
  ])('refuses %s with 401', async (_name, options, message) => {
    const answer = await call('POST', '/jobs', job(), options as Options);
    expect(answer.status).toBe(401);
    expect(answer.json().message).toMatch(message);
    expect(await inspect()).toEqual([]);
  });

  it('signs the User-Agent: another one than signed is refused', async () => {
    const url = `${base}/recruiter/api/1.0/jobs`;
    const t = stamp(clock);
    const signature = createHmac('sha1', AGENCY!.apiKey)
      .update(`POSTOne/1.0${url}${new URL(url).host}${t}`)
      .digest('base64');
    expect(
      (await call('POST', '/jobs', job(), { userAgent: 'Two/1.0', signature, timestamp: t })).status,
    ).toBe(401);
  });

  it('takes a timestamp 4 minutes off', async () => {
    expect(
      (await call('POST', '/jobs', job(), { timestamp: stamp(new Date(NOW.getTime() + 4 * 60_000)) })).status,
    ).toBe(201);
  });
});

describe('Reed sandbox: accounts and validation', () => {
  it('posts for a client with its username and posting key; a wrong key is 403', async () => {
    expect((await call('POST', '/jobs', job(CLIENT))).status).toBe(201);
    const wrong = await call(
      'POST',
      '/jobs',
      job({ ...CLIENT, postingKey: '00000000-0000-0000-0000-000000000000' }),
    );
    expect(wrong.status).toBe(403);
    expect((await call('POST', '/jobs', job({ username: 'jobs@other-agency.example' }))).status).toBe(403);
  });

  it('answers 400 with modelState per key, in its own words', async () => {
    const answer = await call('POST', '/jobs', {
      ...OWN,
      title: '<b>Chef</b>',
      description: `<p>${'x'.repeat(149)}</p>`,
      townName: 'Gotham',
      jobType: 3,
      expiryInDays: 43,
    });
    expect(answer.status).toBe(400);
    expect(answer.json()).toEqual({
      message: 'The request is invalid.',
      modelState: {
        title: ['The Title must not contain HTML.'],
        description: [
          'The field Description must be a string with a minimum length of 150 and a maximum length of 6500.',
        ],
        townName: ['The TownName must be a UK postcode or the name of a town within the UK.'],
        jobType: ["The value '3' is not valid for JobType."],
        expiryInDays: ['The field ExpiryInDays must be between 1 and 42.'],
        workingHours: ['The WorkingHours field is required.'],
      },
    });
  });

  it.each([
    ['an e-mail address', 'Write to chef@home.example', 'e-mail addresses'],
    ['a URL', 'See https://home.example', 'URLs'],
    ['a landline', 'Call 0113 496 0000', 'telephone numbers'],
    ['a mobile', 'Text 07700 900123', 'telephone numbers'],
    ['an international number', 'Call +44 20 7946 0000', 'telephone numbers'],
  ])('refuses %s in the description', async (_name, words, what) => {
    const answer = await call('POST', '/jobs', job({ description: `<p>${TEXT.repeat(2)}${words}</p>` }));
    expect(answer.status).toBe(400);
    expect(answer.json().modelState.description).toEqual([`The Description must not contain ${what}.`]);
  });

  it('takes a town on its list, a postcode or an outcode', async () => {
    for (const townName of ['Leeds', 'milton keynes', 'LS1 4DY', 'ls14dy', 'EH12']) {
      expect((await call('POST', '/jobs', job({ townName }))).status, townName).toBe(201);
    }
  });

  it('ignores keys the model does not have, and lists them for tests; a JSON body is 415', async () => {
    await create({ colour: 'blue' });
    expect((await inspect())[0]?.ignoredKeys).toEqual(['colour']);
    expect((await call('POST', '/jobs', job(), { contentType: 'application/json' })).status).toBe(415);
  });
});

describe('Reed sandbox: credits', () => {
  it('spends the preferred type when none is asked, the asked type otherwise; a draft spends none', async () => {
    await create();
    await create({ productId: 2 });
    await create({ isDemo: true });
    expect(await credits()).toMatchObject({ 1: 999, 2: 4 });
    const stored = await inspect();
    expect(stored.map((j) => [j.productId, j.status])).toEqual([
      [1, 'live'],
      [2, 'live'],
      [null, 'draft'],
    ]);
  });

  it('takes the best available credit when the preferred type is spent, and 409 when none is left', async () => {
    await setCredits(OWN.username, 1, 0);
    await create();
    expect((await inspect())[0]?.productId).toBe(4);
    const none = await call('POST', '/jobs', job({ productId: 81 }));
    expect(none.status).toBe(409);
    expect(none.json().message).toBe('You do not have any Marketplace credits left to post this job.');
  });
});

describe('Reed sandbox: lifecycle', () => {
  it('edits for free, but charges a credit for the end date, the advert type, or a title after an application', async () => {
    const id = await create();
    const edit = (form: Record<string, string | number | boolean>) =>
      call('PUT', `/jobs/update/${id}`, { ...OWN, doNotExtend: true, ...form });
    expect((await edit({ title: 'Senior Chef' })).status).toBe(200);
    expect((await credits())[1]).toBe(999);
    await fetch(`${base}/_inspect/jobs/${id}/applications`, { method: 'POST' });
    expect((await edit({ title: 'Sous Chef' })).status).toBe(200);
    expect((await edit({ expiryInDays: 30 })).status).toBe(200);
    expect((await edit({ isPublic: true })).status).toBe(200);
    expect((await credits())[1]).toBe(997);
    const [stored] = await inspect();
    expect(stored?.values.title).toBe('Sous Chef');
    expect(stored?.creditsSpent).toBe(3);
    expect(stored?.expires).toBe(new Date(NOW.getTime() + 30 * DAY).toISOString());
  });

  it('refuses a charged edit without credits, changing nothing', async () => {
    const id = await create();
    await setCredits(OWN.username, 1, 0);
    const answer = await call('PUT', `/jobs/update/${id}`, { ...OWN, expiryInDays: 10 });
    expect(answer.status).toBe(409);
    expect((await inspect())[0]?.values.expiryInDays).toBeUndefined();
  });

  it('ends a live job once; relists it only when expired; extends only a live one', async () => {
    const id = await create({ expiryInDays: 7 });
    expect((await call('PUT', `/jobs/relist/${id}`, OWN)).status).toBe(400);
    expect((await call('PUT', `/jobs/extend/${id}`, OWN)).status).toBe(200);
    clock = new Date(NOW.getTime() + 8 * DAY);
    expect((await inspect())[0]?.status).toBe('expired');
    expect((await call('PUT', `/jobs/update/${id}`, { ...OWN, title: 'x' })).status).toBe(409);
    const relisted = await call('PUT', `/jobs/relist/${id}`, OWN);
    expect(relisted.json()).toEqual({ JobId: id, ResponseMessage: 'Job relisted successfully.' });
    expect((await inspect())[0]?.status).toBe('live');
    expect((await call('PUT', `/jobs/end/${id}`, OWN)).status).toBe(200);
    expect((await call('PUT', `/jobs/end/${id}`, OWN)).status).toBe(400);
    expect((await inspect())[0]).toMatchObject({ status: 'ended', creditsSpent: 3 });
  });

  it("another account's job does not exist for it", async () => {
    const id = await create();
    const answer = await call('PUT', `/jobs/end/${id}`, CLIENT);
    expect(answer.status).toBe(400);
    expect(answer.json().modelState.jobId).toEqual([`The job ${id} does not exist.`]);
  });
});

describe('Reed sandbox: limits, quirks and faults', () => {
  const quirks = (body: Record<string, boolean>) =>
    fetch(`${base}/_inspect/quirks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('answers 429 with Retry-After past the hourly limit per client ID', async () => {
    let last = await call('PUT', '/jobs/end/1', OWN);
    for (let i = 1; i < 41 && last.status !== 429; i++) last = await call('PUT', '/jobs/end/1', OWN);
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('answers twice-encoded JSON, or a 500 HTML page, on demand', async () => {
    await quirks({ doubleEncoded: true });
    const twice = await call('POST', '/jobs', job());
    expect(typeof twice.json()).toBe('string');
    expect(JSON.parse(twice.json()).JobId).toEqual(expect.any(Number));
    await quirks({ htmlError500: true });
    const page = await call('POST', '/jobs', job());
    expect(page.status).toBe(500);
    expect(page.headers.get('content-type')).toMatch(/html/);
  });

  it('drops the connection before storing, or after (a lost answer), on demand', async () => {
    await quirks({ dropBeforeStore: true });
    await expect(call('POST', '/jobs', job())).rejects.toThrow();
    expect(await inspect()).toEqual([]);
    await quirks({});
    await fetch(`${base}/_faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"resetRate":1}',
    });
    await expect(call('POST', '/jobs', job())).rejects.toThrow();
    expect(await inspect()).toHaveLength(1);
  });
});
