import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectSandbox,
  createTestContext,
  inDays,
  liveVacancy,
  type TestContext,
} from '../../test/support/app.js';
import { connectionSlots, postingAttempts, postings } from '../db/schema.js';
import { type PostingWorkerDeps, runPostingJob } from './posting-job.js';

// A worker claims a posting with one conditional update of its lease (posting-job.ts). A job that
// finds the posting leased waits until the lease ends; it is never dropped while the posting exists.

const ABOUT =
  'Demo NHS Trust provides acute, community and mental health services to 600,000 people across the west of Scotland.';

let t: TestContext;
let org: { id: string; token: string };
let connectionId: string;
let deps: PostingWorkerDeps;
const slots = { acquire: async () => () => {} };

/** A posting scheduled an hour ahead, so that the test's worker leaves it alone; and its job. */
async function scheduledPosting(reference: string) {
  const vacancy = await liveVacancy(t, org.token, {
    reference,
    closingDate: inDays(20),
    summary: `${ABOUT} A friendly ward.`,
    category: 'Nursing',
  });
  const scheduleAt = new Date(Date.now() + 3_600_000).toISOString();
  const res = await t.request(org.token, 'POST', `/api/v1/vacancies/${vacancy.id}/postings`, {
    connectionId,
    scheduleAt,
  });
  expect(res.status).toBe(202);
  const id = (res.body as { id: string }).id;
  const job = { postingId: id, organisationId: org.id, action: 'create' as const, scheduledFor: scheduleAt };
  return { id, job };
}
const leaseOf = async (id: string) =>
  (await t.deps.db.select({ leaseUntil: postings.leaseUntil }).from(postings).where(eq(postings.id, id)))[0]
    ?.leaseUntil;

beforeAll(async () => {
  t = await createTestContext({ pipeline: true });
  org = await t.organisation('Claim Trust');
  await t.request(org.token, 'PATCH', '/api/v1/organisation', {
    about: ABOUT,
    replyToEmail: 'jobs@claim.example',
  });
  connectionId = await connectSandbox(t, org.token, 's1jobs');
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

  it('comes back in a moment when the lease ended between the claim and its look at the posting', async () => {
    const { id, job } = await scheduledPosting('CLAIM-3');
    const theirs = new Date(Date.now() + 60_000);
    await t.deps.db.update(postings).set({ leaseUntil: theirs }).where(eq(postings.id, id));
    // The claim sees the lease still running; by the time the job looks, it has ended.
    const times = [new Date(theirs.getTime() - 1), new Date(theirs.getTime() + 1)];
    const clock = { now: () => times.shift() ?? new Date(theirs.getTime() + 1) };
    const deferral = await runPostingJob({ ...deps, clock }, job, slots);
    expect(deferral?.deferUntil.getTime()).toBe(theirs.getTime() + 1 + 250);
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

  it('gives the lease and the connection slot back with the outcome, so that a change can go at once', async () => {
    // The first call through the connection adds its slots; the second leases one with its start.
    for (const reference of ['CLAIM-4', 'CLAIM-5']) {
      const { id, job } = await scheduledPosting(reference);
      expect(await runPostingJob(deps, job, slots)).toBeNull();
      const [row] = await t.deps.db.select().from(postings).where(eq(postings.id, id));
      expect(row!.status).toBe('posted');
      expect(row!.leaseUntil).toBeNull();
      const attempts = await t.deps.db
        .select()
        .from(postingAttempts)
        .where(eq(postingAttempts.postingId, id));
      expect(attempts.map((a) => a.outcome)).toEqual(['succeeded']);
      const held = await t.deps.db
        .select()
        .from(connectionSlots)
        .where(eq(connectionSlots.connectionId, connectionId));
      expect(held.length).toBe(4);
      expect(held.filter((s) => s.leaseUntil.getTime() > Date.now())).toEqual([]);
    }
  });
});
