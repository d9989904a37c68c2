import { and, desc, eq, gte, type SQL } from 'drizzle-orm';
import { vacancies } from '../../db/schema.js';
import { type EmploymentType, ukDate, type Vacancy } from '../../domain/vacancy.js';
import type { ServiceDeps } from '../deps.js';
import { keepRecent } from '../recently-used.js';
import {
  loadVacancyIndex,
  mayContain,
  type VacancyIndex,
  type VacancyListing,
} from '../vacancies/vacancy-index.js';
import { toVacancy } from '../vacancies/vacancy-record.js';

/** Vacancies a careers page shows at a time. */
export const CAREERS_PAGE_SIZE = 20;

/**
 * Matches counted at most, so a search stops looking there: past this a candidate is told "more
 * than 1,000" and asked to narrow the search (pages stop at 50).
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
  items: VacancyListing[];
  /** Matching vacancies over every page, counted up to CAREERS_COUNT_LIMIT. */
  total: number;
  /** True when there are more matches than `total` (which is then CAREERS_COUNT_LIMIT). */
  more: boolean;
  page: number;
  pageSize: number;
}

type Deps = Pick<ServiceDeps, 'db' | 'clock'>;

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
 * Whether a vacancy is at the place a candidate typed: a town containing the text or, when it
 * looks like a postcode, in that district (an outward code alone) or a postcode starting with it
 * (spaces ignored).
 */
export function locationMatcher(text: string): (place: { town: string; postcode: string }) => boolean {
  const town = text.toLowerCase();
  const upper = text.toUpperCase().replace(/\s+/g, ' ');
  if (!LOOKS_LIKE_POSTCODE.test(upper)) return (p) => p.town.includes(town);
  // Stored postcodes are normalised ("G4 0SF"), so a district is the text before the space.
  if (OUTWARD_CODE.test(upper)) {
    const district = `${upper} `;
    return (p) => p.town.includes(town) || p.postcode.startsWith(district);
  }
  const start = upper.replace(/ /g, '');
  return (p) => p.town.includes(town) || p.postcode.replace(/ /g, '').startsWith(start);
}

/**
 * Which of the index's vacancies are live on `today` (a UK day) and of the employment type (any
 * when not given), worked out once a day per index and type.
 */
function liveOn(index: VacancyIndex, today: string, type: EmploymentType | undefined): Uint8Array {
  const found = liveMasks.get(index);
  const kept =
    found?.day === today ? found : { day: today, masks: new Map<string | undefined, Uint8Array>() };
  liveMasks.set(index, kept);
  const known = kept.masks.get(type);
  if (known) return known;
  const live = Uint8Array.from(index.entries, (e) =>
    e.status === 'live' && e.closingDate >= today && (!type || e.employmentType === type) ? 1 : 0,
  );
  kept.masks.set(type, live);
  return live;
}
const liveMasks = new WeakMap<VacancyIndex, { day: string; masks: Map<string | undefined, Uint8Array> }>();

/** Each entry's place, as a position in `index.places`: read once per index, for the search's loop. */
function placesOf(index: VacancyIndex): Int32Array {
  const kept = entryPlaces.get(index) ?? Int32Array.from(index.entries, (e) => e.place);
  entryPlaces.set(index, kept);
  return kept;
}
const entryPlaces = new WeakMap<VacancyIndex, Int32Array>();

/** Searches whose matches are kept per index, the least recently asked for going first. */
const SEARCHES_KEPT = 200;
const matchesKept = new WeakMap<VacancyIndex, Map<string, number[]>>();

/**
 * The positions in `index` of the vacancies live on `today` that match the search, in list order,
 * up to one more than CAREERS_COUNT_LIMIT; kept with the index, so that every page of a search (and
 * every candidate asking the same) is found once per content version.
 */
function liveMatches(index: VacancyIndex, search: CareersSearch, today: string): number[] {
  const keywords = search.keywords?.trim().toLowerCase();
  const location = search.location?.trim();
  const type = search.employmentType;
  const key = JSON.stringify([today, keywords, location, type]);
  const kept = matchesKept.get(index) ?? new Map<string, number[]>();
  matchesKept.set(index, kept);
  const known = kept.get(key);
  if (known) return keepRecent(kept, key, known, SEARCHES_KEPT);
  const { entries } = index;
  const live = liveOn(index, today, type);
  const looked = keywords ? mayContain(index, keywords) : undefined;
  // One word: every entry `mayContain` gives has it.
  const phrase = keywords && /\s/.test(keywords) ? keywords : undefined;
  const atLocation = location ? locationMatcher(location) : undefined;
  const atPlace = atLocation && Uint8Array.from(index.places, (p) => (atLocation(p) ? 1 : 0));
  const places = placesOf(index);
  const found: number[] = [];
  const count = looked ? looked.length : entries.length;
  for (let k = 0; k < count && found.length <= CAREERS_COUNT_LIMIT; k++) {
    const i = looked ? looked[k]! : k;
    if (!live[i] || (atPlace && !atPlace[places[i]!])) continue;
    if (!phrase || entries[i]!.text.includes(phrase)) found.push(i);
  }
  return keepRecent(kept, key, found, SEARCHES_KEPT);
}

/**
 * A page of the organisation's live vacancies matching a candidate's search, newest first, found
 * in `index` (read afresh when not given) with what the list shows of each: the page is the
 * vacancies as they were at the index's content version, and reads no vacancy row.
 */
export async function searchLiveVacancies(
  deps: Deps,
  organisationId: string,
  search: CareersSearch,
  index?: VacancyIndex,
): Promise<CareersPage> {
  const searched = index ?? (await loadVacancyIndex(deps.db, organisationId));
  const page = Math.max(1, Math.floor(search.page));
  const first = (page - 1) * CAREERS_PAGE_SIZE;
  const found = liveMatches(searched, search, ukDate(deps.clock.now()));
  // Pages past the counted matches are not shown (a candidate is asked to narrow the search).
  const onPage = found.slice(first, Math.min(first + CAREERS_PAGE_SIZE, CAREERS_COUNT_LIMIT));
  return {
    items: onPage.map((i) => searched.entries[i]!.listing!),
    total: Math.min(found.length, CAREERS_COUNT_LIMIT),
    more: found.length > CAREERS_COUNT_LIMIT,
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
