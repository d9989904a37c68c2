import { and, eq, gt, inArray, isNull } from 'drizzle-orm';
import { listBoards } from '../../boards/registry.js';
import type { DbOrTx } from '../../db/client.js';
import { postings, vacancies } from '../../db/schema.js';
import { AppError } from '../../domain/errors.js';
import { autoRenewDue } from '../../domain/renewal.js';
import { ukDate } from '../../domain/vacancy.js';
import { recordActivity } from '../activity.js';
import { type Actor, type ServiceDeps, systemActor } from '../deps.js';
import { postingContext } from './find-postings.js';
import { advertEndOf, type PostingRow } from './posting-record.js';
import { beginRenewal } from './renew-posting.js';

/** Postings one pass looks at, at most (the next pass takes the rest). */
const BATCH = 200;

/**
 * The automatic renewal pass (run by the worker's sweep, in its transaction): every posted advert
 * set to renew automatically, on a board that renews, of a vacancy still open, is renewed when it
 * ends on the board within a day and before the vacancy closes, with a recruiter's rights (a renewal
 * needing an approver, or over budget, is not made). Rows another process holds are
 * skipped (FOR UPDATE SKIP LOCKED). A renewal the board's checks refuse turns the option off, with
 * the reason in the activity log, so that it is not tried again every pass. Returns how many it renewed.
 */
export async function renewDuePostings(deps: ServiceDeps, tx: DbOrTx, now: Date): Promise<number> {
  const renewing = listBoards()
    .filter((b) => b.renewal)
    .map((b) => b.id);
  if (renewing.length === 0) return 0;
  const today = ukDate(now);
  const candidates = await tx
    .select({ posting: postings, closingDate: vacancies.closingDate })
    .from(postings)
    .innerJoin(vacancies, eq(vacancies.id, postings.vacancyId))
    .where(
      and(
        eq(postings.autoRenew, true),
        eq(postings.status, 'posted'),
        isNull(postings.closeAs),
        inArray(postings.board, renewing),
        eq(vacancies.status, 'live'),
        gt(vacancies.closingDate, today),
      ),
    )
    .limit(BATCH)
    .for('update', { of: postings, skipLocked: true });
  let renewed = 0;
  for (const { posting, closingDate } of candidates) {
    const endsOn = advertEndOf(posting, closingDate)?.endsOn ?? null;
    if (!autoRenewDue({ endsOn, closingDate, vacancyOpen: true, today })) continue;
    if (await renewOne(deps, tx, posting)) renewed += 1;
  }
  return renewed;
}

async function renewOne(deps: ServiceDeps, tx: DbOrTx, posting: PostingRow): Promise<boolean> {
  // With a recruiter's rights: a renewal that would need an approver (or go over budget) is not made.
  const actor: Actor = { ...systemActor(posting.organisationId, 'Automatic renewal'), role: 'recruiter' };
  const { source } = await postingContext({ ...deps, db: tx }, actor, posting.vacancyId);
  try {
    await beginRenewal(deps, tx, actor, posting, source);
    return true;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const detail = error.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    await tx.update(postings).set({ autoRenew: false }).where(eq(postings.id, posting.id));
    await recordActivity(
      tx,
      actor,
      { type: 'posting', id: posting.id },
      `automatic renewal stopped: ${error.message}${detail ? ` ${detail}` : ''}`,
      { autoRenew: { from: true, to: false } },
      deps.clock.now(),
    );
    return false;
  }
}
