/**
 * Fan-out benchmark: how fast the whole posting pipeline (API → pg-boss queue → worker → board over
 * HTTP) sends adverts, against the raw ceiling of the same boards measured in the same run.
 * See bench/README.md. Run with `npm run bench -- --help`.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { BoardClient, BoardExchange, PostingFields } from '../src/boards/board.js';
import { nhsJobsBoard } from '../src/boards/nhs-jobs/index.js';
import { s1jobsBoard } from '../src/boards/s1jobs/index.js';
import { IN_FLIGHT_STATUSES, type PostingStatus } from '../src/domain/posting.js';
import { ukDate } from '../src/domain/vacancy.js';

// ---------------------------------------------------------------------------------------------
// Options

const USAGE = `Usage: npm run bench -- [options]

Posts V vacancies to two sandbox boards (s1jobs and NHS Jobs, separate processes) through a real
"postroom serve" process, then sends the same number of requests straight to the same sandboxes.

Options:
  --vacancies N   vacancies to post, each to both boards (default 100)
  --latency MS    latency the sandboxes add to every board request (default 50)
  --quick         20 vacancies: a short run for CI
  --help          show this help

Environment:
  DATABASE_URL    run on this PostgreSQL server (a fresh database is created and dropped);
                  without it the database is embedded (PGlite) in a temporary directory.`;

interface Options {
  vacancies: number;
  latencyMs: number;
  quick: boolean;
}

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      vacancies: { type: 'string' },
      latency: { type: 'string' },
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return null;
  const whole = (text: string | undefined, fallback: number, name: string, min: number, max: number) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < min || n > max)
      throw new UsageError(`--${name} must be a whole number from ${min} to ${max}; got ${text}`);
    return n;
  };
  if (values.quick && values.vacancies !== undefined)
    throw new UsageError('--quick and --vacancies cannot be used together');
  return {
    vacancies: values.quick ? 20 : whole(values.vacancies, 100, 'vacancies', 1, 10_000),
    latencyMs: whole(values.latency, 50, 'latency', 0, 10_000),
    quick: values.quick ?? false,
  };
}

class UsageError extends Error {}

// ---------------------------------------------------------------------------------------------
// Fixed settings

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'postroom.js');
const RESULTS_DIR = join(ROOT, 'bench', 'results');
/** POSTs to create postings kept in flight by the client. */
const CLIENT_CONCURRENCY = 16;
/** The worker's limits (the defaults of POSTROOM_WORKER_CONCURRENCY and POSTROOM_CONNECTION_CONCURRENCY, set explicitly); the ceiling uses PER_CONNECTION too. */
const WORKER_CONCURRENCY = 32;
const PER_CONNECTION = 4;
const POLL_MS = 100;
const HTTP_TIMEOUT_MS = 30_000;
const SERVE = 'postroom serve';
const ABOUT =
  'Bench NHS Trust provides acute, community and mental health services to 600,000 people across the west of Scotland.';
const NHS_FIELDS = {
  mainDuties: ABOUT,
  staffGroup: 'NURSING_AND_MIDWIFERY_REGISTERED',
  payScheme: 'AGENDA_FOR_CHANGE',
  payBand: 'BAND_5',
};

// ---------------------------------------------------------------------------------------------
// Output

const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const out = (text: string) => process.stdout.write(`${text}\n`);
const seconds = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : '—');

// ---------------------------------------------------------------------------------------------
// Child processes and temporary resources, all released on any exit

interface Tracked {
  label: string;
  child: ChildProcess;
  exited: Promise<void>;
  output: () => string;
}

const children: Tracked[] = [];
const tempDirs: string[] = [];
let dropDatabase: (() => Promise<void>) | null = null;

const alive = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

function startChild(label: string, args: string[], env: Record<string, string>): Tracked {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const keep = (d: Buffer) => {
    text = (text + d.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((done) => {
    child.on('exit', () => done());
    child.on('error', () => done());
  });
  const tracked = { label, child, exited, output: () => text };
  children.push(tracked);
  return tracked;
}

/** Resolves with the first match of `pattern` in the child's output, or fails after `timeoutMs`. */
function waitForOutput(t: Tracked, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | null, match?: RegExpExecArray) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      t.child.stdout?.off('data', check);
      t.child.stderr?.off('data', check);
      if (error) reject(error);
      else resolve(match!);
    };
    const check = () => {
      const match = pattern.exec(t.output());
      if (match) finish(null, match);
    };
    const timer = setTimeout(
      () => finish(new Error(`${t.label} did not start within ${timeoutMs} ms:\n${t.output()}`)),
      timeoutMs,
    );
    t.child.stdout?.on('data', check);
    t.child.stderr?.on('data', check);
    t.exited.then(() => finish(new Error(`${t.label} exited before it started:\n${t.output()}`)));
    check();
  });
}

/** Runs a one-shot CLI command and returns its stdout, trimmed. */
async function runCli(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<string> {
  const t = startChild(`postroom ${args.slice(0, 2).join(' ')}`, args, env);
  let stdout = '';
  t.child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  const timer = setTimeout(() => t.child.kill('SIGKILL'), timeoutMs);
  await t.exited;
  clearTimeout(timer);
  if (t.child.exitCode !== 0)
    throw new Error(`${t.label} failed (${t.child.exitCode ?? t.child.signalCode}):\n${t.output()}`);
  return stdout.trim();
}

async function stopChild(t: Tracked, graceMs: number): Promise<void> {
  if (!alive(t.child)) return;
  t.child.kill('SIGTERM');
  const timedOut = await Promise.race([
    t.exited.then(() => false),
    new Promise<boolean>((r) => setTimeout(() => r(true), graceMs)),
  ]);
  if (timedOut && alive(t.child)) {
    progress(`${t.label} did not stop within ${graceMs} ms; killing it`);
    t.child.kill('SIGKILL');
    await Promise.race([t.exited, new Promise((r) => setTimeout(r, 2_000))]);
  }
}

let cleaning: Promise<void> | null = null;
/** Set on Ctrl+C: errors from requests cut short by the cleanup are not worth showing. */
let interrupted = false;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    // The server first, so that its database connections are gone before the database is dropped.
    for (const t of children.filter((c) => c.label === SERVE)) await stopChild(t, 10_000);
    await Promise.all(children.map((t) => stopChild(t, 5_000)));
    if (dropDatabase) {
      try {
        await dropDatabase();
      } catch (error) {
        progress(`could not drop the benchmark database: ${(error as Error).message}`);
      }
    }
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  })();
  return cleaning;
}

