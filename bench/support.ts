/**
 * What every benchmark part needs: child processes released on any exit, bounded waits, fresh
 * databases, CPU and memory readings from /proc, distributions, the code and machine measured, and
 * the progress display. See bench/README.md.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/main/logger.js';
import { openRuntime, type Runtime } from '../src/main/runtime.js';
import { createApiToken } from '../src/services/api-tokens.js';
import { createOrganisation } from '../src/services/organisations.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'postroom.js');
export const RESULTS_DIR = join(ROOT, 'bench', 'results');

// ---------------------------------------------------------------------------------------------
// Progress display (stderr): permanent lines, and one status line rewritten in place on a terminal

const startedAt = performance.now();
const tty = process.stderr.isTTY === true;
let statusShown = false;
let lastStatusAt = 0;

const stamp = () => {
  const s = Math.floor((performance.now() - startedAt) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

function clearStatus(): void {
  if (statusShown) process.stderr.write('\r\x1b[K');
  statusShown = false;
}

/** A line that stays: what happened. */
export function progress(line: string): void {
  clearStatus();
  process.stderr.write(`[bench ${stamp()}] ${line}\n`);
}

/** A line that is replaced by the next one (on a terminal; elsewhere printed at most every 5 s). */
export function status(line: string): void {
  if (tty) {
    process.stderr.write(`\r\x1b[K[bench ${stamp()}] ${line.slice(0, (process.stderr.columns ?? 120) - 15)}`);
    statusShown = true;
  } else if (performance.now() - lastStatusAt >= 5_000) {
    lastStatusAt = performance.now();
    process.stderr.write(`[bench ${stamp()}] ${line}\n`);
  }
}

export const seconds = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : '—');

/** "2 min 05 s" style, for estimates. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

// ---------------------------------------------------------------------------------------------
// Child processes and temporary resources, all released on any exit

export interface Tracked {
  label: string;
  child: ChildProcess;
  pid: number;
  exited: Promise<void>;
  output: () => string;
}

const children: Tracked[] = [];
const tempDirs: string[] = [];
/** The embedded database template, kept across parts and removed on exit. */
let templateDir: string | null = null;
/** Run at cleanup after the children have stopped (e.g. dropping a database). */
const finalizers: (() => Promise<void>)[] = [];

export const alive = (t: Tracked) => t.child.exitCode === null && t.child.signalCode === null;

/** The bench's own processes still running (for CPU accounting). */
export const runningPids = () => [process.pid, ...children.filter(alive).map((t) => t.pid)];

