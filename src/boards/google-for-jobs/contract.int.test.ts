import { generateKeyPairSync } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BoardError, type BoardExchange } from '../board.js';
import { googleForJobsBoard } from './index.js';
import type { GoogleSettings } from './settings.js';

// The adapter against its sandbox over real HTTP on loopback (boards/google-for-jobs.md): the
// token exchange, URL_UPDATED on create and update, URL_DELETED on close, errors, and the quota.

let app: FastifyInstance;
let baseUrl: string;
let exchanges: BoardExchange[] = [];
let counter = 0;

const settings = (changes: Partial<GoogleSettings> = {}) =>
  ({ ...googleForJobsBoard.sandbox.demoSettings(baseUrl), ...changes }) as GoogleSettings;
const client = (s: GoogleSettings = settings(), offsetMs = 0, timeoutMs = 5_000) =>
  googleForJobsBoard.client(s, {
    fetch: globalThis.fetch,
    now: () => new Date(Date.now() + offsetMs),
    timeoutMs,
    onExchange: (e) => exchanges.push(e),
  });
const fields = () => {
  const url = `${new URL(baseUrl).origin}/careers/acme/CT-${Date.now().toString(36)}-${++counter}`;
  return { url, reference: `${url}#google` };
};
const post = (path: string, body: unknown) =>
  fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const stored = async (url: string) =>
  (await googleForJobsBoard.sandbox.adverts(baseUrl)).find((a) => a.id === url);
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as BoardError,
  );

beforeAll(async () => {
  app = Fastify();
  await app.register(googleForJobsBoard.sandbox.plugin, { prefix: '/sandbox/google' });
  baseUrl = `${await app.listen({ port: 0, host: '127.0.0.1' })}/sandbox/google`;
});
afterAll(() => app.close());
beforeEach(async () => {
  exchanges = [];
  await post('/_faults', {});
  await post('/_inspect/settings', {});
});

describe('Google for Jobs through the Indexing API', () => {
  it('announces on create and update, withdraws on close, and finds the notification again', async () => {
    const f = fields();
    const c = client();
    const created = await c.create(f);
    expect(created).toMatchObject({ externalId: f.url, status: 'URL_UPDATED' });
    expect(await c.lookup(f.reference)).toMatchObject({ externalId: f.url });
    await c.update(created, f);
    expect(await stored(f.url)).toMatchObject({ status: 'posted', createCount: 1, body: { updates: 2 } });
    expect(await c.close!(created)).toMatchObject({ status: 'URL_DELETED' });
    expect(await stored(f.url)).toMatchObject({ status: 'closed', body: { removes: 1 } });
    expect(await c.lookup(f.reference)).toBeNull();
    expect(await c.lookup(`${fields().url}#google`)).toBeNull();
  });

  it('sends JSON with a bearer token got once from a signed JWT, and keeps no credential in the proof', async () => {
    const s = settings();
    await client(s).create(fields());
    await client(s).create(fields());
    const tokenCalls = exchanges.filter((e) => e.url.endsWith('/token'));
    expect(tokenCalls.length).toBeLessThanOrEqual(1);
    const publishes = exchanges.filter((e) => e.url.endsWith('/v3/urlNotifications:publish'));
    expect(publishes).toHaveLength(2);
    expect(publishes[0]!.requestHeaders).toMatchObject({
      'content-type': 'application/json',
      authorization: 'Bearer [redacted]',
    });
    const text = JSON.stringify(exchanges);
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).not.toMatch(/ya29\.sandbox-[A-Za-z0-9_-]{5}/);
    expect(text).not.toMatch(/eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9\.[A-Za-z]/);
  });

  it('refuses a key Google does not know as auth, on the private key, never retried', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    const error = await failure(client(settings({ privateKey: String(other) })).create(fields()));
    expect(error).toBeInstanceOf(BoardError);
    expect(error).toMatchObject({
      reason: 'auth',
      field: 'privateKey',
      boardMessage: 'Invalid JWT Signature.',
    });
    expect(error!.transient).toBe(false);
  });

  it('tells the admin to add the service account as an Owner when Google cannot verify ownership', async () => {
    await post('/_inspect/settings', { owners: ['https://elsewhere.example.org/'] });
    const s = settings({ siteUrl: `${new URL(baseUrl).origin}/` });
    const error = await failure(client(s).create(fields()));
    expect(error).toMatchObject({ reason: 'auth', status: 403 });
    expect(error!.message).toContain(`Add ${s.clientEmail} as an Owner of ${s.siteUrl} in Search Console`);
  });

  it('refuses a URL outside the verified site before sending anything', async () => {
    const error = await failure(client(settings({ siteUrl: 'https://jobs.example.org/' })).create(fields()));
    expect(error).toMatchObject({ reason: 'invalid', field: 'url' });
    expect(exchanges).toEqual([]);
  });

  it('tells transient failures, rate limits and unknown outcomes apart; the look-up settles a lost answer', async () => {
    const c = client(settings(), 0, 400);
    await c.create(fields()); // a token first, so the faults hit the publish
    await post('/_faults', { errorRate: 1 });
    expect(await failure(c.create(fields()))).toMatchObject({ reason: 'unavailable' });
    await post('/_faults', { rateLimitRate: 1, retryAfterSeconds: 3 });
    expect(await failure(c.create(fields()))).toMatchObject({ reason: 'rate_limited', retryAfterMs: 3000 });
    await post('/_faults', { timeoutRate: 1 });
    const f = fields();
    expect(await failure(c.create(f))).toMatchObject({ reason: 'unknown_outcome' });
    await post('/_faults', {});
    expect(await c.lookup(f.reference)).toMatchObject({ externalId: f.url });
  });

  it("accepts Google's URL-only answer", async () => {
    await post('/_inspect/settings', { urlOnly: true });
    const f = fields();
    expect(await client().create(f)).toMatchObject({ externalId: f.url });
  });
});

