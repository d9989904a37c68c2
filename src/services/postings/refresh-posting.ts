import { getBoard } from '../../boards/registry.js';
import { AppError } from '../../domain/errors.js';
import { readsBoardState } from '../../domain/posting-state.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { postingContext } from './find-postings.js';
import { loadPosting, type Posting, toPosting } from './posting-record.js';

/** Asks the board now for the advert's state (e.g. whether an NHS Jobs draft was published). */
export async function refreshPosting(deps: ServiceDeps, actor: Actor, id: string): Promise<Posting> {
  const row = await deps.db.transaction(async (tx) => {
    const posting = await loadPosting(tx, actor, id);
    const board = getBoard(posting.board);
    if (!board.readsStatus) {
      throw new AppError('invalid_state', `${board.label} cannot tell Postroom the state of an advert.`);
    }
    if (!readsBoardState(posting)) {
      throw new AppError(
        'invalid_state',
        `This posting is ${posting.status}; only an advert on ${board.label} can be checked there.`,
      );
    }
    await deps.queue.enqueue(tx, {
      postingId: posting.id,
      organisationId: actor.organisationId,
      action: 'status',
    });
    return posting;
  });
  deps.queue.wake();
  return toPosting(row, await postingContext(deps, actor, row.vacancyId));
}
