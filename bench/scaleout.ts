/**
 * Scale-out, on a PostgreSQL server: the same fan-out through 1 API + 1 worker process and then
 * through 2 + 2, each on a fresh database, with many organisations (each with its own connection
 * to every board) so that the boards' per-connection limits are not what caps the throughput. The
 * pair is run several times (rounds), and each figure is that of the median round. See
 * bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import {
  apiClient,
  BOARDS,
  duplicatedAdverts,
  type Environment,
  inFlightText,
  PER_CONNECTION,
  type PipelineResult,
  pipelineProblems,
  runPipeline,
  setUp,
  startSandboxes,
  type Tenant,
  WORKER_CONCURRENCY,
  WORKER_ENV,
  warmUpVacancies,
} from './fanout.js';
import {
  cleanup,
  type Figure,
  lone,
  pool,
  postroomEnv,
  prepareOrganisations,
  progress,
  ratio,
  round,
  type Served,
  seconds,
  startPostroom,
  startServe,
  status,
  type Tracked,
  waitForOutput,
  withRuntime,
} from './support.js';

/** The two layouts compared: one API and one worker process, then two of each. */
const LAYOUTS = [
  { apiProcesses: 1, workerProcesses: 1 },
  { apiProcesses: 2, workerProcesses: 2 },
] as const;
/** Organisations set up at once (each creates its vacancies 16 at a time). */
const SETUP_CONCURRENCY = 4;

export interface ScaleOutOptions {
  /** Vacancies of the burst in all, spread over the organisations, each posted to every board. */
  vacancies: number;
  /** Latency each sandbox adds to every board request (high, so that board latency dominates). */
  latencyMs: number;
  /** Organisations asked for; no more are set up than there are vacancies. */
  organisations: number;
  /** Times the pair of layouts is run, one after the other. */
  rounds: number;
}

export interface ScaleOutRun {
  apiProcesses: number;
  workerProcesses: number;
  pipeline: PipelineResult;
  /** Share of the machine's CPUs that Postroom and the local PostgreSQL server used during the burst. */
  cpuBusyPct: number | null;
  problems: string[];
}

export interface ScaleOutResult {
  settings: {
    vacancies: number;
    organisations: number;
    boards: number;
    postings: number;
    latencyMs: number;
    workerConcurrency: number;
    perConnectionConcurrency: number;
    /** Board requests the connections allow at once: organisations × boards × per-connection limit. */
    connectionSlots: number;
    cpus: number;
  };
  /** Each round: 1 + 1 processes, then 2 + 2. */
  rounds: ScaleOutRound[];
  ok: boolean;
  problems: string[];
}

export interface ScaleOutRound {
  one: ScaleOutRun;
  two: ScaleOutRun;
}

const layoutName = (r: { apiProcesses: number; workerProcesses: number }) =>
  `${r.apiProcesses} × serve --no-worker + ${r.workerProcesses} × worker`;

/** Vacancies per organisation: `vacancies` spread as evenly as they go. */
function spread(vacancies: number, organisations: number): number[] {
  return Array.from(
    { length: organisations },
    (_, k) => Math.floor(vacancies / organisations) + (k < vacancies % organisations ? 1 : 0),
  );
}

/** Runs both layouts, each on its own fresh database and sandboxes. The caller cleans up after the last. */
export async function runScaleOut(options: ScaleOutOptions, serverUrl: string): Promise<ScaleOutResult> {
  const organisations = Math.min(options.organisations, options.vacancies);
  const settings = {
    vacancies: options.vacancies,
    organisations,
    boards: BOARDS.length,
    postings: options.vacancies * BOARDS.length,
    latencyMs: options.latencyMs,
    workerConcurrency: WORKER_CONCURRENCY,
    perConnectionConcurrency: PER_CONNECTION,
    connectionSlots: organisations * BOARDS.length * PER_CONNECTION,
    cpus: os.cpus().length,
  };
  progress(
    `scale-out: ${settings.vacancies} vacancies × ${settings.boards} boards = ${settings.postings} postings over ${organisations} organisations${organisations < options.organisations ? ` (not ${options.organisations}: one vacancy each at least)` : ''}, each with its own connection to every board (${settings.connectionSlots} board slots in all); board latency ${settings.latencyMs} ms`,
  );
  const rounds: ScaleOutRound[] = [];
  for (let n = 1; n <= options.rounds; n++) {
    const runs: ScaleOutRun[] = [];
    for (const layout of LAYOUTS) {
      if (options.rounds > 1) progress(`scale-out: round ${n} of ${options.rounds}`);
      // Nothing of the layout before may run (or hold the CPUs) while this one is measured.
      if (n > 1 || runs.length > 0) await cleanup();
      runs.push(await runLayout(layout, settings, serverUrl));
    }
    rounds.push({ one: runs[0]!, two: runs[1]! });
  }
  const problems = rounds.flatMap((r) => [...r.one.problems, ...r.two.problems]);
  return { settings, rounds, ok: problems.length === 0, problems };
}

