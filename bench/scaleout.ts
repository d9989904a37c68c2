/**
 * Scale-out, on a PostgreSQL server: the fan-out through two `serve --no-worker` processes and two
 * `worker` processes sharing one database, for comparison with the single process of the same run.
 * See bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import {
  type Api,
  apiClient,
  duplicatedAdverts,
  type Environment,
  inFlightText,
  PER_CONNECTION,
  type PipelineResult,
  pipelineProblems,
  runPipeline,
  setUp,
  startSandboxes,
  WORKER_CONCURRENCY,
  WORKER_ENV,
} from './fanout.js';
import {
  type Figure,
  lone,
  postroomEnv,
  prepareOrganisation,
  progress,
  ratio,
  round,
  seconds,
  startPostroom,
  startServe,
  waitForOutput,
  withRuntime,
} from './support.js';

export const API_PROCESSES = 2;
export const WORKER_PROCESSES = 2;

export interface ScaleOutResult {
  settings: {
    vacancies: number;
    postings: number;
    latencyMs: number;
    apiProcesses: number;
    workerProcesses: number;
    workerConcurrency: number;
    perConnectionConcurrency: number;
  };
  pipeline: PipelineResult;
  ok: boolean;
  problems: string[];
}

/** Runs the scale-out fan-out of `vacancies` × 2 boards. The caller cleans up. */
export async function runScaleOut(
  options: { vacancies: number; latencyMs: number },
  serverUrl: string,
): Promise<ScaleOutResult> {
  const runId = randomBytes(3).toString('hex').toUpperCase();
  progress(
    `scale-out: ${API_PROCESSES} × serve --no-worker, ${WORKER_PROCESSES} × worker; ${options.vacancies} vacancies × 2 boards`,
  );
  const env = await postroomEnv('scaleout', serverUrl, WORKER_ENV);
  const [sandboxUrls, { token }] = await Promise.all([
    startSandboxes(env, options.latencyMs),
    withRuntime(env, prepareOrganisation),
  ]);
  const servers = await Promise.all(
    Array.from({ length: API_PROCESSES }, (_, i) =>
      startServe(env, ['--no-worker'], `postroom serve ${i + 1}`),
    ),
  );
  const workers = await Promise.all(
    Array.from({ length: WORKER_PROCESSES }, async (_, i) => {
      const t = startPostroom(`postroom worker ${i + 1}`, ['worker'], env);
      await waitForOutput(t, /worker is running/, 60_000);
      return t;
    }),
  );
  progress(
    `scale-out: API at ${servers.map((s) => s.baseUrl).join(' and ')}, workers pid ${workers.map((w) => w.pid).join(' and ')}`,
  );
  const environment: Environment = {
    mode: 'server',
    sandboxUrls,
    baseUrls: servers.map((s) => s.baseUrl),
    pids: [...servers.map((s) => s.pid), ...workers.map((w) => w.pid)],
    token,
  };
  const apis: Api[] = environment.baseUrls.map((url) => apiClient(url, token));
  const setup = await setUp(apis[0]!, environment, options.vacancies, 0, runId);
  const { result } = await runPipeline(apis, environment, setup, options.latencyMs, runId);
  const problems = pipelineProblems('scale-out', result);
  return {
    settings: {
      vacancies: options.vacancies,
      postings: result.postings,
      latencyMs: options.latencyMs,
      apiProcesses: API_PROCESSES,
      workerProcesses: WORKER_PROCESSES,
      workerConcurrency: WORKER_CONCURRENCY,
      perConnectionConcurrency: PER_CONNECTION,
    },
    pipeline: result,
    ok: problems.length === 0,
    problems,
  };
}

/** The scale-out figures beside the single-process fan-out of the same run, when it ran. */
export function scaleOutFigures(r: ScaleOutResult, single: PipelineResult | null): Figure[] {
  const p = r.pipeline;
  const beside = (name: string, unit: Figure['unit'], value: number | null, one: number | null): Figure =>
    single === null
      ? lone('scale-out', name, unit, value)
      : { ...lone('scale-out', name, unit, value), ceiling: one, ratio: ratio(value, one) };
  return [
    beside(
      'Throughput, 2 API + 2 workers (vs one process)',
      '/s',
      p.postingsPerSecond,
      single?.postingsPerSecond ?? null,
    ),
    beside(
      'Burst: accepted → board request sent, p50',
      'ms',
      round(p.acceptedToRequestSentMs.p50),
      round(single?.acceptedToRequestSentMs.p50 ?? Number.NaN),
    ),
    beside(
      'Burst: accepted → board request sent, p99',
      'ms',
      round(p.acceptedToRequestSentMs.p99),
      round(single?.acceptedToRequestSentMs.p99 ?? Number.NaN),
    ),
    beside(
      'Postroom CPU per posting, 4 processes',
      'ms',
      p.postroomCpuMsPerPosting,
      single?.postroomCpuMsPerPosting ?? null,
    ),
    ...(p.postgresCpuMsPerPosting === null
      ? []
      : [
          beside(
            'PostgreSQL server CPU per posting',
            'ms',
            p.postgresCpuMsPerPosting,
            single?.postgresCpuMsPerPosting ?? null,
          ),
        ]),
  ];
}

export function scaleOutDetails(r: ScaleOutResult): string[] {
  const p = r.pipeline;
  return [
    `Scale-out: ${r.settings.apiProcesses} × serve --no-worker (POSTs spread over them), ${r.settings.workerProcesses} × worker (${r.settings.workerConcurrency} jobs at a time, ${r.settings.perConnectionConcurrency} per connection, each); ${r.settings.vacancies} vacancies × 2 boards, board latency ${r.settings.latencyMs} ms.`,
    `  ${p.accepted}/${p.postings} accepted, ${p.posted}/${p.postings} posted (${p.failed} failed), ${p.createAttempts} create attempts, wall ${seconds(p.wallMs)}; Postroom CPU ${p.postroomCpuMs} ms in all${p.postgresCpuMs === null ? '' : `, PostgreSQL server ${p.postgresCpuMs} ms`}; adverts duplicated ${duplicatedAdverts(p.boardAdverts)}; ${inFlightText(p.maxInFlight)}.`,
    ...r.problems.map((x) => `  ${x}`),
  ];
}