// Last resort: whatever happens, no child outlives the bench and no temporary directory stays.
process.on('exit', () => {
  for (const t of children) if (alive(t.child)) t.child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupted = true;
    progress(`${signal}: cleaning up`);
    const hardStop = setTimeout(() => process.exit(130), 20_000);
    cleanup().finally(() => {
      clearTimeout(hardStop);
      process.exit(130);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** Runs `work` over `items` with at most `limit` in flight. */
async function pool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const runner = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, runner));
  return results;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Nearest-rank percentile of already sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

interface Distribution {
  count: number;
  p50: number;
  p99: number;
  min: number;
  max: number;
  mean: number;
}

function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

const round = (n: number, digits = 1) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : null);

/** Clock ticks (user + system) the process has used, from /proc/<pid>/stat. */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3: utime is 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** Clock ticks used so far by each process of the local PostgreSQL server, by pid. */
function postgresTicks(): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm === 'postgres' || comm === 'postmaster') ticks.set(Number(entry), cpuTicks(Number(entry)));
    } catch {
      // The process ended meanwhile.
    }
  }
  return ticks;
}

/** Busy and total clock ticks of all CPUs, from /proc/stat. */
function systemTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

const busyShare = (a: { busy: number; total: number }, b: { busy: number; total: number }) =>
  b.total > a.total ? (b.busy - a.busy) / (b.total - a.total) : 0;

/** The code measured: the commit, and whether (and how) the working tree differs from it. */
function codeState(): { commit: string | null; dirty: boolean; diffSha1: string | null } {
  const git = (args: string[]) =>
    execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', timeout: 10_000, maxBuffer: 64 * 2 ** 20 });
  try {
    const diff = git(['diff', 'HEAD', '--', 'src', 'bin', 'package.json']);
    return {
      commit: git(['rev-parse', 'HEAD']).trim(),
      dirty: diff.length > 0,
      diffSha1: diff.length > 0 ? createHash('sha1').update(diff).digest('hex').slice(0, 12) : null,
    };
  } catch {
    return { commit: null, dirty: false, diffSha1: null };
  }
}

function clockTicksPerSecond(): number {
  try {
    const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 5_000 }).trim());
    return Number.isFinite(n) && n > 0 ? n : 100;
  } catch {
    return 100;
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP

interface ApiResponse {
  status: number;
  body: unknown;
}

function apiClient(baseUrl: string, token: string) {
  return async (method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<ApiResponse> => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: keep the text.
    }
    return { status: response.status, body: parsed };
  };
}

type Api = ReturnType<typeof apiClient>;

async function expectStatus(response: Promise<ApiResponse>, status: number, what: string): Promise<unknown> {
  const r = await response;
  if (r.status !== status)
    throw new Error(`${what}: expected ${status}, got ${r.status}: ${JSON.stringify(r.body).slice(0, 500)}`);
  return r.body;
}

function idOf(body: unknown, what: string): string {
  if (body && typeof body === 'object' && 'id' in body && typeof body.id === 'string') return body.id;
  throw new Error(`${what}: the answer has no id: ${JSON.stringify(body).slice(0, 300)}`);
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return (await response.json()) as T;
}

/** API requests a sandbox has received (from its fault counters; _inspect and _faults are not counted). */
async function sandboxRequests(baseUrl: string): Promise<number> {
  return (await getJson<{ counters: { requests: number } }>(`${baseUrl}/_faults`)).counters.requests;
}

// ---------------------------------------------------------------------------------------------
// What the API answers about a posting (the fields the benchmark reads)

interface Exchange {
  method: string;
  status: number | null;
  durationMs: number;
  at: string;
}
interface Attempt {
  action: string;
  outcome: string;
  startedAt: string;
  exchanges: Exchange[];
}
interface Posting {
  id: string;
  connectionId: string;
  board: string;
  status: PostingStatus;
  fields: PostingFields;
  postedAt: string | null;
  lastError: { reason: string; message: string } | null;
  attempts?: Attempt[];
}

// ---------------------------------------------------------------------------------------------
// The run

type BoardId = 's1jobs' | 'nhs-jobs';
const BOARDS: readonly BoardId[] = ['s1jobs', 'nhs-jobs'];
type Mode = 'embedded' | 'server';

interface Machine {
  cpuModel: string;
  cpuCount: number;
  totalMemoryGiB: number;
  node: string;
  platform: string;
  /** Share of all CPUs busy (with anything) in the second before the run. */
  cpuBusyAtStartPct: number;
  /** Share of all CPUs used during the pipeline phase by processes other than the bench's own (and the local PostgreSQL server's). */
  otherCpuDuringPipelinePct: number | null;
}

interface PipelineResult {
  /** Postings asked for (2V). */
  postings: number;
  /** POSTs answered 202 (the others timed out or failed). */
  accepted: number;
  posted: number;
  failed: number;
  otherStatuses: Record<string, number>;
  createAttempts: number;
  wallMs: number;
  postingsPerSecond: number | null;
  acceptMs: Distribution;
  acceptedToAttemptStartedMs: Distribution;
  acceptedToRequestSentMs: Distribution;
  boardRoundTripMs: Distribution;
  acceptedToPostedMs: Distribution;
  serveCpuMs: number;
  serveCpuMsPerPosting: number | null;
  /** Server mode, PostgreSQL on this machine: CPU of its processes over the same window. */
  postgresCpuMs: number | null;
  postgresCpuMsPerPosting: number | null;
  boardAdverts: Record<BoardId, { created: number; duplicated: number }>;
}

interface CeilingResult {
  requests: number;
  succeeded: number;
  failed: number;
  concurrency: number;
  wallMs: number;
  requestsPerSecond: number | null;
  boardRoundTripMs: Distribution;
}

interface Figure {
  name: string;
  unit: string;
  pipeline: number | null;
  ceiling: number | null;
  /** pipeline / ceiling. */
  ratio: number | null;
  target: string | null;
  pass: boolean | null;
}

