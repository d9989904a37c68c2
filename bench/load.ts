/**
 * Load and growth: requests/s and latency of the careers site and the vacancies API under 50
 * concurrent connections with many live vacancies, against the ceiling of GET /healthz on the same
 * server in the same run, at one or more sizes. See bench/README.md.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { getBoard } from '../src/boards/registry.js';
import { boardConnections, postings, vacancies } from '../src/db/schema.js';
import type { Organisation } from '../src/domain/organisation.js';
import type { PostingStatus } from '../src/domain/posting.js';
import { ukDate } from '../src/domain/vacancy.js';
import type { Runtime } from '../src/main/runtime.js';
import { createConnection } from '../src/services/connections.js';
import type { Actor } from '../src/services/deps.js';
import { findOrganisationBySlug } from '../src/services/organisations.js';
import { currentFields } from '../src/services/postings/in-step.js';
import type { PostingRow } from '../src/services/postings/posting-record.js';
import { toVacancy } from '../src/services/vacancies/vacancy-record.js';
import { DEFAULT_BOARDS } from './options.js';
import {
  duration,
  type Figure,
  lone,
  ORG_SLUG,
  pool,
  postroomEnv,
  prepareOrganisation,
  progress,
  ROOT,
  ratio,
  residentMiB,
  round,
  runToEnd,
  type Served,
  seconds,
  sleep,
  startServe,
  status,
  stopChild,
  tempDir,
  withRuntime,
} from './support.js';

const AUTOCANNON = join(ROOT, 'node_modules', 'autocannon');
export const CONNECTIONS = 50;
/** Rows a statement when loading vacancies (about 25 parameters a row, well under PostgreSQL's 65,535). */
const BATCH = 1_000;
export const TARGET_P99_MS = 50;

export interface LoadOptions {
  /** Vacancy counts to measure at, in any order; the database grows from one to the next. */
  sizes: number[];
  /** Seconds each endpoint is measured at a size. */
  durationFor: (size: number) => number;
  /** Requests sent to each endpoint before it is measured (10 at a time), so that a fresh server's first requests (JIT, caches) are not measured. */
  warmUpRequests: number;
}

// ---------------------------------------------------------------------------------------------
// Data

const TITLES = [
  'Staff Nurse',
  'Healthcare Support Worker',
  'Physiotherapist',
  'Occupational Therapist',
  'Pharmacist',
  'Radiographer',
  'Medical Secretary',
  'Porter',
  'Domestic Assistant',
  'Clinical Psychologist',
  'Consultant Anaesthetist',
  'Speech and Language Therapist',
];
const SPECIALITIES = [
  'Acute Medicine',
  'Surgery',
  'Paediatrics',
  'Mental Health',
  'Community',
  'Outpatients',
];
const TOWNS: { town: string; postcode: string }[] = [
  { town: 'Glasgow', postcode: 'G4 0SF' },
  { town: 'Paisley', postcode: 'PA2 9PN' },
  { town: 'Edinburgh', postcode: 'EH16 4SA' },
  { town: 'Dundee', postcode: 'DD1 9SY' },
  { town: 'Aberdeen', postcode: 'AB25 2ZN' },
  { town: 'Inverness', postcode: 'IV2 3UJ' },
  { town: 'Stirling', postcode: 'FK8 2AU' },
];
const CATEGORIES = ['Nursing', 'Allied health', 'Support services', 'Administration', 'Medical'];

type VacancyRow = typeof vacancies.$inferInsert;