/** Starts `node <script> …args`, keeping the last 20 kB of its output. */
export function startChild(
  label: string,
  script: string,
  args: string[],
  env: Record<string, string>,
  nodeFlags: string[] = [],
): Tracked {
  const child = spawn(process.execPath, [...nodeFlags, script, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
  if (child.pid === undefined) throw new Error(`${label} could not be started`);
  const tracked = { label, child, pid: child.pid, exited, output: () => text };
  children.push(tracked);
  return tracked;
}

/**
 * Node's own flags for every `postroom` process, from BENCH_NODE_ARGS (space-separated), e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof`; given as arguments, since Node refuses `--cpu-prof` in
 * NODE_OPTIONS.
 */
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);

/** Starts `postroom …args` from this checkout's bin/. */
export const startPostroom = (label: string, args: string[], env: Record<string, string>) =>
  startChild(label, BIN, args, env, nodeArgs);

/** Resolves with the first match of `pattern` in the child's output, or fails after `timeoutMs`. */
export function waitForOutput(t: Tracked, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
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

/** Runs `node <script> …args` to completion and returns its stdout, trimmed; fails on a non-zero exit. */
export async function runToEnd(
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

/** Runs a one-shot `postroom` command and returns its stdout, trimmed. */
export const runCli = (args: string[], env: Record<string, string>, timeoutMs = 60_000) =>
  runToEnd(`postroom ${args.slice(0, 2).join(' ')}`, BIN, args, env, timeoutMs);

/** SIGTERM, then SIGKILL after `graceMs`. */
export async function stopChild(t: Tracked, graceMs = 10_000): Promise<void> {
  if (!alive(t)) return;
  t.child.kill('SIGTERM');
  const timedOut = await Promise.race([
    t.exited.then(() => false),
    new Promise<boolean>((r) => setTimeout(() => r(true), graceMs)),
  ]);
  if (timedOut && alive(t)) {
    progress(`${t.label} did not stop within ${graceMs} ms; killing it`);
    t.child.kill('SIGKILL');
    await Promise.race([t.exited, sleep(2_000)]);
  }
}

/** A fresh temporary directory, removed at cleanup. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Registers work for the cleanup, run after every child has stopped. */
export function atCleanup(work: () => Promise<void>): void {
  finalizers.push(work);
}

let cleaning: Promise<void> | null = null;
/**
 * Stops every child (servers and workers first, so that their database connections are gone before
 * a database is dropped), runs the finalizers and removes the temporary directories. Called between
 * parts and at the end; calls at the same time share one cleanup.
 */
export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    const heavy = (t: Tracked) => /^postroom (serve|worker)/.test(t.label);
    await Promise.all(children.filter(heavy).map((t) => stopChild(t, 10_000)));
    await Promise.all(children.map((t) => stopChild(t, 5_000)));
    for (const work of finalizers.splice(0).reverse()) {
      try {
        await work();
      } catch (error) {
        progress(`cleanup: ${(error as Error).message}`);
      }
    }
    for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  })().finally(() => {
    cleaning = null;
  });
  return cleaning;
}

/** Last resort, for the entry point's exit hook: kills what still runs and removes the temporary directories. */
export function killRemaining(): void {
  for (const t of children) if (alive(t)) t.child.kill('SIGKILL');
  for (const dir of [...tempDirs, templateDir]) if (dir) rmSync(dir, { recursive: true, force: true });
}

