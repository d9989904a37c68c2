import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../test/support/app.js';
import { postings } from '../db/schema.js';
import { type PostingWorkerDeps, runPostingJob } from './posting-job.js';

// A worker claims a posting with one conditional update of its lease (posting-job.ts). A job that
// finds the posting leased waits until the lease ends; it is never dropped while the posting exists.

const ABOUT =
  'Demo NHS Trust provides acute, community and mental health services to 600,000 people across the west of Scotland.';
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

let t: TestContext;
let org: { id: string; token: string };
let deps: PostingWorkerDeps;
const slots = { acquire: async () => () => {} };
const api = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
  t.request(org.token, method, url, body);

/** A posting scheduled an hour ahead, so that the test's worker leaves it alone; and its job. */
async function scheduledPosting(reference: string) {
  const vacancy = await api(
    'POST',
    '/api/v1/vacancies',
    validVacancy({
      reference,
      closingDate: inDays(20),
      summary: `${ABOUT} A friendly ward.`,
      category: 'Nursing',
    }),
  );
  const vacancyId = (vacancy.body as { id: string }).id;
  await api('POST', `/api/v1/vacancies/${vacancyId}/publish`);
  const connections = (await api('GET', '/api/v1/connections')).body as { items: { id: string }[] };
  const scheduleAt = new Date(Date.now() + 3_600_000).toISOString();
  const res = await api('POST', `/api/v1/vacancies/${vacancyId}/postings`, {
    connectionId: connections.items[0]!.id,
    scheduleAt,
  });
  expect(res.status).toBe(202);
  const id = (res.body as { id: string }).id;
  const [row] = await t.deps.db.select().from(postings).where(eq(postings.id, id));
  const job = {
    postingId: id,
    organisationId: org.id,
    action: 'create' as const,
    scheduledFor: row!.scheduledAt!.toISOString(),
  };
  return { id, job };
}
const leaseOf = async (id: string) =>
  (await t.deps.db.select({ leaseUntil: postings.leaseUntil }).from(postings).where(eq(postings.id, id)))[0]
    ?.leaseUntil;

beforeAll(async () => {
  t = await createTestContext({ pipeline: true });
  org = await t.organisation('Claim Trust');
  await api('PATCH', '/api/v1/organisation', { about: ABOUT, replyToEmail: 'jobs@claim.example' });
  await api('POST', '/api/v1/connections', {
    board: 's1jobs',
    name: 's1jobs',
    settings: { username: 'demo-api', password: 'demo-secret', baseUrl: `${t.baseUrl}/sandbox/s1jobs` },
  });
  deps = {
    ...t.deps,
    retry: { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 4_000 },
    boardTimeoutMs: 1_000,
    leaseMs: 4_000,
    connectionConcurrency: 4,
  };
});
afterAll(async () => t.close());

describe('claiming a posting', () => {
  it("waits for another worker's lease to end instead of taking the posting", async () => {
    const { id, job } = await scheduledPosting('CLAIM-1');
    const theirs = new Date(Date.now() + 60_000);
    await t.deps.db.update(postings).set({ leaseUntil: theirs }).where(eq(postings.id, id));
    expect(await runPostingJob(deps, job, slots)).toEqual({ deferUntil: theirs });
    expect(await leaseOf(id)).toEqual(theirs);
  });

  it('gives the lease back at once for a stale job, and ends the job of a posting that is not there', async () => {
    const { id, job } = await scheduledPosting('CLAIM-2');
    // A lease past its time is free: a dead worker's.
    await t.deps.db
      .update(postings)
      .set({ leaseUntil: new Date(Date.now() - 1_000) })
      .where(eq(postings.id, id));
    const stale = { ...job, scheduledFor: new Date(Date.now() + 7_200_000).toISOString() };
    expect(await runPostingJob(deps, stale, slots)).toBeNull();
    expect(await leaseOf(id)).toBeNull();
    // Another organisation's id finds nothing: the job ends, the posting is untouched.
    expect(await runPostingJob(deps, { ...job, organisationId: crypto.randomUUID() }, slots)).toBeNull();
    const [row] = await t.deps.db.select().from(postings).where(eq(postings.id, id));
    expect(row!.status).toBe('scheduled');
  });
});
