import { AppError } from '../../domain/errors.js';
import { resolve, resolveRefusal } from '../../domain/posting-requests.js';
import { recordActivity } from '../activity.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { applyTransition } from './apply-transition.js';
import { postingContext } from './find-postings.js';
import { loadPosting, type Posting, toPosting } from './posting-record.js';

/**
 * Settles an uncertain posting with what a person found on the board: the advert exists (it is
 * posted; give its id on the board if you know it), or it does not (Postroom sends it).
 */
export async function resolvePosting(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
  answer: { exists: true; externalId?: string | undefined } | { exists: false },
): Promise<Posting> {
  const row = await deps.db.transaction(async (tx) => {
    const posting = await loadPosting(tx, actor, id, { forUpdate: true });
    const refused = resolveRefusal(posting);
    if (refused) throw new AppError('invalid_state', refused);
    const now = deps.clock.now();
    const updated = await applyTransition(deps, tx, posting, resolve(posting, answer, now));
    await recordActivity(
      tx,
      actor,
      { type: 'posting', id: posting.id },
      answer.exists ? 'resolved: exists' : 'resolved: absent',
      {},
      now,
    );
    return updated;
  });
  deps.queue.wake();
  return toPosting(row, await postingContext(deps, actor, row.vacancyId));
}
