// The sweep on a real database: which postings it expires and which adverts it asks the board about.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db.js';
import { listBoards } from '../boards/registry.js';
import type { Database } from '../db/client.js';
import { boardConnections, organisations, postings, vacancies } from '../db/schema.js';
import type { ServiceDeps } from '../services/deps.js';
import type { PostingJob } from './queue.js';
import { runSweep } from './sweep.js';

const now = new Date('2026-11-30T10:00:00Z');
const POLL = 15 * 60_000;
const reading = listBoards().find((b) => b.readsStatus);
const silent = listBoards().find((b) => !b.readsStatus);

let database: Database;
let organisationId: string;
const jobs: PostingJob[] = [];
const deps = () =>
  ({
    db: database.db,
    clock: { now: () => now },
    queue: {
      enqueue: async (_tx: unknown, job: PostingJob) => {
        jobs.push(job);
      },
      wake: () => {},
    },
  }) as unknown as ServiceDeps;

async function vacancy(closingDate: string): Promise<string> {
  const [row] = await database.db
    .insert(vacancies)
    .values({
      organisationId,
      reference: `REF-${randomUUID().slice(0, 8)}`,
      title: 'Staff nurse',
      employmentType: 'permanent',
      hours: 'full_time',
      workplace: 'on_site',
      location: {},
      description: 'Caring for patients',
      closingDate,
      personSpecification: {},
      status: 'live',
    } as unknown as typeof vacancies.$inferInsert)
    .returning({ id: vacancies.id });
  return row!.id;
}

async function connection(board: string): Promise<string> {
  const [row] = await database.db
    .insert(boardConnections)
    .values({ organisationId, board, name: `${board} ${randomUUID()}`, secrets: 'sealed' })
    .returning({ id: boardConnections.id });
  return row!.id;
}

async function posting(values: Partial<typeof postings.$inferInsert> & { board: string }): Promise<string> {
  const [row] = await database.db
    .insert(postings)
    .values({
      organisationId,
      vacancyId: await vacancy('2027-01-31'),
      connectionId: await connection(values.board),
      status: 'posted',
      action: 'create',
      trackingToken: randomUUID(),
      boardReference: randomUUID(),
      fields: {},
      externalId: 'AD-1',
      attempts: 1,
      ...values,
    })
    .returning({ id: postings.id });
  return row!.id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const [org] = await database.db
    .insert(organisations)
    .values({ slug: 'sweep', name: 'Sweep Trust' })
    .returning({ id: organisations.id });
  organisationId = org!.id;
});
afterAll(async () => database?.close());

describe.runIf(reading && silent)('runSweep', () => {
  it('asks the board about adverts not yet published or ended, each at its interval', async () => {
    const board = reading!.id;
    const checked = {
      unknown: await posting({ board, advertState: null }),
      draft: await posting({ board, advertState: 'draft' }),
      closedHereLiveThere: await posting({ board, status: 'closed', advertState: 'published' }),
    };
    const skipped = [
      await posting({ board, advertState: 'published' }),
      await posting({ board, advertState: 'closed' }),
      await posting({ board, status: 'closed', advertState: 'closed' }),
      await posting({ board, advertState: 'draft', boardCheckedAt: new Date(now.getTime() - POLL / 2) }),
      await posting({ board: silent!.id, advertState: null }),
    ];
    jobs.length = 0;
    expect(await runSweep(deps(), { statusPollMs: POLL })).toBe(true);
    const asked = jobs.filter((j) => j.action === 'status').map((j) => j.postingId);
    expect(asked.sort()).toEqual(Object.values(checked).sort());
    for (const id of skipped) expect(asked).not.toContain(id);

    // Just checked: not asked again before the interval has passed.
    jobs.length = 0;
    await runSweep(deps(), { statusPollMs: POLL });
    expect(jobs.filter((j) => j.action === 'status')).toEqual([]);
  });

  it('expires the postings of a vacancy past its closing date', async () => {
    const board = silent!.id;
    const neverSent = await posting({ board, status: 'queued', externalId: null, attempts: 0 });
    const onBoard = await posting({ board });
    const past = await vacancy('2026-11-01');
    await database.db.update(postings).set({ vacancyId: past }).where(eq(postings.id, neverSent));
    await database.db.update(postings).set({ vacancyId: past }).where(eq(postings.id, onBoard));
    jobs.length = 0;
    expect(await runSweep(deps(), { statusPollMs: POLL })).toBe(true);
    const rows = await database.db.select().from(postings);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(neverSent)).toMatchObject({ status: 'expired', closeAs: 'expired' });
    expect(byId.get(onBoard)).toMatchObject({ status: 'closing', action: 'close', closeAs: 'expired' });
    expect(jobs).toContainEqual({ postingId: onBoard, organisationId, action: 'close' });
  });
});
