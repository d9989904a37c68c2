import { and, asc, eq, gt, isNull, lte, or } from 'drizzle-orm';
import { applications, users, vacancies } from '../../db/schema.js';
import type { ServiceDeps } from '../deps.js';
import { queueMail } from './queue-mail.js';

const DAY_MS = 86_400_000;

/**
 * Sends the daily digest to each person who chose it and whose last digest is a day old: the
 * applications since then, one line each. A person with nothing new gets no mail. Safe to run from
 * several workers at once: each person's row is locked while their digest is made.
 */
export async function runDigests(deps: ServiceDeps, now: Date): Promise<number> {
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const due = await deps.db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.applicationEmails, 'digest'),
        or(isNull(users.digestSentAt), lte(users.digestSentAt, dayAgo)),
      ),
    );
  let sent = 0;
  for (const { id } of due) {
    const mailed = await deps.db.transaction(async (tx) => {
      const [user] = await tx
        .select()
        .from(users)
        .where(eq(users.id, id))
        .for('update', { skipLocked: true });
      if (!user || user.applicationEmails !== 'digest') return false;
      if (user.digestSentAt && user.digestSentAt > dayAgo) return false;
      const since = user.digestSentAt ?? dayAgo;
      const rows = await tx
        .select({
          name: applications.name,
          source: applications.sourceLabel,
          title: vacancies.title,
          reference: vacancies.reference,
        })
        .from(applications)
        .innerJoin(vacancies, eq(vacancies.id, applications.vacancyId))
        .where(
          and(
            eq(applications.organisationId, user.organisationId),
            gt(applications.createdAt, since),
            lte(applications.createdAt, now),
          ),
        )
        .orderBy(asc(applications.createdAt));
      await tx.update(users).set({ digestSentAt: now }).where(eq(users.id, user.id));
      if (rows.length === 0) return false;
      await queueMail(deps, tx, {
        organisationId: user.organisationId,
        kind: 'application_digest',
        to: user.email,
        subject: `${rows.length} new application${rows.length === 1 ? '' : 's'} today`,
        text: [
          `New applications since ${since.toISOString().slice(0, 16).replace('T', ' ')} UTC:`,
          '',
          ...rows.map((r) => `- ${r.name} for ${r.title} (${r.reference}), from ${r.source}`),
          '',
          `Read them in Postroom: ${deps.publicUrl}/app/applications`,
        ].join('\n'),
      });
      return true;
    });
    if (mailed) sent += 1;
  }
  return sent;
}
