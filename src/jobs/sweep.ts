import { and, eq, inArray, isNull, lt, notInArray, or, sql } from 'drizzle-orm';
import { listBoards } from '../boards/registry.js';
import { postings, vacancies } from '../db/schema.js';
import { FINAL_STATUSES } from '../domain/posting.js';
import { ukDate } from '../domain/vacancy.js';
import { type ServiceDeps, systemActor } from '../services/deps.js';
import { purgeExpiredIdempotencyKeys } from '../services/idempotency.js';
import { beginClose } from '../services/postings/close-posting.js';

export interface SweepOptions {
  /** How often a posted advert on a board that reports its state (NHS Jobs) is checked. */
  nhsPollMs: number;
}

/** Key of the advisory lock that lets one process sweep at a time. */
const SWEEP_LOCK = 7_110_418;

/**
 * The periodic work: postings of vacancies whose closing date has passed expire (closed on boards
 * that can close), and posted adverts on boards that report their state (NHS Jobs drafts) are checked
 * for publication; Idempotency-Keys past their 24 hours are deleted. One process sweeps at a time.
 * Returns true when it queued jobs.
 */
export async function runSweep(deps: ServiceDeps, options: SweepOptions): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const locked = await tx.execute(sql`select pg_try_advisory_xact_lock(${SWEEP_LOCK}) as ok`);
    const rows = (locked as unknown as { rows: { ok: boolean }[] }).rows;
    if (!rows[0]?.ok) return false;
    const now = deps.clock.now();
    let queued = false;
    await purgeExpiredIdempotencyKeys(tx, now);

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
      queued = true;
    }

    const statusBoards = listBoards()
      .filter((b) => b.readsStatus)
      .map((b) => b.id);
    if (statusBoards.length > 0) {
      const stale = new Date(now.getTime() - options.nhsPollMs);
      const toCheck = await tx
        .update(postings)
        .set({ boardCheckedAt: now })
        .where(
          and(
            inArray(postings.board, statusBoards),
            or(
              and(
                eq(postings.status, 'posted'),
                or(isNull(postings.boardStatus), notInArray(postings.boardStatus, ['PUBLISHED', 'CLOSED'])),
              ),
              // Closed in Postroom but still live on the board: checked until it is closed there too.
              and(inArray(postings.status, ['closed', 'expired']), eq(postings.boardStatus, 'PUBLISHED')),
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
        queued = true;
      }
    }
    return queued;
  });
}
