import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { type DbOrTx, rawStatement, type SqlExecutor, transactionExecutor } from '../db/client.js';
import type { PostingAction } from '../domain/posting.js';
import { throttled } from './throttled.js';

export const POSTING_QUEUE = 'postings';

/** One unit of work on a posting: create, update or close its advert, or read its state on the board. */
export interface PostingJob {
  postingId: string;
  organisationId: string;
  action: PostingAction | 'status';
  /** A scheduled create: the time it was queued for (ISO). Once the posting is moved to another time, the job is stale. */
  scheduledFor?: string;
}

/** Webhooks and e-mails (see jobs/notifications.ts): one delivery or one mail to send. */
export type NotificationJob = { kind: 'webhook'; deliveryId: string } | { kind: 'mail'; mailId: string };
export const NOTIFICATION_QUEUE = 'notifications';

export interface QueuedJob {
  id: string;
  data: PostingJob;
}

/** What services need of the queue: add a job in their own transaction, then wake the worker. */
export interface JobQueue {
  enqueue(tx: DbOrTx, job: PostingJob, options?: { startAfter?: Date }): Promise<void>;
  /**
   * The statement that `enqueue` would run for the job (pg-boss's text with `$n` placeholders, and
   * their values), not run: the caller runs it as a common table expression of its own statement
   * (`WITH "queued" AS (…)`), so that the job is added, and in server mode the other processes
   * woken, with no round trip of its own. Call `wake` after.
   */
  jobInsert(job: PostingJob, options?: { startAfter?: Date }): Promise<{ text: string; values: unknown[] }>;
  /** Adds a webhook delivery or a mail in the caller's transaction. */
  enqueueNotification(tx: DbOrTx, job: NotificationJob, options?: { startAfter?: Date }): Promise<void>;
  /** Tells a worker in this process that jobs were committed, so it need not wait for its next poll. */
  wake(): void;
}

export interface QueueOptions {
  /** A job not finished within this time is taken to belong to a dead worker and runs again. */
  jobExpirySeconds: number;
  /** How often pg-boss looks for expired jobs. */
  maintenanceSeconds: number;
  /**
   * Several processes share the database (server mode): a job committed in one wakes the workers of
   * every other through NOTIFY, rather than waiting for their next poll.
   */
  listen?: (channel: string, onNotify: () => void) => () => Promise<void>;
}

/**
 * Processes starting together on a fresh database can deadlock creating the queues' tables;
 * PostgreSQL stops one of them (40P01), which tries again.
 */
