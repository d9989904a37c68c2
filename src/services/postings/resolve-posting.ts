import { eq } from 'drizzle-orm';
import { postings } from '../../db/schema.js';
import { AppError } from '../../domain/errors.js';
import { recordActivity } from '../activity.js';
import type { Actor, ServiceDeps } from '../deps.js';
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
    if (posting.status !== 'uncertain') {
      throw new AppError(
        'invalid_state',
        `Only an uncertain posting can be resolved; this one is ${posting.status}.`,
      );
    }
    const now = deps.clock.now();
    const values = answer.exists
      ? {
          status: 'posted' as const,
          externalId: answer.externalId ?? posting.externalId,
          postedAt: posting.postedAt ?? now,
          uncertainReason: null,
          lastError: null,
          nextAttemptAt: null,
        }
      : // The person checked: nothing is there, so the next create need not look first.
        {
          status: 'queued' as const,
          action: 'create' as const,
          attempts: 0,
          uncertainReason: null,
          lastError: null,
          nextAttemptAt: null,
        };
    const [updated] = await tx
      .update(postings)
      .set({ ...values, updatedAt: now })
      .where(eq(postings.id, posting.id))
      .returning();
    if (!answer.exists) {
      await deps.queue.enqueue(tx, {
        postingId: posting.id,
        organisationId: actor.organisationId,
        action: 'create',
      });
    }
    await recordActivity(
      tx,
      actor,
      { type: 'posting', id: posting.id },
      answer.exists ? 'resolved: exists' : 'resolved: absent',
      {},
      now,
    );
    return updated!;
  });
  deps.queue.wake();
  return toPosting(row, await postingContext(deps, actor, row.vacancyId));
}
