import { eq } from 'drizzle-orm';
import { mails } from '../../db/schema.js';
import type { ServiceDeps } from '../deps.js';

/** What sending needs of nodemailer: main/ builds it from SMTP_URL; null keeps mails in the outbox. */
export interface MailTransport {
  sendMail(message: {
    from: string;
    to: string;
    replyTo?: string;
    subject: string;
    text: string;
  }): Promise<unknown>;
}

export interface MailOptions {
  transport: MailTransport | null;
  from: string;
  /** Wait before each attempt, in ms (the webhook schedule). */
  retryScheduleMs: readonly number[];
}

/** Sends one queued mail, or keeps it in the outbox without SMTP; a failure is retried on the schedule. */
export async function runMail(deps: ServiceDeps, options: MailOptions, mailId: string): Promise<void> {
  const [mail] = await deps.db.select().from(mails).where(eq(mails.id, mailId));
  if (!mail || mail.status !== 'queued') return;
  if (!options.transport) {
    await deps.db
      .update(mails)
      .set({ status: 'kept', sentAt: deps.clock.now() })
      .where(eq(mails.id, mail.id));
    return;
  }
  try {
    await options.transport.sendMail({
      from: options.from,
      to: mail.to,
      ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
      subject: mail.subject,
      text: mail.text,
    });
    await deps.db
      .update(mails)
      .set({ status: 'sent', attempts: mail.attempts + 1, sentAt: deps.clock.now(), lastError: null })
      .where(eq(mails.id, mail.id));
  } catch (error) {
    const attempts = mail.attempts + 1;
    const wait = options.retryScheduleMs[attempts];
    const message = error instanceof Error ? error.message : String(error);
    deps.logger.warn({ mailId: mail.id, attempts, err: message }, 'mail not sent');
    await deps.db.transaction(async (tx) => {
      await tx
        .update(mails)
        .set({ status: wait === undefined ? 'failed' : 'queued', attempts, lastError: message.slice(0, 500) })
        .where(eq(mails.id, mail.id));
      if (wait !== undefined)
        await deps.queue.enqueueNotification(
          tx,
          { kind: 'mail', mailId: mail.id },
          { startAfter: new Date(deps.clock.now().getTime() + wait) },
        );
    });
  }
}