function vacancyRow(organisationId: string, i: number, now: Date): VacancyRow {
  const title = `${TITLES[i % TITLES.length]} - ${SPECIALITIES[Math.floor(i / TITLES.length) % SPECIALITIES.length]}`;
  const place = TOWNS[i % TOWNS.length] ?? { town: 'Glasgow', postcode: 'G4 0SF' };
  const fullTime = i % 3 !== 0;
  // Created one second apart, newest last, so list order is stable; closing 7 to 66 days ahead.
  const created = new Date(now.getTime() - (3_600_000 + i * 1_000));
  const closing = new Date(now.getTime() + (7 + (i % 60)) * 86_400_000).toISOString().slice(0, 10);
  const min = 24_000 + (i % 40) * 500;
  return {
    organisationId,
    reference: `BENCH-${String(i + 1).padStart(7, '0')}`,
    title,
    employmentType: i % 5 === 0 ? 'fixed_term' : 'permanent',
    contractLength: i % 5 === 0 ? { length: 12, unit: 'months' } : null,
    hours: fullTime ? 'full_time' : 'part_time',
    weeklyHours: fullTime ? 37.5 : 22.5,
    workplace: i % 7 === 0 ? 'hybrid' : 'onsite',
    location: {
      line1: `${1 + (i % 200)} Hospital Road`,
      town: place.town,
      postcode: place.postcode,
      country: 'GB',
    },
    salary: { min, max: min + 6_000, period: 'year', currency: 'GBP' },
    summary: `A ${fullTime ? 'full-time' : 'part-time'} ${title} post in ${place.town}, with protected learning time.`,
    description: `<h2>About the role</h2><p>You will join the ${title} team in ${place.town}.</p><ul><li>Deliver safe, compassionate care</li><li>Support colleagues and students</li></ul>`,
    replyToEmail: null,
    closingDate: closing,
    category: CATEGORIES[i % CATEGORIES.length] ?? null,
    videoUrl: null,
    personSpecification: {
      essential: {
        qualifications: ['Relevant qualification'],
        experience: [],
        skills: ['Clear communication'],
      },
      desirable: { qualifications: [], experience: ['NHS experience'], skills: [] },
    },
    status: 'live',
    version: 2,
    createdAt: created,
    updatedAt: created,
    publishedAt: created,
  };
}

// Postings: a share of the vacancies is on the boards, so that the postings list has rows to show.

/** The boards the loaded postings are on, one connection each: the fan-out's default boards. */
const POSTED_BOARDS = DEFAULT_BOARDS.slice(0, 2);

/** Every second vacancy is on the first board, every fourth on the second too: 0.75 postings a vacancy. */
const postedOn = (i: number): string[] => (i % 2 !== 0 ? [] : POSTED_BOARDS.slice(0, i % 4 === 0 ? 2 : 1));

/**
 * States that leave the worker and the sweep nothing to do while the server is measured: posted
 * and published on the board (nothing to check), closed, or failed (waiting for a person).
 */
function postingStatus(i: number): PostingStatus {
  if (i % 20 === 6) return 'closed';
  if (i % 20 === 10) return 'failed';
  return 'posted';
}

/** The statuses the postings list is filtered by (see postingStatus). */
const LISTED_STATUSES: PostingStatus[] = ['posted', 'closed', 'failed'];

/** The organisation's connection to each of POSTED_BOARDS (made on the first load). */
async function boardConnectionIds(runtime: Runtime, organisationId: string): Promise<Map<string, string>> {
  const existing = await runtime.database.db
    .select({ id: boardConnections.id, board: boardConnections.board })
    .from(boardConnections)
    .where(and(eq(boardConnections.organisationId, organisationId), isNull(boardConnections.archivedAt)));
  const ids = new Map(existing.map((c) => [c.board, c.id]));
  const actor: Actor = { organisationId, role: 'admin', type: 'system', id: null, label: 'Benchmark' };
  for (const board of POSTED_BOARDS) {
    if (ids.has(board)) continue;
    // No board is called: every loaded posting is settled, so the address only has to be valid.
    const settings = getBoard(board).sandbox.demoSettings(`http://127.0.0.1:9/sandbox/${board}`);
    const connection = await createConnection(runtime.deps, actor, {
      board,
      name: `${getBoard(board).label} (bench)`,
      settings,
    });
    ids.set(board, connection.id);
  }
  return ids;
}

/**
 * The postings of the inserted vacancy rows, with the fields the board holds as the vacancy gives
 * them (as a real create would have sent), so a list's rows are as large as real ones.
 */
