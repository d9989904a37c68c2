import { and, desc, eq, type SQL } from 'drizzle-orm';
import { applications, vacancies } from '../../db/schema.js';
import type { ApplicationStatus } from '../../domain/application.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { afterCursor, type Page, pageOf } from '../pagination.js';
import { type Application, toApplication } from './application-record.js';

/** What the inbox can be narrowed to; every filter is optional and they combine. */
export interface InboxFilters {
  vacancyId?: string;
  /** A source label, e.g. "NHS Jobs" or "Careers site". */
  source?: string;
  status?: ApplicationStatus;
}

/** The most rows one CSV export holds; the API says so and the file ends there. */
export const EXPORT_MAX_ROWS = 10_000;

function inboxConditions(actor: Actor, filters: InboxFilters): (SQL | undefined)[] {
  return [
    eq(applications.organisationId, actor.organisationId),
    filters.vacancyId ? eq(applications.vacancyId, filters.vacancyId) : undefined,
    filters.source ? eq(applications.sourceLabel, filters.source) : undefined,
    filters.status ? eq(applications.status, filters.status) : undefined,
  ];
}

/** A page of the organisation's applications across vacancies, newest first. */
export async function listApplications(
  deps: Pick<ServiceDeps, 'db'>,
  actor: Actor,
  query: InboxFilters & { cursor?: string; limit: number },
): Promise<Page<Application>> {
  const rows = await deps.db
    .select()
    .from(applications)
    .where(
      and(
        ...inboxConditions(actor, query),
        afterCursor(query.cursor, applications.createdAt, applications.id),
      ),
    )
    .orderBy(desc(applications.createdAt), desc(applications.id))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit);
  return { items: page.items.map(toApplication), nextCursor: page.nextCursor };
}

export type ExportedApplication = Application & { vacancyTitle: string };

/** Every application a filter shows (up to EXPORT_MAX_ROWS), newest first, with its vacancy's title. */
export async function exportApplications(
  deps: Pick<ServiceDeps, 'db'>,
  actor: Actor,
  filters: InboxFilters,
): Promise<ExportedApplication[]> {
  const rows = await deps.db
    .select({ application: applications, vacancyTitle: vacancies.title })
    .from(applications)
    .innerJoin(vacancies, eq(vacancies.id, applications.vacancyId))
    .where(and(...inboxConditions(actor, filters), eq(vacancies.organisationId, actor.organisationId)))
    .orderBy(desc(applications.createdAt), desc(applications.id))
    .limit(EXPORT_MAX_ROWS);
  return rows.map((r) => ({ ...toApplication(r.application), vacancyTitle: r.vacancyTitle }));
}
