import { readFile } from 'node:fs/promises';
import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type ActivityChanges, activity, applications, mails, vacancies } from '../../db/schema.js';
import { cvFilePath } from '../applications/submit-application.js';
import { type Actor, requireAdmin, type ServiceDeps } from '../deps.js';
import {
  anonymiseApplications,
  type ErasureCounts,
  mailsAbout,
  recordErasure,
  removeCvFiles,
} from './erase.js';

/** Everything Postroom holds about one e-mail address in an organisation (a subject access request). */
export interface SubjectData {
  email: string;
  applications: {
    id: string;
    vacancy: { id: string; reference: string; title: string };
    name: string;
    email: string;
    phone: string;
    coverNote: string;
    source: string;
    createdAt: Date;
    cv: { fileName: string; type: string; size: number; base64?: string | null };
  }[];
  activity: {
    id: number;
    subjectType: string;
    subjectId: string;
    action: string;
    actor: string;
    changes: ActivityChanges;
    at: Date;
  }[];
  mails: {
    id: string;
    kind: string;
    to: string;
    subject: string;
    text: string;
    status: string;
    createdAt: Date;
  }[];
}

const matches = (column: unknown, email: string) => sql`position(${email} in lower(${column}::text)) > 0`;

/** Finds what is held about `email`; with `withFiles`, each CV's bytes in base64 (the export). */
export async function findSubject(
  deps: Pick<ServiceDeps, 'db'>,
  options: { uploadsDir: string },
  actor: Actor,
  rawEmail: string,
  withFiles = false,
): Promise<SubjectData> {
  requireAdmin(actor, "find or export a candidate's data");
  const email = rawEmail.trim().toLowerCase();
  const org = actor.organisationId;
  const rows = await candidateApplications(deps.db, org, email);
  const found = await Promise.all(
    rows.map(async ({ a, v }) => ({
      id: a.id,
      vacancy: v,
      name: a.name,
      email: a.email,
      phone: a.phone,
      coverNote: a.coverNote,
      source: a.sourceLabel,
      createdAt: a.createdAt,
      cv: {
        fileName: a.cvOriginalName,
        type: a.cvType,
        size: a.cvSize,
        ...(withFiles ? { base64: await cvBase64(options.uploadsDir, a.organisationId, a.cvPath) } : {}),
      },
    })),
  );
  const entries = await deps.db
    .select()
    .from(activity)
    .where(and(eq(activity.organisationId, org), matches(activity.changes, email)))
    .orderBy(asc(activity.id))
    .limit(1000);
  const sent = await deps.db
    .select()
    .from(mails)
    .where(
      and(
        eq(mails.organisationId, org),
        or(mailMatches(email), rows.length ? mailsAbout(rows.map((r) => r.a)) : undefined),
      ),
    )
    .orderBy(asc(mails.createdAt))
    .limit(1000);
  return {
    email,
    applications: found,
    activity: entries.map((e) => ({
      id: e.id,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      action: e.action,
      actor: e.actorLabel,
      changes: e.changes,
      at: e.at,
    })),
    mails: sent.map((m) => ({
      id: m.id,
      kind: m.kind,
      to: m.to,
      subject: m.subject,
      text: m.text,
      status: m.status,
      createdAt: m.createdAt,
    })),
  };
}

const mailMatches = (email: string) => sql`(lower(${mails.to}) = ${email} or ${matches(mails.text, email)})`;

function candidateApplications(db: DbOrTx, organisationId: string, email: string) {
  return db
    .select({
      a: applications,
      v: { id: vacancies.id, reference: vacancies.reference, title: vacancies.title },
    })
    .from(applications)
    .innerJoin(vacancies, eq(vacancies.id, applications.vacancyId))
    .where(
      and(
        eq(applications.organisationId, organisationId),
        isNull(applications.anonymisedAt),
        sql`lower(${applications.email}) = ${email}`,
      ),
    )
    .orderBy(asc(applications.createdAt))
    .limit(1000);
}

async function cvBase64(uploadsDir: string, organisationId: string, cvPath: string): Promise<string | null> {
  try {
    return (await readFile(cvFilePath(uploadsDir, organisationId, cvPath))).toString('base64');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

const regexQuote = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Erases what is held about `email` on the candidate's request: applications anonymised and CV
 * files removed, the address struck from activity entries, e-mails to or about it deleted. The
 * erasure is recorded with its counts, never the address.
 */
export async function eraseSubject(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  options: { uploadsDir: string },
  actor: Actor,
  rawEmail: string,
): Promise<ErasureCounts> {
  requireAdmin(actor, "erase a candidate's data");
  const email = rawEmail.trim().toLowerCase();
  const org = actor.organisationId;
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const rows = (await candidateApplications(tx, org, email)).map(({ a }) => a);
    const counts = await anonymiseApplications(tx, org, rows, now);
    const other = await tx
      .delete(mails)
      .where(and(eq(mails.organisationId, org), mailMatches(email)))
      .returning({ id: mails.id });
    const struck = await tx
      .update(activity)
      .set({
        changes: sql`regexp_replace(${activity.changes}::text, ${regexQuote(email)}, '[erased]', 'gi')::jsonb`,
      })
      .where(and(eq(activity.organisationId, org), matches(activity.changes, email)))
      .returning({ id: activity.id });
    const cvFiles = await removeCvFiles(options.uploadsDir, rows);
    const total = { ...counts, mails: counts.mails + other.length, cvFiles, activityEntries: struck.length };
    await recordErasure(
      tx,
      {
        organisationId: org,
        kind: 'request',
        rule: 'Erasure requested by the candidate',
        actorLabel: actor.label,
        at: now,
      },
      total,
    );
    return total;
  });
}
