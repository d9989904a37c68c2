import { createTransport } from 'nodemailer';
import type { Logger } from 'pino';
import type { NotificationConfig, WorkerConfig } from '../config.js';
import { startNotifications } from '../jobs/notifications.js';
import type { PostingQueue } from '../jobs/queue.js';
import { startRetention } from '../jobs/retention.js';
import { type RunningWorker, startWorker } from '../jobs/worker.js';
import type { ServiceDeps } from '../services/deps.js';

/** A board call may take `boardTimeoutMs`; a create makes two (look-up, then send): the lease covers both. */
export const leaseMsFor = (config: WorkerConfig) => config.boardTimeoutMs * 2 + 2_000;

/** The queue's job expiry never ends a job that is still within its lease. */
export const jobExpirySecondsFor = (config: WorkerConfig) =>
  Math.max(config.jobExpirySeconds, Math.ceil(leaseMsFor(config) / 1000) + 5);

/**
 * Starts the posting worker with the operator's settings and, given `notifications`, the webhook
 * and e-mail worker beside it, and given `retention`, the daily retention run (src/jobs/retention.ts);
 * stopping the result stops them all.
 */
export function startPostingWorker(
  deps: ServiceDeps & { queue: PostingQueue; logger: Logger },
  config: WorkerConfig,
  notifications?: NotificationConfig & { outboundAllow: readonly string[] },
  retention?: { uploadsDir: string },
): RunningWorker {
  const postingWorker = startWorker(
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
      connectionConcurrency: config.perConnection,
    },
    {
      concurrency: config.concurrency,
      perConnection: config.perConnection,
      pollMs: config.pollMs,
      sweepMs: 60_000,
      sweep: { statusPollMs: config.statusPollMinutes * 60_000 },
    },
  );
  const retentionJob = retention ? startRetention(deps, retention) : null;
  if (!notifications && !retentionJob) return postingWorker;
  const notificationWorker = notifications ? startNotificationWorker(deps, config, notifications) : null;
  return {
    ...postingWorker,
    wake() {
      postingWorker.wake();
      notificationWorker?.wake();
    },
    async stop() {
      await Promise.all([postingWorker.stop(), notificationWorker?.stop(), retentionJob?.stop()]);
    },
  };
}

function startNotificationWorker(
  deps: ServiceDeps & { queue: PostingQueue; logger: Logger },
  config: WorkerConfig,
  notifications: NotificationConfig & { outboundAllow: readonly string[] },
) {
  return startNotifications(
    { ...deps, outboundAllow: notifications.outboundAllow },
    {
      pollMs: config.pollMs,
      concurrency: config.concurrency,
      retryScheduleMs: notifications.webhookRetryScheduleMs,
      disableAfterMs: notifications.webhookDisableAfterMs,
      digestCheckMs: 5 * 60_000,
      mail: {
        // The URL holds the SMTP password: it goes to nodemailer and nowhere else.
        transport: notifications.smtpUrl ? createTransport(notifications.smtpUrl) : null,
        from: notifications.mailFrom,
      },
    },
  );
}
