import { and, eq } from 'drizzle-orm';
import { findBoard } from '../../boards/registry.js';
import { postings } from '../../db/schema.js';
import { AppError } from '../../domain/errors.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { postingContext } from './find-postings.js';
import { type FieldChange, inStep } from './in-step.js';
import type { PostingRow } from './posting-record.js';
import { updatePosting } from './update-posting.js';

/** What "update all" did with one out-of-date posting. */
export interface UpdateOutcome {
  postingId: string;
  board: string;
  boardLabel: string;
  outcome: 'updated' | 'skipped';
  /** Why it was skipped, and what to do instead; null when updated. */
  reason: string | null;
  changes: FieldChange[];
}

/**
 * Sends the vacancy's current values (plus each posting's overrides) to every out-of-date posting
 * of the vacancy, through each board's own update. A posting that cannot be updated is skipped with
 * the reason, and the rest still go.
 */
export async function updateOutOfDatePostings(
  deps: ServiceDeps,
  actor: Actor,
  vacancyId: string,
): Promise<UpdateOutcome[]> {
  const { source } = await postingContext(deps, actor, vacancyId);
  const rows = await deps.db
    .select()
    .from(postings)
    .where(and(eq(postings.vacancyId, vacancyId), eq(postings.organisationId, actor.organisationId)));
  const outcomes: UpdateOutcome[] = [];
  for (const row of rows) {
    const { outOfDate, changes } = inStep(row, source);
    if (!outOfDate) continue;
    const boardLabel = findBoard(row.board)?.label ?? row.board;
    const base = { postingId: row.id, board: row.board, boardLabel, changes };
    const refusal = whyNot(row, boardLabel);
    if (refusal) {
      outcomes.push({ ...base, outcome: 'skipped', reason: refusal });
      continue;
    }
    try {
      await updatePosting(deps, actor, row.id, {});
      outcomes.push({ ...base, outcome: 'updated', reason: null });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const detail = error.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
      outcomes.push({
        ...base,
        outcome: 'skipped',
        reason: detail ? `${error.message} ${detail}` : error.message,
      });
    }
  }
  return outcomes;
}

/** Why Postroom cannot send changes to this posting now, or null. */
function whyNot(row: PostingRow, boardLabel: string): string | null {
  // A draft a person published on the board belongs to the board from then on: Postroom's update is refused.
  if (row.publishedOnBoardAt)
    return (
      findBoard(row.board)?.drafts?.publishedAdvice ??
      `Published in ${boardLabel}, so Postroom can no longer change it: edit it in ${boardLabel}, or copy the vacancy and post the copy.`
    );
  if (row.status === 'updating')
    return `Changes are already on their way to ${boardLabel}; update again once it is posted.`;
  return null;
}
