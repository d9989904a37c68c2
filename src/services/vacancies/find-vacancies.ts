import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import { builtOnceEach } from '../../db/client.js';
import { anyOf, uuidArray } from '../../db/prepared-client.js';
import { vacancies } from '../../db/schema.js';
import { AppError } from '../../domain/errors.js';
import type { Vacancy, VacancyStatus } from '../../domain/vacancy.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { afterCursor, before, decodeCursor, type Page, pageOf } from '../pagination.js';
import { postingBits } from './posting-marks.js';
import { hasPosting, postingFilterConditions, type VacancyPostingFilters } from './vacancy-filters.js';
import { loadVacancyIndex, mayContain, type VacancyIndex } from './vacancy-index.js';
import { type VacancyKey, vacanciesJson, vacancyKeyColumns } from './vacancy-json.js';
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

type ListDeps = Pick<ServiceDeps, 'db' | 'clock' | 'publicUrl' | 'localEpoch'>;

/**
 * A page of the organisation's vacancies as the API sends it (JSON text of a `Page<Vacancy>`):
 * the list is read afresh, and each vacancy on it written once per stored version (vacancy-json).
 */
export async function listVacanciesJson(
  deps: ListDeps,
  actor: Actor,
  query: VacancyListQuery,
  index?: VacancyIndex,
): Promise<string> {
  const page = await listVacancyKeys(deps, actor, query, index);
  const items = await vacanciesJson(deps.db, actor.organisationId, page.items);
  return `{"items":[${items.join(',')}],"nextCursor":${JSON.stringify(page.nextCursor)}}`;
}

/**
 * A page of the organisation's vacancies, newest first, filtered by the query. A keyword search
 * finds the vacancies with the words in `index` (the organisation's VacancyIndex, read afresh when
 * not given) and reads only those.
 */
async function listVacancyKeys(
  deps: ListDeps,
  actor: Actor,
  query: VacancyListQuery,
  index?: VacancyIndex,
): Promise<Page<VacancyKey>> {
  const q = query.q?.trim();
  const searched = q && (index ?? (await loadVacancyIndex(deps.db, actor.organisationId)));
  // A search without date filters reads its candidates with a statement built once.
  const read =
    searched && !query.expiring && !query.outOfDate
      ? searchRead(deps, actor, query)
      : await filteredRead(deps, actor, query);
  if (!searched) return pageOf(await read(query.limit + 1), query.limit);
  // A board or posting state: only the candidates with such a posting (the SQL condition checks again).
  const bits =
    query.board || query.postingStatus
      ? await postingBits(deps, actor.organisationId, query, searched)
      : undefined;
  const ids = candidates(searched, q, query, bits);
  // Without date filters the candidates are the answer, unless a vacancy or posting changed since
  // the index and marks were read: the first read asks for just as many as the page wants.
  const exact = !query.expiring && !query.outOfDate;
  return pageOf(await readInOrder(ids, query.limit + 1, read, exact ? 1 : 4), query.limit);
}

type Read = (limit: number, among?: string[]) => Promise<VacancyKey[]>;

/** Reads the query's vacancies (among some, when given), newest first, with every filter. */
async function filteredRead(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'publicUrl'>,
  actor: Actor,
  query: VacancyListQuery,
): Promise<Read> {
  const conditions: (SQL | undefined)[] = [eq(vacancies.organisationId, actor.organisationId)];
  if (query.status) conditions.push(eq(vacancies.status, query.status));
  conditions.push(...(await postingFilterConditions(deps, actor, query)));
  conditions.push(afterCursor(query.cursor, vacancies.createdAt, vacancies.id));
  return (limit, among) =>
    deps.db
      .select(vacancyKeyColumns)
      .from(vacancies)
      .where(and(...conditions, among && anyOf(vacancies.id, among)))
      .orderBy(desc(vacancies.createdAt), desc(vacancies.id))
      .limit(limit);
}

