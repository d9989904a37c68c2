import { AppError } from '../../domain/errors.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { closePosting } from './close-posting.js';
import { createPosting } from './create-posting.js';
import type { Posting } from './posting-record.js';
import { updatePosting } from './update-posting.js';

/** The most items one batch may hold. */
export const BATCH_LIMIT = 100;

export type BatchItem =
  | { action: 'post'; vacancyId: string; connectionId: string; fields?: Record<string, unknown> | undefined }
  | { action: 'update'; postingId: string; fields?: Record<string, unknown> | undefined }
  | { action: 'close'; postingId: string };

/** One item's outcome: the posting, or the error the single call would have answered. */
export type BatchOutcome = { index: number; posting: Posting } | { index: number; error: AppError };

/** Runs one item through the same service its single route uses, so every rule stays in one place. */
function runItem(deps: ServiceDeps, actor: Actor, item: BatchItem): Promise<Posting> {
  switch (item.action) {
    case 'post':
      return createPosting(deps, actor, item.vacancyId, {
        connectionId: item.connectionId,
        fields: item.fields,
      });
    case 'update':
      return updatePosting(deps, actor, item.postingId, item.fields ?? {});
    case 'close':
      return closePosting(deps, actor, item.postingId);
  }
}

/**
 * Runs each item on its own, one after another (each in its own transaction): a bad item is
 * answered with its error and never stops the others. An unexpected failure is reported through
 * `onUnexpected` and answered as an internal error for that item only.
 */
export async function runBatch(
  deps: ServiceDeps,
  actor: Actor,
  items: readonly BatchItem[],
  onUnexpected: (error: unknown, index: number) => void,
): Promise<BatchOutcome[]> {
  const outcomes: BatchOutcome[] = [];
  for (const [index, item] of items.entries()) {
    try {
      outcomes.push({ index, posting: await runItem(deps, actor, item) });
    } catch (error) {
      if (error instanceof AppError) {
        outcomes.push({ index, error });
        continue;
      }
      onUnexpected(error, index);
      outcomes.push({
        index,
        error: new AppError('internal', 'Something went wrong with this item; try it again.'),
      });
    }
  }
  return outcomes;
}
