import { and, desc, eq, ilike, type SQL } from 'drizzle-orm';
import { vacancies, vacancySearchText } from '../../db/schema.js';
import { AppError } from '../../domain/errors.js';
import type { Vacancy, VacancyStatus } from '../../domain/vacancy.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { afterCursor, escapeLike, type Page, pageOf } from '../pagination.js';
import { postingFilterConditions, type VacancyPostingFilters } from './vacancy-filters.js';
import { loadVacancy, toVacancy } from './vacancy-record.js';

export async function getVacancy(deps: Pick<ServiceDeps, 'db'>, actor: Actor, id: string): Promise<Vacancy> {
  return toVacancy(await loadVacancy(deps.db, actor, id));
}

export interface VacancyListQuery extends VacancyPostingFilters {
  status?: VacancyStatus;
  /** Matches the title, summary or reference, case-insensitively. */
  q?: string;
  cursor?: string;
  limit: number;
}

/** A page of the organisation's vacancies, newest first, filtered by the query. */
export async function listVacancies(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'publicUrl'>,
  actor: Actor,
  query: VacancyListQuery,
): Promise<Page<Vacancy>> {
  const conditions: (SQL | undefined)[] = [eq(vacancies.organisationId, actor.organisationId)];
  if (query.status) conditions.push(eq(vacancies.status, query.status));
  if (query.q?.trim()) {
    conditions.push(ilike(vacancySearchText, `%${escapeLike(query.q.trim())}%`));
  }
  conditions.push(...(await postingFilterConditions(deps, actor, query)));
  conditions.push(afterCursor(query.cursor, vacancies.createdAt, vacancies.id));
  const rows = await deps.db
    .select()
    .from(vacancies)
    .where(and(...conditions))
    .orderBy(desc(vacancies.createdAt), desc(vacancies.id))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit);
  return { items: page.items.map(toVacancy), nextCursor: page.nextCursor };
}

/** The organisation's vacancy with this reference (references are unique in an organisation). */
export async function getVacancyByReference(
  deps: Pick<ServiceDeps, 'db'>,
  actor: Actor,
  reference: string,
): Promise<Vacancy> {
  const [row] = await deps.db
    .select()
    .from(vacancies)
    .where(and(eq(vacancies.organisationId, actor.organisationId), eq(vacancies.reference, reference)));
  if (!row) throw new AppError('not_found', `There is no vacancy with the reference "${reference}".`);
  return toVacancy(row);
}