interface Results {
  benchmark: 'fanout';
  date: string;
  mode: Mode;
  /** The code measured (src, bin and package.json against the commit). */
  code: { commit: string | null; dirty: boolean; diffSha1: string | null };
  machine: Machine;
  settings: {
    vacancies: number;
    postings: number;
    boardLatencyMs: number;
    clientConcurrency: number;
    workerConcurrency: number;
    perConnectionConcurrency: number;
    pollMs: number;
  };
  pipeline: PipelineResult;
  ceiling: CeilingResult;
  figures: Figure[];
}

/** What the run's processes are: the sandboxes' addresses and the server's. */
interface Environment {
  mode: Mode;
  sandboxUrls: Record<BoardId, string>;
  baseUrl: string;
  servePid: number;
  token: string;
}

/** Starts the sandboxes, prepares the database, creates the organisation and token, starts serve. */
async function startEnvironment(latencyMs: number): Promise<Environment> {
  const serverUrl = process.env.DATABASE_URL || undefined;
  const dataDir = mkdtempSync(join(os.tmpdir(), 'postroom-bench-'));
  tempDirs.push(dataDir);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dataDir,
    POSTROOM_DATA_DIR: dataDir,
    POSTROOM_SECRET_KEY: randomBytes(32).toString('hex'),
    POSTROOM_DEMO: 'false',
    LOG_LEVEL: 'warn',
    POSTROOM_POLL_MS: String(POLL_MS),
    POSTROOM_WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
    POSTROOM_CONNECTION_CONCURRENCY: String(PER_CONNECTION),
    HOST: '127.0.0.1',
  };
  if (serverUrl) env.DATABASE_URL = await createDatabase(serverUrl);

  const faults = JSON.stringify({ latencyMs });
  const sandboxUrls = {} as Record<BoardId, string>;
  await Promise.all(
    BOARDS.map(async (board) => {
      const t = startChild(`sandbox ${board}`, ['sandbox', board, '--port', '0', '--faults', faults], env);
      const match = await waitForOutput(
        t,
        /listening at (http:\/\/127\.0\.0\.1:\d+\/sandbox\/[\w-]+)/,
        20_000,
      );
      sandboxUrls[board] = match[1]!;
    }),
  );
  progress(`sandboxes: s1jobs at ${sandboxUrls.s1jobs}, NHS Jobs at ${sandboxUrls['nhs-jobs']}`);

  // Before serve: in embedded mode only one process at a time may open the data directory.
  await runCli(['migrate'], env);
  const slug = await runCli(
    [
      'org',
      'create',
      '--name',
      'Bench NHS Trust',
      '--slug',
      'bench',
      '--admin-email',
      'bench-admin@example.org',
      '--admin-password',
      'correct horse battery staple',
    ],
    env,
  );
  const token = await runCli(['token', 'create', '--org', slug, '--name', 'fan-out benchmark'], env);
  progress(`organisation "${slug}" and its API token created`);

  const serve = startChild(SERVE, ['serve', '--port', '0'], env);
  const banner = await waitForOutput(
    serve,
    /is running at http:\/\/localhost:(\d+)[\s\S]*Press Ctrl\+C/,
    90_000,
  );
  const baseUrl = `http://127.0.0.1:${banner[1]}`;
  progress(`postroom serve running at ${baseUrl} (pid ${serve.child.pid})`);
  return { mode: serverUrl ? 'server' : 'embedded', sandboxUrls, baseUrl, servePid: serve.child.pid!, token };
}

