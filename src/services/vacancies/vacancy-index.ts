import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { contentVersions, vacancies, vacancySearchText } from '../../db/schema.js';
import type { EmploymentType, Vacancy, VacancyStatus } from '../../domain/vacancy.js';
import type { ContentCache } from '../content-cache.js';
import { RecentlyUsed } from '../recently-used.js';

/** What the careers list shows of a vacancy. */
export type VacancyListing = Pick<
  Vacancy,
  | 'id'
  | 'reference'
  | 'title'
  | 'summary'
  | 'location'
  | 'workplace'
  | 'salary'
  | 'employmentType'
  | 'contractLength'
  | 'hours'
  | 'weeklyHours'
  | 'closingDate'
>;

/** What a search reads of one vacancy, its text folded to lower case. */
export interface IndexedVacancy {
  id: string;
  status: VacancyStatus;
  /** A UK calendar day, "YYYY-MM-DD" (compares as text). */
  closingDate: string;
  /** Title, summary and reference (as `vacancySearchText`), lower case. */
  text: string;
  /** Where it is: a position in `VacancyIndex.places`. */
  place: number;
  employmentType: EmploymentType;
  /**
   * What the careers list shows of it, kept for a published vacancy only (status "live"), so that a
   * careers search or deep page reads no vacancy row.
   */
  listing: VacancyListing | null;
}

/** A town (lower case, "" when none) and a stored postcode (normalised, "G4 0SF"; "" when none). */
export interface Place {
  town: string;
  postcode: string;
}

/**
 * An organisation's vacancies, newest first (created_at, then id, as the lists order them), as a
 * search reads them. A search over it costs a pass through memory instead of a read of every
 * matching vacancy: the careers site answers its searches, filters and deep pages from it, and the
 * API's keyword search reads only the vacancies it names. Kept per organisation and content
 * version (`cachedVacancyIndex`), so it is read again after any change to the vacancies.
 */
export interface VacancyIndex {
  entries: IndexedVacancy[];
  /** The entries' distinct places, so that a location is tested once per place. */
  places: Place[];
  /** Each distinct word of the entries' text (split at white space), a line each, to search at once. */
  vocabulary: string;
  /** Where each word of `vocabulary` starts, ascending. */
  wordStarts: number[];
  /** The entries that have each word, by position, ascending. */
  having: number[][];
}

/** Vacancies read a statement when building an index, so that each batch is freed as it grows. */
const BATCH = 10_000;

/**
 * Reads the organisation's vacancies into a VacancyIndex: the searched columns only, `batch` rows a
 * statement, newest first, all from one snapshot (a repeatable-read transaction).
 */