describe("Google's daily quota", () => {
  const pacific = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'America/Los_Angeles',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });

  it('holds the 201st notification of a day until midnight Pacific Time, then sends it: none lost', async () => {
    // Ten days ahead on both clocks, so that no other test has used this day's quota.
    const ahead = 10 * 86_400_000;
    // Google's own limit higher than the connection's: Postroom's count alone must hold the 201st.
    await post('/_inspect/settings', { clockOffsetMs: ahead, perMinuteLimit: 1000, dailyLimit: 1000 });
    const c = client(settings({ dailyQuota: 200 }), ahead);
    const sent = Array.from({ length: 201 }, fields);
    for (const f of sent.slice(0, 200)) await c.create(f);
    const held = await failure(c.create(sent[200]!));
    expect(held).toMatchObject({ reason: 'rate_limited' });
    expect(held!.transient).toBe(true);
    const wakeAt = new Date(Date.now() + ahead + held!.retryAfterMs!);
    expect(pacific.format(wakeAt)).toMatch(/^00:00:0\d$/);
    expect(held!.retryAfterMs!).toBeLessThanOrEqual(86_400_000);
    // Nothing reached Google past the quota.
    expect(await stored(sent[200]!.url)).toBeUndefined();
    expect(exchanges.filter((e) => JSON.stringify(e.requestBody).includes(sent[200]!.url))).toEqual([]);

    const later = ahead + held!.retryAfterMs! + 1_000;
    await post('/_inspect/settings', { clockOffsetMs: later, perMinuteLimit: 1000 });
    await client(settings({ dailyQuota: 200 }), later).create(sent[200]!);
    const announced = await googleForJobsBoard.sandbox.adverts(baseUrl);
    for (const f of sent) expect(announced.find((a) => a.id === f.url)?.createCount, f.url).toBe(1);
  });

  it("maps Google's own per-day 429 to a wait until midnight Pacific Time", async () => {
    await post('/_inspect/settings', { dailyLimit: 0 });
    const error = await failure(client().create(fields()));
    expect(error).toMatchObject({ reason: 'rate_limited', status: 429 });
    const wakeAt = new Date(Date.now() + error!.retryAfterMs!);
    expect(pacific.format(wakeAt)).toMatch(/^00:00:0\d$/);
  });
});
