import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { postings } from '../../db/schema.js';
import type { Transition } from '../../domain/posting-state.js';
import type { ServiceDeps } from '../deps.js';
import type { PostingRow } from './posting-record.js';

/**
 * Persists a transition of the posting state machine that a person (or the sweep) asked for, in the
 * caller's transaction: the posting's new values, and the job it queues. Returns the updated row.
 */
export async function applyTransition(
  deps: ServiceDeps,
  tx: DbOrTx,
  posting: PostingRow,
  transition: Transition,
  values: Partial<PostingRow> = {},
): Promise<PostingRow> {
  const [row] = await tx
    .update(postings)
    .set({ ...transition.set, ...values, updatedAt: deps.clock.now() })
    .where(eq(postings.id, posting.id))
    .returning();
  if (transition.enqueue) {
    const { action, at } = transition.enqueue;
    const job = { postingId: posting.id, organisationId: posting.organisationId, action };
    await deps.queue.enqueue(
      tx,
      at ? { ...job, scheduledFor: at.toISOString() } : job,
      at ? { startAfter: at } : {},
    );
  }
  return row!;
}
