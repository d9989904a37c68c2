// A board connection's limits held in the database, so that they hold across every worker process:
// leased request slots (calls in flight) and a count of calls per rate-limit window.
import { and, eq, gt, type Placeholder, sql } from 'drizzle-orm';
import type { RateLimit } from '../boards/board.js';
import type { DbOrTx } from '../db/client.js';
import { boardConnections, connectionRequestWindows, connectionSlots } from '../db/schema.js';

/** A rolling limit is counted in this many fixed windows per span: any span meets at most one more. */
const PARTS = 10;

/**
 * The fixed windows a board's limit is counted in, and the calls allowed in each. A `fixed` limit is
 * counted as the board counts it. A `rolling` one in tenths of its span, with a share small enough
 * that any span (which meets at most 11 tenths) stays within the limit: 181 calls every 6 minutes
 * for 2,000 an hour.
 */
export function countingWindow(limit: RateLimit): { windowMs: number; allowed: number } {
  if (limit.window === 'fixed') return { windowMs: limit.perMs, allowed: limit.requests };
  return {
    windowMs: Math.floor(limit.perMs / PARTS),
    allowed: Math.max(1, Math.floor(limit.requests / (PARTS + 1))),
  };
}

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

/** A value, or the placeholder of a statement built once that stands for it (times as ISO text). */
type Value<T> = T | Placeholder;

/**
 * The connection is not paused at `now`: no process of the cluster takes a slot of it while the
 * board's pause (its 429's Retry-After) runs.
 */
const notPaused = (connectionId: Value<string>, now: Value<string>) => sql`not exists (
    select 1 from board_connections
    where id = ${connectionId} and paused_until > ${now}::timestamptz)`;

/**
 * The statement that leases a free slot (returning `slot`), or none when every slot is leased, the
 * connection has none yet or is paused; rows another transaction is taking are skipped, not waited for.
 */
export const slotLease = (
  connectionId: Value<string>,
  limit: Value<number>,
  now: Value<string>,
  until: Value<string>,
) => sql`
  with free as (
    select slot from connection_slots
    where connection_id = ${connectionId} and slot < ${limit} and lease_until <= ${now}::timestamptz
      and ${notPaused(connectionId, now)}
    order by slot limit 1
    for update skip locked)
  update connection_slots set lease_until = ${until}::timestamptz
  from free
  where connection_slots.connection_id = ${connectionId} and connection_slots.slot = free.slot
  returning connection_slots.slot as slot`;

/**
 * Leases a free slot of the connection until `until`, in one statement (rows another transaction
 * is taking are skipped, not waited for), or returns null when all `limit` slots are leased or the
 * connection is paused. A lease past its time is free again: a dead process's slots come back by
 * themselves.
 */
export async function leaseSlot(
  tx: DbOrTx,
  connectionId: string,
  limit: number,
  now: Date,
  until: Date,
): Promise<number | null> {
  const take = async () =>
    rowsOf<{ slot: number }>(
      await tx.execute(slotLease(connectionId, limit, now.toISOString(), until.toISOString())),
    )[0]?.slot ?? null;
  const slot = await take();
  if (slot !== null) return slot;
  // The first call through a connection (or a raised limit): add its slots, then try once more.
  const added = await tx.execute(sql`
    insert into connection_slots (connection_id, slot, lease_until)
    select ${connectionId}, g, 'epoch'::timestamptz from generate_series(0, ${limit - 1}) g
    on conflict do nothing
    returning slot`);
  return rowsOf(added).length > 0 ? take() : null;
}

/**
 * Gives a slot back, if the lease is still ours (past its time another worker may hold it). Awaited,
 * it runs alone; unawaited, it is a statement that can join another as a common table expression.
 */
export function releaseSlot(
  tx: DbOrTx,
  connectionId: Value<string>,
  slot: Value<number>,
  until: Value<Date>,
) {
  return tx
    .update(connectionSlots)
    .set({ leaseUntil: new Date(0) })
    .where(
      and(
        eq(connectionSlots.connectionId, connectionId),
        eq(connectionSlots.slot, slot),
        eq(connectionSlots.leaseUntil, until),
      ),
    )
    .returning({ slot: connectionSlots.slot });
}

/**
 * Moves a slot's lease from `from` to `until`, if it is still `from` (a slot handed from a call that
 * ended to the next job through the connection) and the connection is not paused at `now`; returns
 * the slot, or none. Awaited, it runs alone; unawaited, it can join another statement as a common
 * table expression.
 */
export function renewSlot(
  tx: DbOrTx,
  connectionId: Value<string>,
  slot: Value<number>,
  from: Value<Date>,
  until: Value<Date>,
  now: Value<string>,
) {
  return tx
    .update(connectionSlots)
    .set({ leaseUntil: until instanceof Date ? until : sql`${until}::timestamptz` })
    .where(
      and(
        eq(connectionSlots.connectionId, connectionId),
        eq(connectionSlots.slot, slot),
        eq(connectionSlots.leaseUntil, from),
        notPaused(connectionId, now),
      ),
    )
    .returning({ slot: connectionSlots.slot });
}

/** When the connection's pause ends, if it is paused at `now`. */
export async function pausedUntil(tx: DbOrTx, connectionId: string, now: Date): Promise<Date | null> {
  const [row] = await tx
    .select({ until: boardConnections.pausedUntil })
    .from(boardConnections)
    .where(and(eq(boardConnections.id, connectionId), gt(boardConnections.pausedUntil, now)));
  return row?.until ?? null;
}

/**
 * Counts one call against the connection's rate limit, in one statement, or returns when the
 * window that refused it ends. Windows are aligned on the clock (a whole minute for Teaching
 * Vacancies), as the boards count them.
 */
export async function countCall(
  tx: DbOrTx,
  connectionId: string,
  limit: RateLimit,
  now: Date,
): Promise<Date | null> {
  const { windowMs, allowed } = countingWindow(limit);
  const start = new Date(now.getTime() - (now.getTime() % windowMs));
  const same = sql`${connectionRequestWindows.windowStartedAt} = ${start.toISOString()}::timestamptz`;
  const [counted] = await tx
    .insert(connectionRequestWindows)
    .values({ connectionId, windowStartedAt: start, count: 1 })
    .onConflictDoUpdate({
      target: connectionRequestWindows.connectionId,
      set: {
        count: sql`case when ${same} then ${connectionRequestWindows.count} + 1 else 1 end`,
        windowStartedAt: start,
      },
      setWhere: sql`not (${same}) or ${connectionRequestWindows.count} < ${allowed}`,
    })
    .returning({ count: connectionRequestWindows.count });
  return counted ? null : new Date(start.getTime() + windowMs);
}
