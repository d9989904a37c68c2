import { and, eq, notInArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { postings } from '../../db/schema.js';
import { FINAL_STATUSES } from '../../domain/posting.js';
import { close } from '../../domain/posting-requests.js';
import { recordActivity } from '../activity.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { applyTransition } from './apply-transition.js';
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
  if (FINAL_STATUSES.includes(posting.status)) return posting;
  const now = deps.clock.now();
  const row = await applyTransition(deps, tx, posting, close(posting, closeAs, now));
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