/** The warm-up's vacancies of the k-th of n organisations, spread over them as the burst's are. */
const warmUpOf = (k: number, n: number, vacancies: number) => spread(warmUpVacancies(vacancies), n)[k] ?? 0;

/**
 * One layout: sandboxes, a fresh database with the organisations, the processes, a warm-up (not
 * measured), then the burst.
 */
async function runLayout(
  layout: (typeof LAYOUTS)[number],
  settings: ScaleOutResult['settings'],
  serverUrl: string,
): Promise<ScaleOutRun> {
  const name = layoutName(layout);
  const runId = randomBytes(3).toString('hex').toUpperCase();
  progress(`scale-out: ${name}`);
  const env = await postroomEnv(`scaleout_${layout.workerProcesses}`, serverUrl, WORKER_ENV);
  const [sandboxUrls, organisations] = await Promise.all([
    startSandboxes(env, settings.latencyMs),
    withRuntime(env, (runtime) => prepareOrganisations(runtime, settings.organisations)),
  ]);
  // One process after the other: two processes starting at once on a fresh database can deadlock
  // in pg-boss's queue creation (seen as "deadlock detected" from createQueue, and the serve hung).
  const servers: Served[] = [];
  for (let i = 0; i < layout.apiProcesses; i++)
    servers.push(await startServe(env, ['--no-worker'], `postroom serve ${i + 1}`));
  const workers: Tracked[] = [];
  for (let i = 0; i < layout.workerProcesses; i++) {
    const t = startPostroom(`postroom worker ${i + 1}`, ['worker'], env);
    await waitForOutput(t, /worker is running/, 60_000);
    workers.push(t);
  }
  progress(`scale-out: workers running, pid ${workers.map((w) => w.pid).join(' and ')}`);
  const environment: Environment = {
    mode: 'server',
    sandboxUrls,
    baseUrls: servers.map((s) => s.baseUrl),
    pids: [...servers.map((s) => s.pid), ...workers.map((w) => w.pid)],
    token: organisations[0]!.token,
  };

  // Every organisation connects every board and creates its share of the vacancies, with
  // references numbered on from the previous organisation's, so that all are distinct.
  const counts = spread(settings.vacancies, organisations.length);
  const firstReferences = counts.map((_, k) => 1 + counts.slice(0, k).reduce((a, b) => a + b, 0));
  const started = performance.now();
  let done = 0;
  const tenants: Tenant[] = await pool(organisations, SETUP_CONCURRENCY, async ({ token }, k) => {
    const apis = environment.baseUrls.map((url) => apiClient(url, token));
    const setup = await setUp(apis[k % apis.length]!, environment, counts[k]!, 0, runId, {
      firstReference: firstReferences[k]!,
      quiet: true,
      warm: warmUpOf(k, organisations.length, settings.vacancies),
    });
    done += 1;
    status(
      `scale-out setup: ${done}/${organisations.length} organisations connected and their vacancies published`,
    );
    return { apis, setup };
  });
  progress(
    `scale-out setup: ${organisations.length} organisations × ${BOARDS.length} connections, ${settings.vacancies} vacancies created and published in ${seconds(performance.now() - started)}`,
  );

  const warmUp = await runPipeline(tenants, environment, settings.latencyMs, runId, 'warm-up');
  const { result } = await runPipeline(tenants, environment, settings.latencyMs, runId);
  const cpuMs = result.postroomCpuMs + (result.postgresCpuMs ?? 0);
  const cpuBusyPct = result.wallMs > 0 ? round((100 * cpuMs) / (result.wallMs * settings.cpus)) : null;
  return {
    ...layout,
    pipeline: result,
    cpuBusyPct,
    problems: [
      ...pipelineProblems(`scale-out (${name}) warm-up`, warmUp.result),
      ...pipelineProblems(`scale-out (${name})`, result),
    ],
  };
}

/**
 * The round whose ratio is the median of the rounds' ratios: the middle one (of an even number, the
 * higher of the two in the middle); none when no round has a ratio.
 */
export function medianRound<T>(rounds: T[], ratioOf: (round: T) => number | null): T | undefined {
  const rated = rounds.filter((r) => ratioOf(r) !== null).sort((a, b) => ratioOf(a)! - ratioOf(b)!);
  return rated[Math.floor(rated.length / 2)];
}

type PipelineFigure = (p: PipelineResult) => number | null;

