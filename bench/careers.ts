/**
 * Careers/API load benchmark: requests/s and latency of the careers site and the vacancies API with
 * many live vacancies, against the ceiling of GET /healthz on the same server in the same run.
 * See bench/README.md. Run with `npm run bench:careers -- --help`.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { vacancies } from '../src/db/schema.js';
import { createLogger } from '../src/main/logger.js';
import { openRuntime } from '../src/main/runtime.js';
import { findOrganisationBySlug } from '../src/services/organisations.js';

// ---------------------------------------------------------------------------------------------
// Options

const USAGE = `Usage: npm run bench:careers -- [options]

Loads N live vacancies for one organisation into a fresh embedded database, starts "postroom serve"
and measures it with autocannon (${'50'} connections): the careers list, an advert, the vacancies API
and, as the ceiling, GET /healthz.

Options:
  --vacancies N   live vacancies to load (default 10000)
  --duration S    seconds each endpoint is measured (default 10)
  --quick         1000 vacancies: a short run for CI
  --help          show this help`;

interface Options {
  vacancies: number;
  durationS: number;
  quick: boolean;
}

class UsageError extends Error {}

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      vacancies: { type: 'string' },
      duration: { type: 'string' },
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
    vacancies: values.quick ? 1_000 : whole(values.vacancies, 10_000, 'vacancies', 1, 1_000_000),
    durationS: whole(values.duration, 10, 'duration', 1, 600),
    quick: values.quick ?? false,
  };
}

// ---------------------------------------------------------------------------------------------
// Fixed settings

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'postroom.js');
const AUTOCANNON = join(ROOT, 'node_modules', 'autocannon', 'autocannon.js');
const RESULTS_DIR = join(ROOT, 'bench', 'results');
const CONNECTIONS = 50;
const BATCH = 500;
const TARGET_P99_MS = 50;
const SLUG = 'bench';
const SERVE = 'postroom serve';

// ---------------------------------------------------------------------------------------------
// Output

const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const out = (text: string) => process.stdout.write(`${text}\n`);

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

const alive = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

function startChild(label: string, script: string, args: string[], env: Record<string, string>): Tracked {
  const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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

function waitForOutput(t: Tracked, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | null, match?: RegExpExecArray) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      t.child.stdout?.off('data', check);
      t.child.stderr?.off('data', check);
      if (error || !match) reject(error ?? new Error(`${t.label}: no match`));
      else resolve(match);
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

/** Runs a child to completion and returns its stdout, trimmed. */
async function runToEnd(
  label: string,
  script: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<string> {
  const t = startChild(label, script, args, env);
  let stdout = '';
  t.child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  const timer = setTimeout(() => t.child.kill('SIGKILL'), timeoutMs);
  await t.exited;
  clearTimeout(timer);
  if (t.child.exitCode !== 0)
    throw new Error(
      `${label} failed (${t.child.exitCode ?? t.child.signalCode}):\n${t.output().slice(-3_000)}`,
    );
  return stdout.trim();
}

const runCli = (args: string[], env: Record<string, string>) =>
  runToEnd(`postroom ${args.slice(0, 2).join(' ')}`, BIN, args, env, 60_000);

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
let interrupted = false;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const t of children.filter((c) => c.label === SERVE)) await stopChild(t, 10_000);
    await Promise.all(children.map((t) => stopChild(t, 5_000)));
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  })();
  return cleaning;
}

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
// Helpers

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, digits = 1) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : null);

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

