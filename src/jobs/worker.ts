import type { Logger } from 'pino';
import { connectionPlaces } from './connection-places.js';
import { startJobLoop } from './job-loop.js';
import { type PostingWorkerDeps, runPostingJob } from './posting-job.js';
import type { PostingQueue, QueuedJob } from './queue.js';
import { runSweep, type SweepOptions } from './sweep.js';

export interface WorkerOptions {
  /** Jobs this process runs at once, across all connections. */
  concurrency: number;
  /**
   * Jobs this process runs at once through one board connection; the same limit holds across every
   * process through the connection's leased slots in the database (see posting-job.ts).
   */
  perConnection: number;
  /** How often to look for due jobs when nothing wakes the worker. */
  pollMs: number;
  /** How often to expire postings past their closing date and check NHS Jobs drafts. */
  sweepMs: number;
  sweep: SweepOptions;
}

export interface RunningWorker {
  /** Look for jobs now. */
  wake(): void;
  /** Stops taking jobs and waits for those running. */
  stop(): Promise<void>;
  /** Jobs running now. */
  busy(): number;
}

/**
 * The posting worker: takes due jobs from the queue, at most `concurrency` at a time and
 * `perConnection` per board connection, and runs them. A job that must wait goes back to the
 * queue with a later start. Many workers, in many processes, may share one database.
 */
export function startWorker(
  deps: PostingWorkerDeps & { queue: PostingQueue; logger: Logger },
  options: WorkerOptions,
): RunningWorker {
  const slots = connectionPlaces(options.perConnection);

  const run = async (job: QueuedJob) => {
    try {
      const deferral = await runPostingJob(deps, job.data, slots);
      if (deferral) {
        await deps.db.transaction((tx) =>
          deps.queue.enqueue(tx, job.data, { startAfter: deferral.deferUntil }),
        );
      }
      // Not awaited: completions are written together a moment later, and the place is free now.
      deps.queue.complete(job.id).catch((error) => {
        deps.logger.warn(
          { err: error, job: job.data },
          'could not mark a posting job done; it runs again when it expires',
        );
      });
    } catch (error) {
      // Left active on purpose: the job expires and runs again, and the posting's state tells it what to do.
      deps.logger.error({ err: error, job: job.data }, 'posting job failed unexpectedly');
    }
  };

  const loop = startJobLoop({
    concurrency: options.concurrency,
    pollMs: options.pollMs,
    logger: deps.logger,
    failure: 'could not fetch posting jobs; trying again',
    fetch: (limit) => deps.queue.fetch(limit),
    run,
  });

  let stopped = false;
  let sweeping = false;
  const sweep = async () => {
    if (stopped || sweeping) return;
    sweeping = true;
    try {
      if (await runSweep(deps, options.sweep)) deps.queue.wake();
    } catch (error) {
      deps.logger.warn({ err: error }, 'posting sweep failed; it runs again later');
    } finally {
      sweeping = false;
    }
  };
  const sweepTimer = setInterval(() => void sweep(), options.sweepMs);
  const unsubscribe = deps.queue.onWake(loop.poll);
  void sweep();

  return {
    wake: loop.poll,
    busy: loop.busy,
    async stop() {
      stopped = true;
      clearInterval(sweepTimer);
      unsubscribe();
      await loop.stop();
    },
  };
}
