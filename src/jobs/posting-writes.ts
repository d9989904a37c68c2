// The worker's two statements for each board call: the call's start (a slot, the pending attempt
// and the posting's state) and its outcome (the slot back, the attempt's outcome and the posting's
// state). Built once per shape (the columns they set) on the database: Drizzle building them again
// for every call was a good part of the worker's CPU per posting (issue 20's profile).
import { and, eq, sql } from 'drizzle-orm';
import {
  builtOnceEach,
  builtPerShape,
  type Db,
  type DbOrTx,
  placeholders,
  rowValues,
  shapeName,
} from '../db/client.js';
import { connectionSlots, postingAttempts, postings } from '../db/schema.js';
import type { PostingRow } from '../services/postings/posting-record.js';
import { releaseSlot, renewSlot, slotLease } from './connection-limits.js';

const value = (name: string) => sql.placeholder(name);

/**
 * A call's start: a free slot of the connection leased until `until` (or the slot `renew` handed on,
 * its lease moved from `renew.from`), with the attempt and the posting's new state.
 */
export interface CallStart {
  postingId: string;
  organisationId: string;
  connectionId: string;
  /** Slots of the connection. */
  limit: number;
  action: typeof postingAttempts.$inferInsert.action;
  now: Date;
  until: Date;
  /** The posting's new columns (`updatedAt` among them). */
  set: Partial<PostingRow>;
  /** A slot handed on by a call that ended, leased until `from`: its lease is moved, no other taken. */
  renew?: { slot: number; from: Date } | undefined;
}

/**
 * Writes a call's start in one statement; null when no slot of the connection was free (or it has
 * none yet, or the slot handed on was lost) and nothing was written.
 */
export async function writeCallStart(
  db: Db,
  start: CallStart,
): Promise<{ attemptId: number; slot: number } | null> {
  const row = rowValues(postings, start.set, 'set_');
  const shape = JSON.stringify([start.renew ? 'renew' : 'lease', row.shape]);
  const [started] = await startStatement(shape, db).execute({
    ...row.values,
    ...(start.renew && { slot: start.renew.slot, from: start.renew.from.toISOString() }),
    postingId: start.postingId,
    organisationId: start.organisationId,
    connectionId: start.connectionId,
    limit: start.limit,
    action: start.action,
    now: start.now.toISOString(),
    until: start.until.toISOString(),
  });
  return started ? { attemptId: Number(started.attemptId), slot: Number(started.slot) } : null;
}

/** `writeCallStart`'s statement for `shape`: [how the slot is taken, posting columns]. */
const startStatement = builtOnceEach((shape, db) => {
  const [taken, set] = JSON.parse(shape) as ['renew' | 'lease', string];
  const leased = db
    .$with('leased', { slot: connectionSlots.slot })
    .as(
      taken === 'renew'
        ? renewSlot(
            db,
            value('connectionId'),
            value('slot'),
            value('from'),
            value('until'),
            value('now'),
          ).getSQL()
        : slotLease(value('connectionId'), value('limit'), value('now'), value('until')),
    );
  const started = db.$with('started', { id: postingAttempts.id }).as(sql`
    insert into posting_attempts (posting_id, organisation_id, action, outcome, started_at)
    select ${value('postingId')}::uuid, ${value('organisationId')}::uuid, ${value('action')}, 'pending', ${value('now')}::timestamptz
    from leased
    returning id`);
  return db
    .with(leased, started)
    .update(postings)
    .set(placeholders(set, 'set_'))
    .where(and(eq(postings.id, value('postingId')), sql`exists (select 1 from leased)`))
    .returning({
      attemptId: sql<number>`(select "id" from "started")`,
      slot: sql<number>`(select "slot" from "leased")`,
    })
    .prepare(shapeName('call_start', shape));
});

/** The posting's new state, with what goes with it. */
export interface PostingWrite {
  postingId: string;
  /** The posting's new columns (`updatedAt` among them). */
  set: Partial<PostingRow>;
  /** The posting's lease given back, if it is still this one (past it, another worker may hold it). */
  releaseLease?: Date | undefined;
  /** A slot of the connection given back, if its lease is still this one. */
  freed?: { connectionId: string; slot: number; until: Date } | undefined;
  /** An attempt's outcome. */
  recorded?:
    | {
        attemptId: number;
        row: Pick<typeof postingAttempts.$inferInsert, 'outcome' | 'finishedAt' | 'exchanges' | 'error'>;
      }
    | undefined;
}

/**
 * Writes the posting's new state in one statement with what goes with it; false when the posting is
 * gone. On the database the statement is built once per shape; in a transaction (`tx`), for it.
 */
export async function writePosting(db: Db, write: PostingWrite, tx?: DbOrTx): Promise<boolean> {
  const set = rowValues(postings, write.set, 'set_');
  const recorded = write.recorded ? rowValues(postingAttempts, write.recorded.row, 'rec_') : null;
  const shape = JSON.stringify([
    `${write.freed ? 'f' : ''}${write.releaseLease ? 'l' : ''}`,
    recorded?.shape ?? null,
    set.shape,
  ]);
  const values = {
    ...set.values,
    ...recorded?.values,
    postingId: write.postingId,
    ...(write.recorded && { attemptId: write.recorded.attemptId }),
    ...(write.releaseLease && { lease: write.releaseLease.toISOString() }),
    ...(write.freed && {
      connectionId: write.freed.connectionId,
      slot: write.freed.slot,
      until: write.freed.until.toISOString(),
    }),
  };
  const rows = await writeStatement(shape, db, tx).execute(values);
  return rows.length > 0;
}

/** `writePosting`'s statement for `shape`: [flags (f: slot freed, l: lease), attempt columns, posting columns]. */
const writeStatement = builtPerShape((shape, db) => {
  const [flags, recorded, set] = JSON.parse(shape) as [string, string | null, string];
  const alongside = [
    ...(flags.includes('f')
      ? [db.$with('freed').as(releaseSlot(db, value('connectionId'), value('slot'), value('until')))]
      : []),
    ...(recorded !== null
      ? [
          db.$with('recorded').as(
            db
              .update(postingAttempts)
              .set(placeholders(recorded, 'rec_'))
              .where(eq(postingAttempts.id, value('attemptId')))
              .returning({ id: postingAttempts.id }),
          ),
        ]
      : []),
  ];
  const lease = flags.includes('l')
    ? {
        leaseUntil: sql`case when ${postings.leaseUntil} = ${value('lease')}::timestamptz then null else ${postings.leaseUntil} end`,
      }
    : {};
  return db
    .with(...alongside)
    .update(postings)
    .set({ ...placeholders(set, 'set_'), ...lease })
    .where(eq(postings.id, value('postingId')))
    .returning({ id: postings.id })
    .prepare(shapeName('posting_write', shape));
});
