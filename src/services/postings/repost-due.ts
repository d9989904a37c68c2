import { and, eq, inArray, isNull } from 'drizzle-orm';
import { listBoards } from '../../boards/registry.js';
import type { DbOrTx } from '../../db/client.js';
import { postings } from '../../db/schema.js';
import { update } from '../../domain/posting-requests.js';
import { ukDate } from '../../domain/vacancy.js';
import { diff, recordActivity } from '../activity.js';
import { type ServiceDeps, systemActor } from '../deps.js';
import { applyTransition } from './apply-transition.js';
import { overridesOfRow } from './in-step.js';

/**
 * Re-posts the adverts whose life on their board has run out while their vacancy is still open
 * (boards with `repost`, e.g. DWP Find a job's 30 days): an update with the fields the board gives,
 * kept as overrides so later updates keep them. True when it queued any.
 */
export async function repostDue(deps: ServiceDeps, tx: DbOrTx, now: Date): Promise<boolean> {
  const boards = listBoards().filter((b) => b.repost);
  if (boards.length === 0) return false;
  // Which adverts are due is the board's rule (their fields and version tag): read them all without a
  // lock, then lock only the due ones, skipping those another sweep or worker holds.
  const today = ukDate(now);
  const open = and(
    inArray(
      postings.board,
      boards.map((b) => b.id),
    ),
    eq(postings.status, 'posted'),
    isNull(postings.closeAs),
  );
  const candidates = await tx
    .select({ id: postings.id, board: postings.board, fields: postings.fields, etag: postings.etag })
    .from(postings)
    .where(open);
  const dueIds = candidates
    .filter((c) => boards.find((b) => b.id === c.board)?.repost?.(c.fields, c.etag, today))
    .map((c) => c.id);
  if (dueIds.length === 0) return false;
  const due = await tx
    .select()
    .from(postings)
    .where(and(open, inArray(postings.id, dueIds)))
    .for('update', { skipLocked: true });
  let renewed = false;
  for (const posting of due) {
    const changes = boards.find((b) => b.id === posting.board)?.repost?.(posting.fields, posting.etag, today);
    if (!changes) continue;
    const fields = { ...posting.fields, ...changes };
    await applyTransition(deps, tx, posting, update(posting, fields), {
      overrides: { ...overridesOfRow(posting), ...changes },
    });
    const actor = systemActor(posting.organisationId, 'Advert life');
    const changed = diff(posting.fields, fields, Object.keys(changes));
    await recordActivity(tx, actor, { type: 'posting', id: posting.id }, 'reposting', changed, now);
    renewed = true;
  }
  return renewed;
}
