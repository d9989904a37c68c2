import { and, eq, notInArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { postings } from '../../db/schema.js';
import { FINAL_STATUSES } from '../../domain/posting.js';
import { recordActivity } from '../activity.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { postingContext } from './find-postings.js';
import { loadPosting, type Posting, type PostingRow, toPosting } from './posting-record.js';

/**
 * Starts closing one posting, in the caller's transaction. What it takes depends on where the
 * posting is: an advert on the board is closed there (a job); one never sent is closed at once;
 * one whose create may have reached the board is looked up first (the create job does that).
 */
export async function beginClose(
  deps: ServiceDeps,
  tx: DbOrTx,
  actor: Actor,
  posting: PostingRow,
  closeAs: 'closed' | 'expired',
): Promise<PostingRow> {
  const now = deps.clock.now();
  const job = (action: 'create' | 'close') =>
    deps.queue.enqueue(tx, { postingId: posting.id, organisationId: posting.organisationId, action });
  const set = async (values: Partial<PostingRow>) => {
    const [row] = await tx
      .update(postings)
      .set({ ...values, updatedAt: now })
      .where(eq(postings.id, posting.id))
      .returning();
    return row!;
  };
  let row: PostingRow;
  if (FINAL_STATUSES.includes(posting.status)) return posting;
  const neverSent = posting.action === 'create' && posting.attempts === 0 && !posting.externalId;
  if (neverSent && posting.status !== 'sending') {
    row = await set({ status: closeAs, closeAs, closedAt: now, nextAttemptAt: null });
  } else if (posting.externalId) {
    // On the board: close it there.
    row = await set({
      status: 'closing',
      action: 'close',
      closeAs,
      attempts: 0,
      nextAttemptAt: null,
      lastError: null,
    });
    await job('close');
  } else {
    // Perhaps on the board (an earlier create may have arrived): the create job looks first.
    row = await set({
      status: posting.status === 'sending' ? 'sending' : 'retrying',
      action: 'create',
      closeAs,
      nextAttemptAt: now,
    });
    if (posting.status !== 'sending') await job('create');
  }
  await recordActivity(
    tx,
    actor,
    { type: 'posting', id: posting.id },
    closeAs === 'expired' ? 'expiring' : 'closing',
    {},
    now,
  );
  return row;
}

/** Closes one posting (POST /postings/{id}/close). */
export async function closePosting(deps: ServiceDeps, actor: Actor, id: string): Promise<Posting> {
  const row = await deps.db.transaction(async (tx) => {
    const posting = await loadPosting(tx, actor, id, { forUpdate: true });
    return beginClose(deps, tx, actor, posting, 'closed');
  });
  deps.queue.wake();
  return toPosting(row, await postingContext(deps, actor, row.vacancyId));
}

/** Closes every active posting of a vacancy, in the caller's transaction (closing a vacancy does this). */
export async function closeVacancyPostings(
  deps: ServiceDeps,
  tx: DbOrTx,
  actor: Actor,
  vacancyId: string,
  closeAs: 'closed' | 'expired',
): Promise<PostingRow[]> {
  const rows = await tx
    .select()
    .from(postings)
    .where(
      and(
        eq(postings.vacancyId, vacancyId),
        eq(postings.organisationId, actor.organisationId),
        notInArray(postings.status, [...FINAL_STATUSES]),
      ),
    )
    .for('update');
  const closed: PostingRow[] = [];
  for (const row of rows) closed.push(await beginClose(deps, tx, actor, row, closeAs));
  return closed;
}
