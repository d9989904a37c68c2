import type { Logger } from 'pino';
import { runDigests } from '../services/mail/digest.js';
import { type MailTransport, runMail } from '../services/mail/send-mail.js';
import { type DeliveryOptions, runWebhookDelivery } from '../services/webhooks/deliver.js';
import { dispatchEvents, pruneDeliveryLog } from '../services/webhooks/dispatch.js';
import type { WebhookDeps } from '../services/webhooks/endpoints.js';
import { startJobLoop } from './job-loop.js';
import type { NotificationJob, PostingQueue } from './queue.js';

export interface NotificationOptions extends DeliveryOptions {
  /** How often to look for new events and due jobs when nothing wakes the worker. */
  pollMs: number;
  /** Deliveries and mails sent at once by this process. */
  concurrency: number;
  /** How often to look for people whose daily digest is due, and prune the delivery log. */
  digestCheckMs: number;
  mail: { transport: MailTransport | null; from: string };
}

export interface RunningNotifications {
  wake(): void;
  stop(): Promise<void>;
}

/**
 * The webhook and e-mail worker: turns recorded events into deliveries and mails (dispatch), and
 * runs their jobs from the queue. Many may run, in many processes, on one database.
 */
export function startNotifications(
  deps: WebhookDeps & { queue: PostingQueue; logger: Logger },
  options: NotificationOptions,
): RunningNotifications {
  const mailOptions = { ...options.mail, retryScheduleMs: options.retryScheduleMs };

  const run = async (job: { id: string; data: NotificationJob }) => {
    try {
      if (job.data.kind === 'webhook') await runWebhookDelivery(deps, options, job.data.deliveryId);
      else await runMail(deps, mailOptions, job.data.mailId);
      await deps.queue.completeNotification(job.id);
    } catch (error) {
      // Left active: the job expires and runs again; the delivery's or mail's row says what is left to do.
      deps.logger.error({ err: error, job: job.data }, 'notification job failed unexpectedly');
    }
  };

  const loop = startJobLoop({
    concurrency: options.concurrency,
    pollMs: options.pollMs,
    logger: deps.logger,
    failure: 'could not take notification jobs; trying again',
    dispatch: () => dispatchEvents(deps),
    fetch: (limit) => deps.queue.fetchNotifications(limit),
    run,
  });

  const digest = () =>
    runDigests(deps, deps.clock.now())
      .then((sent) => {
        if (sent > 0) loop.poll();
        return pruneDeliveryLog(deps, deps.clock.now());
      })
      .catch((error: unknown) =>
        deps.logger.warn(
          { err: error },
          'daily digests or delivery log pruning failed; they run again later',
        ),
      );
  const digestTimer = setInterval(() => void digest(), options.digestCheckMs);
  // Not woken by the posting jobs other processes commit, which make no work of its own (every
  // worker would otherwise look for events and mails once per posting job): what another process
  // records is found at the next poll.
  const unsubscribe = deps.queue.onWake(loop.poll, { fromOtherProcesses: false });

  return {
    wake: loop.poll,
    async stop() {
      clearInterval(digestTimer);
      unsubscribe();
      await loop.stop();
    },
  };
}
