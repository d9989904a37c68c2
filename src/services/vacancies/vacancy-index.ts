import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { vacancies, vacancySearchText } from '../../db/schema.js';
import type { EmploymentType, VacancyStatus } from '../../domain/vacancy.js';
import type { ContentCache } from '../content-cache.js';

/** What a search reads of one vacancy, its text folded to lower case. */
export interface IndexedVacancy {
  id: string;
  status: VacancyStatus;
  /** A UK calendar day, "YYYY-MM-DD" (compares as text). */
  closingDate: string;
  /** Title, summary and reference (as `vacancySearchText`), lower case. */
  text: string;
  /** The town, lower case ("" when none). */
  town: string;
  /** The stored postcode, normalised ("G4 0SF"; "" when none). */
  postcode: string;
  employmentType: EmploymentType;
}

/**
 * An organisation's vacancies, newest first (created_at, then id, as the lists order them), as a
 * search reads them. A keyword search over it costs a pass through memory instead of a read of
 * every matching vacancy: the careers site answers its searches, filters and deep pages from it,
 * and the API's keyword search reads only the vacancies it names. Kept per organisation and content
 * version (`cachedVacancyIndex`), so it is read again after any change to the vacancies.
 */
export interface VacancyIndex {
  entries: IndexedVacancy[];
}

/** Reads the organisation's vacancies into a VacancyIndex: one query, of the searched columns only. */
export async function loadVacancyIndex(db: Db, organisationId: string): Promise<VacancyIndex> {
  const rows = await db
    .select({
      id: vacancies.id,
      status: vacancies.status,
      closingDate: vacancies.closingDate,
      text: sql<string>`${vacancySearchText}`,
      town: sql<string | null>`${vacancies.location}->>'town'`,
      postcode: sql<string | null>`${vacancies.location}->>'postcode'`,
      employmentType: vacancies.employmentType,
    })
    .from(vacancies)
    .where(eq(vacancies.organisationId, organisationId))
    .orderBy(desc(vacancies.createdAt), desc(vacancies.id));
  return {
    entries: rows.map((r) => ({
      id: r.id,
      status: r.status,
      closingDate: r.closingDate,
      text: r.text.toLowerCase(),
      town: (r.town ?? '').toLowerCase(),
      postcode: (r.postcode ?? '').toUpperCase(),
      employmentType: r.employmentType,
    })),
  };
}

/**
 * The organisation's VacancyIndex at this content version: the one kept in `cache` (shared by the
 * careers site and the API), or read afresh. `version` undefined (not known) always reads.
 */
export function cachedVacancyIndex(
  cache: ContentCache,
  db: Db,
  organisationId: string,
  version: number | undefined,
): Promise<VacancyIndex> {
  return cache.get(organisationId, version, 'vacancy-index', () => loadVacancyIndex(db, organisationId));
}