/** Creates a fresh database on the server (dropped by cleanup) and returns its address. */
async function createDatabase(serverUrl: string): Promise<string> {
  const name = `postroom_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = async <T>(run: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({
      connectionString: serverUrl,
      connectionTimeoutMillis: 10_000,
      query_timeout: 30_000,
    });
    await client.connect();
    try {
      return await run(client);
    } finally {
      await client.end();
    }
  };
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  dropDatabase = async () => {
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  };
  progress(`database ${name} created on the server`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Sets the organisation up for both boards and creates V published vacancies. Returns their ids. */
async function setUp(
  api: Api,
  env: Environment,
  vacancies: number,
  runId: string,
): Promise<{ connections: Record<BoardId, string>; vacancyIds: string[] }> {
  await expectStatus(
    api('PATCH', '/organisation', { about: ABOUT, replyToEmail: 'jobs@bench.example' }),
    200,
    'PATCH /organisation',
  );
  const connect = async (board: BoardId, name: string, settings: Record<string, unknown>) =>
    idOf(
      await expectStatus(
        api('POST', '/connections', { board, name, settings }),
        201,
        `POST /connections ${board}`,
      ),
      `${board} connection`,
    );
  const connections: Record<BoardId, string> = {
    s1jobs: await connect('s1jobs', 's1jobs (bench)', {
      username: 'demo-api',
      password: 'demo-secret',
      baseUrl: env.sandboxUrls.s1jobs,
    }),
    'nhs-jobs': await connect('nhs-jobs', 'NHS Jobs (bench)', {
      organisationId: 'DEMO-ORG',
      accountId: 'DEMO-ACCOUNT',
      apiKey: 'demo-nhs-key',
      testMode: true,
      baseUrl: env.sandboxUrls['nhs-jobs'],
    }),
  };

  const closingDate = ukDate(new Date(Date.now() + 20 * 86_400_000));
  const started = performance.now();
  const vacancyIds = await pool(
    Array.from({ length: vacancies }, (_, i) => i),
    CLIENT_CONCURRENCY,
    async (i) => {
      const id = idOf(
        await expectStatus(
          api('POST', '/vacancies', {
            title: 'Staff Nurse',
            reference: `BENCH-${runId}-${String(i + 1).padStart(5, '0')}`,
            category: 'Nursing',
            employmentType: 'permanent',
            hours: 'full_time',
            workplace: 'onsite',
            location: { line1: '84 Castle Street', town: 'Glasgow', postcode: 'G4 0SF' },
            salary: { min: 31049, max: 37796, period: 'year' },
            summary: `${ABOUT} A friendly ward.`,
            description: '<p>Care for adults on an acute medical ward.</p>',
            closingDate,
          }),
          201,
          'POST /vacancies',
        ),
        'vacancy',
      );
      await expectStatus(api('POST', `/vacancies/${id}/publish`), 200, 'publish');
      return id;
    },
  );
  progress(
    `setup: ${vacancyIds.length} vacancies created and published in ${seconds(performance.now() - started)}`,
  );
  return { connections, vacancyIds };
}

/**
 * Phase 1: posts every vacancy to both boards through the API and reads the postings back.
 * Returns the figures and the postings (their fields feed the ceiling).
 */
async function runPipeline(
  api: Api,
  env: Environment,
  setup: { connections: Record<BoardId, string>; vacancyIds: string[] },
  latencyMs: number,
  runId: string,
): Promise<{ result: PipelineResult; postings: Posting[]; otherCpuShare: number }> {
  const work = setup.vacancyIds.flatMap((vacancyId) => BOARDS.map((board) => ({ vacancyId, board })));
  const P = work.length;
  const boardRequests = async () =>
    Object.fromEntries(
      await Promise.all(BOARDS.map(async (b) => [b, await sandboxRequests(env.sandboxUrls[b])] as const)),
    ) as Record<BoardId, number>;
  const baseline = await boardRequests();

  // CPU accounting: the server's own, and the machine's minus the bench's processes.
  const ticksPerSecond = clockTicksPerSecond();
  const ourTicks = () =>
    [process.pid, ...children.filter((c) => alive(c.child)).map((c) => c.child.pid!)].reduce(
      (sum, pid) => sum + cpuTicks(pid),
      0,
    );
  const systemBefore = systemTicks();
  const oursBefore = ourTicks();
  const postgresBefore = env.mode === 'server' ? postgresTicks() : new Map<number, number>();
  const cpuBefore = cpuTicks(env.servePid);

  const firstPostAt = Date.now();
  let firstRefusal = '';
  const postDeadline = firstPostAt + 120_000 + P * 100;
  const outcomes = await pool(work, CLIENT_CONCURRENCY, async ({ vacancyId, board }) => {
    const sentAt = performance.now();
    try {
      if (Date.now() > postDeadline) throw new Error('not sent: the POST phase ran out of time');
      const body = await expectStatus(
        api('POST', `/vacancies/${vacancyId}/postings`, {
          connectionId: setup.connections[board],
          ...(board === 'nhs-jobs' ? { fields: NHS_FIELDS } : {}),
        }),
        202,
        'POST /postings',
      );
      const acceptedAt = Date.now();
      return {
        vacancyId,
        board,
        id: idOf(body, 'posting'),
        acceptedAt,
        acceptMs: performance.now() - sentAt,
      };
    } catch (error) {
      // A POST that timed out may still have created its posting: it is looked for below.
      firstRefusal ||= (error as Error).message;
      return { vacancyId, board, id: null, acceptedAt: Number.NaN, acceptMs: Number.NaN };
    }
  });
  const accepted = outcomes.flatMap((o) => (o.id === null ? [] : [{ ...o, id: o.id }]));
  const notAccepted = outcomes.filter((o) => o.id === null);
  progress(
    `pipeline: ${accepted.length}/${P} postings accepted (202) in ${seconds(Date.now() - firstPostAt)}${
      notAccepted.length ? `; ${notAccepted.length} POSTs failed, the first with: ${firstRefusal}` : ''
    }`,
  );

  // Wait until the boards have received every create, watching the sandboxes' counters rather
  // than the server, whose CPU is being measured. A 15 s stall ends the wait; the read-back shows why.
  const deadline = Date.now() + 60_000 + P * Math.max(latencyMs, 10) * 2;
  let received = 0;
  let lastProgressAt = Date.now();
  let lastReport = Date.now();
  for (;;) {
    const counts = await boardRequests();
    const total = BOARDS.reduce((sum, b) => sum + counts[b] - baseline[b], 0);
    const now = Date.now();
    if (total > received) {
      received = total;
      lastProgressAt = now;
    }
    if (total >= P) break;
    if (now - lastProgressAt > 15_000) {
      progress(`pipeline: no board request for 15 s (${total}/${P} received)`);
      break;
    }
    if (now > deadline) {
      progress(`pipeline: the boards received ${total}/${P} requests by the deadline`);
      break;
    }
    if (now - lastReport >= 2_000) {
      progress(`pipeline: the boards received ${total}/${P} create requests`);
      lastReport = now;
    }
    await sleep(POLL_MS);
  }
  // Let the worker record the last answers (a few transactions), then read the server's CPU time.
  let cpuAfter = cpuTicks(env.servePid);
  for (let i = 0; i < 30; i++) {
    await sleep(100);
    const now = cpuTicks(env.servePid);
    if (now === cpuAfter) break;
    cpuAfter = now;
  }
  const systemAfter = systemTicks();
  // The PostgreSQL server's processes on this machine (none when it runs elsewhere). Backends that
  // exited during the phase are missed; other databases' work on the same server is counted.
  let postgres = 0;
  let postgresSeen = false;
  if (env.mode === 'server') {
    for (const [pid, ticks] of postgresTicks()) {
      postgresSeen = true;
      postgres += ticks - (postgresBefore.get(pid) ?? 0);
    }
  }
  const otherCpuShare =
    systemAfter.total > systemBefore.total
      ? Math.max(0, systemAfter.busy - systemBefore.busy - (ourTicks() - oursBefore) - postgres) /
        (systemAfter.total - systemBefore.total)
      : Number.NaN;
  const serveCpuMs = ((cpuAfter - cpuBefore) * 1000) / ticksPerSecond;
  const postgresCpuMs = postgresSeen ? (postgres * 1000) / ticksPerSecond : Number.NaN;
  progress(`pipeline: the boards received ${received}/${P} create requests; reading the postings back`);

  // Read every posting back until none is still on its way. Postings whose POST failed are looked
  // for on their vacancy (they count for throughput, not for latency: their 202 never came).
  const acceptedAt = new Map(accepted.map((a) => [a.id, a.acceptedAt]));
  const lookupDeadline = Date.now() + 30_000;
  await pool(notAccepted, 8, async (o) => {
    if (Date.now() > lookupDeadline) return;
    try {
      const { items } = (await expectStatus(
        api('GET', `/vacancies/${o.vacancyId}/postings`),
        200,
        'GET /vacancies/:id/postings',
      )) as { items: Posting[] };
      const found = items.find((p) => p.connectionId === setup.connections[o.board]);
      if (found) acceptedAt.set(found.id, Number.NaN);
    } catch {
      // Not found: counted as not posted.
    }
  });
  const postings = new Map<string, Posting>();
  const pending = new Set(acceptedAt.keys());
  const readDeadline = Date.now() + 60_000;
  let readErrors = 0;
  while (pending.size > 0) {
    await pool([...pending], 8, async (id) => {
      if (Date.now() > readDeadline) return;
      try {
        const posting = (await expectStatus(
          api('GET', `/postings/${id}`),
          200,
          'GET /postings/:id',
        )) as Posting;
        postings.set(id, posting);
        if (!IN_FLIGHT_STATUSES.includes(posting.status)) pending.delete(id);
      } catch {
        readErrors += 1;
      }
    });
    if (pending.size === 0) break;
    if (Date.now() > readDeadline) {
      progress(
        `pipeline: ${pending.size} postings still on their way (or unreadable: ${readErrors} failed reads) after 60 s; counted as not posted`,
      );
      break;
    }
    await sleep(200);
  }

  const byStatus: Record<string, number> = {};
  for (const p of postings.values()) byStatus[p.status] = (byStatus[p.status] ?? 0) + 1;
  const failure = [...postings.values()].find((p) => p.status === 'failed');
  if (failure)
    progress(
      `pipeline: first failure: ${failure.board}: ${failure.lastError?.reason}: ${failure.lastError?.message}`,
    );

  // Per posting, from its attempts: when the worker started, when the request left, when it was posted.
  const toStarted: number[] = [];
  const toSent: number[] = [];
  const roundTrips: number[] = [];
  const toPosted: number[] = [];
  let createAttempts = 0;
  let posted = 0;
  let lastPostedAt = Number.NaN;
  for (const p of postings.values()) {
    const at202 = acceptedAt.get(p.id) ?? Number.NaN;
    const latency = (at: string, into: number[]) => {
      if (Number.isFinite(at202)) into.push(Date.parse(at) - at202);
    };
    const creates = (p.attempts ?? [])
      .filter((a) => a.action === 'create')
      .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
    createAttempts += creates.length;
    if (creates[0]) latency(creates[0].startedAt, toStarted);
    const sends = creates.flatMap((a) => a.exchanges).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    if (sends[0]) latency(sends[0].at, toSent);
    for (const e of sends) roundTrips.push(e.durationMs);
    if (p.status === 'posted' && p.postedAt) {
      posted += 1;
      const t = Date.parse(p.postedAt);
      latency(p.postedAt, toPosted);
      lastPostedAt = Number.isNaN(lastPostedAt) ? t : Math.max(lastPostedAt, t);
    }
  }
  const wallMs = lastPostedAt - firstPostAt;
  const postingsPerSecond = posted > 0 ? posted / (wallMs / 1000) : Number.NaN;
  const boardAdverts = await countAdverts(env, `BENCH-${runId}-`);
  const statuses = Object.entries(byStatus)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  progress(
    `pipeline: read back ${statuses || 'nothing'}; ${posted}/${P} posted in ${seconds(wallMs)}; adverts on the boards: s1jobs ${boardAdverts.s1jobs.created}, NHS Jobs ${boardAdverts['nhs-jobs'].created}, duplicated ${boardAdverts.s1jobs.duplicated + boardAdverts['nhs-jobs'].duplicated}`,
  );

  return {
    postings: [...postings.values()],
    otherCpuShare,
    result: {
      postings: P,
      accepted: accepted.length,
      posted,
      failed: byStatus.failed ?? 0,
      otherStatuses: Object.fromEntries(
        Object.entries(byStatus).filter(([s]) => s !== 'posted' && s !== 'failed'),
      ),
      createAttempts,
      wallMs: Math.round(wallMs),
      postingsPerSecond: round(postingsPerSecond),
      acceptMs: distribution(accepted.map((a) => a.acceptMs)),
      acceptedToAttemptStartedMs: distribution(toStarted),
      acceptedToRequestSentMs: distribution(toSent),
      boardRoundTripMs: distribution(roundTrips),
      acceptedToPostedMs: distribution(toPosted),
      serveCpuMs: Math.round(serveCpuMs),
      serveCpuMsPerPosting: round(posted > 0 ? serveCpuMs / posted : Number.NaN, 2),
      postgresCpuMs: round(postgresCpuMs, 0),
      postgresCpuMsPerPosting: round(posted > 0 ? postgresCpuMs / posted : Number.NaN, 2),
      boardAdverts,
    },
  };
}

/** Exactly once on the boards: one advert per reference of this run, each created once. */
async function countAdverts(
  env: Environment,
  prefix: string,
): Promise<Record<BoardId, { created: number; duplicated: number }>> {
  const count = (adverts: { reference: string; createCount: number }[]) => {
    const ours = adverts.filter((a) => a.reference.startsWith(prefix));
    const distinct = new Set(ours.map((a) => a.reference)).size;
    return {
      created: distinct,
      duplicated: ours.length - distinct + ours.filter((a) => a.createCount > 1).length,
    };
  };
  const { jobs } = await getJson<{ jobs: { createCount: number; fields: Record<string, unknown> }[] }>(
    `${env.sandboxUrls.s1jobs}/_inspect/jobs`,
  );
  const { drafts } = await getJson<{ drafts: { createCount: number; body: Record<string, unknown> }[] }>(
    `${env.sandboxUrls['nhs-jobs']}/_inspect/drafts`,
  );
  return {
    s1jobs: count(jobs.map((j) => ({ reference: String(j.fields.reference), createCount: j.createCount }))),
    'nhs-jobs': count(
      drafts.map((d) => ({ reference: String(d.body.jobReference), createCount: d.createCount })),
    ),
  };
}

/** Valid fields for each board (as in its contract test), used only when no posting was read back. */
const FALLBACK_FIELDS: Record<BoardId, PostingFields> = {
  s1jobs: {
    title: 'Staff Nurse',
    reference: 'CEIL',
    description: '<p>Care for adults on an acute medical ward.</p>',
    coreSkill: 'Medical / Dental / Health Care',
    specialisms: ['Nursing'],
    location: 'G4 0SF',
    salaryLow: 31049,
    salaryHigh: 37796,
    salaryPeriod: 'yearly',
    applyUrl: 'http://localhost:3000/careers/bench/CEIL/apply?src=bench',
  },
  'nhs-jobs': {
    jobTitle: 'Staff Nurse',
    jobReference: 'CEIL',
    contractType: 'PERMANENT',
    workingPatterns: ['FULL_TIME'],
    staffGroup: 'NURSING_AND_MIDWIFERY_REGISTERED',
    payScheme: 'AGENDA_FOR_CHANGE',
    payBand: 'BAND_5',
    salary: { type: 'RANGE', min: 31049, max: 37796, period: 'YEAR' },
    address: { line1: '84 Castle Street', town: 'Glasgow', postcode: 'G4 0SF' },
    closingDate: ukDate(new Date(Date.now() + 30 * 86_400_000)),
    jobOverview: `${ABOUT} Join our friendly acute medical ward.`,
    mainDuties: `${ABOUT} Assess, plan and evaluate care.`,
    aboutOrganisation: ABOUT,
    jobDescription: '<p>Care for adults on an acute medical ward.</p>',
    contactEmail: 'jobs@bench.example',
    applyUrl: 'http://localhost:3000/careers/bench/CEIL/apply?src=bench',
  },
};

/**
 * Phase 2, the ceiling: the same number of creates straight to the same sandboxes with the boards'
 * own clients, the bodies the pipeline sent (new references), PER_CONNECTION in flight per board.
 */
async function runCeiling(
  env: Environment,
  postings: Posting[],
  perBoard: number,
  runId: string,
): Promise<CeilingResult> {
  const roundTrips: number[] = [];
  const deps = {
    fetch: globalThis.fetch,
    now: () => new Date(),
    timeoutMs: 15_000,
    onExchange: (e: BoardExchange) => {
      roundTrips.push(e.durationMs);
    },
  };
  const clients: Record<BoardId, { referenceField: string; client: BoardClient }> = {
    s1jobs: {
      referenceField: s1jobsBoard.referenceField,
      client: s1jobsBoard.client(
        { username: 'demo-api', password: 'demo-secret', site: 's1jobs', baseUrl: env.sandboxUrls.s1jobs },
        deps,
      ),
    },
    'nhs-jobs': {
      referenceField: nhsJobsBoard.referenceField,
      client: nhsJobsBoard.client(
        {
          organisationId: 'DEMO-ORG',
          accountId: 'DEMO-ACCOUNT',
          apiKey: 'demo-nhs-key',
          testMode: true,
          baseUrl: env.sandboxUrls['nhs-jobs'],
        },
        deps,
      ),
    },
  };
  const bodies = {} as Record<BoardId, PostingFields[]>;
  for (const b of BOARDS) {
    const sent = postings.filter((p) => p.board === b).map((p) => p.fields);
    bodies[b] = sent.length > 0 ? sent : [FALLBACK_FIELDS[b]];
  }

  const requests = perBoard * BOARDS.length;
  progress(
    `ceiling: ${requests} direct creates, ${PER_CONNECTION} in flight per board (${PER_CONNECTION * BOARDS.length} in all)`,
  );
  let failed = 0;
  let firstError = '';
  const started = performance.now();
  await Promise.all(
    BOARDS.map((b) =>
      pool(
        Array.from({ length: perBoard }, (_, i) => i),
        PER_CONNECTION,
        async (i) => {
          const { referenceField, client } = clients[b];
          const fields = {
            ...bodies[b][i % bodies[b].length],
            [referenceField]: `CEIL-${runId}-${String(i + 1).padStart(5, '0')}`,
          };
          try {
            await client.create(fields);
          } catch (error) {
            failed += 1;
            firstError ||= `${b}: ${(error as Error).message}`;
          }
        },
      ),
    ),
  );
  const wallMs = performance.now() - started;
  const succeeded = requests - failed;
  progress(
    `ceiling: ${succeeded}/${requests} created in ${seconds(wallMs)}${failed ? ` (first error: ${firstError})` : ''}`,
  );
  return {
    requests,
    succeeded,
    failed,
    concurrency: PER_CONNECTION * BOARDS.length,
    wallMs: Math.round(wallMs),
    requestsPerSecond: round(succeeded > 0 ? succeeded / (wallMs / 1000) : Number.NaN),
    boardRoundTripMs: distribution(roundTrips),
  };
}

function figuresOf(p: PipelineResult, c: CeilingResult): Figure[] {
  const ratio = (a: number | null, b: number | null) =>
    a !== null && b !== null && Number.isFinite(a) && Number.isFinite(b) && b > 0 ? round(a / b, 3) : null;
  const sent = p.acceptedToRequestSentMs;
  const throughputRatio = ratio(p.postingsPerSecond, c.requestsPerSecond);
  const only = (name: string, unit: string, value: number | null, target: string | null = null) => ({
    name,
    unit,
    pipeline: value,
    ceiling: null,
    ratio: null,
    target,
    pass: null,
  });
  return [
    {
      name: 'Throughput (postings/s; ceiling: requests/s)',
      unit: '/s',
      pipeline: p.postingsPerSecond,
      ceiling: c.requestsPerSecond,
      ratio: throughputRatio,
      target: '≥ 70% of ceiling',
      pass: throughputRatio !== null && throughputRatio >= 0.7 && p.posted === p.postings,
    },
    only('Post accepted → board request sent, p50', 'ms', round(sent.p50)),
    {
      ...only('Post accepted → board request sent, p99', 'ms', round(sent.p99), '< 250 ms'),
      pass: Number.isFinite(sent.p99) && sent.p99 < 250,
    },
    {
      name: 'Board round trip, p50',
      unit: 'ms',
      pipeline: round(p.boardRoundTripMs.p50),
      ceiling: round(c.boardRoundTripMs.p50),
      ratio: ratio(p.boardRoundTripMs.p50, c.boardRoundTripMs.p50),
      target: null,
      pass: null,
    },
    {
      name: 'Board round trip, p99',
      unit: 'ms',
      pipeline: round(p.boardRoundTripMs.p99),
      ceiling: round(c.boardRoundTripMs.p99),
      ratio: ratio(p.boardRoundTripMs.p99, c.boardRoundTripMs.p99),
      target: null,
      pass: null,
    },
    only('Serve CPU per posting', 'ms', p.serveCpuMsPerPosting),
    ...(p.postgresCpuMsPerPosting === null
      ? []
      : [only('PostgreSQL server CPU per posting', 'ms', p.postgresCpuMsPerPosting)]),
  ];
}

async function main(): Promise<number> {
  let options: Options | null;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (!options) {
    out(USAGE);
    return 0;
  }
  const V = options.vacancies;
  const P = 2 * V;
  const L = options.latencyMs;
  const runId = randomBytes(3).toString('hex').toUpperCase();
  const date = new Date();

  // Every wait is bounded; this bounds the whole run too.
  const overallMs = 300_000 + P * 1_000 + P * L * 2;
  const watchdog = setTimeout(() => {
    progress(`the benchmark did not finish within ${seconds(overallMs)}; giving up`);
    cleanup().finally(() => process.exit(1));
  }, overallMs);
  watchdog.unref();

  const idleSample = systemTicks();
  await sleep(1_000);
  const busyAtStart = busyShare(idleSample, systemTicks());
  if (busyAtStart > 0.2)
    progress(
      `warning: the machine is busy (${(busyAtStart * 100).toFixed(0)}% of ${os.cpus().length} CPUs in use before the run); figures will be skewed`,
    );
  progress(
    `fan-out: ${V} vacancies × 2 boards = ${P} postings, board latency ${L} ms, ${process.env.DATABASE_URL ? 'server' : 'embedded'} database`,
  );

  const code = codeState();
  const env = await startEnvironment(L);
  const api = apiClient(env.baseUrl, env.token);
  const setup = await setUp(api, env, V, runId);
  const pipeline = await runPipeline(api, env, setup, L, runId);
  const ceiling = await runCeiling(env, pipeline.postings, V, runId);

  const results: Results = {
    benchmark: 'fanout',
    date: date.toISOString(),
    mode: env.mode,
    code,
    machine: {
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      cpuCount: os.cpus().length,
      totalMemoryGiB: round(os.totalmem() / 2 ** 30, 1) ?? 0,
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      cpuBusyAtStartPct: round(busyAtStart * 100) ?? 0,
      otherCpuDuringPipelinePct: round(pipeline.otherCpuShare * 100),
    },
    settings: {
      vacancies: V,
      postings: P,
      boardLatencyMs: L,
      clientConcurrency: CLIENT_CONCURRENCY,
      workerConcurrency: WORKER_CONCURRENCY,
      perConnectionConcurrency: PER_CONNECTION,
      pollMs: POLL_MS,
    },
    pipeline: pipeline.result,
    ceiling,
    figures: figuresOf(pipeline.result, ceiling),
  };

  const table = renderTable(results);
  out('');
  out(table);
  out('');

  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = `${date.toISOString().slice(0, 19).replace(/:/g, '-')}Z`;
  const base = join(RESULTS_DIR, `fanout-${env.mode}-${stamp}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(results, jsonNumbers, 2)}\n`);
  writeFileSync(`${base}.md`, renderMarkdown(results, table));
  progress(`results written to ${relative(ROOT, `${base}.json`)} and ${relative(ROOT, `${base}.md`)}`);

  clearTimeout(watchdog);
  const ok = pipeline.result.posted === P && ceiling.failed === 0;
  if (!ok) progress('some postings or direct requests did not succeed: the figures are not comparable');
  return ok ? 0 : 1;
}

/** Rounds distributions for the files; NaN (nothing measured) becomes null. */
function jsonNumbers(_key: string, value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.round(value * 100) / 100 : null;
  return value;
}

function fmt(n: number | null, unit: string): string {
  if (n === null) return '—';
  return unit === '/s' ? n.toFixed(1) : `${n} ${unit}`;
}

function renderTable(r: Results): string {
  const rows: string[][] = [['Figure', 'Pipeline', 'Ceiling', 'Ratio', 'Target', 'Result']];
  for (const f of r.figures) {
    rows.push([
      f.name,
      fmt(f.pipeline, f.unit),
      fmt(f.ceiling, f.unit),
      f.ratio === null ? '—' : f.unit === '/s' ? `${(f.ratio * 100).toFixed(1)}%` : `${f.ratio.toFixed(2)}×`,
      f.target ?? '—',
      f.pass === null ? '' : f.pass ? 'PASS' : 'FAIL',
    ]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd();
  const p = r.pipeline;
  const c = r.ceiling;
  return [
    `Postroom fan-out benchmark: ${r.settings.vacancies} vacancies × 2 boards = ${r.settings.postings} postings, board latency ${r.settings.boardLatencyMs} ms, ${r.mode} database`,
    `Machine: ${r.machine.cpuModel} ×${r.machine.cpuCount}, ${r.machine.totalMemoryGiB} GiB, Node ${r.machine.node}; CPUs ${r.machine.cpuBusyAtStartPct}% busy before the run, ${r.machine.otherCpuDuringPipelinePct ?? '?'}% used by other processes during the pipeline`,
    `Code: ${r.code.commit?.slice(0, 12) ?? 'unknown'}${r.code.dirty ? ` + uncommitted changes (diff ${r.code.diffSha1})` : ''}; run at ${r.date}`,
    '',
    line(rows[0]!),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.slice(1).map(line),
    '',
    `Pipeline: ${p.accepted}/${p.postings} accepted, ${p.posted}/${p.postings} posted (${p.failed} failed${Object.keys(p.otherStatuses).length ? `, ${JSON.stringify(p.otherStatuses)}` : ''}), ${p.createAttempts} create attempts, wall ${seconds(p.wallMs)} from first POST to last posted.`,
    `  POST …/postings answered 202 in p50 ${round(p.acceptMs.p50)} ms, p99 ${round(p.acceptMs.p99)} ms (${r.settings.clientConcurrency} in flight).`,
    `  Accepted → worker attempt started p50 ${round(p.acceptedToAttemptStartedMs.p50)} ms, p99 ${round(p.acceptedToAttemptStartedMs.p99)} ms; accepted → board request sent min ${round(p.acceptedToRequestSentMs.min)} ms, max ${round(p.acceptedToRequestSentMs.max)} ms.`,
    `  Accepted → posted (board answer recorded) p50 ${round(p.acceptedToPostedMs.p50)} ms, p99 ${round(p.acceptedToPostedMs.p99)} ms.`,
    `  Serve process CPU ${p.serveCpuMs} ms in all${r.mode === 'embedded' ? ' (embedded database included)' : p.postgresCpuMs === null ? ' (the PostgreSQL server is elsewhere: its CPU is not counted)' : `; PostgreSQL server processes ${p.postgresCpuMs} ms`}.`,
    `  Adverts on the boards: s1jobs ${p.boardAdverts.s1jobs.created}, NHS Jobs ${p.boardAdverts['nhs-jobs'].created}; duplicated ${p.boardAdverts.s1jobs.duplicated + p.boardAdverts['nhs-jobs'].duplicated}.`,
    `Ceiling: ${c.succeeded}/${c.requests} direct creates in ${seconds(c.wallMs)} at ${c.concurrency} in flight (${r.settings.perConnectionConcurrency} per board).`,
  ].join('\n');
}

function renderMarkdown(r: Results, table: string): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const figureRows = r.figures.map(
    (f) =>
      `| ${cell(f.name)} | ${fmt(f.pipeline, f.unit)} | ${fmt(f.ceiling, f.unit)} | ${
        f.ratio === null ? '—' : f.unit === '/s' ? `${(f.ratio * 100).toFixed(1)}%` : `${f.ratio.toFixed(2)}×`
      } | ${f.target ?? '—'} | ${f.pass === null ? '' : f.pass ? 'PASS' : 'FAIL'} |`,
  );
  const dist = (name: string, d: Distribution) =>
    `| ${name} | ${d.count} | ${round(d.p50)} | ${round(d.p99)} | ${round(d.min)} | ${round(d.max)} | ${round(d.mean)} |`;
  return `# Fan-out benchmark, ${r.mode} database, ${r.date}