function postingRows(
  inserted: (typeof vacancies.$inferSelect)[],
  first: number,
  connections: Map<string, string>,
  organisation: Organisation,
  publicUrl: string,
  today: string,
): (typeof postings.$inferInsert)[] {
  return inserted.flatMap((row, k) => {
    const i = first + k;
    const vacancy = toVacancy(row);
    return postedOn(i).map((board) => {
      const status = postingStatus(i);
      const base = {
        organisationId: row.organisationId,
        vacancyId: row.id,
        connectionId: connections.get(board)!,
        board,
        status,
        action: status === 'closed' ? 'close' : 'create',
        trackingToken: `bench-${board}-${i}`,
        boardReference: row.reference,
        fields: {},
        overrides: {},
      } satisfies typeof postings.$inferInsert;
      const fields = currentFields(base as unknown as PostingRow, {
        vacancy,
        organisation,
        publicUrl,
        today,
      });
      const at = row.createdAt;
      return {
        ...base,
        fields,
        ...(status === 'failed'
          ? { attempts: 1, lastError: { reason: 'invalid', message: 'The board refused a field.' } }
          : { externalId: `EXT-${board}-${i}`, advertState: 'published', boardCheckedAt: at }),
        ...(status === 'closed' ? { advertState: 'closed', closedAt: at } : {}),
        postedAt: status === 'failed' ? null : at,
        createdAt: at,
        updatedAt: at,
      } as typeof postings.$inferInsert;
    });
  });
}

/**
 * Inserts vacancies `from`..`to`-1 straight into the database, BATCH rows a statement, and the
 * postings of those on the boards (postedOn); then both tables are analysed. Returns the time it
 * took, the analysis included, and the postings inserted.
 */
async function insertVacancies(
  runtime: Runtime,
  from: number,
  to: number,
  now: Date,
): Promise<{ ms: number; postings: number }> {
  const organisation = await findOrganisationBySlug(runtime.deps, ORG_SLUG);
  if (!organisation) throw new Error(`organisation "${ORG_SLUG}" not found`);
  const connections = await boardConnectionIds(runtime, organisation.id);
  const today = ukDate(now);
  const sql = runtime.database.executor;
  const started = performance.now();
  let postingCount = 0;
  for (let first = from; first < to; first += BATCH) {
    const rows: VacancyRow[] = [];
    for (let i = first; i < Math.min(to, first + BATCH); i++) rows.push(vacancyRow(organisation.id, i, now));
    const inserted = await runtime.database.db.insert(vacancies).values(rows).returning();
    // RETURNING gives no promise of order: put the rows back in the order of their references.
    inserted.sort((a, b) => (a.reference < b.reference ? -1 : 1));
    const postingBatch = postingRows(
      inserted,
      first,
      connections,
      organisation,
      runtime.deps.publicUrl,
      today,
    );
    if (postingBatch.length) await runtime.database.db.insert(postings).values(postingBatch);
    postingCount += postingBatch.length;
    const done = first + rows.length - from;
    const rate = done / ((performance.now() - started) / 1000);
    status(
      `loading vacancies: ${(first + rows.length).toLocaleString('en-GB')}/${to.toLocaleString('en-GB')} and their postings (${rate.toFixed(0)} vacancies/s, about ${duration(((to - from - done) / rate) * 1000)} left)`,
    );
  }
  // Without statistics the planner guesses: it walks the postings list past every posting for one
  // vacancy's reference instead of using the reference index. A server's autovacuum analyses the new
  // rows within minutes and an embedded database's hourly maintenance within the hour; the bench
  // does not wait.
  status('loading vacancies: analysing vacancies and postings');
  await sql.executeSql('ANALYZE vacancies');
  await sql.executeSql('ANALYZE postings');
  return { ms: performance.now() - started, postings: postingCount };
}

/** The reference of a vacancy in the middle of the first `count`. */
const middleReference = (count: number) => `BENCH-${String(Math.ceil(count / 2)).padStart(7, '0')}`;

// ---------------------------------------------------------------------------------------------
// Varied requests: each request of these endpoints asks for the next of many addresses in turn, so
// that the server's caches cannot answer them all: it keeps no careers search's page (only the
// unfiltered list's), and up to 500 results per organisation in all, least recently used first.

/** Endpoints measured at each size, the ceiling included (for the run's time limit). */
export const LOAD_ENDPOINTS = 8;