/**
 * A search's read of its candidates, built once per combination of filters: `key` has a 1 or 0 for
 * each of status, board, posting state and cursor.
 */
const searchStatement = builtOnceEach((key, db) => {
  const value = (name: string) => sql.placeholder(name);
  const [status, board, postingStatus, cursor] = [...key].map((on) => on === '1');
  return db
    .select(vacancyKeyColumns)
    .from(vacancies)
    .where(
      and(
        eq(vacancies.organisationId, value('organisationId')),
        status ? eq(vacancies.status, value('status')) : undefined,
        board || postingStatus
          ? hasPosting(
              db,
              value('organisationId'),
              board ? value('board') : undefined,
              postingStatus ? value('postingStatus') : undefined,
            )
          : undefined,
        cursor
          ? before(vacancies.createdAt, vacancies.id, value('afterCreatedAt'), value('afterId'))
          : undefined,
        anyOf(vacancies.id, value('among')),
      ),
    )
    .orderBy(desc(vacancies.createdAt), desc(vacancies.id))
    .limit(value('limit'))
    .prepare(`postroom_vacancy_search_${key}`);
});

/** A search's read of its candidates (as `filteredRead`, without `expiring` and `outOfDate`). */
function searchRead(deps: Pick<ServiceDeps, 'db'>, actor: Actor, query: VacancyListQuery): Read {
  const key = [query.status, query.board, query.postingStatus, query.cursor].map((v) => (v ? 1 : 0)).join('');
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const values = {
    organisationId: actor.organisationId,
    status: query.status,
    board: query.board,
    postingStatus: query.postingStatus,
    afterCreatedAt: after?.createdAt.toISOString(),
    afterId: after?.id,
  };
  const prepared = searchStatement(key, deps.db);
  return (limit, among = []) => prepared.execute({ ...values, among: uuidArray(among), limit });
}

/**
 * The ids of the index's vacancies with the words (and status) of the query, past its cursor, in
 * list order; only those with a 1 in `bits` (by position), when given. Found as they are taken, so
 * that a page of a common word looks at little more than the page.
 */
function* candidates(
  index: VacancyIndex,
  q: string,
  query: VacancyListQuery,
  bits?: Uint8Array,
): Generator<string, void, undefined> {
  const words = q.toLowerCase();
  const positions = mayContain(index, words);
  let k = 0;
  if (query.cursor) {
    const after = decodeCursor(query.cursor).id;
    const from = index.entries.findIndex((e) => e.id === after) + 1; // 0 when gone: the SQL cursor applies
    k = firstAtOrAfter(positions, from);
  }
  // One word: every entry `mayContain` gives has it.
  const phrase = /\s/.test(words);
  for (; k < positions.length; k++) {
    const i = positions[k]!;
    if (bits && !bits[i]) continue;
    const e = index.entries[i]!;
    if ((!phrase || e.text.includes(words)) && (!query.status || e.status === query.status)) yield e.id;
  }
}

/** Where the first value at or after `from` is in `sorted` (ascending), or its length. */
function firstAtOrAfter(sorted: number[], from: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! < from) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The first `want` rows `read` finds among `ids` (in list order), taken a few at a time, more each
 * time (`share` times `want` first): a search whose other filters match its first candidates
 * takes and reads only those.
 */
async function readInOrder<T>(
  ids: Iterator<string>,
  want: number,
  read: (limit: number, among: string[]) => Promise<T[]>,
  share: number,
): Promise<T[]> {
  const rows: T[] = [];
  for (let size = want * share; rows.length < want; size *= 4) {
    const among = taken(ids, size);
    if (!among.length) break;
    rows.push(...(await read(want - rows.length, among)));
  }
  return rows;
}

/** The next `n` values of `values` (fewer when it ends). */
function taken<T>(values: Iterator<T>, n: number): T[] {
  const result: T[] = [];
  while (result.length < n) {
    const next = values.next();
    if (next.done) break;
    result.push(next.value);
  }
  return result;
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