/** Output of the server processes that already exited, or the last of it, for an error report. */
export function childrenReport(): string {
  const lines: string[] = [];
  for (const t of children) {
    if (!alive(t) && t.child.exitCode !== 0 && t.child.exitCode !== null)
      lines.push(`${t.label} had exited (${t.child.exitCode ?? t.child.signalCode})`);
    if (/^postroom (serve|worker)/.test(t.label) && t.output().trim())
      lines.push(`last output of ${t.label}:\n${t.output().trim().slice(-2_000)}`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Postroom processes

export type Mode = 'embedded' | 'server';

/** The environment of a run's `postroom` processes: a fresh data directory and, in server mode, a fresh database. */
export async function postroomEnv(
  name: string,
  serverUrl: string | undefined,
  extra: Record<string, string> = {},
): Promise<Record<string, string>> {
  const dataDir = tempDir(`postroom-bench-${name}-`);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dataDir,
    POSTROOM_DATA_DIR: dataDir,
    POSTROOM_SECRET_KEY: randomBytes(32).toString('hex'),
    POSTROOM_DEMO: 'false',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    // The sandboxes run as their own processes on loopback ports, which the operator must allow.
    POSTROOM_BOARD_URL_ALLOW: '127.0.0.1',
    ...extra,
  };
  if (serverUrl) env.DATABASE_URL = await createDatabase(serverUrl, name);
  else cpSync(await embeddedTemplate(), join(dataDir, 'pgdata'), { recursive: true });
  return env;
}

let template: Promise<string> | null = null;

/**
 * An empty, migrated embedded database, made once per run and copied for each part: creating a
 * PGlite database (initdb) takes seconds of CPU, and each part would pay it again.
 */
function embeddedTemplate(): Promise<string> {
  template ??= (async () => {
    const started = performance.now();
    const dir = mkdtempSync(join(os.tmpdir(), 'postroom-bench-template-'));
    templateDir = dir;
    const env = { POSTROOM_DATA_DIR: dir, POSTROOM_SECRET_KEY: randomBytes(32).toString('hex') };
    await withRuntime(env, (runtime) => runtime.database.migrate());
    progress(
      `empty embedded database created and migrated in ${seconds(performance.now() - started)} (once per run)`,
    );
    return join(dir, 'pgdata');
  })();
  return template;
}

export const ORG_SLUG = 'bench';

/** Runs `work` with the run's database open in this process (no serve running: in embedded mode only one process may open it). */
export async function withRuntime<T>(
  env: Record<string, string>,
  work: (runtime: Runtime) => Promise<T>,
): Promise<T> {
  const config = loadConfig({ ...process.env, ...env });
  const logger = createLogger({ ...config, logLevel: 'warn' }, 2);
  const runtime = await openRuntime(config, 'bench', logger);
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

export interface BenchOrganisation {
  slug: string;
  token: string;
}

/** Creates the n-th bench organisation (1: "bench", then "bench-2", …) with its admin and an API token. */
async function createBenchOrganisation(runtime: Runtime, n: number): Promise<BenchOrganisation> {
  const suffix = n === 1 ? '' : `-${n}`;
  const { organisation } = await createOrganisation(runtime.deps, {
    name: n === 1 ? 'Bench NHS Trust' : `Bench NHS Trust ${n}`,
    slug: `${ORG_SLUG}${suffix}`,
    adminEmail: `bench-admin${suffix}@example.org`,
    adminPassword: 'correct horse battery staple',
  });
  const { token } = await createApiToken(runtime.deps, organisation.id, { name: 'benchmark' }, null);
  return { slug: organisation.slug, token };
}

/**
 * Migrates, creates the organisation "bench" and an API token, in this process: what `postroom
 * migrate`, `org create` and `token create` do, without starting three processes.
 */
export async function prepareOrganisation(runtime: Runtime): Promise<BenchOrganisation> {
  const [organisation] = await prepareOrganisations(runtime, 1);
  return organisation!;
}

/** Migrates and creates `count` organisations, each with its own API token (the scale-out's tenants). */
export async function prepareOrganisations(runtime: Runtime, count: number): Promise<BenchOrganisation[]> {
  const started = performance.now();
  await runtime.database.migrate();
  const organisations: BenchOrganisation[] = [];
  for (let n = 1; n <= count; n++) organisations.push(await createBenchOrganisation(runtime, n));
  progress(
    `database migrated, ${count === 1 ? 'organisation and API token' : `${count} organisations, each with an API token,`} created in ${seconds(performance.now() - started)}`,
  );
  return organisations;
}

export interface Served {
  tracked: Tracked;
  baseUrl: string;
  pid: number;
}

/** Starts `postroom serve --port 0 …args` and waits for its banner. */
export async function startServe(
  env: Record<string, string>,
  args: string[] = [],
  label = 'postroom serve',
): Promise<Served> {
  const started = performance.now();
  const tracked = startPostroom(label, ['serve', '--port', '0', ...args], env);
  const banner = await waitForOutput(
    tracked,
    /is running at http:\/\/localhost:(\d+)[\s\S]*Press Ctrl\+C/,
    90_000,
  );
  const baseUrl = `http://127.0.0.1:${banner[1]}`;
  progress(
    `${[label, ...args].join(' ')} running at ${baseUrl} (pid ${tracked.pid}), started in ${seconds(performance.now() - started)}`,
  );
  return { tracked, baseUrl, pid: tracked.pid };
}

// ---------------------------------------------------------------------------------------------
// Databases on a PostgreSQL server

/** Runs `work` with a client connected to `url`. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 10_000,
    query_timeout: 60_000,
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates a fresh database on the server of `serverUrl` (dropped at cleanup) and returns its address. */
export async function createDatabase(serverUrl: string, purpose: string): Promise<string> {
  const name = `postroom_bench_${purpose.replace(/\W/g, '_')}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  atCleanup(async () => {
    await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });
  progress(`database ${name} created on the server`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

// ---------------------------------------------------------------------------------------------
// Small helpers

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `work` over `items` with at most `limit` in flight. */
export async function pool<T, R>(
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

/** Nearest-rank percentile of already sorted values; NaN when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export interface Distribution {
  count: number;
  p50: number;
  p99: number;
  min: number;
  max: number;
  mean: number;
}

export function distribution(values: readonly number[]): Distribution {
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

/** Rounded to `digits`; null when nothing was measured (NaN, Infinity). */
export const round = (n: number, digits = 1) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : null);

/** a ÷ b, or null when either is missing or b is not positive. */
export const ratio = (a: number | null, b: number | null) =>
  a !== null && b !== null && Number.isFinite(a) && Number.isFinite(b) && b > 0 ? round(a / b, 3) : null;

/** JSON.stringify replacer for the result files: numbers to 2 decimals, NaN (nothing measured) to null. */
export function jsonNumbers(_key: string, value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.round(value * 100) / 100 : null;
  return value;
}

// ---------------------------------------------------------------------------------------------
// CPU and memory, from /proc

/** Clock ticks (user + system) the process has used, from /proc/<pid>/stat; 0 once it has gone. */
export function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3: utime is 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Clock ticks used so far by each process of the local PostgreSQL server, by pid (none when it runs elsewhere). */
export function postgresTicks(): Map<number, number> {
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

/** Ticks the local PostgreSQL server used since `before` (backends that exited meanwhile are missed); null when none runs here. */
export function postgresTicksSince(before: Map<number, number>): number | null {
  const now = postgresTicks();
  if (now.size === 0) return null;
  let sum = 0;
  for (const [pid, ticks] of now) sum += ticks - (before.get(pid) ?? 0);
  return sum;
}

export interface SystemTicks {
  busy: number;
  total: number;
}

/** Busy and total clock ticks of all CPUs, from /proc/stat. */
export function systemTicks(): SystemTicks {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/** Share of all CPUs busy between two readings. */
export const busyShare = (a: SystemTicks, b: SystemTicks) =>
  b.total > a.total ? (b.busy - a.busy) / (b.total - a.total) : 0;

let ticksPerSecond: number | null = null;
/** The kernel's clock ticks per second (CLK_TCK), usually 100. */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond !== null) return ticksPerSecond;
  try {
    const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 5_000 }).trim());
    ticksPerSecond = Number.isFinite(n) && n > 0 ? n : 100;
  } catch {
    ticksPerSecond = 100;
  }
  return ticksPerSecond;
}

export const ticksToMs = (ticks: number) => (ticks * 1000) / clockTicksPerSecond();

/** Resident memory of a process in MiB, from /proc/<pid>/status (VmRSS); null once it has gone. */
export function residentMiB(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// What was measured, on what

export interface CodeState {
  commit: string | null;
  /** src, bin, bench or package.json differ from the commit. */
  dirty: boolean;
  diffSha1: string | null;
}

/** The code measured: the commit, and whether (and how) the working tree differs from it. */
export function codeState(): CodeState {
  const git = (args: string[]) =>
    execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', timeout: 10_000, maxBuffer: 64 * 2 ** 20 });
  try {
    // The reports under bench/results are not code: writing or removing one changes no figure.
    const diff = git(['diff', 'HEAD', '--', 'src', 'bin', 'bench', ':!bench/results', 'package.json']);
    return {
      commit: git(['rev-parse', 'HEAD']).trim(),
      dirty: diff.length > 0,
      diffSha1: diff.length > 0 ? createHash('sha1').update(diff).digest('hex').slice(0, 12) : null,
    };
  } catch {
    return { commit: null, dirty: false, diffSha1: null };
  }
}

export interface Machine {
  cpuModel: string;
  cpuCount: number;
  totalMemoryGiB: number;
  node: string;
  platform: string;
  /** Share of all CPUs busy (with anything) in the second before the run. */
  cpuBusyAtStartPct: number;
  /** The reference work's time before the run (`referenceWorkMs`): lower on a faster machine. */
  referenceWorkMs: number;
}

/**
 * A fixed CPU-bound script of the kind of work a request does (small objects, JSON, strings), that
 * prints how long it took in milliseconds; the same on every run and every version of Postroom.
 */
const REFERENCE_WORK = `(() => {
  const started = process.hrtime.bigint();
  let kept = [];
  let length = 0;
  for (let i = 0; i < 3e6; i++) {
    const item = { i, text: 'v' + i };
    kept.push(item);
    if (kept.length > 1000) kept = [];
    length += JSON.stringify(item).length;
  }
  process.stdout.write(String(Number(process.hrtime.bigint() - started) / 1e6));
})();`;

/**
 * The reference work's time in a fresh Node process, the median of three runs: so that reports
 * from different machines, or from one machine on different days, can be set side by side.
 */
function referenceWorkMs(): number {
  const times = [0, 1, 2].map((): number =>
    Number(execFileSync(process.execPath, ['-e', REFERENCE_WORK], { encoding: 'utf8' })),
  );
  return round(times.sort((a, b) => a - b)[1]!, 0) ?? 0;
}

/** The machine, and how busy its CPUs are over one second. */
export async function machineInfo(): Promise<Machine> {
  const before = systemTicks();
  await sleep(1_000);
  const busy = busyShare(before, systemTicks());
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cpuCount: os.cpus().length,
    totalMemoryGiB: round(os.totalmem() / 2 ** 30, 1) ?? 0,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    cpuBusyAtStartPct: round(busy * 100) ?? 0,
    referenceWorkMs: referenceWorkMs(),
  };
}

// ---------------------------------------------------------------------------------------------
// Figures and tables

/** One figure of the report, beside what it is compared with. */
export interface Figure {
  part: 'fan-out' | 'load' | 'growth' | 'scale-out';
  name: string;
  unit: 'ms' | '/s' | 'MiB' | 's';
  value: number | null;
  /** The ceiling measured in the same run (for growth: the same figure at the smallest size; for scale-out: the 1 API + 1 worker layout). */
  ceiling: number | null;
  /** value ÷ ceiling. */
  ratio: number | null;
  /** The SPEC's target, when it sets one for this figure. */
  target: string | null;
  pass: boolean | null;
}

/** A figure with nothing to compare it with. */
export const lone = (
  part: Figure['part'],
  name: string,
  unit: Figure['unit'],
  value: number | null,
): Figure => ({
  part,
  name,
  unit,
  value,
  ceiling: null,
  ratio: null,
  target: null,
  pass: null,
});

export function formatValue(n: number | null, unit: Figure['unit']): string {
  if (n === null) return '—';
  return unit === '/s' ? n.toFixed(1) : `${n} ${unit}`;
}

export const formatRatio = (r: number | null, unit: Figure['unit']) =>
  r === null ? '—' : unit === '/s' ? `${(r * 100).toFixed(1)}%` : `${r.toFixed(2)}×`;

export const verdict = (pass: boolean | null) => (pass === null ? '' : pass ? 'PASS' : 'FAIL');

/** The rows of a distribution table (ms). */
export function distributionRows(rows: [string, Distribution][]): string[][] {
  return [
    ['Measure', 'n', 'p50', 'p99', 'min', 'max', 'mean'],
    ...rows.map(([name, d]) => [
      name,
      String(d.count),
      ...[d.p50, d.p99, d.min, d.max, d.mean].map((n) => String(round(n) ?? '—')),
    ]),
  ];
}

/** Columns aligned with two spaces; the first `leftColumns` columns left-aligned, the rest right-aligned. */
export function textTable(rows: string[][], leftColumns = 1): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => (c < leftColumns ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(rows[0]!), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)].join('\n');
}

/** A Markdown table; the first `leftColumns` columns left-aligned, the rest right-aligned. */
export function markdownTable(rows: string[][], leftColumns = 1): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const line = (row: string[]) => `| ${row.map(cell).join(' | ')} |`;
  const rule = `|${rows[0]!.map((_, c) => (c < leftColumns ? '---' : '---:')).join('|')}|`;
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n');
}
