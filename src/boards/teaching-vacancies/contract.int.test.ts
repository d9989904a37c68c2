import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { boardContract } from '../../../test/support/board-contract.js';
import { ukDate } from '../../domain/vacancy.js';
import { BoardError, type BoardExchange } from '../board.js';
import { teachingVacanciesBoard as board } from './index.js';
import { SANDBOX_KEYS, tvSandbox } from './sandbox.js';

const today = ukDate(new Date());
const inDays = (n: number) =>
  new Date(Date.parse(`${today}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

boardContract({
  board,
  badSettings: (baseUrl) => ({ ...board.sandbox.demoSettings(baseUrl), apiKey: 'f'.repeat(40) }),
  change: {
    fields: { title: 'Year 4 Class Teacher' },
    stored: (body) => body.job_title,
    expected: 'Year 4 Class Teacher',
  },
  invalid: { fields: { phases: ['Primary'] }, field: 'phases' },
  today,
  cases: [
    { name: 'a title of 75 characters', fields: { title: 'x'.repeat(75) } },
    { name: 'a title of 76 characters', fields: { title: 'x'.repeat(76) }, field: 'title' },
    { name: 'a closing date tomorrow', fields: { closingDate: inDays(1) } },
    { name: 'a closing date today', fields: { closingDate: today }, field: 'closingDate' },
    {
      name: 'a contract type in the wrong case',
      fields: { contractType: 'Permanent' },
      field: 'contractType',
    },
    { name: 'no job role', fields: { jobRoles: [] }, field: 'jobRoles' },
    { name: 'a subject not on the list', fields: { subjects: ['Maths'] }, field: 'subjects' },
    { name: 'a key stage not on the list', fields: { keyStages: ['ks6'] }, field: 'keyStages' },
    { name: 'no key stages', fields: { keyStages: [] } },
    { name: 'a blank salary', fields: { salary: '  ' }, field: 'salary' },
    { name: 'a start in words', fields: { startsOn: 'Easter' } },
    {
      name: 'a trust and one of its schools',
      fields: { schools: { trustUid: '16644', schoolUrns: ['137139'] } },
    },
    { name: "a trust's central office", fields: { schools: { trustUid: '16644' } } },
  ],
});

describe('Teaching Vacancies: duplicates, lost answers and the rate limit, over HTTP', () => {
  let app: FastifyInstance;
  let root: string;
  let exchanges: BoardExchange[] = [];
  const settings = () => board.sandbox.demoSettings(root);
  const client = (timeoutMs = 2_000) =>
    board.client(settings(), {
      fetch,
      now: () => new Date(),
      timeoutMs,
      onExchange: (e) => exchanges.push(e),
    });
  const post = (path: string, body: unknown) =>
    fetch(`${root}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const ours = async (reference: string) =>
    (await board.sandbox.adverts(root)).filter(
      // The sandbox profile reports the vacancy's part of `<organisation>/<reference>`.
      (a) => a.reference === reference.split('/').pop() && a.status === 'open',
    );
  let n = 0;
  const ref = () => `demo/TV-${Date.now().toString(36)}-${++n}`;

  beforeAll(async () => {
    app = Fastify();
    await app.register(tvSandbox, { prefix: '/sandbox/teaching-vacancies' });
    root = `${await app.listen({ port: 0, host: '127.0.0.1' })}/sandbox/teaching-vacancies`;
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    exchanges = [];
    await post('/_faults', {});
    await post('/_inspect/quirks', {});
  });

  it('creates, updates with a full PUT, and closes with a DELETE that frees the reference', async () => {
    const reference = ref();
    const c = client();
    const created = await c.create(board.sandbox.sampleFields(reference));
    const updated = await c.update(created, { ...board.sandbox.sampleFields(reference), salary: 'MPS' });
    expect(updated.url).toMatch(new RegExp(`/jobs/${created.externalId}$`));
    expect((await ours(reference))[0]?.body.salary).toBe('MPS');
    await c.close!(created);
    expect(await ours(reference)).toHaveLength(0);
    // A second close finds it gone: closed all the same.
    await expect(c.close!(created)).resolves.toEqual({ externalId: created.externalId });
    const again = await c.create(board.sandbox.sampleFields(reference));
    expect(again.externalId).not.toBe(created.externalId);
  });

  it('re-sends a create whose answer was lost and finds the advert through the 409: one advert', async () => {
    const reference = ref();
    await post('/_faults', { timeoutRate: 1 });
    const lost = await client(300)
      .create(board.sandbox.sampleFields(reference))
      .catch((e: unknown) => e);
    expect((lost as BoardError).reason).toBe('unknown_outcome');
    await post('/_faults', {});
    exchanges = [];
    const receipt = await client().create(board.sandbox.sampleFields(reference));
    expect(exchanges.map((e) => [e.method, e.status])).toEqual([
      ['POST', 409],
      ['GET', 200],
    ]);
    const stored = await ours(reference);
    expect(stored).toHaveLength(1);
    expect(receipt.externalId).toBe(stored[0]?.id);
  });

  it('settles a 500 after the board stored the advert the same way', async () => {
    const reference = ref();
    await post('/_inspect/quirks', { errorAfterCommit: true });
    const failed = await client()
      .create(board.sandbox.sampleFields(reference))
      .catch((e: unknown) => e);
    expect((failed as BoardError).reason).toBe('unknown_outcome');
    await post('/_inspect/quirks', {});
    const found = await client().lookup(reference);
    const resent = await client().create(board.sandbox.sampleFields(reference));
    expect(resent.externalId).toBe(found?.externalId);
    expect(await ours(reference)).toHaveLength(1);
  });

  it('fails a content duplicate of a vacancy that is not ours (its link is unreadable)', async () => {
    const school = (await fetch(`${root}/_inspect/vacancies`).then((r) => r.json())) as {
      vacancies: { client: string | null; body: Record<string, unknown> }[];
    };
    const theirs = school.vacancies.find((v) => v.client === null)!.body;
    const expires = String(theirs.expires_at);
    const error = await client()
      .create({
        ...board.sandbox.sampleFields(ref()),
        title: theirs.job_title,
        salary: theirs.salary,
        closingDate: expires.slice(0, 10),
        closingTime: expires.slice(11, 16),
        phases: ['secondary'],
        schools: { schoolUrns: ['100000'] },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BoardError);
    expect((error as BoardError).reason).toBe('conflict');
    expect((error as BoardError).message).toContain('same job title, expiry date');
  });

  it('reads the plain-text 429 without Retry-After as rate_limited until the next minute', async () => {
    await post('/_inspect/quirks', { perMinute: 1 });
    const c = client();
    await c.lookup('anything').catch(() => null);
    const error = await c.create(board.sandbox.sampleFields(ref())).catch((e: unknown) => e);
    expect((error as BoardError).reason).toBe('rate_limited');
    expect((error as BoardError).transient).toBe(true);
    const wait = (error as BoardError).retryAfterMs ?? 0;
    expect(wait).toBeGreaterThan(1_000);
    expect(wait).toBeLessThanOrEqual(61_000);
    expect(exchanges.at(-1)?.responseBody).toBe('Retry later\n');
  });

  it('refuses a rotated key at once', async () => {
    const next = 'b'.repeat(40);
    const other = { ...settings(), apiKey: SANDBOX_KEYS.other };
    await post('/_inspect/rotate', { key: SANDBOX_KEYS.other, next });
    const error = await board
      .client(other, { fetch, now: () => new Date() })
      .lookup('x')
      .catch((e: unknown) => e);
    expect((error as BoardError).reason).toBe('auth');
  });
});
