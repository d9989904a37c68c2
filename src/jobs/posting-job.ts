import { and, eq, isNull, sql } from 'drizzle-orm';
import {
  type Board,
  BoardError,
  type BoardExchange,
  type BoardReceipt,
  type ClientDeps,
} from '../boards/board.js';
import { boardConnections, postingAttempts, postings } from '../db/schema.js';
import {
  IN_FLIGHT_STATUSES,
  type PostingError,
  type RetryPolicy,
  retryDelayMs,
  type StoredExchange,
} from '../domain/posting.js';
import { openConnectionRow } from '../services/connections.js';
import type { ServiceDeps } from '../services/deps.js';
import { type PostingRow, readsBoardState, receiptOf } from '../services/postings/posting-record.js';
import type { PostingJob } from './queue.js';

export interface PostingWorkerDeps extends ServiceDeps {
  retry: RetryPolicy;
  /** Time limit of one board call; past it the outcome is unknown. */
  boardTimeoutMs: number;
  /** How long one worker holds a posting while it calls the board. */
  leaseMs: number;
  random?: () => number;
}

/** Why a job did not run now, and when to try it again. */
export type Deferral = { deferUntil: Date } | null;

const errorOf = (error: BoardError, action?: PostingError['action']): PostingError => ({
  reason: error.reason,
  message: error.message,
  field: error.field,
  boardMessage: error.boardMessage,
  status: error.status,
  ...(error.issues.length > 0
    ? { issues: error.issues.map(({ field, message }) => ({ field, message })) }
    : {}),
  ...(action ? { action } : {}),
});

/** Anything thrown by our own code after a call may have left is treated as an unknown outcome. */
const asBoardError = (error: unknown): BoardError =>
  error instanceof BoardError
    ? error
    : new BoardError(
        'unknown_outcome',
        `Postroom failed while talking to the board: ${(error as Error).message}`,
        { cause: error },
      );

const storedExchanges = (exchanges: BoardExchange[]): StoredExchange[] =>
  exchanges.map((e) => ({
    ...e,
    at: e.at.toISOString(),
    responseBody: e.responseBody?.slice(0, 20_000) ?? null,
  }));

/**
 * Runs one job of a posting. Exactly once: the attempt is written before the board is called; a
 * create that may have reached the board before (any earlier attempt) looks the advert up first and
 * sends only when it is absent; a lease keeps two workers off the same posting. Returns a deferral
 * when the job must wait (another worker holds the posting, or the board asked us to slow down).
 */
/** Limits how many jobs run at once through one connection; `acquire` waits for a free slot, up to `waitMs`. */
export interface ConnectionSlots {
  acquire(connectionId: string, waitMs: number): Promise<(() => void) | null>;
}

export async function runPostingJob(
  deps: PostingWorkerDeps,
  job: PostingJob,
  slots: ConnectionSlots,
): Promise<Deferral> {
  const now = () => deps.clock.now();
  // Claim the posting for this worker, reading its connection in the same transaction.
  const claim = await deps.db.transaction(async (tx) => {
    const [posting] = await tx
      .select()
      .from(postings)
      .where(and(eq(postings.id, job.postingId), eq(postings.organisationId, job.organisationId)))
      .for('update');
    if (!posting) return { run: false as const };
    const expected =
      job.action === 'status'
        ? readsBoardState(posting)
        : posting.action === job.action && isWaitingFor(posting);
    if (!expected) return { run: false as const }; // A stale job: the posting moved on.
    const at = now();
    if (posting.leaseUntil && posting.leaseUntil > at)
      return { run: false as const, deferUntil: posting.leaseUntil };
    const [connection] = await tx
      .select()
      .from(boardConnections)
      .where(
        and(
          eq(boardConnections.id, posting.connectionId),
          eq(boardConnections.organisationId, posting.organisationId),
          isNull(boardConnections.archivedAt),
        ),
      );
    if (connection?.pausedUntil && connection.pausedUntil > at)
      return { run: false as const, deferUntil: connection.pausedUntil };
    const lease = new Date(at.getTime() + deps.leaseMs);
    await tx.update(postings).set({ leaseUntil: lease }).where(eq(postings.id, posting.id));
    return { run: true as const, posting, connection, lease };
  });
  if (!claim.run) return 'deferUntil' in claim && claim.deferUntil ? { deferUntil: claim.deferUntil } : null;

  const { posting, lease } = claim;
  // Release only our own lease: if it ran out, another worker may hold the posting now.
  const releaseLease = () =>
    deps.db
      .update(postings)
      .set({ leaseUntil: null })
      .where(and(eq(postings.id, posting.id), eq(postings.leaseUntil, lease)));
  if (!claim.connection) {
    // The connection was removed: nothing can be sent through it.
    await deps.db
      .update(postings)
      .set({
        status: 'failed',
        leaseUntil: null,
        lastError: {
          reason: 'auth',
          message:
            'The board connection of this posting was removed; post the vacancy through another connection.',
        },
        updatedAt: now(),
      })
      .where(eq(postings.id, posting.id));
    return null;
  }
  // Wait, holding the lease but no transaction, for a slot of the connection; a job that waits too
  // long gives the posting back and goes back to the queue.
  const release = await slots.acquire(posting.connectionId, deps.leaseMs / 2);
  if (!release) {
    await releaseLease();
    return { deferUntil: new Date(now().getTime() + 500) };
  }
  let run: PostingRun | undefined;
  try {
    // Inside the try: stored settings the board's schema refuses throw here, and the slot is freed.
    const { board, settings } = openConnectionRow(deps, claim.connection);
    run = new PostingRun(deps, board, settings, posting, lease);
    if (job.action === 'create') await run.create();
    else if (job.action === 'update') await run.update();
    else if (job.action === 'close') await run.close();
    else await run.status();
  } finally {
    release();
    // Finishing an attempt gives the lease back in its own transaction; this covers the other ways out.
    if (!run?.leaseReleased) await releaseLease();
  }
  return null;
}