/** Words of the loaded titles, as a candidate would type them. */
const TITLE_WORDS = [...new Set([...TITLES, ...SPECIALITIES].flatMap((t) => t.split(' ')))].filter(
  (w) => w.length >= 4,
);
/** The careers list's `type` filter: none, or an employment type the loaded vacancies have. */
const TYPE_FILTERS = ['', 'permanent', 'fixed_term'];
/** The careers list's `location` filter: none, a town, or a postcode district (outward code). */
const LOCATION_FILTERS = ['', ...TOWNS.map((t) => t.town), ...TOWNS.map((t) => t.postcode.split(' ')[0]!)];

/** A query string of the given parameters, empty ones left out. */
function query(params: Record<string, string | number>): string {
  const given = Object.entries(params).filter(([, v]) => v !== '');
  const text = new URLSearchParams(given.map(([k, v]): [string, string] => [k, String(v)])).toString();
  return text ? `?${text}` : '';
}

/** Careers keyword searches: every title word, in every town or none, of every type or none. */
function careersSearchPaths(slug: string): string[] {
  return TITLE_WORDS.flatMap((q) =>
    ['', ...TOWNS.map((t) => t.town)].flatMap((location) =>
      TYPE_FILTERS.map((type) => `/careers/${slug}${query({ q, location, type })}`),
    ),
  );
}

/** Loaded vacancies (of the first `size`) a careers location and type filter match; see vacancyRow. */
function careersMatches(size: number, location: string, type: string): number {
  const town = TOWNS.findIndex((t) => t.town === location || t.postcode.startsWith(`${location} `));
  let n = 0;
  for (let i = 0; i < size; i++) {
    if (town >= 0 && i % TOWNS.length !== town) continue;
    if (type && (i % 5 === 0 ? 'fixed_term' : 'permanent') !== type) continue;
    n++;
  }
  return n;
}

/** Pages the careers list shows at most (its count stops at 1,000 matches, 20 a page). */
const CAREERS_LAST_PAGE = 50;

/** Careers deep pages: every page but the first of every location and type filter, as far as it has pages. */
function careersDeepPaths(slug: string, size: number): string[] {
  const paths = LOCATION_FILTERS.flatMap((location) =>
    TYPE_FILTERS.flatMap((type) => {
      const last = Math.min(CAREERS_LAST_PAGE, Math.ceil(careersMatches(size, location, type) / 20));
      return Array.from(
        { length: Math.max(0, last - 1) },
        (_, k) => `/careers/${slug}${query({ location, type, page: k + 2 })}`,
      );
    }),
  );
  return paths.length ? paths : [`/careers/${slug}`];
}

/** Interleaves lists (a, b, c, a, b, c, …), so that consecutive requests are of different kinds. */
function interleave<T>(lists: T[][]): T[] {
  const longest = Math.max(...lists.map((l) => l.length));
  return Array.from({ length: longest }, (_, k) =>
    lists.flatMap((l) => (k < l.length ? [l[k]!] : [])),
  ).flat();
}

/** References of `n` vacancies spread over the first `size`, each with a posting (postedOn). */
function referencesWithPostings(size: number, n: number): string[] {
  const step = Math.max(2, Math.floor(size / n / 2) * 2);
  const refs: string[] = [];
  for (let i = 0; i < size && refs.length < n; i += step)
    refs.push(`BENCH-${String(i + 1).padStart(7, '0')}`);
  return refs;
}

/**
 * API postings lists: by status, by a vacancy's reference, and the states of a page of the vacancy
 * list (25 `vacancyId`s, as the web app asks for its chips), interleaved. Not cached by the server.
 */
function apiPostingsPaths(size: number, vacancyPages: string[][]): string[] {
  const byStatus = ['', ...LISTED_STATUSES].flatMap((status) =>
    [25, 100].map((limit) => `/api/v1/postings${query({ status, limit })}`),
  );
  const byReference = referencesWithPostings(size, 200).map(
    (ref) => `/api/v1/postings${query({ vacancyReference: ref })}`,
  );
  const byPage = vacancyPages.map(
    (ids) => `/api/v1/postings?${ids.map((id) => `vacancyId=${id}`).join('&')}`,
  );
  return interleave([byStatus, byReference, byPage]);
}

/**
 * API vacancy searches: every title word, alone or with a posting filter (a board, or a posting
 * state), which the server reads afresh every time.
 */