/** The 2 + 2 figures beside the 1 + 1 figures of the same round, each from its median round. */
export function scaleOutFigures(r: ScaleOutResult): Figure[] {
  if (r.rounds.length === 0) return [];
  const allPosted = r.rounds.every(({ one, two }) =>
    [one, two].every((run) => run.pipeline.posted === run.pipeline.postings),
  );
  const beside = (name: string, unit: Figure['unit'], of: PipelineFigure): Figure => {
    const roundRatio = ({ one, two }: ScaleOutRound) => ratio(of(two.pipeline), of(one.pipeline));
    const median = medianRound(r.rounds, roundRatio);
    return {
      ...lone('scale-out', name, unit, median ? of(median.two.pipeline) : null),
      ceiling: median ? of(median.one.pipeline) : null,
      ratio: median ? roundRatio(median) : null,
    };
  };
  const throughput = beside('Throughput, 2 API + 2 workers (vs 1 + 1)', '/s', (p) => p.postingsPerSecond);
  const cpu = beside('Postroom CPU per posting, 2 + 2 (vs 1 + 1)', 'ms', (p) => p.postroomCpuMsPerPosting);
  return [
    {
      ...throughput,
      target: '≥ 180% (1.8×)',
      pass: throughput.ratio !== null && throughput.ratio >= 1.8 && allPosted,
    },
    { ...cpu, target: '≤ 1.15×', pass: cpu.ratio !== null && cpu.ratio <= 1.15 && allPosted },
    ...(r.rounds[0]!.two.pipeline.postgresCpuMsPerPosting === null
      ? []
      : [
          beside(
            'PostgreSQL server CPU per posting, 2 + 2 (vs 1 + 1)',
            'ms',
            (p) => p.postgresCpuMsPerPosting,
          ),
        ]),
    beside('Burst: accepted → board request sent, p50', 'ms', (p) => round(p.acceptedToRequestSentMs.p50)),
    beside('Burst: accepted → board request sent, p99', 'ms', (p) => round(p.acceptedToRequestSentMs.p99)),
  ];
}

/**
 * The throughput board latency alone allows: each worker process takes WORKER_CONCURRENCY jobs at
 * a time, all of them together no more than the connections' slots, and each job waits one board
 * round trip; a burst of P postings takes ceil(P ÷ slots in use) round trips. A short burst cannot
 * reach 2× with twice the workers (200 postings: 7 round trips against 4, 1.75×).
 */
function idealPerSecond(s: ScaleOutResult['settings'], workers: number): number {
  const inFlight = Math.min(workers * s.workerConcurrency, s.connectionSlots);
  return s.postings / ((Math.ceil(s.postings / inFlight) * Math.max(s.latencyMs, 1)) / 1000);
}

/** How fast the API answered the burst's POSTs: when it is slower than the workers could post, it sets the pace. */
function apiPace(run: ScaleOutRun, s: ScaleOutResult['settings']): string {
  const p = run.pipeline;
  const perSecond = p.accepted / (p.postsWallMs / 1000);
  const slower = perSecond < idealPerSecond(s, run.workerProcesses);
  return `POSTs answered in ${seconds(p.postsWallMs)} (${round(perSecond, 0)}/s${slower ? ', slower than the workers could post: the API set the pace' : ''})`;
}

export function scaleOutDetails(r: ScaleOutResult): string[] {
  const s = r.settings;
  const one = idealPerSecond(s, 1);
  const two = idealPerSecond(s, 2);
  const lines = [
    `Scale-out: ${s.vacancies} vacancies × ${s.boards} boards = ${s.postings} postings over ${s.organisations} organisations, each with its own connection to every board (${s.organisations * s.boards} connections × ${s.perConnectionConcurrency} = ${s.connectionSlots} board slots), after ${warmUpVacancies(s.vacancies) * s.boards} warm-up postings spread over them that are not measured; board latency ${s.latencyMs} ms; each worker ${s.workerConcurrency} jobs at a time. Board latency alone allows ${round(one, 0)} postings/s with 1 worker and ${round(two, 0)} with 2 (${round(two / one, 2)}×) for this burst; ${s.cpus} CPUs on this machine${s.cpus <= 2 ? ' (too few for a CPU-bound run to scale)' : ''}. ${r.rounds.length} round${r.rounds.length === 1 ? '' : 's'} of 1 + 1 then 2 + 2; the table shows each figure of its median round.`,
  ];
  for (const [n, { one: a, two: b }] of r.rounds.entries()) {
    const cpu = ratio(b.pipeline.postroomCpuMsPerPosting, a.pipeline.postroomCpuMsPerPosting);
    const speed = ratio(b.pipeline.postingsPerSecond, a.pipeline.postingsPerSecond);
    const times = (x: number | null) => (x === null ? '—' : `${x.toFixed(2)}×`);
    lines.push(`  Round ${n + 1}: throughput ${times(speed)}, Postroom CPU per posting ${times(cpu)}.`);
    for (const run of [a, b]) {
      const p = run.pipeline;
      lines.push(
        `    ${layoutName(run)}: ${p.accepted}/${p.postings} accepted, ${p.posted}/${p.postings} posted (${p.failed} failed), ${p.createAttempts} create attempts; ${apiPace(run, s)}; wall ${seconds(p.wallMs)} (${p.postingsPerSecond ?? '—'} postings/s); Postroom CPU ${p.postroomCpuMs} ms in all${p.postgresCpuMs === null ? '' : `, PostgreSQL server ${p.postgresCpuMs} ms`} (about ${run.cpuBusyPct ?? '?'}% of the CPUs; other processes ${p.otherCpuPct ?? '?'}%); adverts duplicated ${duplicatedAdverts(p.boardAdverts)}.`,
        `      ${inFlightText(p)}.`,
        ...run.problems.map((x) => `    ${x}`),
      );
    }
  }
  return lines;
}
