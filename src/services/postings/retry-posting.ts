import { shownFields } from '../../boards/board.js';
import { getBoard } from '../../boards/registry.js';
import { AppError } from '../../domain/errors.js';
import { retry, retryRefusal } from '../../domain/posting-requests.js';
import { ukDate } from '../../domain/vacancy.js';
import { recordActivity } from '../activity.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { applyTransition } from './apply-transition.js';
import { postingContext } from './find-postings.js';
import {
  acceptedFields,
  changedFieldIssues,
  loadPosting,
  type Posting,
  toPosting,
} from './posting-record.js';

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
    const refused = retryRefusal(posting);
    if (refused) throw new AppError('invalid_state', refused);
    const board = getBoard(posting.board);
    const current = posting.action === 'update' ? (posting.pendingFields ?? posting.fields) : posting.fields;
    const fields = shownFields(board.fields, { ...current, ...changes });
    if (posting.action !== 'close') {
      // A failed update goes to an advert the board has: what it keeps (or charges for) counts.
      const previous = posting.action === 'update' ? acceptedFields(posting) : undefined;
      const issues = changedFieldIssues(
        board,
        fields,
        posting.boardReference,
        ukDate(deps.clock.now()),
        previous,
      );
      if (issues.length > 0)
        throw new AppError('validation_failed', 'Fix these problems before trying again.', { issues });
    }
    const updated = await applyTransition(deps, tx, posting, retry(posting, fields));
    await recordActivity(tx, actor, { type: 'posting', id: posting.id }, 'retried', {}, deps.clock.now());
    return updated;
  });
  deps.queue.wake();
  return toPosting(row, await postingContext(deps, actor, row.vacancyId));
}