function apiSearchPaths(): string[] {
  const postingFilters: Record<string, string>[] = [
    {},
    ...POSTED_BOARDS.map((board) => ({ board })),
    { postingStatus: 'posted' },
    { postingStatus: 'failed' },
  ];
  return postingFilters.flatMap((filter) =>
    TITLE_WORDS.map((q) => `/api/v1/vacancies${query({ q, ...filter, limit: 25 })}`),
  );
}

/** The ids of `pages` pages of 25 vacancies spread over the list, newest first (as the API lists them). */
async function vacancyIdPages(runtime: Runtime, size: number, pages: number): Promise<string[][]> {
  const result: string[][] = [];
  const step = Math.max(25, Math.floor(size / pages / 25) * 25);
  for (let offset = 0; offset < size && result.length < pages; offset += step) {
    const rows = await runtime.database.db
      .select({ id: vacancies.id })
      .from(vacancies)
      .orderBy(desc(vacancies.createdAt), desc(vacancies.id))
      .limit(25)
      .offset(offset);
    result.push(rows.map((r) => r.id));
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Measuring

/** The parts of autocannon's --json result used here. */
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  throughput: { average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

function isAutocannonResult(value: unknown): value is AutocannonResult {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  const obj = (x: unknown) => x !== null && typeof x === 'object';
  return obj(v.requests) && obj(v.latency) && typeof v.non2xx === 'number' && typeof v.errors === 'number';
}

interface Endpoint {
  name: string;
  /** The address shown in the report: the one requested, or an example of the varied ones. */
  path: string;
  /** Varied requests: the addresses asked for in turn, from the first to the last and again. */
  paths?: string[];
  headers?: Record<string, string>;
}

export const CEILING = 'Ceiling (/healthz)';

export interface Measurement {
  name: string;
  path: string;
  /** Distinct addresses asked for (1 for a fixed endpoint). */
  distinctPaths: number;
  requestsPerSecond: number;
  totalRequests: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
  bytesPerSecond: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/**
 * Runs autocannon in its own process, so that its work does not share an event loop with the
 * bench. Its options come in a JSON file; `paths` are requested in turn over every connection (a
 * counter shared by the connections, in setupRequest), so consecutive requests ask for different
 * addresses. It prints autocannon's result as JSON.
 */
const AUTOCANNON_RUNNER = `
const { readFileSync } = require('node:fs');
const autocannon = require(process.env.AUTOCANNON);
const { url, paths, connections, duration, headers } = JSON.parse(readFileSync(process.env.LOAD_SPEC, 'utf8'));
let next = 0;
const requests = paths.length > 1
  ? [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }) }]
  : undefined;
autocannon({ url: url + paths[0], connections, duration, headers, requests }, (error, result) => {
  if (error) { console.error(error); process.exit(1); }
  process.stdout.write(JSON.stringify(result));
});
`;

/** autocannon, as its own process, at CONNECTIONS connections for `durationS` on one endpoint. */
async function measure(
  baseUrl: string,
  endpoint: Endpoint,
  durationS: number,
  warmUpRequests: number,
  label: string,
): Promise<Measurement> {
  const paths = endpoint.paths ?? [endpoint.path];
  // The endpoint must answer 200 before it is loaded; the same requests warm the server up.
  status(`${label}: ${endpoint.name}, warming up`);
  await pool(
    Array.from({ length: Math.max(1, warmUpRequests) }, (_, k) => paths[k % paths.length]!),
    10,
    async (path) => {
      const response = await fetch(`${baseUrl}${path}`, {
        headers: endpoint.headers ?? {},
        signal: AbortSignal.timeout(30_000),
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`GET ${path}: expected 200, got ${response.status}`);
    },
  );

  const varied = paths.length > 1 ? ` (${paths.length.toLocaleString('en-GB')} addresses in turn)` : '';
  status(`${label}: ${endpoint.name}, ${CONNECTIONS} connections for ${durationS} s${varied}`);
  const spec = join(tempDir('postroom-bench-autocannon-'), 'spec.json');
  writeFileSync(
    spec,
    JSON.stringify({
      url: baseUrl,
      paths,
      connections: CONNECTIONS,
      duration: durationS,
      headers: endpoint.headers ?? {},
    }),
  );
  const text = await runToEnd(
    `autocannon ${endpoint.name}`,
    '-e',
    [AUTOCANNON_RUNNER],
    { PATH: process.env.PATH ?? '', AUTOCANNON, LOAD_SPEC: spec },
    (durationS + 60) * 1_000,
  );
  const parsed: unknown = JSON.parse(text.slice(text.indexOf('{')));
  if (!isAutocannonResult(parsed))
    throw new Error(`autocannon gave an unexpected result: ${text.slice(0, 300)}`);
  return {
    name: endpoint.name,
    path: endpoint.path,
    distinctPaths: paths.length,
    requestsPerSecond: parsed.requests.average,
    totalRequests: parsed.requests.total,
    p50Ms: parsed.latency.p50,
    p99Ms: parsed.latency.p99,
    meanMs: parsed.latency.average,
    maxMs: parsed.latency.max,
    bytesPerSecond: parsed.throughput.average,
    non2xx: parsed.non2xx,
    errors: parsed.errors,
    timeouts: parsed.timeouts,
  };
}

const failures = (m: Measurement) => m.non2xx + m.errors + m.timeouts;

// ---------------------------------------------------------------------------------------------
// The run

export interface SizeResult {
  vacancies: number;
  /** Vacancies inserted to reach this size from the one before, their postings, and how long the inserts took. */
  loadedRows: number;
  loadedPostings: number;
  loadMs: number;
  durationS: number;
  /** The server's resident memory (VmRSS), once started at this size and after its measurements. */
  serveRssMiB: { started: number | null; afterRun: number | null };
  /** The endpoints, then the ceiling. */
  measurements: Measurement[];
}

export interface LoadResult {
  connections: number;
  targetP99Ms: number;
  sizes: SizeResult[];
  totalLoadMs: number;
  ok: boolean;
  problems: string[];
}

/** An endpoint whose requests ask for `paths` in turn, the first shown as its example. */
function variedEndpoint(name: string, paths: string[], token?: string): Endpoint {
  return {
    name,
    path: `${paths[0]} …`,
    paths,
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  };
}

/**
 * One fresh database, grown from the smallest size to the largest; at each size a fresh
 * `postroom serve` is measured endpoint by endpoint, the ceiling last. The caller cleans up.
 */
export async function runLoad(options: LoadOptions, serverUrl: string | undefined): Promise<LoadResult> {
  const sizes = [...new Set(options.sizes)].sort((a, b) => a - b);
  progress(
    `load: ${sizes.map((n) => n.toLocaleString('en-GB')).join(', ')} live vacancies, ${CONNECTIONS} connections`,
  );
  const env = await postroomEnv('load', serverUrl);
  let organisation: { slug: string; token: string } | null = null;
  const now = new Date();
  const results: SizeResult[] = [];
  let loaded = 0;
  let serve: Served | null = null;
  try {
    for (const size of sizes) {
      const { loadMs, loadedPostings, vacancyPages } = await withRuntime(env, async (runtime) => {
        organisation ??= await prepareOrganisation(runtime);
        const inserted = await insertVacancies(runtime, loaded, size, now);
        return {
          loadMs: Math.round(inserted.ms),
          loadedPostings: inserted.postings,
          vacancyPages: await vacancyIdPages(runtime, size, 40),
        };
      });
      const { slug, token } = organisation!;
      progress(
        `load: ${(size - loaded).toLocaleString('en-GB')} vacancies and ${loadedPostings.toLocaleString('en-GB')} postings inserted in ${seconds(loadMs)} (${size.toLocaleString('en-GB')} vacancies in all)`,
      );
      const loadedRows = size - loaded;
      loaded = size;

      serve = await startServe(env);
      const rssStarted = residentMiB(serve.pid);
      const endpoints: Endpoint[] = [
        { name: 'Careers list', path: `/careers/${slug}` },
        { name: 'Careers advert', path: `/careers/${slug}/${middleReference(size)}` },
        {
          name: 'API vacancies list',
          path: '/api/v1/vacancies?limit=25',
          headers: { authorization: `Bearer ${token}` },
        },
        variedEndpoint('Careers search', careersSearchPaths(slug)),
        variedEndpoint('Careers deep pages', careersDeepPaths(slug, size)),
        variedEndpoint('API vacancies search', apiSearchPaths(), token),
        variedEndpoint('API postings list', apiPostingsPaths(size, vacancyPages), token),
        { name: CEILING, path: '/healthz' },
      ];
      const durationS = options.durationFor(size);
      const measurements: Measurement[] = [];
      for (const e of endpoints) {
        const m = await measure(
          serve.baseUrl,
          e,
          durationS,
          options.warmUpRequests,
          `load at ${size.toLocaleString('en-GB')}`,
        );
        measurements.push(m);
        progress(
          `load at ${size.toLocaleString('en-GB')}: ${e.name}${m.distinctPaths > 1 ? ` (${m.distinctPaths} addresses)` : ''}: ${m.requestsPerSecond.toFixed(0)} req/s, p50 ${m.p50Ms} ms, p99 ${m.p99Ms} ms${failures(m) ? ` (non-2xx ${m.non2xx}, errors ${m.errors}, timeouts ${m.timeouts})` : ''}`,
        );
        await sleep(300);
      }
      const rssAfterRun = residentMiB(serve.pid);
      await stopChild(serve.tracked);
      serve = null;
      results.push({
        vacancies: size,
        loadedRows,
        loadedPostings,
        loadMs,
        durationS,
        serveRssMiB: { started: round(rssStarted ?? Number.NaN), afterRun: round(rssAfterRun ?? Number.NaN) },
        measurements,
      });
    }
  } finally {
    if (serve) await stopChild(serve.tracked);
  }
  const problems = results.flatMap((s) =>
    s.measurements
      .filter((m) => failures(m) > 0)
      .map(
        (m) =>
          `load at ${s.vacancies}: ${m.name}: non-2xx ${m.non2xx}, errors ${m.errors}, timeouts ${m.timeouts}`,
      ),
  );
  return {
    connections: CONNECTIONS,
    targetP99Ms: TARGET_P99_MS,
    sizes: results,
    totalLoadMs: results.reduce((sum, s) => sum + s.loadMs, 0),
    ok: problems.length === 0,
    problems,
  };
}

// ---------------------------------------------------------------------------------------------
// Report

const sizeLabel = (n: number) => n.toLocaleString('en-GB');

/** The load figures at `size`: each endpoint's req/s, p50 and p99 beside the ceiling's. */
export function loadFigures(r: LoadResult, size: number): Figure[] {
  const at = r.sizes.find((s) => s.vacancies === size);
  const ceiling = at?.measurements.find((m) => m.name === CEILING);
  if (!at || !ceiling) return [];
  return at.measurements
    .filter((m) => m !== ceiling)
    .flatMap((m): Figure[] => [
      {
        part: 'load',
        name: `${m.name} at ${sizeLabel(size)}: requests/s`,
        unit: '/s',
        value: round(m.requestsPerSecond),
        ceiling: round(ceiling.requestsPerSecond),
        ratio: ratio(m.requestsPerSecond, ceiling.requestsPerSecond),
        target: null,
        pass: null,
      },
      {
        part: 'load',
        name: `${m.name} at ${sizeLabel(size)}: p50`,
        unit: 'ms',
        value: m.p50Ms,
        ceiling: ceiling.p50Ms,
        ratio: ratio(m.p50Ms, ceiling.p50Ms),
        target: null,
        pass: null,
      },
      {
        part: 'load',
        name: `${m.name} at ${sizeLabel(size)}: p99`,
        unit: 'ms',
        value: m.p99Ms,
        ceiling: ceiling.p99Ms,
        ratio: ratio(m.p99Ms, ceiling.p99Ms),
        target: `< ${r.targetP99Ms} ms`,
        pass: m.p99Ms < r.targetP99Ms && failures(m) === 0,
      },
    ]);
}

/** The growth figures: each endpoint's p99 and req/s at the largest size beside the smallest; memory; load time. */
export function growthFigures(r: LoadResult): Figure[] {
  const first = r.sizes[0];
  const last = r.sizes.at(-1);
  if (!first || !last || first === last) return [];
  const vs = `at ${sizeLabel(last.vacancies)} (vs ${sizeLabel(first.vacancies)})`;
  const figures: Figure[] = [];
  for (const m of last.measurements) {
    const before = first.measurements.find((b) => b.name === m.name);
    if (!before || m.name === CEILING) continue;
    figures.push(
      {
        part: 'growth',
        name: `${m.name} ${vs}: p99`,
        unit: 'ms',
        value: m.p99Ms,
        ceiling: before.p99Ms,
        ratio: ratio(m.p99Ms, before.p99Ms),
        target: null,
        pass: null,
      },
      {
        part: 'growth',
        name: `${m.name} ${vs}: requests/s`,
        unit: '/s',
        value: round(m.requestsPerSecond),
        ceiling: round(before.requestsPerSecond),
        ratio: ratio(m.requestsPerSecond, before.requestsPerSecond),
        target: null,
        pass: null,
      },
    );
  }
  figures.push(
    {
      part: 'growth',
      name: `Serve resident memory after the run ${vs}`,
      unit: 'MiB',
      value: last.serveRssMiB.afterRun,
      ceiling: first.serveRssMiB.afterRun,
      ratio: ratio(last.serveRssMiB.afterRun, first.serveRssMiB.afterRun),
      target: null,
      pass: null,
    },
    lone(
      'growth',
      `Loading ${sizeLabel(last.loadedRows)} vacancies (to ${sizeLabel(last.vacancies)})`,
      's',
      round(last.loadMs / 1000, 2),
    ),
  );
  return figures;
}

/** Every size × endpoint: req/s, p50, p99, share of the ceiling; and memory and load time per size. */
export function growthRows(r: LoadResult): string[][] {
  const rows = [['Vacancies', 'Endpoint', 'Req/s', 'p50', 'p99', 'Of ceiling', 'Serve RSS', 'Loaded in']];
  for (const s of r.sizes) {
    const ceiling = s.measurements.find((m) => m.name === CEILING);
    for (const [i, m] of s.measurements.entries()) {
      rows.push([
        i === 0 ? sizeLabel(s.vacancies) : '',
        m.name,
        m.requestsPerSecond.toFixed(0),
        `${m.p50Ms} ms`,
        `${m.p99Ms} ms`,
        m === ceiling
          ? '—'
          : `${((ratio(m.requestsPerSecond, ceiling?.requestsPerSecond ?? null) ?? 0) * 100).toFixed(1)}%`,
        i === 0 ? `${s.serveRssMiB.started ?? '?'} → ${s.serveRssMiB.afterRun ?? '?'} MiB` : '',
        i === 0 ? `${seconds(s.loadMs)} (+${sizeLabel(s.loadedRows)})` : '',
      ]);
    }
  }
  return rows;
}

/** How many addresses each varied endpoint asked for in turn, per size, beside the cache's size. */
function variedLines(r: LoadResult): string[] {
  const names = [
    ...new Set(r.sizes.flatMap((s) => s.measurements.filter((m) => m.distinctPaths > 1).map((m) => m.name))),
  ];
  if (!names.length) return [];
  return [
    "  Varied endpoints, distinct addresses asked for in turn (the server keeps no careers search or filtered page, only the unfiltered list's, and up to 500 results per organisation in all, the least recently used going first):",
    ...names.map(
      (name) =>
        `    ${name}: ${r.sizes.map((s) => `${s.measurements.find((m) => m.name === name)?.distinctPaths ?? '?'} at ${sizeLabel(s.vacancies)}`).join(', ')}`,
    ),
  ];
}

export function loadDetails(r: LoadResult): string[] {
  const rows = r.sizes.reduce((sum, s) => sum + s.loadedRows, 0);
  const postingRowsLoaded = r.sizes.reduce((sum, s) => sum + s.loadedPostings, 0);
  return [
    `Load: autocannon at ${r.connections} connections, one endpoint at a time, ${r.sizes.map((s) => `${s.durationS} s at ${sizeLabel(s.vacancies)}`).join(', ')}; a fresh serve at each size.`,
    `  ${sizeLabel(rows)} vacancies and ${sizeLabel(postingRowsLoaded)} postings loaded in ${seconds(r.totalLoadMs)} (${(rows / (r.totalLoadMs / 1000)).toFixed(0)} vacancies/s, ${BATCH} vacancies a statement).`,
    ...variedLines(r),
    ...r.problems.map((p) => `  ${p}: figures not comparable`),
  ];
}
