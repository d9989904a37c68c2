import type { DbOrTx } from '../../db/client.js';
import { mails } from '../../db/schema.js';
import type { ServiceDeps } from '../deps.js';

export interface NewMail {
  organisationId: string;
  /** What the mail is about, e.g. `application_received`; shown in the outbox. */
  kind: string;
  to: string;
  replyTo?: string | null;
  subject: string;
  /** Plain text only: no credential, no CV, nothing a recipient should not read. */
  text: string;
}

/** Writes the mail and its job in the caller's transaction: it is sent only if the change commits. */
export async function queueMail(deps: Pick<ServiceDeps, 'queue'>, tx: DbOrTx, mail: NewMail): Promise<void> {
  const [row] = await tx
    .insert(mails)
    .values({ ...mail, replyTo: mail.replyTo ?? null })
    .returning({ id: mails.id });
  await deps.queue.enqueueNotification(tx, { kind: 'mail', mailId: row!.id });
}
