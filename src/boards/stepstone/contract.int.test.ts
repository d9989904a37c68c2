import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation } from '../../domain/organisation.js';
import type { Vacancy } from '../../domain/vacancy.js';
import { BoardError, type BoardExchange, type PostingFields } from '../board.js';
import type { StepStoneReceipt } from './client.js';
import { type StepStoneSettings, stepstoneBoard, stepstoneSettingsSchema } from './index.js';
import { type SandboxListing, stepstoneDemoSettings, stepstoneSandbox } from './sandbox.js';

// The adapter against its sandbox over real HTTP on loopback. The shared suite
// (test/support/board-contract.ts) assumes a look-up by reference, which StepStone does not have.

const TODAY = '2030-03-01';
let app: FastifyInstance;
let baseUrl: string;
let exchanges: BoardExchange[] = [];

const settings = (overrides: Record<string, unknown> = {}): StepStoneSettings =>
  stepstoneSettingsSchema.parse({
    username: '3rdFeedDemoCompany',
    password: 'demo-secret',
    senderId: '8812',
    organisationId: '12345',
    baseUrl,
    categories: { workfield: { Nursing: '1017' }, worktype: { full_time: '5' } },
    ...overrides,
  });
const client = (s = settings(), timeoutMs = 5_000) =>
  stepstoneBoard.client(s, {
    fetch: globalThis.fetch,
    now: () => new Date(),
    timeoutMs,
    onExchange: (e) => exchanges.push(e),
  });
let counter = 0;
const reference = () => `CT-${Date.now().toString(36)}-${++counter}`.toUpperCase();
const valid = (ref: string): PostingFields => ({
  title: 'Staff Nurse',
  reference: ref,
  tasks: '<p>Care for adults on an acute ward.</p>',
  profile: '<ul><li>NMC registration</li></ul>',
  city: 'Glasgow',
  postcode: 'G4 0SF',
  applyUrl: `http://localhost:3000/careers/demo/${ref}/apply?src=t1`,
  category: 'Nursing',
  hours: 'full_time',
  companyName: 'Demo Company',
});
const post = (path: string, body: unknown) =>
  fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const listings = async (ref: string) =>
  (
    (await (await fetch(`${baseUrl}/_inspect/listings`)).json()) as { listings: SandboxListing[] }
  ).listings.filter((l) => l.reference === ref);
const credits = async (username = '3rdFeedDemoCompany') =>
  (
    (await (await fetch(`${baseUrl}/_inspect/accounts`)).json()) as {
      accounts: { username: string; credits: number }[];
    }
  ).accounts.find((a) => a.username === username)?.credits;
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (e: unknown) => e as BoardError,
  );

beforeAll(async () => {
  app = Fastify();
  await app.register(stepstoneSandbox, { prefix: '/sandbox/stepstone' });
  baseUrl = `${await app.listen({ port: 0, host: '127.0.0.1' })}/sandbox/stepstone`;
});
afterAll(async () => app.close());
beforeEach(async () => {
  exchanges = [];
  await post('/_faults', {});
  await post('/_faults/feed', {});
});

