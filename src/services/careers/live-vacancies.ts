import { and, count, desc, eq, gte, ilike, like, or, type SQL, sql } from 'drizzle-orm';
import { vacancies, vacancySearchText } from '../../db/schema.js';
import { type EmploymentType, ukDate, type Vacancy } from '../../domain/vacancy.js';
import type { ServiceDeps } from '../deps.js';
import { escapeLike } from '../pagination.js';
import { toVacancy } from '../vacancies/vacancy-record.js';

/** Vacancies a careers page shows at a time. */
export const CAREERS_PAGE_SIZE = 20;

/**
 * Matches counted at most, so a page costs the same with 1,000 or 100,000 live vacancies: past
 * this a candidate is told "more than 1,000" and asked to narrow the search (pages stop at 50).
 */
export const CAREERS_COUNT_LIMIT = 1_000;

/** What a candidate searches by; empty fields do not filter. */
export interface CareersSearch {
  /** Matches the title, summary or reference, case-insensitively. */
  keywords?: string;
  /** A town (part of its name) or the start of a postcode ("G4", "G4 0", "G4 0SF"). */
  location?: string;
  employmentType?: EmploymentType;
  /** 1-based. */
  page: number;
}

export interface CareersPage {
  items: Vacancy[];
  /** Matching vacancies over every page, counted up to CAREERS_COUNT_LIMIT. */
  total: number;
  /** True when there are more matches than `total` (which is then CAREERS_COUNT_LIMIT). */
  more: boolean;
  page: number;
  pageSize: number;
}

type Deps = Pick<ServiceDeps, 'db' | 'clock'>;

// The escape character is Postgres' default for LIKE, the backslash.

/** An outward code alone ("G4", "EH12", "W1A"): match that district, not "G40" or "G41". */
const OUTWARD_CODE = /^[A-Z]{1,2}\d[A-Z\d]?$/;
const LOOKS_LIKE_POSTCODE = /^[A-Z]{1,2}\d/;

/** Live on the careers site: published, and its closing date (a UK calendar day) not yet passed. */
function liveConditions(deps: Deps, organisationId: string): SQL[] {
  return [
    eq(vacancies.organisationId, organisationId),
    eq(vacancies.status, 'live'),
    gte(vacancies.closingDate, ukDate(deps.clock.now())),
  ];
}

/**
 * The LIKE patterns a candidate's location text stands for: a town containing it and, when it looks
 * like a postcode, a district (`postcodeDistrict`, on the stored postcode) or the start of a
 * postcode (`postcodeStart`, on the postcode without its space).
 */
export function locationPatterns(text: string): {
  town: string;
  postcodeDistrict?: string;
  postcodeStart?: string;
} {
  const town = `%${escapeLike(text)}%`;
  const upper = text.toUpperCase().replace(/\s+/g, ' ');
  if (!LOOKS_LIKE_POSTCODE.test(upper)) return { town };
  // Stored postcodes are normalised ("G4 0SF"), so a district is the text before the space.
  return OUTWARD_CODE.test(upper)
    ? { town, postcodeDistrict: `${escapeLike(upper)} %` }
    : { town, postcodeStart: `${escapeLike(upper.replace(/ /g, ''))}%` };
}

function locationCondition(text: string): SQL | undefined {
  const postcode = sql`${vacancies.location}->>'postcode'`;
  const patterns = locationPatterns(text);
  const byTown = ilike(sql`${vacancies.location}->>'town'`, patterns.town);
  if (patterns.postcodeDistrict) return or(byTown, like(postcode, patterns.postcodeDistrict));
  if (patterns.postcodeStart)
    return or(byTown, like(sql`replace(${postcode}, ' ', '')`, patterns.postcodeStart));
  return byTown;
}

/** A page of the organisation's live vacancies matching a candidate's search, newest first. */
export async function searchLiveVacancies(
  deps: Deps,
  organisationId: string,
  search: CareersSearch,
): Promise<CareersPage> {
  const conditions: (SQL | undefined)[] = liveConditions(deps, organisationId);
  const keywords = search.keywords?.trim();
  if (keywords) {
    conditions.push(ilike(vacancySearchText, `%${escapeLike(keywords)}%`));
  }
  const location = search.location?.trim();
  if (location) conditions.push(locationCondition(location));
  if (search.employmentType) conditions.push(eq(vacancies.employmentType, search.employmentType));
  const where = and(...conditions);
  const page = Math.max(1, Math.floor(search.page));
  // Pages past the counted matches are not read: their offset would cost a scan of everything before.
  const beyond = page > CAREERS_COUNT_LIMIT / CAREERS_PAGE_SIZE;
  const matches = deps.db
    .select({ one: sql`1` })
    .from(vacancies)
    .where(where)
    .limit(CAREERS_COUNT_LIMIT + 1)
    .as('matches');
  const [rows, [counted]] = await Promise.all([
    beyond
      ? []
      : deps.db
          .select()
          .from(vacancies)
          .where(where)
          .orderBy(desc(vacancies.createdAt), desc(vacancies.id))
          .limit(CAREERS_PAGE_SIZE)
          .offset((page - 1) * CAREERS_PAGE_SIZE),
    deps.db.select({ total: count() }).from(matches),
  ]);
  const found = counted?.total ?? 0;
  return {
    items: rows.map(toVacancy),
    total: Math.min(found, CAREERS_COUNT_LIMIT),
    more: found > CAREERS_COUNT_LIMIT,
    page,
    pageSize: CAREERS_PAGE_SIZE,
  };
}

/** Every live vacancy of the organisation, newest first, for the job feeds. */
export async function allLiveVacancies(deps: Deps, organisationId: string): Promise<Vacancy[]> {
  const rows = await deps.db
    .select()
    .from(vacancies)
    .where(and(...liveConditions(deps, organisationId)))
    .orderBy(desc(vacancies.createdAt), desc(vacancies.id));
  return rows.map(toVacancy);
}
