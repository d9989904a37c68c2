// Adverts that run out on their board (a board with `relistOrExtend`, which tells nothing when they do):
// the sweep marks their postings expired on the day Postroom computed, so they can be relisted.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { listBoards } from '../boards/registry.js';
import type { DbOrTx } from '../db/client.js';
import { postings } from '../db/schema.js';
import { ranOut } from '../domain/posting-requests.js';
import { ukDate } from '../domain/vacancy.js';
import { recordActivity } from '../services/activity.js';
import { type ServiceDeps, systemActor } from '../services/deps.js';
import { applyTransition } from '../services/postings/apply-transition.js';

/** How many posted adverts one sweep looks at, those whose run began longest ago first. */
const BATCH = 500;

/** Expires the posted adverts whose run on such a board has ended (their end day is past); true when it did. */
export async function expireRunOut(deps: ServiceDeps, tx: DbOrTx, now: Date): Promise<boolean> {
  const boards = listBoards().filter((b) => b.relistOrExtend && b.advertEnd);
  if (boards.length === 0) return false;
  const runStart = sql`coalesce(${postings.runStartedAt}, ${postings.postedAt})`;
  const rows = await tx
    .select()
    .from(postings)
    .where(
      and(
        eq(postings.status, 'posted'),
        inArray(
          postings.board,
          boards.map((b) => b.id),
        ),
        sql`${runStart} is not null`,
      ),
    )
    .orderBy(asc(runStart))
    .limit(BATCH)
    .for('update');
  const today = ukDate(now);
  let any = false;
  for (const row of rows) {
    const board = boards.find((b) => b.id === row.board);
    const start = row.runStartedAt ?? row.postedAt;
    const endsOn = start ? board?.advertEnd?.(row.fields, start).endsOn : null;
    if (!endsOn || endsOn >= today) continue;
    await applyTransition(deps, tx, row, ranOut(row, now));
    const actor = systemActor(row.organisationId, `Advert life on ${board?.label}`);
    await recordActivity(tx, actor, { type: 'posting', id: row.id }, 'ran_out', {}, now);
    any = true;
  }
  return any;
}
