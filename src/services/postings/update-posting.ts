import { isDeepStrictEqual } from 'node:util';
import { eq } from 'drizzle-orm';
import { shownFields } from '../../boards/board.js';
import { getBoard } from '../../boards/registry.js';
import { postings } from '../../db/schema.js';
import { AppError } from '../../domain/errors.js';
import { update, updateRefusal } from '../../domain/posting-requests.js';
import { ukDate } from '../../domain/vacancy.js';
import { diff, recordActivity } from '../activity.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { applyTransition } from './apply-transition.js';
import { postingContext } from './find-postings.js';
import { currentFields, overridesOfRow, prefillNow, sameValue } from './in-step.js';
import {
  acceptedFields,
  changedFieldIssues,
  loadPosting,
  type Posting,
  toPosting,
} from './posting-record.js';

/**
 * Changes a posting's fields. A posted advert is updated on the board (posted → updating → posted);
 * one still waiting to be sent simply goes with the new fields. The board reference cannot change,
 * since it is how Postroom finds the advert again. The update starts from the vacancy's current
 * values plus the overrides (never from stale values); a changed field becomes an override unless
 * it equals what the vacancy gives, which resets it.
 */
export async function updatePosting(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
  changes: Record<string, unknown>,
): Promise<Posting> {
  const row = await deps.db.transaction(async (tx) => {
    const posting = await loadPosting(tx, actor, id, { forUpdate: true });
    const { source } = await postingContext({ ...deps, db: tx }, actor, posting.vacancyId);
    const board = getBoard(posting.board);
    const refused = updateRefusal(posting);
    if (refused) throw new AppError('invalid_state', refused);
    // A published draft belongs to the board now (NHS Jobs answers 409): say so before sending.
    if (board.drafts && posting.advertState === 'published')
      throw new AppError('invalid_state', board.drafts.publishedAdvice);
    const fields = shownFields(board.fields, { ...currentFields(posting, source), ...changes });
    const overrides = nextOverrides(
      overridesOfRow(posting),
      changes,
      prefillNow(posting, source),
      board.referenceField,
    );
    const issues = changedFieldIssues(
      board,
      fields,
      posting.boardReference,
      ukDate(deps.clock.now()),
      acceptedFields(posting),
    );
    if (issues.length > 0)
      throw new AppError('validation_failed', 'The changed posting has problems to fix first.', { issues });
    const now = deps.clock.now();
    const changed = diff(posting.fields, fields, [
      ...new Set([...Object.keys(posting.fields), ...Object.keys(fields)]),
    ]);
    if (Object.keys(changed).length === 0) {
      if (isDeepStrictEqual(overrides, overridesOfRow(posting))) return posting;
      const [kept] = await tx
        .update(postings)
        .set({ overrides })
        .where(eq(postings.id, posting.id))
        .returning();
      return kept!;
    }
    const updated = await applyTransition(deps, tx, posting, update(posting, fields), { overrides });
    await recordActivity(tx, actor, { type: 'posting', id: posting.id }, 'updated', changed, now);
    return updated;
  });
  deps.queue.wake();
  return toPosting(row, await postingContext(deps, actor, row.vacancyId));
}

/** A changed field becomes an override, unless it equals what the vacancy gives: that resets it. */
function nextOverrides(
  overrides: Record<string, unknown>,
  changes: Record<string, unknown>,
  prefill: Record<string, unknown>,
  referenceField: string,
): Record<string, unknown> {
  const next = { ...overrides };
  for (const [key, value] of Object.entries(changes)) {
    if (key === referenceField || sameValue(value, prefill[key])) delete next[key];
    else next[key] = value;
  }
  return next;
}