describe('StepStone adapter against its sandbox', () => {
  it('INSERT spends a credit, UPDATE is free, OFFLINE closes, UPDATE puts it back online', async () => {
    const ref = reference();
    const before = await credits();
    const c = client();
    const created = (await c.create(valid(ref))) as StepStoneReceipt;
    expect(created.externalId).toMatch(/^\d+$/);
    expect(created.expiresOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await credits()).toBe((before ?? 0) - 1);
    expect(created.answer.credits).toBe(String((before ?? 0) - 1));

    const updated = await c.update(created, { ...valid(ref), title: 'Senior Staff Nurse' }, valid(ref));
    expect(updated.externalId).toBe(created.externalId);
    expect((await listings(ref))[0]?.nodes['joblisting/jobdetails/jobtitle']).toBe('Senior Staff Nurse');
    expect(await credits()).toBe((before ?? 0) - 1);

    const closed = await c.close!(updated);
    expect(closed.status).toBe('offline');
    expect((await listings(ref))[0]?.state).toBe('offline');
    await c.update(closed, valid(ref), valid(ref));
    expect((await listings(ref))[0]?.state).toBe('online');
    expect(await listings(ref)).toHaveLength(1);
  });

  it('a title of 201 characters: an error on the title in the preview, and 320 at the sandbox', async () => {
    const fields = { ...valid(reference()), title: 'x'.repeat(201) };
    const issues = stepstoneBoard.check(fields, { today: TODAY }).filter((i) => i.severity === 'error');
    expect(issues.map((i) => i.field)).toEqual(['title']);
    const error = await failure(client().create(fields));
    expect(error).toBeInstanceOf(BoardError);
    expect((error as BoardError).reason).toBe('invalid');
    expect((error as BoardError).boardMessage).toBe('320 Jobtitle exceeds 200 characters');
    expect((error as BoardError).issues.map((i) => i.field)).toEqual(['title']);
  });

  it('an account without credits: 210, the error says so and waits an hour', async () => {
    const poor = settings({ username: '3rdFeedNoCredits', senderId: '8813', organisationId: '12346' });
    const error = (await failure(client(poor).create(valid(reference())))) as BoardError;
    expect(error.reason).toBe('rate_limited');
    expect(error.boardMessage).toBe('210 no credits');
    expect(error.message).toMatch(/no credits/);
    expect(error.retryAfterMs).toBe(3_600_000);
  });

  it('a closed posting re-posted needs a new reference: the old one is refused, the next one is a new listing', async () => {
    const ref = reference();
    const c = client();
    const first = await c.create(valid(ref));
    await c.close!(first);
    const spent = await credits();
    const reused = (await failure(c.create(valid(ref)))) as BoardError;
    expect(reused.reason).toBe('conflict');
    expect(reused.field).toBe('reference');
    expect(await credits()).toBe(spent);
    const again = await c.create(valid(`${ref}-2`));
    expect(again.externalId).not.toBe(first.externalId);
    expect((await listings(ref))[0]?.state).toBe('offline');
    expect((await listings(`${ref}-2`))[0]?.state).toBe('online');
  });

  it('refused credentials (220) are an auth error, never retried', async () => {
    const error = (await failure(
      client(settings({ password: 'wrong' })).create(valid(reference())),
    )) as BoardError;
    expect(error.reason).toBe('auth');
    expect(error.boardMessage).toBe('220 no matching credentials');
    expect(error.transient).toBe(false);
  });

  it('rules judged alike by the adapter and the sandbox', async () => {
    const cases: [PostingFields, string | undefined][] = [
      [{ title: 'x'.repeat(200) }, undefined],
      [{ title: '😀'.repeat(200) }, undefined],
      [{ title: '😀'.repeat(201) }, 'title'],
      [{ videoUrl: 'https://vimeo.com/76979871' }, undefined],
      [{ videoUrl: 'https://youtu.be/dQw4w9WgXcQ' }, undefined],
      [{ videoUrl: 'https://videos.example/1' }, 'videoUrl'],
    ];
    for (const [change, field] of cases) {
      const fields = { ...valid(reference()), ...change };
      const checked = stepstoneBoard.check(fields, { today: TODAY }).filter((i) => i.severity === 'error');
      const sent = await failure(client().create(fields));
      if (!field) {
        expect(checked, JSON.stringify(change)).toEqual([]);
        expect(sent, JSON.stringify(change)).not.toBeInstanceOf(BoardError);
      } else {
        expect(checked.map((i) => i.field)).toContain(field);
        expect((sent as BoardError).issues.map((i) => i.field)).toContain(field);
      }
    }
  });

  it('faults: 503 and 408 are transient, 403 is auth, an impossible date is kept raw', async () => {
    await post('/_faults', { errorRate: 1 });
    expect(((await failure(client().create(valid(reference())))) as BoardError).reason).toBe('unavailable');
    await post('/_faults', {});
    await post('/_faults/feed', { statusCode: '408' });
    const timeout = (await failure(client().create(valid(reference())))) as BoardError;
    expect([timeout.reason, timeout.retryAfterMs]).toEqual(['unavailable', 3_600_000]);
    await post('/_faults/feed', { statusCode: '403' });
    expect(((await failure(client().create(valid(reference())))) as BoardError).reason).toBe('auth');
    await post('/_faults/feed', { impossibleDate: true });
    const odd = (await client().create(valid(reference()))) as StepStoneReceipt;
    expect(odd.answer.listingExpiration).toBe('30/02/2024');
    expect(odd.expiresOn).toBeUndefined();
  });

  it('a lost answer to an INSERT is an unknown outcome, and the look-up cannot resolve it (uncertain)', async () => {
    const ref = reference();
    await post('/_faults', { timeoutRate: 1 });
    const lost = (await failure(client(settings(), 400).create(valid(ref)))) as BoardError;
    expect(lost.reason).toBe('unknown_outcome');
    await post('/_faults', {});
    const lookup = (await failure(client().lookup(ref))) as BoardError;
    expect(lookup.reason).toBe('unexpected');
    expect(lookup.transient).toBe(false);
    expect(await listings(ref)).toHaveLength(1);

    const dropped = reference();
    await post('/_faults/feed', { dropBeforeStore: true });
    expect(((await failure(client(settings(), 400).create(valid(dropped)))) as BoardError).reason).toBe(
      'unknown_outcome',
    );
    expect(await listings(dropped)).toHaveLength(0);
  });

  it('posts a vacancy as the demo connection prefills it, categories from the table', async () => {
    const ref = reference();
    const vacancy = {
      reference: ref,
      title: 'Healthcare Support Worker',
      description: '<p>Support the nursing team.</p>',
      workplace: 'onsite',
      employmentType: 'bank',
      hours: 'part_time',
      location: { line1: '84 Castle Street', town: 'Glasgow', postcode: 'G4 0SF', country: 'GB' },
      salary: { min: 12.5, period: 'hour', currency: 'GBP' },
      summary: null,
      replyToEmail: 'recruitment@demo.example',
      closingDate: '2030-03-15',
      category: 'Support services',
      videoUrl: null,
      personSpecification: {
        essential: { qualifications: [], experience: ['Care work'], skills: [] },
        desirable: { qualifications: [], experience: [], skills: [] },
      },
    } as unknown as Vacancy;
    const organisation = { name: 'Demo Company', about: 'A demo.' } as Organisation;
    const fields = stepstoneBoard.prefill({
      vacancy,
      organisation,
      trackingUrl: 'http://localhost/a?src=1',
      today: TODAY,
    });
    expect(stepstoneBoard.check(fields, { today: TODAY }).filter((i) => i.severity === 'error')).toEqual([]);
    const demo = stepstoneSettingsSchema.parse(stepstoneDemoSettings(baseUrl));
    await client(demo).create(fields);
    const [listing] = await listings(ref);
    expect(listing?.categories).toBe('workfield=1020;contracttype=4;worktype=6');
    expect(listing?.nodes['joblisting/jobdetails/joblocations/location/city']).toBe('Glasgow');
  });

  it('keeps every exchange as proof, form headers shown and the password out', async () => {
    await client().create(valid(reference()));
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]?.requestHeaders['content-type']).toMatch(/x-www-form-urlencoded/);
    expect(exchanges[0]?.responseBody).toContain('<statuscode>100</statuscode>');
    expect(JSON.stringify(exchanges)).not.toContain('demo-secret');
  });
});