| Machine | |
|---|---|
| CPU | ${r.machine.cpuModel} × ${r.machine.cpuCount} |
| Memory | ${r.machine.totalMemoryGiB} GiB |
| Node | ${r.machine.node} |
| OS | ${r.machine.platform} |
| Code | ${r.code.commit?.slice(0, 12) ?? 'unknown'}${r.code.dirty ? ` with uncommitted changes (diff ${r.code.diffSha1})` : ''} |
| CPUs busy in the second before the run | ${r.machine.cpuBusyAtStartPct}% |
| CPUs used by other processes during the pipeline phase | ${r.machine.otherCpuDuringPipelinePct ?? '?'}% |
| Database | ${r.mode === 'server' ? 'PostgreSQL server (DATABASE_URL), fresh database' : 'embedded (PGlite), fresh data directory'} |

Settings: ${r.settings.vacancies} vacancies × 2 boards = ${r.settings.postings} postings; sandbox latency ${r.settings.boardLatencyMs} ms;
${r.settings.clientConcurrency} POSTs in flight; worker ${r.settings.workerConcurrency} jobs at a time, ${r.settings.perConnectionConcurrency} per connection;
POSTROOM_POLL_MS=${r.settings.pollMs}. The ceiling sends the same number of creates straight to the same sandbox processes with
the boards' own clients, ${r.ceiling.concurrency} in flight (${r.settings.perConnectionConcurrency} per board).

