import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { applications, organisations, vacancies } from '../../db/schema.js';
import { type Actor, requireAdmin, type ServiceDeps } from '../deps.js';
import { anonymiseApplications, type ErasedApplication, recordErasure, removeCvFiles } from './erase.js';

/** When a vacancy's applications fall due: its retention months after it closed (or its closing date passed). */
const eraseFrom = sql<Date>`(greatest(${vacancies.closedAt}, (${vacancies.closingDate} + 1)::timestamptz) + make_interval(months => ${organisations.retentionMonths}))`;

const BATCH = 500;

export interface RetentionRun {
  organisations: number;
  applications: number;
  cvFiles: number;
}

/**
 * Erases the applications past their organisation's retention period at `now`: CV files removed
 * from disk, personal fields anonymised (source, dates, vacancy and status stay, for analytics).
 * Vacancies under a legal hold are spared. Each organisation's erasure is recorded.
 */
export async function runRetention(
  deps: Pick<ServiceDeps, 'db'>,
  options: { uploadsDir: string },
  now: Date,
): Promise<RetentionRun> {
  const run: RetentionRun = { organisations: 0, applications: 0, cvFiles: 0 };
  const orgs = await deps.db.select({ id: organisations.id }).from(organisations);
  for (const { id } of orgs) {
    let erasedHere = 0;
    for (;;) {
      const batch = await eraseBatch(deps, options, id, now);
      if (batch.applications === 0) break;
      erasedHere += batch.applications;
      run.applications += batch.applications;
      run.cvFiles += batch.cvFiles;
      if (batch.applications < BATCH) break;
    }
    if (erasedHere > 0) run.organisations++;
  }
  return run;
}

async function eraseBatch(
  deps: Pick<ServiceDeps, 'db'>,
  options: { uploadsDir: string },
  organisationId: string,
  now: Date,
): Promise<{ applications: number; cvFiles: number }> {
  return deps.db.transaction(async (tx) => {
    const due = await dueRows(tx, organisationId, now);
    if (due.rows.length === 0) return { applications: 0, cvFiles: 0 };
    const counts = await anonymiseApplications(tx, organisationId, due.rows, now);
    const cvFiles = await removeCvFiles(options.uploadsDir, due.rows);
    const rule = `Kept ${due.months} ${due.months === 1 ? 'month' : 'months'} after the vacancy closed`;
    await recordErasure(
      tx,
      { organisationId, kind: 'retention', rule, actorLabel: 'Retention', at: now },
      { ...counts, cvFiles, activityEntries: 0 },
    );
    return { applications: counts.applications, cvFiles };
  });
}

async function dueRows(
  tx: DbOrTx,
  organisationId: string,
  now: Date,
): Promise<{ rows: ErasedApplication[]; months: number }> {
  const rows = await tx
    .select({
      id: applications.id,
      organisationId: applications.organisationId,
      name: applications.name,
      email: applications.email,
      cvPath: applications.cvPath,
      cvSize: applications.cvSize,
      months: organisations.retentionMonths,
    })
    .from(applications)
    .innerJoin(vacancies, eq(vacancies.id, applications.vacancyId))
    .innerJoin(organisations, eq(organisations.id, applications.organisationId))
    .where(
      and(
        eq(applications.organisationId, organisationId),
        isNull(applications.anonymisedAt),
        isNull(vacancies.legalHoldReason),
        lte(eraseFrom, now),
      ),
    )
    .orderBy(asc(applications.createdAt))
    .limit(BATCH)
    .for('update', { of: applications, skipLocked: true });
  return { rows, months: rows[0]?.months ?? 0 };
}

export interface RetentionPreviewItem {
  vacancyId: string;
  reference: string;
  title: string;
  eraseFrom: Date;
  applications: number;
  legalHoldReason: string | null;
}

/** What retention will erase in the next `days` days (admins): per vacancy, with any legal hold that stops it. */
export async function retentionPreview(
  deps: Pick<ServiceDeps, 'db'>,
  actor: Actor,
  now: Date,
  days = 30,
): Promise<RetentionPreviewItem[]> {
  requireAdmin(actor, 'see what retention will erase');
  const until = new Date(now.getTime() + days * 86_400_000);
  const rows = await deps.db
    .select({
      vacancyId: vacancies.id,
      reference: vacancies.reference,
      title: vacancies.title,
      eraseFrom,
      applications: sql<number>`count(*)::int`,
      legalHoldReason: vacancies.legalHoldReason,
    })
    .from(applications)
    .innerJoin(vacancies, eq(vacancies.id, applications.vacancyId))
    .innerJoin(organisations, eq(organisations.id, applications.organisationId))
    .where(
      and(
        eq(applications.organisationId, actor.organisationId),
        isNull(applications.anonymisedAt),
        lte(eraseFrom, until),
      ),
    )
    .groupBy(vacancies.id, organisations.retentionMonths)
    .orderBy(eraseFrom)
    .limit(500);
  return rows.map((r) => ({ ...r, eraseFrom: new Date(r.eraseFrom) }));
}
