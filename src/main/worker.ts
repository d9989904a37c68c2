import type { Logger } from 'pino';
import type { WorkerConfig } from '../config.js';
import type { PostingQueue } from '../jobs/queue.js';
import { type RunningWorker, startWorker } from '../jobs/worker.js';
import type { ServiceDeps } from '../services/deps.js';

/** A board call may take `boardTimeoutMs`; a create makes two (look-up, then send): the lease covers both. */
export const leaseMsFor = (config: WorkerConfig) => config.boardTimeoutMs * 2 + 2_000;

/** The queue's job expiry never ends a job that is still within its lease. */
export const jobExpirySecondsFor = (config: WorkerConfig) =>
  Math.max(config.jobExpirySeconds, Math.ceil(leaseMsFor(config) / 1000) + 5);

/** Starts the posting worker with the operator's settings. */
export function startPostingWorker(
  deps: ServiceDeps & { queue: PostingQueue; logger: Logger },
  config: WorkerConfig,
): RunningWorker {
  return startWorker(
    {
      ...deps,
      retry: {
        maxAttempts: config.retryMaxAttempts,
        baseDelayMs: config.retryBaseMs,
        // Doubling six times from the base: 30 s … 32 min by default, about an hour over 8 attempts.
        maxDelayMs: config.retryBaseMs * 64,
      },
      boardTimeoutMs: config.boardTimeoutMs,
      leaseMs: leaseMsFor(config),
    },
    {
      concurrency: config.concurrency,
      perConnection: config.perConnection,
      pollMs: config.pollMs,
      sweepMs: 60_000,
      sweep: { nhsPollMs: config.nhsPollMinutes * 60_000 },
    },
  );
}
