import { and, eq, exists, gte, inArray, lte, or, type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { postings, vacancies } from '../../db/schema.js';
import type { PostingStatus } from '../../domain/posting.js';
import { ukDate } from '../../domain/vacancy.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { getOrganisation } from '../organisations.js';
import { inStep } from '../postings/in-step.js';
import { advertEndOf, ON_BOARD } from '../postings/posting-record.js';
import { toVacancy } from './vacancy-record.js';

/** The vacancy list's filters on the vacancies' postings and dates. */
export interface VacancyPostingFilters {
  /** Has a posting on this board (of this status, when `postingStatus` is given too). */
  board?: string | undefined;
  /** Has a posting in this status. */
  postingStatus?: PostingStatus | undefined;
  /** Has a posting whose board values differ from what the vacancy now gives. */
  outOfDate?: boolean | undefined;
  /** Live, and closes, or has an advert ending on its board, within the next 7 days (today included). */
  expiring?: boolean | undefined;
}

/** Days ahead that count as "expiring". */
export const EXPIRING_DAYS = 7;

/** True when any of the filters is set (the list then reads postings, which the page cache does not follow). */
export const hasPostingFilters = (f: VacancyPostingFilters) =>
  Boolean(f.board || f.postingStatus || f.outOfDate || f.expiring);

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The vacancy has a posting of the organisation on `board` (when given) in `status` (when given);
 * each value given, or a prepared statement's placeholder.
 */
export function hasPosting(
  db: Db,
  organisationId: string | Placeholder,
  board?: string | Placeholder,
  status?: PostingStatus | Placeholder,
): SQL {
  const onPosting = and(
    eq(postings.vacancyId, vacancies.id),
    eq(postings.organisationId, organisationId),
    board ? eq(postings.board, board) : undefined,
    status ? eq(postings.status, status) : undefined,
  );
  return exists(db.select({ one: sql`1` }).from(postings).where(onPosting));
}

/** The SQL conditions on `vacancies` for the filters, every one scoped to the actor's organisation. */
export async function postingFilterConditions(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'publicUrl'>,
  actor: Actor,
  filters: VacancyPostingFilters,
): Promise<SQL[]> {
  const conditions: SQL[] = [];
  if (filters.board || filters.postingStatus)
    conditions.push(hasPosting(deps.db, actor.organisationId, filters.board, filters.postingStatus));
  if (filters.expiring) {
    const today = ukDate(deps.clock.now());
    const until = addDays(today, EXPIRING_DAYS);
    const ending = await endingAdvertVacancyIds(deps, actor, today, until, filters.board);
    const closing = and(gte(vacancies.closingDate, today), lte(vacancies.closingDate, until));
    conditions.push(
      eq(vacancies.status, 'live'),
      ending.length > 0 ? or(closing, inArray(vacancies.id, ending))! : closing!,
    );
  }
  if (filters.outOfDate) {
    const ids = await outOfDateVacancyIds(deps, actor, filters.board);
    conditions.push(ids.length > 0 ? inArray(vacancies.id, ids) : sql`false`);
  }
  return conditions;
}

/**
 * The ids of the organisation's vacancies with an out-of-date posting (on `board`, when given).
 * Whether a posting is out of date is worked out from the vacancy and the organisation (as on the
 * posting), so this reads the postings that can still follow the vacancy.
 */
async function outOfDateVacancyIds(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'publicUrl'>,
  actor: Actor,
  board: string | undefined,
): Promise<string[]> {
  const rows = await deps.db
    .select({ posting: postings, vacancy: vacancies })
    .from(postings)
    .innerJoin(vacancies, eq(vacancies.id, postings.vacancyId))
    .where(
      and(
        eq(postings.organisationId, actor.organisationId),
        inArray(postings.status, ['posted', 'updating', 'queued', 'scheduled']),
        board ? eq(postings.board, board) : undefined,
      ),
    );
  if (rows.length === 0) return [];
  const organisation = await getOrganisation(deps, actor);
  const today = ukDate(deps.clock.now());
  const ids = new Set<string>();
  for (const { posting, vacancy } of rows) {
    if (ids.has(vacancy.id)) continue;
    const source = { vacancy: toVacancy(vacancy), organisation, publicUrl: deps.publicUrl, today };
    if (inStep(posting, source).outOfDate) ids.add(vacancy.id);
  }
  return [...ids];
}

/** The ids of the organisation's vacancies with an advert (on `board`, when given) that ends on its board between the two days. */
async function endingAdvertVacancyIds(
  deps: Pick<ServiceDeps, 'db'>,
  actor: Actor,
  from: string,
  until: string,
  board: string | undefined,
): Promise<string[]> {
  const rows = await deps.db
    .select({ posting: postings, closingDate: vacancies.closingDate })
    .from(postings)
    .innerJoin(vacancies, eq(vacancies.id, postings.vacancyId))
    .where(
      and(
        eq(postings.organisationId, actor.organisationId),
        inArray(postings.status, [...ON_BOARD]),
        board ? eq(postings.board, board) : undefined,
      ),
    );
  const ids = new Set<string>();
  for (const { posting, closingDate } of rows) {
    const endsOn = advertEndOf(posting, closingDate)?.endsOn;
    if (endsOn && endsOn >= from && endsOn <= until) ids.add(posting.vacancyId);
  }
  return [...ids];
}
