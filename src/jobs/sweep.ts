import { and, eq, inArray, isNull, lt, notInArray, or, sql } from 'drizzle-orm';
import type { Board } from '../boards/board.js';
import { listBoards } from '../boards/registry.js';
import { postings, vacancies } from '../db/schema.js';
import { ADVERT_ENDED } from '../domain/advert-state.js';
import { FINAL_STATUSES } from '../domain/posting.js';
import { ukDate } from '../domain/vacancy.js';
import { type ServiceDeps, systemActor } from '../services/deps.js';
import { purgeExpiredIdempotencyKeys } from '../services/idempotency.js';
import { renewDuePostings } from '../services/postings/auto-renew.js';
import { beginClose } from '../services/postings/close-posting.js';
import { repostDue } from '../services/postings/repost-due.js';
import { expireRunOut } from './run-out.js';

export interface SweepOptions {
  /**
   * How often a posted advert is checked on a board that reports its state (`readsStatus`), unless
   * the board sets its own `pollMs`.
   */
  statusPollMs: number;
}

/** How often each board that reports the advert's state is asked, by board id. */
export function pollIntervals(boards: readonly Board[], options: SweepOptions): Map<string, number> {
  return new Map(boards.filter((b) => b.readsStatus).map((b) => [b.id, b.pollMs ?? options.statusPollMs]));
}

/** Key of the advisory lock that lets one process sweep at a time. */
const SWEEP_LOCK = 7_110_418;

/**
 * The periodic work: postings of vacancies whose closing date has passed expire (closed on boards
 * that can close), posted adverts whose run ended on a board that lets them run out expire there
 * (run-out.ts), adverts set to renew automatically are renewed when they end on their board
 * within a day (services/postings/auto-renew.ts), and posted adverts on boards that report their state (drafts a person publishes
 * on the board, files waiting for their report) are checked, each board at its own interval; adverts
 * whose life on the board ran out are re-posted (`repost`); Idempotency-Keys past their 24 hours
 * are deleted. One process sweeps at a time. Returns true when it queued jobs.
 */
export async function runSweep(deps: ServiceDeps, options: SweepOptions): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const locked = await tx.execute(sql`select pg_try_advisory_xact_lock(${SWEEP_LOCK}) as ok`);
    const rows = (locked as unknown as { rows: { ok: boolean }[] }).rows;
    if (!rows[0]?.ok) return false;
    const now = deps.clock.now();
    await purgeExpiredIdempotencyKeys(tx, now);
    // An advert whose run already ended on its board first: it is not closed there a second time.
    const ranOut = await expireRunOut(deps, tx, now);
    const expired = await expireDue(deps, tx, now);
    const renewed = (await renewDuePostings(deps, tx, now)) > 0;
    let checked = await repostDue(deps, tx, now);
    for (const [board, pollMs] of pollIntervals(listBoards(), options))
      if (await checkBoardStates(deps, tx, board, new Date(now.getTime() - pollMs), now)) checked = true;
    return expired || ranOut || renewed || checked;
  });
}

type Tx = Parameters<Parameters<ServiceDeps['db']['transaction']>[0]>[0];

/** Starts expiring the postings whose vacancy's closing date has passed; true when it did. */
async function expireDue(deps: ServiceDeps, tx: Tx, now: Date): Promise<boolean> {
  const due = await tx
    .select({ posting: postings })
    .from(postings)
    .innerJoin(vacancies, eq(vacancies.id, postings.vacancyId))
    .where(
      and(
        notInArray(postings.status, [...FINAL_STATUSES]),
        isNull(postings.closeAs),
        lt(vacancies.closingDate, ukDate(now)),
      ),
    )
    .limit(500)
    .for('update', { of: postings });
  for (const { posting } of due) {
    await beginClose(deps, tx, systemActor(posting.organisationId, 'Closing date'), posting, 'expired');
  }
  return due.length > 0;
}

/** Queues a state read of each advert on this board not checked since `stale`; true when it did. */
async function checkBoardStates(
  deps: ServiceDeps,
  tx: Tx,
  board: string,
  stale: Date,
  now: Date,
): Promise<boolean> {
  const toCheck = await tx
    .update(postings)
    .set({ boardCheckedAt: now })
    .where(
      and(
        eq(postings.board, board),
        or(
          // Posted, and not yet published or ended on the board (a draft a person publishes there).
          and(
            eq(postings.status, 'posted'),
            or(
              isNull(postings.advertState),
              notInArray(postings.advertState, ['published', ...ADVERT_ENDED]),
            ),
          ),
          // Delivered, and waiting for the board's report (DWP Find a job's daily import).
          eq(postings.status, 'sent'),
          // Closed in Postroom but still live on the board: checked until it is closed there too.
          and(inArray(postings.status, ['closed', 'expired']), eq(postings.advertState, 'published')),
        ),
        or(isNull(postings.boardCheckedAt), lt(postings.boardCheckedAt, stale)),
      ),
    )
    .returning({ id: postings.id, organisationId: postings.organisationId });
  for (const posting of toCheck) {
    await deps.queue.enqueue(tx, {
      postingId: posting.id,
      organisationId: posting.organisationId,
      action: 'status',
    });
  }
  return toCheck.length > 0;
}