const isWaitingFor = (p: PostingRow) => IN_FLIGHT_STATUSES.includes(p.status);

/** One job's work on one posting, with its board client. */
class PostingRun {
  private exchanges: BoardExchange[] = [];
  private readonly client;
  /** True once an attempt's outcome was recorded with the lease given back (the run is over). */
  leaseReleased = false;
  /** Set while an attempt is recorded that the run goes on from (a look-up that found nothing). */
  private continuing = false;

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
      onExchange: (e) => this.exchanges.push(e),
    };
    this.client = board.client(settings, clientDeps);
  }

  private now() {
    return this.deps.clock.now();
  }

  /** Writes a pending attempt (and the posting's new state) before the board is called. */
  private async begin(
    action: typeof postingAttempts.$inferInsert.action,
    values: Partial<PostingRow> = {},
  ): Promise<number> {
    this.exchanges = [];
    return this.deps.db.transaction(async (tx) => {
      const [attempt] = await tx
        .insert(postingAttempts)
        .values({
          postingId: this.posting.id,
          organisationId: this.posting.organisationId,
          action,
          outcome: 'pending',
          startedAt: this.now(),
        })
        .returning({ id: postingAttempts.id });
      if (Object.keys(values).length > 0) await this.set(tx, values);
      return attempt!.id;
    });
  }

  private async set(
    tx: Parameters<Parameters<ServiceDeps['db']['transaction']>[0]>[0],
    values: Partial<PostingRow>,
    options: { releaseLease?: boolean } = {},
  ) {
    // Our own lease only: if it ran out, another worker may hold the posting now.
    const lease = options.releaseLease
      ? {
          leaseUntil: sql`case when ${postings.leaseUntil} = ${this.lease} then null else ${postings.leaseUntil} end`,
        }
      : {};
    const [row] = await tx
      .update(postings)
      .set({ ...values, ...lease, updatedAt: this.now() })
      .where(eq(postings.id, this.posting.id))
      .returning();
    this.posting = row!;
  }

  /** Records the attempt's outcome and the posting's new state in one transaction. */
  private async finish(
    attemptId: number,
    outcome: 'succeeded' | 'failed' | 'unknown',
    values: Partial<PostingRow>,
    error?: PostingError,
    next?: { action: 'create' | 'update' | 'close'; at?: Date },
    pauseConnectionUntil?: Date,
  ) {
    await this.deps.db.transaction(async (tx) => {
      await tx
        .update(postingAttempts)
        .set({
          outcome,
          finishedAt: this.now(),
          exchanges: storedExchanges(this.exchanges),
          error: error ?? null,
        })
        .where(eq(postingAttempts.id, attemptId));
      await this.set(tx, values, { releaseLease: !this.continuing });
      if (next) {
        await this.deps.queue.enqueue(
          tx,
          { postingId: this.posting.id, organisationId: this.posting.organisationId, action: next.action },
          next.at ? { startAfter: next.at } : {},
        );
      }
      if (pauseConnectionUntil) {
        // The board asked us to slow down: every posting through this connection waits, not just this one.
        await tx
          .update(boardConnections)
          .set({ pausedUntil: pauseConnectionUntil })
          .where(eq(boardConnections.id, this.posting.connectionId));
      }
    });
    if (!this.continuing) this.leaseReleased = true;
    if (next && !next.at) this.deps.queue.wake();
  }

  /** The posting's state after a failed call: try again later, give up, or ask a person. */
  private async failed(attemptId: number, error: BoardError, action: 'create' | 'update' | 'close') {
    const attempts = this.posting.attempts;
    const stored = errorOf(error, action);
    const outcome = error.reason === 'unknown_outcome' ? 'unknown' : 'failed';
    if (error.transient || error.reason === 'unknown_outcome') {
      if (attempts < this.deps.retry.maxAttempts) {
        const delay = retryDelayMs(this.deps.retry, attempts, error.retryAfterMs ?? 0, this.deps.random);
        const at = new Date(this.now().getTime() + delay);
        const pause =
          error.reason === 'rate_limited'
            ? new Date(this.now().getTime() + (error.retryAfterMs ?? delay))
            : undefined;
        return this.finish(
          attemptId,
          outcome,
          { status: 'retrying', nextAttemptAt: at, lastError: stored },
          stored,
          { action, at },
          pause,
        );
      }
      if (error.reason === 'unknown_outcome' && action === 'create') {
        return this.finish(
          attemptId,
          outcome,
          { status: 'uncertain', uncertainReason: this.uncertainText(error), lastError: stored },
          stored,
        );
      }
      const gaveUp = { ...stored, message: `${stored.message} (gave up after ${attempts} attempts)` };
      return this.finish(
        attemptId,
        outcome,
        { status: 'failed', nextAttemptAt: null, lastError: gaveUp },
        gaveUp,
      );
    }
    if (action === 'update') {
      // The advert is still on the board as it was: the posting stays posted, with the refusal shown,
      // and with the state the refusal reveals (NHS Jobs' 409: published) shown at once, not at the next check.
      return this.finish(
        attemptId,
        outcome,
        {
          status: 'posted',
          action: 'update',
          nextAttemptAt: null,
          lastError: stored,
          ...this.revealedState(error),
        },
        stored,
      );
    }
    if (action === 'close' && error.reason === 'conflict' && error.status === 404) {
      return this.finish(
        attemptId,
        outcome,
        { status: this.posting.closeAs ?? 'closed', closedAt: this.now(), lastError: null },
        stored,
      );
    }
    return this.finish(
      attemptId,
      outcome,
      { status: 'failed', nextAttemptAt: null, lastError: stored },
      stored,
    );
  }

  private revealedState(error: BoardError): Partial<PostingRow> {
    if (!error.advertStatus) return {};
    const published = error.advertStatus === this.board.drafts?.publishedStatus;
    return {
      boardStatus: error.advertStatus,
      boardCheckedAt: this.now(),
      ...(published && !this.posting.publishedOnBoardAt ? { publishedOnBoardAt: this.now() } : {}),
    };
  }

  private uncertainText(error: BoardError): string {
    return `Postroom could not find out whether ${this.board.label} received the advert (${error.message}). Look on ${this.board.label} for an advert with the reference ${this.posting.boardReference}, then resolve this posting: it exists, or it does not.`;
  }

  /** After an advert is found or created: posted, or straight on to closing when a close was asked for meanwhile. */
  private postedValues(receipt: BoardReceipt): Partial<PostingRow> {
    const base = {
      externalId: receipt.externalId,
      etag: receipt.etag ?? null,
      externalUrl: receipt.url ?? null,
      boardStatus: receipt.status ?? null,
      postedAt: this.posting.postedAt ?? this.now(),
      nextAttemptAt: null,
      lastError: null,
      uncertainReason: null,
    };
    return this.posting.closeAs
      ? { ...base, status: 'closing', action: 'close', attempts: 0 }
      : { ...base, status: 'posted' };
  }

  async create() {
    const p = this.posting;
    if (p.attempts > 0) {
      // An earlier attempt may have reached the board: look before sending again. A look-up counts
      // as an attempt, so a board that keeps failing them ends failed or uncertain, never loops.
      const attemptId = await this.begin('lookup', { attempts: p.attempts + 1 });
      let found: BoardReceipt | null;
      try {
        found = await this.client.lookup(p.boardReference);
      } catch (thrown) {
        const error = asBoardError(thrown);
        if (error.transient || error.reason === 'unknown_outcome')
          return this.failed(attemptId, error, 'create');
        return this.finish(
          attemptId,
          'failed',
          {
            status: 'uncertain',
            uncertainReason: this.uncertainText(error),
            lastError: errorOf(error, 'create'),
          },
          errorOf(error, 'create'),
        );
      }
      if (found) {
        const values = this.postedValues(found);
        return this.finish(
          attemptId,
          'succeeded',
          values,
          undefined,
          values.status === 'closing' ? { action: 'close' } : undefined,
        );
      }
      this.continuing = true;
      try {
        await this.finish(attemptId, 'succeeded', {});
      } finally {
        this.continuing = false;
      }
    }
    if (this.posting.closeAs) {
      // Closed before it ever reached the board: nothing to send.
      return this.deps.db.transaction((tx) =>
        this.set(tx, { status: this.posting.closeAs ?? 'closed', closedAt: this.now(), nextAttemptAt: null }),
      );
    }
    const attemptId = await this.begin('create', {
      status: 'sending',
      attempts: this.posting.attempts + 1,
      nextAttemptAt: null,
    });
    try {
      const receipt = await this.client.create(this.posting.fields);
      const values = this.postedValues(receipt);
      return this.finish(
        attemptId,
        'succeeded',
        values,
        undefined,
        values.status === 'closing' ? { action: 'close' } : undefined,
      );
    } catch (thrown) {
      return this.failed(attemptId, asBoardError(thrown), 'create');
    }
  }

  async update() {
    const fields = this.posting.pendingFields ?? this.posting.fields;
    const attemptId = await this.begin('update', {
      attempts: this.posting.attempts + 1,
      status: 'updating',
      nextAttemptAt: null,
    });
    try {
      const receipt = await this.client.update(receiptOf(this.posting), fields, this.posting.fields);
      return this.finish(attemptId, 'succeeded', {
        status: 'posted',
        fields,
        pendingFields: null,
        etag: receipt.etag ?? this.posting.etag,
        externalUrl: receipt.url ?? this.posting.externalUrl,
        boardStatus: receipt.status ?? this.posting.boardStatus,
        lastError: null,
        nextAttemptAt: null,
      });
    } catch (thrown) {
      return this.failed(attemptId, asBoardError(thrown), 'update');
    }
  }

  async close() {
    const closedAs = this.posting.closeAs ?? 'closed';
    if (!this.client.close) {
      // The board has no close call (NHS Jobs): the advert is closed there by a person.
      return this.deps.db.transaction((tx) =>
        this.set(tx, {
          status: closedAs,
          closedAt: this.now(),
          lastError: {
            reason: 'manual',
            message: `${this.board.label} cannot be closed from Postroom: close the advert in ${this.board.label} too.`,
          },
        }),
      );
    }
    const attemptId = await this.begin('close', {
      attempts: this.posting.attempts + 1,
      status: 'closing',
      nextAttemptAt: null,
    });
    try {
      const receipt = await this.client.close(receiptOf(this.posting));
      return this.finish(attemptId, 'succeeded', {
        status: closedAs,
        closedAt: this.now(),
        etag: receipt.etag ?? this.posting.etag,
        lastError: null,
        nextAttemptAt: null,
      });
    } catch (thrown) {
      return this.failed(attemptId, asBoardError(thrown), 'close');
    }
  }

  async status() {
    if (!this.client.status) return;
    const attemptId = await this.begin('status');
    try {
      const receipt = await this.client.status(receiptOf(this.posting));
      const published = receipt.status === 'PUBLISHED';
      return this.finish(attemptId, 'succeeded', {
        boardStatus: receipt.status ?? this.posting.boardStatus,
        boardCheckedAt: this.now(),
        ...(published && !this.posting.publishedOnBoardAt ? { publishedOnBoardAt: this.now() } : {}),
      });
    } catch (thrown) {
      const error = asBoardError(thrown);
      return this.finish(
        attemptId,
        error.reason === 'unknown_outcome' ? 'unknown' : 'failed',
        { boardCheckedAt: this.now() },
        errorOf(error),
      );
    }
  }
}
