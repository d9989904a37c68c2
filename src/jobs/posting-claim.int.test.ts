import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectSandbox,
  createTestContext,
  inDays,
  liveVacancy,
  type TestContext,
} from '../../test/support/app.js';
import { boardConnections, connectionSlots, postingAttempts, postings } from '../db/schema.js';
import { connectionPlaces } from './connection-places.js';
import { type ConnectionSlots, type HeldSlot, type PostingWorkerDeps, runPostingJob } from './posting-job.js';

// A worker claims a posting with one conditional update of its lease (posting-job.ts). A job that
// finds the posting leased waits until the lease ends; it is never dropped while the posting exists.

const ABOUT =
  'Demo NHS Trust provides acute, community and mental health services to 600,000 people across the west of Scotland.';

let t: TestContext;
let org: { id: string; token: string };
let connectionId: string;
let deps: PostingWorkerDeps;
const slots = connectionPlaces(4);

/** A posting scheduled an hour ahead, so that the test's worker leaves it alone; and its job. */
async function scheduledPosting(reference: string, through = connectionId) {
  const vacancy = await liveVacancy(t, org.token, {
    reference,
    closingDate: inDays(20),
    summary: `${ABOUT} A friendly ward.`,
    description: `<p>${ABOUT} You join a friendly ward team caring for adults after surgery.</p>`,
    category: 'Nursing',
  });
  const scheduleAt = new Date(Date.now() + 3_600_000).toISOString();
  const res = await t.request(org.token, 'POST', `/api/v1/vacancies/${vacancy.id}/postings`, {
    connectionId: through,
    scheduleAt,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const id = (res.body as { id: string }).id;
  const job = { postingId: id, organisationId: org.id, action: 'create' as const, scheduledFor: scheduleAt };
  return { id, job };
}
/**
 * One place per connection, whose first job gets its place only once the second waits for one: the
 * second job then waits for the first's call to end, however fast the machine. Records what each
 * job was handed with its place.
 */
function onePlaceSecondWaiting() {
  const one = connectionPlaces(1);
  const handed: (HeldSlot | null)[] = [];
  let secondArrived = () => {};
  const arrived = new Promise<void>((resolve) => {
    secondArrived = resolve;
  });
  let calls = 0;
  const slots: ConnectionSlots = {
    acquire: async (id, waitMs) => {
      const first = ++calls === 1;
      if (!first) secondArrived();
      const place = one.acquire(id, waitMs);
      if (first) await arrived;
      handed.push((await place)?.handed ?? null);
      return place;
    },
  };
  return { slots, handed };
}
/** Sets the s1jobs sandbox's faults; returns its counters. */
const faults = async (body: object) =>
  (
    await fetch(`${t.baseUrl}/sandbox/s1jobs/_faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  ).json() as Promise<{ counters: { requests: number; rateLimited: number } }>;
/** The connection's slots whose lease has not ended. */
const leasedSlots = async (through: string) =>
  (await t.deps.db.select().from(connectionSlots).where(eq(connectionSlots.connectionId, through))).filter(
    (s) => s.leaseUntil.getTime() > Date.now(),
  );
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

  // Reed counts calls against its rate limit: its start takes the slot the slow way.
  it.each([
    ['s1jobs', 6],
    ['reed', 8],
  ])(
    'hands the slot of a call that ended to the job waiting for the %s connection, and frees it after',
    async (board, n) => {
      const through = board === 's1jobs' ? connectionId : await connectSandbox(t, org.token, board);
      const { slots: recording, handed } = onePlaceSecondWaiting();
      const first = await scheduledPosting(`CLAIM-${n}`, through);
      const second = await scheduledPosting(`CLAIM-${n + 1}`, through);
      // A longer lease for the second, so that the slot's lease must move (the same end would not).
      const deferrals = await Promise.all([
        runPostingJob(deps, first.job, recording),
        runPostingJob({ ...deps, leaseMs: 5_000 }, second.job, recording),
      ]);
      expect(deferrals).toEqual([null, null]);
      expect(handed[0]).toBeNull();
      expect(handed[1]).toEqual({ slot: expect.any(Number), until: expect.any(Date) });
      const rows = await t.deps.db.select().from(postings).where(eq(postings.connectionId, through));
      for (const { id } of [first, second]) {
        const row = rows.find((r) => r.id === id)!;
        expect([row.status, row.leaseUntil]).toEqual(['posted', null]);
      }
      // The slot moved to the second job's lease, and its outcome gave it back.
      expect(await leasedSlots(through)).toEqual([]);
    },
  );

  it('sends nothing for the job that waited for its place while the board asked for a pause', async () => {
    const through = connectionId; // Paused after: the last test through it.
    const before = (await faults({ rateLimitRate: 1, retryAfterSeconds: 30 })).counters;
    try {
      const { slots: one } = onePlaceSecondWaiting();
      const first = await scheduledPosting('CLAIM-10', through);
      const second = await scheduledPosting('CLAIM-11', through);
      const started = Date.now();
      const results = await Promise.all([
        runPostingJob(deps, first.job, one),
        runPostingJob(deps, second.job, one),
      ]);
      // Whichever job took the place first made the call; its retry went to the queue with its new state.
      const waited = results[0] === null ? second : first;
      const deferral = results[0] === null ? results[1] : results[0];
      expect(results.filter((r) => r === null)).toHaveLength(1);
      expect(deferral!.deferUntil.getTime()).toBeGreaterThanOrEqual(started + 30_000);
      const { counters } = await faults({ rateLimitRate: 1, retryAfterSeconds: 30 });
      // One call, refused: the waiting job sent nothing.
      const sent = counters.requests - before.requests;
      expect([sent, counters.rateLimited - before.rateLimited]).toEqual([1, 1]);
      const rows = await t.deps.db.select().from(postings).where(eq(postings.connectionId, through));
      expect(rows.find((r) => r.id === waited.id)).toMatchObject({ status: 'scheduled', leaseUntil: null });
    } finally {
      await faults({});
    }
  });

  it('sends nothing for a job of another process that claimed its posting before the board asked for a pause', async () => {
    const through = connectionId;
    // The pause the test before left is over.
    await t.deps.db
      .update(boardConnections)
      .set({ pausedUntil: null })
      .where(eq(boardConnections.id, through));
    const before = (await faults({ rateLimitRate: 1, retryAfterSeconds: 30 })).counters;
    try {
      const first = await scheduledPosting('CLAIM-12', through);
      const second = await scheduledPosting('CLAIM-13', through);
      // The second job runs in "another process" (places of its own): it has claimed its posting and
      // waits for a place until the first job's call was refused.
      let claimed = () => {};
      const waiting = new Promise<void>((resolve) => {
        claimed = resolve;
      });
      let firstDone = () => {};
      const done = new Promise<void>((resolve) => {
        firstDone = resolve;
      });
      const otherProcess = connectionPlaces(4);
      const theirs: ConnectionSlots = {
        acquire: async (id, waitMs) => {
          claimed();
          await done;
          return otherProcess.acquire(id, waitMs);
        },
      };
      const started = Date.now();
      const late = runPostingJob(deps, second.job, theirs);
      await waiting;
      expect(await runPostingJob(deps, first.job, connectionPlaces(4))).toBeNull();
      firstDone();
      const deferral = await late;
      expect(deferral!.deferUntil.getTime()).toBeGreaterThanOrEqual(started + 30_000);
      const { counters } = await faults({ rateLimitRate: 1, retryAfterSeconds: 30 });
      expect([counters.requests - before.requests, counters.rateLimited - before.rateLimited]).toEqual([
        1, 1,
      ]);
      const rows = await t.deps.db.select().from(postings).where(eq(postings.connectionId, through));
      expect(rows.find((r) => r.id === second.id)).toMatchObject({ status: 'scheduled', leaseUntil: null });
      expect(await leasedSlots(through)).toEqual([]);
    } finally {
      await faults({});
    }
  });

  it('sends nothing with a slot handed on while another process paused the connection, and gives the slot back', async () => {
    const through = connectionId;
    const pause = (until: Date | null) =>
      t.deps.db.update(boardConnections).set({ pausedUntil: until }).where(eq(boardConnections.id, through));
    await pause(null); // The pause a test before left is over.
    const { slots: recording, handed } = onePlaceSecondWaiting();
    const pauseEnds = new Date(Date.now() + 30_000);
    let calls = 0;
    // Another process's call is refused with a 429 while the second job waits for its place: the
    // pause is in the database only, and this process hands the first call's slot on all the same.
    const pausedMeanwhile: ConnectionSlots = {
      acquire: async (id, waitMs) => {
        const waited = ++calls === 2;
        const place = await recording.acquire(id, waitMs);
        if (waited) await pause(pauseEnds);
        return place;
      },
    };
    const before = (await faults({})).counters;
    try {
      const first = await scheduledPosting('CLAIM-14', through);
      const second = await scheduledPosting('CLAIM-15', through);
      // One moment for both: their leases end together, so the handed slot's lease need not move.
      const moment = new Date();
      const together = { ...deps, clock: { now: () => moment } };
      const results = await Promise.all([
        runPostingJob(together, first.job, pausedMeanwhile),
        runPostingJob(together, second.job, pausedMeanwhile),
      ]);
      expect(handed[1]).toEqual({ slot: expect.any(Number), until: expect.any(Date) });
      // Whichever job took the place first made its call; the other waits for the pause to end.
      expect(results.filter((r) => r === null)).toHaveLength(1);
      expect(results.find((r) => r !== null)).toEqual({ deferUntil: pauseEnds });
      const { counters } = await faults({});
      expect(counters.requests - before.requests).toBe(1);
      // The handed slot went back at once, not when its lease would have run out.
      expect(await leasedSlots(through)).toEqual([]);
    } finally {
      await pause(null);
    }
  });
});
