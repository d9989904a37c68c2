import { and, desc, eq, getTableColumns, isNotNull, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { allowedAddress } from '../boards/address-policy.js';
import {
  type Board,
  BoardError,
  type BoardExchange,
  type BoardReceipt,
  type ClientDeps,
} from '../boards/board.js';
import { builtOnce, type DbOrTx } from '../db/client.js';
import { boardConnections, postingAttempts, postings } from '../db/schema.js';
import type { RenewalAction, RetryPolicy } from '../domain/posting.js';
import {
  type BoardCall,
  boardErrorSeen,
  closedWithoutBoard,
  connectionRemoved,
  createMayHaveReachedBoard,
  jobIsCurrent,
  RENEWAL_INTERRUPTED,
  receiptSeen,
  renewalMayHaveReachedBoard,
  startCall,
  startCreate,
  type Transition,
  type TransitionContext,
} from '../domain/posting-state.js';
import { openConnectionRow } from '../services/connections.js';
import type { ServiceDeps } from '../services/deps.js';
import { type PostingRow, receiptOf } from '../services/postings/posting-record.js';
import { asBoardError, storedExchanges } from './board-call.js';
import { countCall, leaseSlot, pausedUntil, releaseSlot, renewSlot } from './connection-limits.js';
import { type PostingWrite, writeCallStart, writePosting } from './posting-writes.js';
import type { PostingJob } from './queue.js';

export interface PostingWorkerDeps extends ServiceDeps {
  retry: RetryPolicy;
  /** Time limit of one board call; past it the outcome is unknown. */
  boardTimeoutMs: number;
  /** How long one worker holds a posting while it calls the board. */
  leaseMs: number;
  /** Board calls in flight through one connection, across every process sharing the database. */
  connectionConcurrency: number;
  random?: () => number;
}

/** How long a job waits when every slot of its connection is taken by another process (plus up to as much again). */
const BUSY_RETRY_MS = 250;

/** The connection's slots are all leased, or its rate-limit window is full: the call waits, uncounted. */
class ConnectionBusy extends Error {
  constructor(readonly until: Date) {
    super('the connection is at its limit');
  }
}

/** Why a job did not run now, and when to try it again. */
export type Deferral = { deferUntil: Date } | null;

/** A slot of a connection, leased in the database until `until`. */
export interface HeldSlot {
  slot: number;
  until: Date;
}

/** A job's place among those running at once through one connection in this process. */
export interface SlotPlace {
  /** The slot the job before handed on with the place, or null. */
  handed: HeldSlot | null;
  /** The end of the last pause a job of this process set on the connection (it may have passed), or null. */
  pausedUntil: Date | null;
  /** Tells the jobs that take a place on the connection after this that the board asked for a pause. */
  pause(until: Date): void;
  /** Passes the place and `slot` to the next job waiting for the connection; false when none waits. */
  handOver(slot: HeldSlot): boolean;
  /** Gives the place up (nothing, once it was handed over). */
  release(): void;
}

/** Limits how many jobs run at once through one connection; `acquire` waits for a place, up to `waitMs`. */
export interface ConnectionSlots {
  acquire(connectionId: string, waitMs: number): Promise<SlotPlace | null>;
}

/**
 * Runs one job of a posting. Exactly once: the attempt is written before the board is called; a
 * create that may have reached the board before (any earlier attempt) looks the advert up first and
 * sends only when it is absent; a lease keeps two workers off the same posting. Returns a deferral
 * when the job must wait (another worker holds the posting, or the board asked us to slow down).
 */
export async function runPostingJob(
  deps: PostingWorkerDeps,
  job: PostingJob,
  slots: ConnectionSlots,
): Promise<Deferral> {
  const now = () => deps.clock.now();
  const at = now();
  const lease = new Date(at.getTime() + deps.leaseMs);
  const [claim] = await claimStatement(deps.db).execute({
    postingId: job.postingId,
    organisationId: job.organisationId,
    lease,
    at,
  });
  if (!claim) return heldElsewhere(deps, job);
  const { posting, connection } = claim;
  // Release only our own lease: if it ran out, another worker may hold the posting now.
  const releaseLease = () =>
    deps.db
      .update(postings)
      .set({ leaseUntil: null })
      .where(and(eq(postings.id, posting.id), eq(postings.leaseUntil, lease)));
  if (!jobIsCurrent(posting, job.action, job.scheduledFor)) {
    await releaseLease(); // A stale job: the posting moved on.
    return null;
  }
  if (connection?.pausedUntil && connection.pausedUntil > at) {
    await releaseLease();
    return { deferUntil: connection.pausedUntil };
  }
  if (!connection) {
    // The connection was removed: nothing can be sent through it.
    await deps.db
      .update(postings)
      .set({ ...connectionRemoved().set, leaseUntil: null, updatedAt: now() })
      .where(eq(postings.id, posting.id));
    return null;
  }
  let run: PostingRun;
  try {
    // Stored settings the board's schema refuses throw here.
    const { board, settings } = openConnectionRow(deps, connection);
    run = new PostingRun(deps, board, settings, posting, lease);
  } catch (error) {
    await releaseLease();
    throw error;
  }
  // Wait, holding the lease but no transaction, for a place on the connection; a job that waits too
  // long gives the posting back and goes back to the queue.
  const place = await slots.acquire(posting.connectionId, deps.leaseMs / 2);
  if (!place) {
    await releaseLease();
    return { deferUntil: new Date(now().getTime() + 500) };
  }
  if (place.pausedUntil && place.pausedUntil > now()) {
    // The board asked for a pause while this job waited for its place.
    place.release();
    await releaseLease();
    return { deferUntil: place.pausedUntil };
  }
  run.takePlace(place);
  try {
    if (job.action === 'create') await run.create();
    else if (job.action === 'update') await run.update();
    else if (job.action === 'close') await run.close();
    else if (job.action === 'status') await run.status();
    else await run.relistOrExtend(job.action);
  } catch (error) {
    // Nothing was recorded (no attempt was written, or its outcome was not): the job runs again later.
    if (error instanceof ConnectionBusy) return { deferUntil: error.until };
    throw error;
  } finally {
    place.release();
    await run.giveSlotBack();
    // Finishing an attempt gives the lease back in its own transaction; this covers the other ways out.
    if (!run.leaseReleased) await releaseLease();
  }
  return null;
}

/**
 * Claims a posting for this worker and reads its connection, in one statement: its lease is free or
 * past its time (a dead worker's). No transaction: the conditional update is the claim. Built once
 * per database, as it runs for every job.
 */
const claimStatement = builtOnce((db) => {
  const claimed = db.$with('claimed').as(
    db
      .update(postings)
      .set({ leaseUntil: sql`${sql.placeholder('lease')}` })
      .where(
        and(
          eq(postings.id, sql.placeholder('postingId')),
          eq(postings.organisationId, sql.placeholder('organisationId')),
          or(isNull(postings.leaseUntil), lte(postings.leaseUntil, sql.placeholder('at'))),
        ),
      )
      .returning(),
  );
  return db
    .with(claimed)
    .select({ posting: columnsOf(claimed), connection: boardConnections })
    .from(claimed)
    .leftJoin(
      boardConnections,
      and(
        eq(boardConnections.id, claimed.connectionId),
        eq(boardConnections.organisationId, claimed.organisationId),
        isNull(boardConnections.archivedAt),
      ),
    )
    .prepare('postroom_claim_posting');
});

/** Every column of a posting, read through a common table expression that returned the whole row. */
function columnsOf<T extends Record<keyof PostingRow, unknown>>(cte: T): { [K in keyof PostingRow]: T[K] } {
  const keys = Object.keys(getTableColumns(postings)) as (keyof PostingRow)[];
  return Object.fromEntries(keys.map((key) => [key, cte[key]])) as { [K in keyof PostingRow]: T[K] };
}

/**
 * The claim found the posting leased: the job waits until the lease ends (a moment, if it ended
 * since the claim looked). Only a posting that is gone ends the job.
 */
async function heldElsewhere(deps: PostingWorkerDeps, job: PostingJob): Promise<Deferral> {
  const [held] = await deps.db
    .select({ leaseUntil: postings.leaseUntil })
    .from(postings)
    .where(and(eq(postings.id, job.postingId), eq(postings.organisationId, job.organisationId)));
  if (!held) return null;
  const soon = new Date(deps.clock.now().getTime() + BUSY_RETRY_MS);
  return { deferUntil: held.leaseUntil && held.leaseUntil > soon ? held.leaseUntil : soon };
}

/** One job's work on one posting, with its board client: calls the board and persists what the state machine says. */
class PostingRun {
  private exchanges: BoardExchange[] = [];
  private readonly client;
  /** True once an attempt's outcome was recorded with the lease given back (the run is over). */
  leaseReleased = false;
  /** Set while an attempt is recorded that the run goes on from (a look-up that found nothing). */
  private continuing = false;
  /**
   * The connection's slot this run holds, or null: leased until the posting's lease ends, or, handed
   * on by the job before, until that job's lease ended (the run's start moves it).
   */
  private slot: HeldSlot | null = null;
  private place: SlotPlace | null = null;

  constructor(
    private readonly deps: PostingWorkerDeps,
    private readonly board: Board,
    settings: Record<string, unknown>,
    private posting: PostingRow,
    private readonly lease: Date,
  ) {
    const clientDeps: ClientDeps = {
      fetch: deps.fetch,
      now: () => deps.clock.now(),
      timeoutMs: deps.boardTimeoutMs,
      resolveAddress: (host, port) => allowedAddress(deps.boardAddresses, host, port),
      onExchange: (e) => this.exchanges.push(e),
    };
    this.client = board.client(settings, clientDeps);
  }

  private now() {
    return this.deps.clock.now();
  }

  /** The run's place on the connection, and the slot handed on with it. */
  takePlace(place: SlotPlace) {
    this.place = place;
    this.slot = place.handed;
  }

  /**
   * Whether the run holds the slot handed on with its place, not yet taken by a start (which checks
   * that no process paused the connection meanwhile, and gives `slot` a new value). Not told by the
   * lease's end: it may be the run's own, to the ms.
   */
  private slotHanded(): boolean {
    return this.slot !== null && this.slot === this.place?.handed;
  }

  private context(): TransitionContext {
    return {
      now: this.now(),
      retry: this.deps.retry,
      ...(this.deps.random ? { random: this.deps.random } : {}),
      boardLabel: this.board.label,
      boardReference: this.posting.boardReference,
    };
  }

  /**
   * Takes the connection, then writes a pending attempt and the posting's new state in one
   * statement, before the board is called. Returns the attempt's id.
   */
  private async begin(
    action: typeof postingAttempts.$inferInsert.action,
    values: Partial<PostingRow> = {},
  ): Promise<number> {
    this.exchanges = [];
    const fast = await this.startWithSlot(action, values);
    if (fast !== null) return fast;
    await this.takeConnection();
    const { db } = this.deps;
    const attempt = db
      .insert(postingAttempts)
      .values({
        postingId: this.posting.id,
        organisationId: this.posting.organisationId,
        action,
        outcome: 'pending',
        startedAt: this.now(),
      })
      .returning({ id: postingAttempts.id });
    if (Object.keys(values).length === 0) return (await attempt)[0]!.id;
    const started = db.$with('started').as(attempt);
    const now = this.now();
    const [row] = await db
      .with(started)
      .update(postings)
      .set({ ...values, updatedAt: now })
      .where(eq(postings.id, this.posting.id))
      .returning({ attemptId: sql<number>`(select "id" from "started")` });
    if (!row) throw new Error('the posting was deleted while it was being sent');
    this.posting = this.written(values, now);
    return Number(row.attemptId);
  }

  /**
   * The posting as a statement that set `values` (and `updatedAt`) left it, without reading it back:
   * the columns it sets are all the statement changes.
   */
  private written(values: Partial<PostingRow>, updatedAt: Date, leaseGivenBack = false): PostingRow {
    const set = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
    return { ...this.posting, ...set, ...(leaseGivenBack ? { leaseUntil: null } : {}), updatedAt };
  }

  /**
   * The common case of `begin` in one statement: a free slot of the connection leased (or the slot
   * handed on, its lease moved), the pending attempt and the posting's new state, when the board has
   * no rate limit to count and the run holds no slot of its own. Null when it does not apply or no
   * slot was free (or the connection has none yet, or the slot handed on was lost): `takeConnection`
   * then takes the slot the slow way, adding the connection's slots the first time.
   */
  private async startWithSlot(
    action: typeof postingAttempts.$inferInsert.action,
    values: Partial<PostingRow>,
  ): Promise<number | null> {
    if (this.board.rateLimit || Object.keys(values).length === 0) return null;
    if (this.slot !== null && !this.slotHanded()) return null;
    const { id, organisationId, connectionId } = this.posting;
    const now = this.now();
    const started = await writeCallStart(this.deps.db, {
      postingId: id,
      organisationId,
      connectionId,
      limit: this.deps.connectionConcurrency,
      action,
      now,
      until: this.lease,
      set: { ...values, updatedAt: now },
      renew: this.slot ? { slot: this.slot.slot, from: this.slot.until } : undefined,
    });
    // No free slot, the connection paused by another process, or a slot handed on whose lease was
    // lost: the slow way finds out which (and gives a handed slot back if it may).
    if (!started) return null;
    this.posting = this.written(values, now);
    this.slot = { slot: started.slot, until: this.lease };
    return started.attemptId;
  }

  /**
   * Takes a slot of the connection (unless the run holds one) and counts the call against the
   * board's rate limit; throws ConnectionBusy when either is full. The slot taken stays with the run
   * until its outcome is recorded, or `giveSlotBack` frees it.
   */
  private async takeConnection(): Promise<void> {
    const { connectionId } = this.posting;
    const now = this.now();
    const { db } = this.deps;
    if (this.slotHanded()) {
      const { slot, until } = this.slot!;
      const [renewed] = await renewSlot(db, connectionId, slot, until, this.lease, now.toISOString());
      this.slot = renewed ? { slot, until: this.lease } : null;
      // Not renewed while another process's pause runs: the slot goes back, not to waste till `until`.
      if (!renewed) await releaseSlot(db, connectionId, slot, until);
    }
    if (this.slot === null) {
      const concurrency = this.deps.connectionConcurrency;
      const slot = await leaseSlot(db, connectionId, concurrency, now, this.lease);
      this.slot = slot === null ? null : { slot, until: this.lease };
      if (this.slot === null)
        throw new ConnectionBusy(
          (await pausedUntil(db, connectionId, now)) ??
            new Date(now.getTime() + BUSY_RETRY_MS * (1 + (this.deps.random ?? Math.random)())),
        );
    }
    const limit = this.board.rateLimit;
    const nextWindow = limit ? await countCall(this.deps.db, connectionId, limit, now) : null;
    if (nextWindow) throw new ConnectionBusy(nextWindow);
  }

  /** Frees the connection's slot if the run still holds it (a run that ended without recording). */
  async giveSlotBack() {
    if (this.slot === null) return;
    await releaseSlot(this.deps.db, this.posting.connectionId, this.slot.slot, this.slot.until);
    this.slot = null;
  }

  /**
   * Writes the posting's new state, in one statement with the parts of a transition's outcome that
   * go with it (`write`: the slot, the attempt, the lease); in `tx` when given.
   */
  private async set(
    values: Partial<PostingRow>,
    write: Omit<PostingWrite, 'postingId' | 'set'> = {},
    tx?: DbOrTx,
  ) {
    const now = this.now();
    const found = await writePosting(
      this.deps.db,
      { ...write, postingId: this.posting.id, set: { ...values, updatedAt: now } },
      tx,
    );
    if (!found) throw new Error('the posting was deleted while it was being sent');
    this.posting = this.written(values, now, write.releaseLease !== undefined);
  }

  /**
   * Persists one transition: the slot given back and the attempt's outcome (when `attemptId` is
   * given) with the posting's new state, in one statement; in one transaction with the next job and
   * a pause of the connection when the transition has them. When the call is over and another job
   * waits for the connection, the slot goes to it first, so that its call starts without waiting
   * for this outcome to be written; when the board asked us to slow down, the jobs waiting learn of
   * the pause instead.
   */
  private async apply(attemptId: number | null, transition: Transition) {
    const { set, record, enqueue, pauseConnectionUntil } = transition;
    const ends = attemptId !== null && !this.continuing;
    const { db } = this.deps;
    const { connectionId } = this.posting;
    if (pauseConnectionUntil) this.place?.pause(pauseConnectionUntil);
    else if (ends && this.slot && this.place?.handOver(this.slot)) this.slot = null;
    const write: Omit<PostingWrite, 'postingId' | 'set'> = {
      // The call is over: its slot goes back with the outcome (unless handed on), and the posting's lease.
      freed: ends && this.slot !== null ? { connectionId, ...this.slot } : undefined,
      releaseLease: ends ? this.lease : undefined,
      recorded:
        attemptId !== null && record
          ? {
              attemptId,
              row: {
                outcome: record.outcome,
                finishedAt: this.now(),
                exchanges: storedExchanges(this.exchanges),
                error: record.error ?? null,
              },
            }
          : undefined,
    };
    if (!enqueue && !pauseConnectionUntil) await this.set(set, write);
    else {
      await db.transaction(async (tx) => {
        await this.set(set, write, tx);
        if (enqueue) {
          await this.deps.queue.enqueue(
            tx,
            {
              postingId: this.posting.id,
              organisationId: this.posting.organisationId,
              action: enqueue.action,
            },
            enqueue.at ? { startAfter: enqueue.at } : {},
          );
        }
        if (pauseConnectionUntil) {
          // The board asked us to slow down: every posting through this connection waits, not just this one.
          await tx
            .update(boardConnections)
            .set({ pausedUntil: pauseConnectionUntil })
            .where(eq(boardConnections.id, connectionId));
        }
      });
    }
    if (ends) {
      this.leaseReleased = true;
      this.slot = null;
    }
    if (enqueue && !enqueue.at) this.deps.queue.wake();
  }

  /** Whether an earlier create of this posting may have reached the board (then it is looked up first). */
  private async mayBeOnBoard(): Promise<boolean> {
    if (this.posting.attempts === 0) return false;
    const attempts = await this.deps.db
      .select({ action: postingAttempts.action, outcome: postingAttempts.outcome })
      .from(postingAttempts)
      .where(eq(postingAttempts.postingId, this.posting.id))
      .orderBy(desc(postingAttempts.id));
    return createMayHaveReachedBoard(attempts);
  }

  /**
   * The board ids of the earlier adverts with this posting's reference through its connection (the
   * ones it renews, or a posting closed and posted again): a look-up must not take them for this one.
   */
  private async earlierAdverts(): Promise<string[]> {
    const rows = await this.deps.db
      .select({ externalId: postings.externalId })
      .from(postings)
      .where(
        and(
          eq(postings.organisationId, this.posting.organisationId),
          eq(postings.connectionId, this.posting.connectionId),
          eq(postings.boardReference, this.posting.boardReference),
          ne(postings.id, this.posting.id),
          isNotNull(postings.externalId),
        ),
      );
    return rows.flatMap((r) => (r.externalId ? [r.externalId] : []));
  }

  /** Calls the board and persists its answer; a throw (ours included) is the board error it stands for. */
  private async call(attemptId: number, call: BoardCall, send: () => Promise<BoardReceipt | null>) {
    try {
      const receipt = await send();
      return await this.apply(attemptId, receiptSeen(this.posting, call, receipt, this.now()));
    } catch (thrown) {
      return this.apply(attemptId, boardErrorSeen(this.posting, call, asBoardError(thrown), this.context()));
    }
  }

  async create() {
    let step = startCreate(this.posting, !(await this.mayBeOnBoard()), this.now());
    if (step.call === 'lookup') {
      const attemptId = await this.begin('lookup', step.set);
      let found: BoardReceipt | null;
      try {
        found = await this.client.lookup(this.posting.boardReference, await this.earlierAdverts());
      } catch (thrown) {
        const error = asBoardError(thrown);
        return this.apply(attemptId, boardErrorSeen(this.posting, 'lookup', error, this.context()));
      }
      if (found) return this.apply(attemptId, receiptSeen(this.posting, 'lookup', found, this.now()));
      // Not on the board: record the look-up and go on to send, still holding the lease.
      this.continuing = true;
      try {
        await this.apply(attemptId, receiptSeen(this.posting, 'lookup', null, this.now()));
      } finally {
        this.continuing = false;
      }
      step = startCreate(this.posting, true, this.now());
    }
    if (step.call === null) {
      const { set } = step; // Closed before it ever reached the board: nothing to send.
      return this.set(set);
    }
    const attemptId = await this.begin('create', step.set);
    return this.call(attemptId, 'create', () => this.client.create(this.posting.fields));
  }

  async update() {
    const fields = this.posting.pendingFields ?? this.posting.fields;
    const attemptId = await this.begin('update', startCall(this.posting, 'update'));
    return this.call(attemptId, 'update', () =>
      this.client.update(receiptOf(this.posting), fields, this.posting.fields),
    );
  }

  async close() {
    const close = this.client.close?.bind(this.client);
    if (!close) {
      // The board has no close call (NHS Jobs): the advert is closed there by a person.
      const { set } = closedWithoutBoard(this.posting, { now: this.now(), boardLabel: this.board.label });
      return this.set(set);
    }
    const attemptId = await this.begin('close', startCall(this.posting, 'close'));
    return this.call(attemptId, 'close', () => close(receiptOf(this.posting)));
  }

  /** Relists or extends the advert (a board with `relistOrExtend`); both spend a credit, so never re-sent blindly. */
  async relistOrExtend(action: RenewalAction) {
    const send = this.client[action]?.bind(this.client);
    const [newest] = await this.deps.db
      .select({ action: postingAttempts.action, outcome: postingAttempts.outcome })
      .from(postingAttempts)
      .where(eq(postingAttempts.postingId, this.posting.id))
      .orderBy(desc(postingAttempts.id))
      .limit(1);
    const interrupted = renewalMayHaveReachedBoard(newest ? [newest] : [], action);
    const attemptId = await this.begin(action, startCall(this.posting, action));
    if (interrupted)
      return this.apply(attemptId, boardErrorSeen(this.posting, action, RENEWAL_INTERRUPTED, this.context()));
    return this.call(attemptId, action, async () => {
      if (!send) throw new BoardError('unexpected', `${this.board.label} cannot ${action} an advert.`);
      return send(receiptOf(this.posting));
    });
  }

  async status() {
    const read = this.client.status?.bind(this.client);
    if (!read) return;
    const attemptId = await this.begin('status');
    return this.call(attemptId, 'status', () => read(receiptOf(this.posting)));
  }
}