/** Resident memory of a process in MiB, from /proc/<pid>/status (VmRSS). */
function residentMiB(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

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

/** Inserts the vacancies straight into the database (BATCH rows a statement), with serve not running. */
async function loadVacancies(env: Record<string, string>, count: number): Promise<string> {
  const config = loadConfig({ ...process.env, ...env });
  const logger = createLogger({ ...config, logLevel: 'warn' }, 2);
  const runtime = await openRuntime(config, 'bench:careers load', logger);
  try {
    const organisation = await findOrganisationBySlug(runtime.deps, SLUG);
    if (!organisation) throw new Error(`organisation "${SLUG}" not found`);
    const now = new Date();
    const started = performance.now();
    let lastReport = started;
    for (let from = 0; from < count; from += BATCH) {
      const rows: VacancyRow[] = [];
      for (let i = from; i < Math.min(count, from + BATCH); i++)
        rows.push(vacancyRow(organisation.id, i, now));
      await runtime.database.db.insert(vacancies).values(rows);
      const done = from + rows.length;
      if (performance.now() - lastReport > 1_000 || done === count) {
        lastReport = performance.now();
        const rate = done / ((lastReport - started) / 1000);
        progress(`loaded ${done}/${count} live vacancies (${rate.toFixed(0)}/s)`);
      }
    }
    return `BENCH-${String(Math.ceil(count / 2)).padStart(7, '0')}`;
  } finally {
    await runtime.close();
  }
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
  duration: number;
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

interface Measurement {
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

async function measure(baseUrl: string, endpoint: Endpoint, durationS: number): Promise<Measurement> {
  // Check once that the endpoint answers 200 before loading it.
  const check = await fetch(`${baseUrl}${endpoint.path}`, {
    headers: endpoint.headers ?? {},
    signal: AbortSignal.timeout(30_000),
  });
  await check.arrayBuffer();
  if (check.status !== 200) throw new Error(`GET ${endpoint.path}: expected 200, got ${check.status}`);

  progress(`${endpoint.name}: ${CONNECTIONS} connections for ${durationS} s on GET ${endpoint.path}`);
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
  const m: Measurement = {
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
  progress(
    `${endpoint.name}: ${m.requestsPerSecond.toFixed(0)} req/s, p50 ${m.p50Ms} ms, p99 ${m.p99Ms} ms${m.non2xx || m.errors || m.timeouts ? ` (non-2xx ${m.non2xx}, errors ${m.errors}, timeouts ${m.timeouts})` : ''}`,
  );
  return m;
}

// ---------------------------------------------------------------------------------------------
// Results

interface Row {
  name: string;
  path: string;
  requestsPerSecond: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  /** Requests/s as a share of the ceiling's; null for the ceiling itself. */
  ratioToCeiling: number | null;
  pass: boolean | null;
  non2xx: number;
  errors: number;
  timeouts: number;
}

interface Results {
  benchmark: 'careers';
  date: string;
  mode: 'embedded';
  code: ReturnType<typeof codeState>;
  machine: {
    cpuModel: string;
    cpuCount: number;
    totalMemoryGiB: number;
    node: string;
    platform: string;
    cpuBusyAtStartPct: number;
  };
  settings: { vacancies: number; connections: number; durationS: number; targetP99Ms: number };
  loadMs: number;
  serveRssMiB: { afterLoad: number | null; afterRun: number | null };
  measurements: Measurement[];
  rows: Row[];
}

function rowsOf(measurements: Measurement[]): Row[] {
  const ceiling = measurements.find((m) => m.name === 'Ceiling');
  return measurements.map((m) => {
    const isCeiling = m === ceiling;
    return {
      name: m.name,
      path: m.path,
      requestsPerSecond: round(m.requestsPerSecond),
      p50Ms: m.p50Ms,
      p99Ms: m.p99Ms,
      ratioToCeiling:
        isCeiling || !ceiling || ceiling.requestsPerSecond <= 0
          ? null
          : round(m.requestsPerSecond / ceiling.requestsPerSecond, 3),
      pass: isCeiling
        ? null
        : m.p99Ms < TARGET_P99_MS && m.non2xx === 0 && m.errors === 0 && m.timeouts === 0,
      non2xx: m.non2xx,
      errors: m.errors,
      timeouts: m.timeouts,
    };
  });
}

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
const ms = (n: number | null) => (n === null ? '—' : `${n} ms`);
const verdict = (p: boolean | null) => (p === null ? '' : p ? 'PASS' : 'FAIL');
const mib = (n: number | null) => (n === null ? '?' : `${n.toFixed(0)} MiB`);

function renderTable(r: Results): string {
  const rows: string[][] = [
    ['Endpoint', 'Path', 'Req/s', 'p50', 'p99', 'Of ceiling', 'Target p99', 'Result'],
  ];
  for (const row of r.rows) {
    rows.push([
      row.name,
      row.path,
      row.requestsPerSecond === null ? '—' : row.requestsPerSecond.toFixed(0),
      ms(row.p50Ms),
      ms(row.p99Ms),
      pct(row.ratioToCeiling),
      row.pass === null ? '—' : `< ${r.settings.targetP99Ms} ms`,
      verdict(row.pass),
    ]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => (c <= 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd();
  const problems = r.rows.filter((row) => row.non2xx || row.errors || row.timeouts);
  return [
    `Postroom careers/API benchmark: ${r.settings.vacancies} live vacancies, ${r.settings.connections} connections, ${r.settings.durationS} s per endpoint, ${r.mode} database`,
    `Machine: ${r.machine.cpuModel} ×${r.machine.cpuCount}, ${r.machine.totalMemoryGiB} GiB, Node ${r.machine.node}; CPUs ${r.machine.cpuBusyAtStartPct}% busy before the run`,
    `Code: ${r.code.commit?.slice(0, 12) ?? 'unknown'}${r.code.dirty ? ` + uncommitted changes (diff ${r.code.diffSha1})` : ''}; run at ${r.date}`,
    '',
    line(rows[0]!),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.slice(1).map(line),
    '',
    `Loaded ${r.settings.vacancies} vacancies in ${(r.loadMs / 1000).toFixed(2)} s. Serve resident memory (VmRSS): ${mib(r.serveRssMiB.afterLoad)} once started, ${mib(r.serveRssMiB.afterRun)} after the run.`,
    ...(problems.length
      ? problems.map(
          (p) =>
            `  ${p.name}: non-2xx ${p.non2xx}, errors ${p.errors}, timeouts ${p.timeouts}: figures not comparable`,
        )
      : []),
  ].join('\n');
}

function renderMarkdown(r: Results, table: string): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const rows = r.rows.map(
    (row) =>
      `| ${cell(row.name)} | \`${row.path}\` | ${row.requestsPerSecond?.toFixed(0) ?? '—'} | ${ms(row.p50Ms)} | ${ms(row.p99Ms)} | ${pct(row.ratioToCeiling)} | ${row.pass === null ? '—' : `< ${r.settings.targetP99Ms} ms`} | ${verdict(row.pass)} |`,
  );
  return `# Careers/API benchmark, ${r.mode} database, ${r.date}

| Machine | |
|---|---|
| CPU | ${r.machine.cpuModel} × ${r.machine.cpuCount} |
| Memory | ${r.machine.totalMemoryGiB} GiB |
| Node | ${r.machine.node} |
| OS | ${r.machine.platform} |
| Code | ${r.code.commit?.slice(0, 12) ?? 'unknown'}${r.code.dirty ? ` with uncommitted changes (diff ${r.code.diffSha1})` : ''} |
| CPUs busy in the second before the run | ${r.machine.cpuBusyAtStartPct}% |
| Database | embedded (PGlite), fresh data directory |

Settings: ${r.settings.vacancies} live vacancies in one organisation (loaded in ${(r.loadMs / 1000).toFixed(2)} s before serve started);
autocannon, ${r.settings.connections} connections, ${r.settings.durationS} s per endpoint, one endpoint at a time; the ceiling is
\`GET /healthz\` on the same server in the same run.

| Endpoint | Path | Req/s | p50 | p99 | Of ceiling | Target p99 | Result |
|---|---|---:|---:|---:|---:|---|---|
${rows.join('\n')}

Serve resident memory (VmRSS): ${mib(r.serveRssMiB.afterLoad)} once started, ${mib(r.serveRssMiB.afterRun)} after the run.

<details><summary>Console table</summary>

\`\`\`
${table}
\`\`\`

</details>
`;
}

// ---------------------------------------------------------------------------------------------
// Main

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
  const N = options.vacancies;
  const date = new Date();
  const overallMs = 300_000 + N * 20 + options.durationS * 4 * 1_000 * 2;
  const watchdog = setTimeout(() => {
    progress(`the benchmark did not finish within ${(overallMs / 1000).toFixed(0)} s; giving up`);
    cleanup().finally(() => process.exit(1));
  }, overallMs);
  watchdog.unref();

  const idle = systemTicks();
  await sleep(1_000);
  const now = systemTicks();
  const busyAtStart = now.total > idle.total ? (now.busy - idle.busy) / (now.total - idle.total) : 0;
  if (busyAtStart > 0.2)
    progress(
      `warning: the machine is busy (${(busyAtStart * 100).toFixed(0)}% of ${os.cpus().length} CPUs in use before the run); figures will be skewed`,
    );
  progress(
    `careers/API: ${N} live vacancies, ${CONNECTIONS} connections, ${options.durationS} s per endpoint`,
  );
  const code = codeState();

  const dataDir = mkdtempSync(join(os.tmpdir(), 'postroom-bench-careers-'));
  tempDirs.push(dataDir);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dataDir,
    POSTROOM_DATA_DIR: dataDir,
    POSTROOM_SECRET_KEY: randomBytes(32).toString('hex'),
    POSTROOM_DEMO: 'false',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
  };

  await runCli(['migrate'], env);
  const slug = await runCli(
    [
      'org',
      'create',
      '--name',
      'Bench NHS Trust',
      '--slug',
      SLUG,
      '--admin-email',
      'bench-admin@example.org',
      '--admin-password',
      'correct horse battery staple',
    ],
    env,
  );
  const token = await runCli(['token', 'create', '--org', slug, '--name', 'careers benchmark'], env);
  progress(`organisation "${slug}" and its API token created`);

  const loadStarted = performance.now();
  const reference = await loadVacancies(env, N);
  const loadMs = Math.round(performance.now() - loadStarted);

  const serve = startChild(SERVE, BIN, ['serve', '--port', '0'], env);
  const banner = await waitForOutput(
    serve,
    /is running at http:\/\/localhost:(\d+)[\s\S]*Press Ctrl\+C/,
    90_000,
  );
  const baseUrl = `http://127.0.0.1:${banner[1]}`;
  const pid = serve.child.pid;
  if (pid === undefined) throw new Error('postroom serve has no pid');
  progress(`postroom serve running at ${baseUrl} (pid ${pid})`);
  const rssAfterLoad = residentMiB(pid);

  const endpoints: Endpoint[] = [
    { name: 'Careers list', path: `/careers/${slug}` },
    { name: 'Careers advert', path: `/careers/${slug}/${reference}` },
    {
      name: 'API vacancies list',
      path: '/api/v1/vacancies?limit=25',
      headers: { authorization: `Bearer ${token}` },
    },
    { name: 'Ceiling', path: '/healthz' },
  ];
  const measurements: Measurement[] = [];
  for (const e of endpoints) {
    measurements.push(await measure(baseUrl, e, options.durationS));
    await sleep(500);
  }
  const rssAfterRun = residentMiB(pid);

  const results: Results = {
    benchmark: 'careers',
    date: date.toISOString(),
    mode: 'embedded',
    code,
    machine: {
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      cpuCount: os.cpus().length,
      totalMemoryGiB: round(os.totalmem() / 2 ** 30, 1) ?? 0,
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      cpuBusyAtStartPct: round(busyAtStart * 100) ?? 0,
    },
    settings: {
      vacancies: N,
      connections: CONNECTIONS,
      durationS: options.durationS,
      targetP99Ms: TARGET_P99_MS,
    },
    loadMs,
    serveRssMiB: { afterLoad: round(rssAfterLoad ?? Number.NaN), afterRun: round(rssAfterRun ?? Number.NaN) },
    measurements,
    rows: rowsOf(measurements),
  };

  const table = renderTable(results);
  out('');
  out(table);
  out('');

  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = `${date.toISOString().slice(0, 19).replace(/:/g, '-')}Z`;
  const base = join(RESULTS_DIR, `careers-${results.mode}-${stamp}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${base}.md`, renderMarkdown(results, table));
  progress(`results written to ${relative(ROOT, `${base}.json`)} and ${relative(ROOT, `${base}.md`)}`);

  clearTimeout(watchdog);
  const ok = measurements.every((m) => m.non2xx === 0 && m.errors === 0 && m.timeouts === 0);
  if (!ok) progress('some requests failed: the figures are not comparable');
  return ok ? 0 : 1;
}

main().then(
  async (code) => {
    await cleanup();
    process.exit(code);
  },
  async (error: unknown) => {
    if (interrupted) return;
    progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    const serve = children.find((c) => c.label === SERVE);
    if (serve?.output().trim()) progress(`last output of ${SERVE}:\n${serve.output().trim().slice(-3_000)}`);
    progress('cleaning up');
    await cleanup();
    process.exit(1);
  },
);
