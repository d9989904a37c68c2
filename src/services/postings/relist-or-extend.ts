import { and, eq, ne, notInArray } from 'drizzle-orm';
import { findBoard } from '../../boards/registry.js';
import type { DbOrTx } from '../../db/client.js';
import { postings, vacancies } from '../../db/schema.js';
import { AppError, isUniqueViolation } from '../../domain/errors.js';
import { FINAL_STATUSES, type RenewalAction } from '../../domain/posting.js';
import { relistOrExtend, relistOrExtendRefusal } from '../../domain/posting-requests.js';
import { ukDate } from '../../domain/vacancy.js';
import { recordActivity } from '../activity.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { applyTransition } from './apply-transition.js';
import { postingContext } from './find-postings.js';
import { loadPosting, type Posting, type PostingRow, toPosting } from './posting-record.js';

const OTHER_OPEN =
  'The vacancy has another open posting through this connection: close it first, or keep that one.';

/** Why a relist would put an advert back that Postroom would take down again, or null. */
async function relistBlocker(tx: DbOrTx, posting: PostingRow, today: string): Promise<string | null> {
  const [vacancy] = await tx
    .select({ closingDate: vacancies.closingDate, status: vacancies.status })
    .from(vacancies)
    .where(and(eq(vacancies.id, posting.vacancyId), eq(vacancies.organisationId, posting.organisationId)));
  if (vacancy && vacancy.closingDate < today)
    return `The vacancy's closing date (${vacancy.closingDate}) has passed: move it later first, or the advert would expire again at once.`;
  const [other] = await tx
    .select({ id: postings.id })
    .from(postings)
    .where(
      and(
        eq(postings.vacancyId, posting.vacancyId),
        eq(postings.connectionId, posting.connectionId),
        eq(postings.organisationId, posting.organisationId),
        ne(postings.id, posting.id),
        notInArray(postings.status, [...FINAL_STATUSES]),
      ),
    );
  return other ? OTHER_OPEN : null;
}

/**
 * Relists an advert that ran out on its board, or extends a live one (POST /postings/{id}/relist,
 * /extend), on a board that declares it (`relistOrExtend`). A job sends it; both spend a credit there.
 */
export async function relistOrExtendPosting(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
  action: RenewalAction,
): Promise<Posting> {
  const row = await deps.db
    .transaction(async (tx) => {
      const posting = await loadPosting(tx, actor, id, { forUpdate: true });
      const board = findBoard(posting.board);
      if (!board?.relistOrExtend?.[action])
        throw new AppError('invalid_state', `${board?.label ?? posting.board} cannot ${action} an advert.`);
      const refused =
        relistOrExtendRefusal(posting, action) ??
        (action === 'relist' ? await relistBlocker(tx, posting, ukDate(deps.clock.now())) : null);
      if (refused) throw new AppError('invalid_state', refused);
      const updated = await applyTransition(deps, tx, posting, relistOrExtend(posting, action));
      await recordActivity(tx, actor, { type: 'posting', id: posting.id }, action, {}, deps.clock.now());
      return updated;
    })
    .catch((error: unknown) => {
      // Another posting of the vacancy opened through the connection at the same moment.
      if (isUniqueViolation(error, 'postings_active_unique')) throw new AppError('invalid_state', OTHER_OPEN);
      throw error;
    });
  deps.queue.wake();
  return toPosting(row, await postingContext(deps, actor, row.vacancyId));
}
