import { eq } from 'drizzle-orm';
import { shownFields } from '../../boards/board.js';
import { getBoard } from '../../boards/registry.js';
import { postings } from '../../db/schema.js';
import { AppError } from '../../domain/errors.js';
import { ukDate } from '../../domain/vacancy.js';
import { recordActivity } from '../activity.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { postingContext } from './find-postings.js';
import { changedFieldIssues, loadPosting, type Posting, toPosting } from './posting-record.js';

/**
 * Tries a failed posting again, usually after its fields (or its connection's credentials) were
 * fixed. The fields are checked again first; the same action (create, update or close) runs again.
 */
export async function retryPosting(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
  changes: Record<string, unknown> = {},
): Promise<Posting> {
  const row = await deps.db.transaction(async (tx) => {
    const posting = await loadPosting(tx, actor, id, { forUpdate: true });
    if (posting.status !== 'failed') {
      throw new AppError(
        'invalid_state',
        `Only a failed posting can be retried; this one is ${posting.status}.`,
      );
    }
    const board = getBoard(posting.board);
    const current = posting.action === 'update' ? (posting.pendingFields ?? posting.fields) : posting.fields;
    const fields = shownFields(board.fields, { ...current, ...changes });
    if (posting.action !== 'close') {
      const issues = changedFieldIssues(board, fields, posting.boardReference, ukDate(deps.clock.now()));
      if (issues.length > 0)
        throw new AppError('validation_failed', 'Fix these problems before trying again.', { issues });
    }
    const now = deps.clock.now();
    const status =
      posting.action === 'create' ? 'queued' : posting.action === 'update' ? 'updating' : 'closing';
    const [updated] = await tx
      .update(postings)
      .set({
        status,
        // A fresh budget of attempts; a create that was tried before still looks the advert up first.
        attempts: posting.action === 'create' && posting.attempts > 0 ? 1 : 0,
        lastError: null,
        nextAttemptAt: null,
        updatedAt: now,
        ...(posting.action === 'create'
          ? { fields }
          : posting.action === 'update'
            ? { pendingFields: fields }
            : {}),
      })
      .where(eq(postings.id, posting.id))
      .returning();
    await deps.queue.enqueue(tx, {
      postingId: posting.id,
      organisationId: actor.organisationId,
      action: posting.action,
    });
    await recordActivity(tx, actor, { type: 'posting', id: posting.id }, 'retried', {}, now);
    return updated!;
  });
  deps.queue.wake();
  return toPosting(row, await postingContext(deps, actor, row.vacancyId));
}
