import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { type ApplicationEmails, mails, users } from '../../db/schema.js';
import { AppError } from '../../domain/errors.js';
import { type Actor, requireAdmin, type ServiceDeps } from '../deps.js';

export interface OutboxMail {
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  status: 'queued' | 'sent' | 'kept' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** The organisation's e-mails, newest first: the outbox of the embedded demo, a mail log with SMTP. */
export async function listMails(
  deps: ServiceDeps,
  actor: Actor,
  options: { limit: number },
): Promise<OutboxMail[]> {
  requireAdmin(actor, 'read the outbox');
  const rows = await deps.db
    .select()
    .from(mails)
    .where(eq(mails.organisationId, actor.organisationId))
    .orderBy(desc(mails.createdAt), desc(mails.id))
    .limit(options.limit);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    to: r.to,
    subject: r.subject,
    text: r.text,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    createdAt: r.createdAt,
    sentAt: r.sentAt,
  }));
}

export const APPLICATION_EMAILS = ['each', 'digest', 'none'] as const satisfies readonly ApplicationEmails[];

export const notificationPreferencesSchema = z
  .object({
    applicationEmails: z
      .enum(APPLICATION_EMAILS)
      .describe('`each`: a mail per application; `digest`: one mail a day; `none`: no application mails'),
  })
  .strict();
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;

function personOf(actor: Actor): string {
  if (actor.type !== 'user' || !actor.id)
    throw new AppError(
      'invalid_state',
      'E-mail preferences belong to a person: sign in to the web app to set them.',
    );
  return actor.id;
}

export async function getPreferences(deps: ServiceDeps, actor: Actor): Promise<NotificationPreferences> {
  const id = personOf(actor);
  const [row] = await deps.db
    .select({ applicationEmails: users.applicationEmails })
    .from(users)
    .where(and(eq(users.id, id), eq(users.organisationId, actor.organisationId)));
  if (!row) throw new AppError('not_found', 'Your account was not found.');
  return row;
}

export async function setPreferences(
  deps: ServiceDeps,
  actor: Actor,
  preferences: NotificationPreferences,
): Promise<NotificationPreferences> {
  const id = personOf(actor);
  const [row] = await deps.db
    .update(users)
    .set({ applicationEmails: preferences.applicationEmails })
    .where(and(eq(users.id, id), eq(users.organisationId, actor.organisationId)))
    .returning({ applicationEmails: users.applicationEmails });
  if (!row) throw new AppError('not_found', 'Your account was not found.');
  return row;
}
