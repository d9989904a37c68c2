import { readFile } from 'node:fs/promises';
import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import { applications } from '../../db/schema.js';
import { AppError, isUuid, notFound } from '../../domain/errors.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { afterCursor, type Page, pageOf } from '../pagination.js';
import { loadVacancy } from '../vacancies/vacancy-record.js';
import { type Application, type ApplicationRow, toApplication } from './application-record.js';
import { cvFilePath } from './submit-application.js';

export interface ApplicationListQuery {
  /** A source label, e.g. "NHS Jobs" or "Careers site". */
  source?: string;
  cursor?: string;
  limit: number;
}

/** A page of a vacancy's applications, newest first, optionally from one source. */
export async function listVacancyApplications(
  deps: Pick<ServiceDeps, 'db'>,
  actor: Actor,
  vacancyId: string,
  query: ApplicationListQuery,
): Promise<Page<Application>> {
  const vacancy = await loadVacancy(deps.db, actor, vacancyId);
  const conditions: (SQL | undefined)[] = [
    eq(applications.organisationId, actor.organisationId),
    eq(applications.vacancyId, vacancy.id),
  ];
  if (query.source) conditions.push(eq(applications.sourceLabel, query.source));
  conditions.push(afterCursor(query.cursor, applications.createdAt, applications.id));
  const rows = await deps.db
    .select()
    .from(applications)
    .where(and(...conditions))
    .orderBy(desc(applications.createdAt), desc(applications.id))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit);
  return { items: page.items.map(toApplication), nextCursor: page.nextCursor };
}

/** How many applications a vacancy has from each source, most first. */
export async function countVacancyApplications(
  deps: Pick<ServiceDeps, 'db'>,
  actor: Actor,
  vacancyId: string,
): Promise<{ total: number; bySource: { source: string; count: number }[] }> {
  const vacancy = await loadVacancy(deps.db, actor, vacancyId);
  const rows = await deps.db
    .select({ source: applications.sourceLabel, count: count() })
    .from(applications)
    .where(and(eq(applications.organisationId, actor.organisationId), eq(applications.vacancyId, vacancy.id)))
    .groupBy(applications.sourceLabel);
  const bySource = rows
    .map((r) => ({ source: r.source, count: Number(r.count) }))
    .sort((a, b) => b.count - a.count || a.source.localeCompare(b.source));
  return { total: bySource.reduce((sum, r) => sum + r.count, 0), bySource };
}

export async function loadApplication(
  deps: Pick<ServiceDeps, 'db'>,
  actor: Actor,
  id: string,
): Promise<ApplicationRow> {
  if (!isUuid(id)) throw notFound('Application');
  const [row] = await deps.db
    .select()
    .from(applications)
    .where(and(eq(applications.id, id), eq(applications.organisationId, actor.organisationId)));
  if (!row) throw notFound('Application');
  return row;
}

export async function getApplication(
  deps: Pick<ServiceDeps, 'db'>,
  actor: Actor,
  id: string,
): Promise<Application> {
  return toApplication(await loadApplication(deps, actor, id));
}

/** The application and its CV's bytes, read from the uploads folder. */
export async function readApplicationCv(
  deps: Pick<ServiceDeps, 'db'>,
  options: { uploadsDir: string },
  actor: Actor,
  id: string,
): Promise<{ application: Application; bytes: Buffer }> {
  const row = await loadApplication(deps, actor, id);
  try {
    const bytes = await readFile(cvFilePath(options.uploadsDir, row.organisationId, row.cvPath));
    return { application: toApplication(row), bytes };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new AppError('not_found', 'The CV file of this application is missing from the data directory.');
    throw error;
  }
}