export async function loadVacancyIndex(db: Db, organisationId: string, batch = BATCH): Promise<VacancyIndex> {
  return db.transaction(
    async (tx) => {
      const builder = vacancyIndexBuilder();
      let after: { createdAt: string; id: string } | undefined;
      for (;;) {
        const rows = await tx
          .select({
            id: vacancies.id,
            status: vacancies.status,
            closingDate: vacancies.closingDate,
            text: sql<string>`${vacancySearchText}`,
            town: sql<string | null>`${vacancies.location}->>'town'`,
            postcode: sql<string | null>`${vacancies.location}->>'postcode'`,
            employmentType: vacancies.employmentType,
            ...LISTED_COLUMNS,
            // Exact to the microsecond (a Date keeps milliseconds), for the next batch's start.
            createdAt: sql<string>`${vacancies.createdAt}::text`,
          })
          .from(vacancies)
          .where(
            and(
              eq(vacancies.organisationId, organisationId),
              after &&
                sql`(${vacancies.createdAt}, ${vacancies.id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`,
            ),
          )
          .orderBy(desc(vacancies.createdAt), desc(vacancies.id))
          .limit(batch);
        builder.add(rows);
        if (rows.length < batch) return builder.finish();
        after = rows.at(-1);
      }
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/** The columns of a VacancyListing besides those the search reads anyway. */
const LISTED_COLUMNS = {
  reference: vacancies.reference,
  title: vacancies.title,
  summary: vacancies.summary,
  location: vacancies.location,
  workplace: vacancies.workplace,
  salary: vacancies.salary,
  contractLength: vacancies.contractLength,
  hours: vacancies.hours,
  weeklyHours: vacancies.weeklyHours,
};

/** What the index is built from: a vacancy's searched columns and its listing, as read. */
export interface IndexRow extends VacancyListing {
  status: VacancyStatus;
  text: string;
  town: string | null;
  postcode: string | null;
}

/** The listing of a row, its optional values null when not given. */
const listingOf = (r: IndexRow): VacancyListing => ({
  id: r.id,
  reference: r.reference,
  title: r.title,
  summary: r.summary ?? null,
  location: r.location,
  workplace: r.workplace,
  salary: r.salary ?? null,
  employmentType: r.employmentType,
  contractLength: r.contractLength ?? null,
  hours: r.hours,
  weeklyHours: r.weeklyHours ?? null,
  closingDate: r.closingDate,
});

/** The VacancyIndex of these vacancies, in the order given (newest first). */
export function buildVacancyIndex(rows: IndexRow[]): VacancyIndex {
  const builder = vacancyIndexBuilder();
  builder.add(rows);
  return builder.finish();
}

/** Builds a VacancyIndex from rows given a batch at a time, newest first. */
function vacancyIndexBuilder() {
  const entries: IndexedVacancy[] = [];
  const places: Place[] = [];
  const placeIds = new Map<string, number>();
  const words = new Map<string, number[]>();
  const add = (r: IndexRow) => {
    const place = { town: (r.town ?? '').toLowerCase(), postcode: (r.postcode ?? '').toUpperCase() };
    const key = `${place.town}\n${place.postcode}`;
    let placeId = placeIds.get(key);
    if (placeId === undefined) {
      placeId = places.push(place) - 1;
      placeIds.set(key, placeId);
    }
    const text = r.text.toLowerCase();
    const { id, status, closingDate, employmentType } = r;
    const listing = status === 'live' ? listingOf(r) : null;
    const entry = { id, status, closingDate, text, place: placeId, employmentType, listing };
    const position = entries.push(entry) - 1;
    for (const word of new Set(text.split(WHITE_SPACE))) {
      const having = words.get(word);
      if (having) having.push(position);
      else words.set(word, [position]);
    }
  };
  return {
    add: (rows: IndexRow[]) => rows.forEach(add),
    finish(): VacancyIndex {
      const wordStarts: number[] = [];
      let at = 0;
      for (const word of words.keys()) {
        wordStarts.push(at);
        at += word.length + 1;
      }
      return {
        entries,
        places,
        vocabulary: [...words.keys()].join('\n'),
        wordStarts,
        having: [...words.values()],
      };
    },
  };
}

const WHITE_SPACE = /\s+/;

/**
 * Positions kept per index for the words asked for (about 8 MB at most), the least recently asked
 * for going first.
 */
const POSITIONS_KEPT = 1_000_000;
const wordsKept = new WeakMap<VacancyIndex, RecentlyUsed<string, number[]>>();

/**
 * The positions, ascending, of the entries whose text may contain `text` (lower case, not blank):
 * those with a word containing its longest word (text without white space lies within one word, so
 * for one word these are exactly the entries containing it). Each is still to be checked with
 * `entry.text.includes(text)` when `text` has more than one word. Kept with the index per word.
 */
export function mayContain(index: VacancyIndex, text: string): number[] {
  const longest = text.split(WHITE_SPACE).reduce((a, b) => (b.length > a.length ? b : a), '');
  const kept = wordsKept.get(index) ?? new RecentlyUsed<string, number[]>(POSITIONS_KEPT, (p) => p.length);
  wordsKept.set(index, kept);
  return kept.get(longest) ?? kept.set(longest, entriesWith(index, longest));
}

/** The positions, ascending, of the entries with a word containing `word`. */
function entriesWith(index: VacancyIndex, word: string): number[] {
  const { vocabulary, wordStarts, having } = index;
  const lists: number[][] = [];
  for (let at = vocabulary.indexOf(word); at !== -1; ) {
    const found = wordAt(wordStarts, at);
    lists.push(having[found]!);
    const next = wordStarts[found + 1];
    at = next === undefined ? -1 : vocabulary.indexOf(word, next);
  }
  if (lists.length <= 1) return lists[0] ?? [];
  const has = new Uint8Array(index.entries.length);
  for (const list of lists) for (const position of list) has[position] = 1;
  const positions: number[] = [];
  for (let i = 0; i < has.length; i++) if (has[i]) positions.push(i);
  return positions;
}

/** The word of the vocabulary that the offset `at` is in: the last that starts at or before it. */
function wordAt(starts: number[], at: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= at) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * The organisation's VacancyIndex at its content version: the one kept in `cache` (shared by the
 * careers site and the API), or read afresh. `version` is the content version the request read
 * (a server's requests read it anyway); without it (embedded, where requests go by the local write
 * epoch, which every write of any kind moves, the queue's included) it is read here, once per
 * `localEpoch` when given, so that the index is kept until the vacancies change and a search while
 * nothing is written reads nothing.
 */
export async function cachedVacancyIndex(
  cache: ContentCache,
  db: Db,
  organisationId: string,
  version: number | undefined,
  localEpoch?: number,
): Promise<VacancyIndex> {
  const current =
    version ??
    (await cache.get(CONTENT_VERSIONS, localEpoch, organisationId, () =>
      contentVersionOf(db, organisationId),
    ));
  // Its own shelf: the organisation's shelf may be kept by local write epoch.
  return cache.get(`vacancy-index:${organisationId}`, current, 'index', () =>
    loadVacancyIndex(db, organisationId),
  );
}

/** ContentCache's shelf of organisations' content versions, by local write epoch (embedded mode). */
const CONTENT_VERSIONS = 'content-versions';

async function contentVersionOf(db: Db, organisationId: string): Promise<number> {
  const [row] = await db
    .select({ version: contentVersions.version })
    .from(contentVersions)
    .where(eq(contentVersions.organisationId, organisationId));
  return row?.version ?? 0;
}
