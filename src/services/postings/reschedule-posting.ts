import { AppError } from '../../domain/errors.js';
import { reschedule, rescheduleRefusal } from '../../domain/posting-requests.js';
import { recordActivity } from '../activity.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { applyTransition } from './apply-transition.js';
import { checkScheduleAt } from './create-posting.js';
import { postingContext } from './find-postings.js';
import { loadPosting, type Posting, toPosting } from './posting-record.js';

/**
 * Gives a scheduled posting a new time (POST /postings/{id}/reschedule): the same rules as when it
 * was scheduled, a create job for the new time; the job queued before finds itself stale.
 */
export async function reschedulePosting(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
  at: Date,
): Promise<Posting> {
  const row = await deps.db.transaction(async (tx) => {
    const posting = await loadPosting(tx, actor, id, { forUpdate: true });
    const refused = rescheduleRefusal(posting);
    if (refused) throw new AppError('invalid_state', refused);
    const { source } = await postingContext({ ...deps, db: tx }, actor, posting.vacancyId);
    const now = deps.clock.now();
    checkScheduleAt(at, now, source.vacancy.closingDate);
    const updated = await applyTransition(deps, tx, posting, reschedule(posting, at));
    await recordActivity(
      tx,
      actor,
      { type: 'posting', id: posting.id },
      'rescheduled',
      { scheduledAt: { from: posting.scheduledAt?.toISOString() ?? null, to: at.toISOString() } },
      now,
    );
    return updated;
  });
  deps.queue.wake();
  return toPosting(row, await postingContext(deps, actor, row.vacancyId));
}
