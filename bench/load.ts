/**
 * Load and growth: requests/s and latency of the careers site and the vacancies API under 50
 * concurrent connections with many live vacancies, against the ceiling of GET /healthz on the same
 * server in the same run, at one or more sizes. See bench/README.md.
 */
import { join } from 'node:path';
import { vacancies } from '../src/db/schema.js';
import type { Runtime } from '../src/main/runtime.js';
import { findOrganisationBySlug } from '../src/services/organisations.js';
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
  withRuntime,
} from './support.js';

const AUTOCANNON = join(ROOT, 'node_modules', 'autocannon', 'autocannon.js');
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

/**
 * Inserts vacancies `from`..`to`-1 straight into the database, BATCH rows a statement, as a bulk
 * load would: the GIN indexes on vacancies (the trigram search index) are dropped first and built
 * again at the end, about five times faster than keeping them up to date row by row. The database
 * ends the same. Returns the time it took, the rebuild included.
 */
async function insertVacancies(runtime: Runtime, from: number, to: number, now: Date): Promise<number> {
  const organisation = await findOrganisationBySlug(runtime.deps, ORG_SLUG);
  if (!organisation) throw new Error(`organisation "${ORG_SLUG}" not found`);
  const sql = runtime.database.executor;
  const started = performance.now();
  const { rows } = await sql.executeSql(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
      WHERE i.indrelid = 'vacancies'::regclass AND am.amname = 'gin'`,
  );
  const ginIndexes = rows.map((r) => ({ name: String(r.name), definition: String(r.definition) }));
  for (const index of ginIndexes) await sql.executeSql(`DROP INDEX ${index.name}`);
  for (let first = from; first < to; first += BATCH) {
    const rows: VacancyRow[] = [];
    for (let i = first; i < Math.min(to, first + BATCH); i++) rows.push(vacancyRow(organisation.id, i, now));
    await runtime.database.db.insert(vacancies).values(rows);
    const done = first + rows.length - from;
    const rate = done / ((performance.now() - started) / 1000);
    status(
      `loading vacancies: ${(first + rows.length).toLocaleString('en-GB')}/${to.toLocaleString('en-GB')} (${rate.toFixed(0)}/s, about ${duration(((to - from - done) / rate) * 1000)} left, then the search index)`,
    );
  }
  for (const index of ginIndexes) {
    status(`loading vacancies: building ${index.name} over ${to.toLocaleString('en-GB')} vacancies`);
    await sql.executeSql(index.definition);
  }
  return performance.now() - started;
}

/** The reference of a vacancy in the middle of the first `count`. */
const middleReference = (count: number) => `BENCH-${String(Math.ceil(count / 2)).padStart(7, '0')}`;

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
  path: string;
  headers?: Record<string, string>;
}

export const CEILING = 'Ceiling (/healthz)';

export interface Measurement {
  name: string;
  path: string;
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

/** autocannon, as its own process, at CONNECTIONS connections for `durationS` on one endpoint. */
async function measure(
  baseUrl: string,
  endpoint: Endpoint,
  durationS: number,
  warmUpRequests: number,
  label: string,
): Promise<Measurement> {
  // The endpoint must answer 200 before it is loaded; the same requests warm the server up.
  status(`${label}: ${endpoint.name}, warming up`);
  await pool(Array.from({ length: Math.max(1, warmUpRequests) }), 10, async () => {
    const response = await fetch(`${baseUrl}${endpoint.path}`, {
      headers: endpoint.headers ?? {},
      signal: AbortSignal.timeout(30_000),
    });
    await response.arrayBuffer();
    if (response.status !== 200)
      throw new Error(`GET ${endpoint.path}: expected 200, got ${response.status}`);
  });

  status(`${label}: ${endpoint.name}, ${CONNECTIONS} connections for ${durationS} s`);
  const headerArgs = Object.entries(endpoint.headers ?? {}).flatMap(([k, v]) => ['--headers', `${k}=${v}`]);
  const text = await runToEnd(
    `autocannon ${endpoint.name}`,
    AUTOCANNON,
    [
      '--connections',
      String(CONNECTIONS),
      '--duration',
      String(durationS),
      '--json',
      ...headerArgs,
      `${baseUrl}${endpoint.path}`,
    ],
    { PATH: process.env.PATH ?? '' },
    (durationS + 60) * 1_000,
  );
  const parsed: unknown = JSON.parse(text.slice(text.indexOf('{')));
  if (!isAutocannonResult(parsed))
    throw new Error(`autocannon gave an unexpected result: ${text.slice(0, 300)}`);
  return {
    name: endpoint.name,
    path: endpoint.path,
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
  /** Rows inserted to reach this size from the one before, and how long the inserts took. */
  loadedRows: number;
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
      const loadMs = Math.round(
        await withRuntime(env, async (runtime) => {
          organisation ??= await prepareOrganisation(runtime);
          return insertVacancies(runtime, loaded, size, now);
        }),
      );
      const { slug, token } = organisation!;
      progress(
        `load: ${(size - loaded).toLocaleString('en-GB')} vacancies inserted in ${seconds(loadMs)} (${size.toLocaleString('en-GB')} in all)`,
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
          `load at ${size.toLocaleString('en-GB')}: ${e.name}: ${m.requestsPerSecond.toFixed(0)} req/s, p50 ${m.p50Ms} ms, p99 ${m.p99Ms} ms${failures(m) ? ` (non-2xx ${m.non2xx}, errors ${m.errors}, timeouts ${m.timeouts})` : ''}`,
        );
        await sleep(300);
      }
      const rssAfterRun = residentMiB(serve.pid);
      await stopChild(serve.tracked);
      serve = null;
      results.push({
        vacancies: size,
        loadedRows,
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

export function loadDetails(r: LoadResult): string[] {
  const rows = r.sizes.reduce((sum, s) => sum + s.loadedRows, 0);
  return [
    `Load: autocannon at ${r.connections} connections, one endpoint at a time, ${r.sizes.map((s) => `${s.durationS} s at ${sizeLabel(s.vacancies)}`).join(', ')}; a fresh serve at each size.`,
    `  ${sizeLabel(rows)} vacancies loaded in ${seconds(r.totalLoadMs)} (${(rows / (r.totalLoadMs / 1000)).toFixed(0)}/s, ${BATCH} rows a statement).`,
    ...r.problems.map((p) => `  ${p}: figures not comparable`),
  ];
}
