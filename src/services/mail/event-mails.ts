import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { activity, organisations, users, vacancies } from '../../db/schema.js';
import type { ServiceDeps } from '../deps.js';
import { queueMail } from './queue-mail.js';

interface Event {
  organisationId: string;
  type: string;
  data: Record<string, unknown>;
}

/** Queues the e-mails an event causes, in the dispatcher's transaction. */
export async function queueEventMails(
  deps: Pick<ServiceDeps, 'queue' | 'publicUrl'>,
  tx: DbOrTx,
  event: Event,
) {
  if (event.type === 'application.created') await applicationMails(deps, tx, event);
  if (event.type === 'posting.status_changed') await postingMail(deps, tx, event);
}

async function vacancyOf(tx: DbOrTx, organisationId: string, vacancyId: string) {
  const [row] = await tx
    .select({
      title: vacancies.title,
      reference: vacancies.reference,
      organisation: organisations.name,
      replyTo: organisations.replyToEmail,
      retentionMonths: organisations.retentionMonths,
      vacancyReplyTo: vacancies.replyToEmail,
    })
    .from(vacancies)
    .innerJoin(organisations, eq(organisations.id, vacancies.organisationId))
    .where(and(eq(vacancies.id, vacancyId), eq(vacancies.organisationId, organisationId)));
  return row ?? null;
}

async function applicationMails(deps: Pick<ServiceDeps, 'queue' | 'publicUrl'>, tx: DbOrTx, event: Event) {
  const application = event.data.application as {
    id: string;
    vacancyId: string;
    name: string;
    email: string;
    source: { label: string };
  };
  const vacancy = await vacancyOf(tx, event.organisationId, application.vacancyId);
  if (!vacancy) return;
  await queueMail(deps, tx, {
    organisationId: event.organisationId,
    kind: 'application_confirmation',
    to: application.email,
    replyTo: vacancy.vacancyReplyTo ?? vacancy.replyTo,
    subject: `We received your application: ${vacancy.title}`,
    text: [
      `Dear ${application.name},`,
      '',
      `Thank you for applying for ${vacancy.title} (${vacancy.reference}) at ${vacancy.organisation}. We have your application and CV.`,
      '',
      `We keep your application and CV for ${vacancy.retentionMonths} months after the vacancy closes, then delete them.`,
    ].join('\n'),
  });
  const recruiters = await tx
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.organisationId, event.organisationId), eq(users.applicationEmails, 'each')));
  for (const recruiter of recruiters)
    await queueMail(deps, tx, {
      organisationId: event.organisationId,
      kind: 'application_received',
      to: recruiter.email,
      subject: `New application: ${vacancy.title}`,
      text: [
        `${application.name} applied for ${vacancy.title} (${vacancy.reference}), from ${application.source.label}.`,
        '',
        `Read it in Postroom: ${deps.publicUrl}/app/vacancies/${application.vacancyId}/applications`,
      ].join('\n'),
    });
}

/** The person who created the vacancy, or the organisation's admins when an API token did. */
async function ownersOf(tx: DbOrTx, organisationId: string, vacancyId: string): Promise<string[]> {
  const [created] = await tx
    .select({ email: users.email })
    .from(activity)
    .innerJoin(users, eq(users.id, activity.actorId))
    .where(
      and(
        eq(activity.organisationId, organisationId),
        eq(activity.subjectId, vacancyId),
        eq(activity.actorType, 'user'),
      ),
    )
    .orderBy(asc(activity.id))
    .limit(1);
  if (created) return [created.email];
  const admins = await tx
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.organisationId, organisationId), eq(users.role, 'admin')));
  return admins.map((a) => a.email);
}

async function postingMail(deps: Pick<ServiceDeps, 'queue' | 'publicUrl'>, tx: DbOrTx, event: Event) {
  const status = event.data.status;
  if (status !== 'failed' && status !== 'uncertain') return;
  const posting = event.data.posting as { id: string; vacancyId: string; board: string };
  const vacancy = await vacancyOf(tx, event.organisationId, posting.vacancyId);
  if (!vacancy) return;
  const why =
    status === 'failed'
      ? (event.data.message as string | null)
      : (event.data.uncertainReason as string | null);
  const board =
    typeof event.data.boardMessage === 'string' ? `\nThe board said: ${event.data.boardMessage}` : '';
  for (const to of await ownersOf(tx, event.organisationId, posting.vacancyId))
    await queueMail(deps, tx, {
      organisationId: event.organisationId,
      kind: status === 'failed' ? 'posting_failed' : 'posting_uncertain',
      to,
      subject:
        status === 'failed'
          ? `Posting failed: ${vacancy.title} on ${posting.board}`
          : `Check your posting: ${vacancy.title} on ${posting.board}`,
      text: [
        status === 'failed'
          ? `Postroom could not post ${vacancy.title} (${vacancy.reference}) to ${posting.board}.`
          : `Postroom does not know whether ${vacancy.title} (${vacancy.reference}) reached ${posting.board}.`,
        why ? `\n${why}` : '',
        board,
        '',
        `See the posting: ${deps.publicUrl}/app/postings/${posting.id}`,
      ].join('\n'),
    });
}