| Figure | Pipeline | Ceiling | Ratio | Target | Result |
|---|---:|---:|---:|---|---|
${figureRows.join('\n')}

Distributions (ms):

| Measure | n | p50 | p99 | min | max | mean |
|---|---:|---:|---:|---:|---:|---:|
${dist('POST …/postings → 202 (client)', r.pipeline.acceptMs)}
${dist('Accepted → worker attempt started', r.pipeline.acceptedToAttemptStartedMs)}
${dist('Accepted → board request sent', r.pipeline.acceptedToRequestSentMs)}
${dist('Board round trip, pipeline', r.pipeline.boardRoundTripMs)}
${dist('Board round trip, ceiling', r.ceiling.boardRoundTripMs)}
${dist('Accepted → posted', r.pipeline.acceptedToPostedMs)}

Pipeline: ${r.pipeline.accepted}/${r.pipeline.postings} accepted, ${r.pipeline.posted}/${r.pipeline.postings} posted, ${r.pipeline.failed} failed, ${r.pipeline.createAttempts} create attempts, wall ${r.pipeline.wallMs} ms;
serve CPU ${r.pipeline.serveCpuMs} ms (${r.pipeline.serveCpuMsPerPosting} ms per posting${r.mode === 'server' ? ', without the PostgreSQL server' : ', embedded database included'})${r.pipeline.postgresCpuMs === null ? '' : `; PostgreSQL server CPU ${r.pipeline.postgresCpuMs} ms`}.
Adverts on the boards: s1jobs ${r.pipeline.boardAdverts.s1jobs.created}, NHS Jobs ${r.pipeline.boardAdverts['nhs-jobs'].created}, duplicated ${r.pipeline.boardAdverts.s1jobs.duplicated + r.pipeline.boardAdverts['nhs-jobs'].duplicated}.
Ceiling: ${r.ceiling.succeeded}/${r.ceiling.requests} created, wall ${r.ceiling.wallMs} ms.

<details><summary>Console table</summary>

\`\`\`
${table}
\`\`\`

</details>
`;
}

main().then(
  async (code) => {
    await cleanup();
    process.exit(code);
  },
  async (error: unknown) => {
    if (interrupted) return; // The signal handler cleans up and exits.
    progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    for (const t of children) {
      if (!alive(t.child) && t.child.exitCode !== 0)
        progress(`${t.label} had already exited (${t.child.exitCode ?? t.child.signalCode})`);
    }
    const serve = children.find((c) => c.label === SERVE);
    if (serve?.output().trim()) progress(`last output of ${SERVE}:\n${serve.output().trim().slice(-3_000)}`);
    progress('cleaning up');
    await cleanup();
    process.exit(1);
  },
);