async function retryDeadlock(create: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await create();
    } catch (error) {
      if ((error as { code?: string }).code !== '40P01' || attempt === 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/** How long completions are gathered before they are written (see `complete`). */
const COMPLETION_GATHER_MS = 25;

/**
 * Other processes' NOTIFYs wake this one at most once per this time: the first at once, those that
 * follow it gathered into one. Every job committed anywhere notifies every listening process;
 * without this, under load each worker would look once per job (most looks finding nothing, the
 * job taken by another), and the looks would grow with the number of workers.
 */
const WAKE_GATHER_MS = 20;

/** The NOTIFY channel of new due jobs. */
const JOBS_CHANNEL = 'postroom_jobs';
/** How pg-boss's statement that adds a job ends. */
const RETURNING_ID = /RETURNING id\s*$/;

export const DEFAULT_QUEUE_OPTIONS: QueueOptions = { jobExpirySeconds: 60, maintenanceSeconds: 30 };

/**
 * The posting queue on pg-boss, in the same database as everything else. Jobs are retried by
 * pg-boss only when they expire (a worker died); every other retry is Postroom's own decision,
 * made with the posting's state (see jobs/posting-job.ts).
 */
export class PostingQueue implements JobQueue {
  readonly boss: PgBoss;
  private readonly listeners = new Set<() => void>();
  /** The listeners that other processes' NOTIFYs wake too. */
  private readonly notified = new Set<() => void>();
  private started = false;
  private stopListening: (() => Promise<void>) | null = null;
  /** The completions being gathered while earlier ones are written (see `complete`). */
  private nextCompletion: { ids: string[]; written: Promise<void> } | null = null;
  private completing: Promise<void> = Promise.resolve();
  /** Other processes' NOTIFYs, made into at most one wake per {@link WAKE_GATHER_MS}. */
  private readonly wakeSoon = throttled(() => {
    for (const listener of this.notified) listener();
  }, WAKE_GATHER_MS);

  constructor(
    executor: SqlExecutor,
    logger: Logger,
    private readonly options: QueueOptions = DEFAULT_QUEUE_OPTIONS,
  ) {
    this.boss = new PgBoss({
      db: executor as PgBoss.Db,
      supervise: true,
      schedule: false,
      migrate: true,
      maintenanceIntervalSeconds: options.maintenanceSeconds,
      // Completed jobs are proof of nothing (attempts are kept on the posting): delete them soon.
      archiveCompletedAfterSeconds: 3600,
    });
    this.boss.on('error', (error: Error) => logger.error({ err: error }, 'queue error'));
  }

  async start(): Promise<void> {
    if (this.started) return;
    // Started as soon as pg-boss is, so that stop() ends its timers even when what follows fails
    // (a process that cannot start must exit, not hang on them).
    this.started = true;
    await this.boss.start();
    const queue = {
      retryLimit: 1_000,
      retryDelay: 1,
      expireInSeconds: this.options.jobExpirySeconds,
    };
    for (const name of [POSTING_QUEUE, NOTIFICATION_QUEUE])
      await retryDeadlock(() => this.boss.createQueue(name, { name, policy: 'standard', ...queue }));
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.completing;
    await this.boss.stop({ graceful: false, close: false, wait: true });
    await this.unlisten();
  }

  private async unlisten() {
    this.wakeSoon.cancel();
    const stop = this.stopListening;
    this.stopListening = null;
    await stop?.();
  }

  /** Adds the job, and on a server its NOTIFY, in one statement of the caller's transaction. */
  async enqueue(tx: DbOrTx, job: PostingJob, options: { startAfter?: Date } = {}): Promise<void> {
    const { text, values } = await this.jobInsert(job, options);
    await tx.execute(rawStatement(text, values));
  }

  async jobInsert(job: PostingJob, options: { startAfter?: Date } = {}) {
    // pg-boss writes its own statement (its defaults, the queue's policy); it is kept, not run.
    let kept: { text: string; values: unknown[] } | undefined;
    const keep = {
      executeSql: async (text: string, values: unknown[] = []) => {
        kept = { text, values };
        return { rows: [{ id: null }] };
      },
    };
    await this.boss.send(POSTING_QUEUE, job, {
      db: keep as PgBoss.Db,
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
    });
    if (!kept || !RETURNING_ID.test(kept.text))
      throw new Error("pg-boss's statement to add a job is not an INSERT … RETURNING id");
    // The other processes are told as the job is added: delivered at commit, and only if it commits.
    const wakeOthers = this.options.listen && !options.startAfter;
    const text = wakeOthers
      ? kept.text.replace(RETURNING_ID, `RETURNING id, pg_notify('${JOBS_CHANNEL}', '')`)
      : kept.text;
    return { text, values: kept.values };
  }

  async enqueueNotification(tx: DbOrTx, job: NotificationJob, options: { startAfter?: Date } = {}) {
    await this.boss.send(NOTIFICATION_QUEUE, job, {
      db: transactionExecutor(tx) as PgBoss.Db,
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
    });
  }

  async fetchNotifications(batchSize: number): Promise<{ id: string; data: NotificationJob }[]> {
    const jobs = await this.boss.fetch<NotificationJob>(NOTIFICATION_QUEUE, { batchSize });
    return jobs.map((j) => ({ id: j.id, data: j.data }));
  }

  async completeNotification(id: string): Promise<void> {
    await this.boss.complete(NOTIFICATION_QUEUE, id);
  }

  wake(): void {
    for (const listener of this.listeners) listener();
  }

  async fetch(batchSize: number): Promise<QueuedJob[]> {
    const jobs = await this.boss.fetch<PostingJob>(POSTING_QUEUE, { batchSize });
    return jobs.map((j) => ({ id: j.id, data: j.data }));
  }

  /**
   * Marks a job done. Completions are gathered for a moment (and while earlier ones are written),
   * then written together: one statement for many jobs under load. A completion lost with its
   * process only makes the job expire and run again, and a job run again finds its posting moved
   * on. `stop` writes what is gathered.
   */
  complete(id: string): Promise<void> {
    if (!this.nextCompletion) {
      const ids: string[] = [];
      const waited = new Promise((resolve) => setTimeout(resolve, COMPLETION_GATHER_MS));
      const written = Promise.all([this.completing, waited]).then(async () => {
        if (this.nextCompletion?.ids === ids) this.nextCompletion = null;
        await this.boss.complete(POSTING_QUEUE, ids);
      });
      this.nextCompletion = { ids, written };
      this.completing = written.catch(() => undefined);
    }
    this.nextCompletion.ids.push(id);
    return this.nextCompletion.written;
  }

  /**
   * Calls `listener` when new jobs were committed by a service in this process and, unless
   * `fromOtherProcesses` is false, when posting jobs were committed in any other (server mode; at
   * most once per {@link WAKE_GATHER_MS}).
   */
  onWake(listener: () => void, { fromOtherProcesses = true } = {}): () => void {
    this.listeners.add(listener);
    if (fromOtherProcesses) this.notified.add(listener);
    if (this.options.listen && this.notified.size > 0 && !this.stopListening)
      this.stopListening = this.options.listen(JOBS_CHANNEL, this.wakeSoon);
    return () => {
      this.listeners.delete(listener);
      this.notified.delete(listener);
      if (this.notified.size === 0) void this.unlisten();
    };
  }
}
