/**
 * Fan-out: how fast the whole posting pipeline (API → pg-boss queue → worker → board over HTTP)
 * sends adverts, against the raw ceiling of the same boards measured in the same run, and how long
 * a single recruiter's click takes to reach the boards once the burst is over. See bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import type { BoardClient, BoardExchange, PostingFields } from '../src/boards/board.js';
import { getBoard } from '../src/boards/registry.js';
import { IN_FLIGHT_STATUSES, type PostingStatus } from '../src/domain/posting.js';
import { ukDate } from '../src/domain/vacancy.js';
import {
  cpuTicks,
  type Distribution,
  distribution,
  type Figure,
  lone,
  type Mode,
  pool,
  postgresTicks,
  postgresTicksSince,
  postroomEnv,
  prepareOrganisation,
  progress,
  ratio,
  round,
  runningPids,
  seconds,
  sleep,
  startPostroom,
  startServe,
  status,
  systemTicks,
  ticksToMs,
  waitForOutput,
  withRuntime,
} from './support.js';

// ---------------------------------------------------------------------------------------------
// Settings

export interface FanoutOptions {
  /** Vacancies posted in the burst, each to both boards. */
  vacancies: number;
  /** Latency each sandbox adds to every board request. */
  latencyMs: number;
  /** Vacancies posted one at a time after the burst (the click latency probe). */
  clicks: number;
}

/** POSTs to create postings kept in flight by the client. */
export const CLIENT_CONCURRENCY = 16;
/** The worker's limits (the defaults of POSTROOM_WORKER_CONCURRENCY and POSTROOM_CONNECTION_CONCURRENCY, set explicitly); the ceiling uses PER_CONNECTION too. */
export const WORKER_CONCURRENCY = 32;
export const PER_CONNECTION = 4;
export const POLL_MS = 100;
/**
 * Vacancies posted to every board before a measured burst, and not measured: each process's code is
 * compiled and its caches filled first, as in a process that has been running (the ceiling, run
 * after the burst, meets warm sandboxes too).
 */
const WARM_UP_VACANCIES = 20;
/** The warm-up's vacancies for a burst of `vacancies`: 20, or as many as the burst when it is smaller. */
export const warmUpVacancies = (vacancies: number) => Math.min(WARM_UP_VACANCIES, vacancies);
const HTTP_TIMEOUT_MS = 30_000;
const ABOUT =
  'Bench NHS Trust provides acute, community and mental health services to 600,000 people across the west of Scotland.';

/** The environment of every `postroom` process of a fan-out: the worker's limits, set explicitly. */
export const WORKER_ENV = {
  POSTROOM_POLL_MS: String(POLL_MS),
  POSTROOM_WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
  POSTROOM_CONNECTION_CONCURRENCY: String(PER_CONNECTION),
};

// ---------------------------------------------------------------------------------------------
// HTTP

interface ApiResponse {
  status: number;
  body: unknown;
}

export function apiClient(baseUrl: string, token: string) {
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

export type Api = ReturnType<typeof apiClient>;

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

/** The most API requests a sandbox has answered at once since its faults were set; null where it does not count them (an SFTP sandbox). */
async function sandboxMaxInFlight(baseUrl: string): Promise<number | null> {
  const { counters } = await getJson<{ counters: { maxInFlight?: number } }>(`${baseUrl}/_faults`);
  return counters.maxInFlight ?? null;
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

/** A registered board's id: the fan-out posts every vacancy to every board of the run. */
export type BoardId = string;
/** The boards of this run (`--boards`); set once by `setBoards` before any part runs. */
export const BOARDS: BoardId[] = [];
export function setBoards(ids: readonly BoardId[]) {
  for (const id of ids) getBoard(id);
  BOARDS.splice(0, BOARDS.length, ...ids);
}

/** Adverts on the boards, per board. */
/**
 * A posting the board has: posted, or `sent` on a board that answers later (DWP Find a job's daily
 * import), whose advert is delivered and waits for the board's report.
 */
const ON_THE_BOARD: readonly string[] = ['posted', 'sent'];

export type BoardAdverts = Record<BoardId, { created: number; duplicated: number }>;
export const advertsText = (adverts: BoardAdverts) =>
  BOARDS.map((b) => `${getBoard(b).label} ${adverts[b]?.created ?? 0}`).join(', ');
export const duplicatedAdverts = (adverts: BoardAdverts) =>
  BOARDS.reduce((sum, b) => sum + (adverts[b]?.duplicated ?? 0), 0);
/** The fields a posting to this board sends over the pre-filled ones (the board's bench profile). */
const benchFields = (board: BoardId) => {
  const fields = getBoard(board).sandbox.benchFields;
  return fields ? { fields } : {};
};
export interface PipelineResult {
  /** Postings asked for (2V). */
  postings: number;
  /** POSTs answered 202 (the others timed out or failed). */
  accepted: number;
  posted: number;
  failed: number;
  otherStatuses: Record<string, number>;
  createAttempts: number;
  /** From the first POST until every POST had its answer: the API's pace (the scale-out shows it). */
  postsWallMs: number;
  wallMs: number;
  postingsPerSecond: number | null;
  acceptMs: Distribution;
  acceptedToAttemptStartedMs: Distribution;
  acceptedToRequestSentMs: Distribution;
  boardRoundTripMs: Distribution;
  acceptedToPostedMs: Distribution;
  /** User + system CPU of every Postroom process (serve, or the API and worker processes). */
  postroomCpuMs: number;
  postroomCpuMsPerPosting: number | null;
  /** Server mode, PostgreSQL on this machine: CPU of its processes over the same window. */
  postgresCpuMs: number | null;
  postgresCpuMsPerPosting: number | null;
  /** Share of all CPUs used during the phase by processes other than the bench's and the local PostgreSQL server's. */
  otherCpuPct: number | null;
  boardAdverts: BoardAdverts;
  /** Connections to each board (one per organisation). */
  connectionsPerBoard: number;
  /** The most requests each board had in flight at once over all its connections (its sandbox's count). */
  maxInFlight: Record<BoardId, number | null>;
  /** The most requests any one connection had in flight at once, from the requests the workers recorded. */
  maxInFlightPerConnection: number;
}

export interface CeilingResult {
  requests: number;
  succeeded: number;
  failed: number;
  concurrency: number;
  wallMs: number;
  requestsPerSecond: number | null;
  boardRoundTripMs: Distribution;
}

export interface ClickResult {
  /** Vacancies posted one at a time, each to both boards. */
  clicks: number;
  postings: number;
  posted: number;
  acceptMs: Distribution;
  acceptedToRequestSentMs: Distribution;
  acceptedToPostedMs: Distribution;
}

export interface FanoutResult {
  settings: FanoutOptions & {
    postings: number;
    clientConcurrency: number;
    /** Postings posted before the burst and not measured. */
    warmUpPostings: number;
    workerConcurrency: number;
    perConnectionConcurrency: number;
    pollMs: number;
  };
  pipeline: PipelineResult;
  ceiling: CeilingResult;
  click: ClickResult;
  /** The run went as it should: every posting posted once, every direct request answered. */
  ok: boolean;
  problems: string[];
}

/** What a run's processes are: the sandboxes' addresses, the API processes, every Postroom pid. */
export interface Environment {
  mode: Mode;
  sandboxUrls: Record<BoardId, string>;
  /** API processes; the fan-out's POSTs are spread over them. */
  baseUrls: string[];
  /** Every Postroom process, whose CPU is Postroom's. */
  pids: number[];
  token: string;
}

/** Starts the two sandbox boards, each its own process, with `latencyMs` added to every request. */
export async function startSandboxes(
  env: Record<string, string>,
  latencyMs: number,
): Promise<Record<BoardId, string>> {
  const faults = JSON.stringify({ latencyMs });
  const sandboxUrls = {} as Record<BoardId, string>;
  await Promise.all(
    BOARDS.map(async (board) => {
      const t = startPostroom(`sandbox ${board}`, ['sandbox', board, '--port', '0', '--faults', faults], env);
      const match = await waitForOutput(
        t,
        /listening at (http:\/\/127\.0\.0\.1:\d+\/sandbox\/[\w-]+)/,
        20_000,
      );
      sandboxUrls[board] = match[1]!;
    }),
  );
  progress(`sandboxes: ${BOARDS.map((b) => `${getBoard(b).label} at ${sandboxUrls[b]}`).join(', ')}`);
  return sandboxUrls;
}

/** Sandboxes, a fresh database with the organisation and its token, and one `postroom serve` (API and worker). */
async function startEnvironment(latencyMs: number, serverUrl: string | undefined): Promise<Environment> {
  const env = await postroomEnv('fanout', serverUrl, WORKER_ENV);
  const [sandboxUrls, { token }] = await Promise.all([
    startSandboxes(env, latencyMs),
    withRuntime(env, prepareOrganisation),
  ]);
  const serve = await startServe(env);
  return {
    mode: serverUrl ? 'server' : 'embedded',
    sandboxUrls,
    baseUrls: [serve.baseUrl],
    pids: [serve.pid],
    token,
  };
}

/** Runs the fan-out: burst, ceiling and click probe. The caller cleans up. */
export async function runFanout(
  options: FanoutOptions,
  serverUrl: string | undefined,
): Promise<FanoutResult> {
  const runId = randomBytes(3).toString('hex').toUpperCase();
  progress(
    `fan-out: ${options.vacancies} vacancies × ${BOARDS.length} boards = ${BOARDS.length * options.vacancies} postings, then ${options.clicks} one at a time; board latency ${options.latencyMs} ms`,
  );
  const env = await startEnvironment(options.latencyMs, serverUrl);
  const apis = env.baseUrls.map((url) => apiClient(url, env.token));
  const setup = await setUp(apis[0]!, env, options.vacancies, options.clicks, runId, {
    warm: warmUpVacancies(options.vacancies),
  });
  const warmUp = await runPipeline([{ apis, setup }], env, options.latencyMs, runId, 'warm-up');
  const pipeline = await runPipeline([{ apis, setup }], env, options.latencyMs, runId);
  const ceiling = await runCeiling(env, pipeline.postings, options.vacancies, runId);
  const click = await runClicks(apis[0]!, setup);
  const problems = [
    ...pipelineProblems('fan-out warm-up', warmUp.result),
    ...pipelineProblems('fan-out', pipeline.result),
  ];
  if (ceiling.failed > 0) problems.push(`fan-out: ${ceiling.failed} direct requests of the ceiling failed`);
  if (click.posted !== click.postings)
    problems.push(
      `fan-out: ${click.postings - click.posted} of the ${click.postings} click postings were not posted`,
    );
  return {
    settings: {
      ...options,
      postings: 2 * options.vacancies,
      clientConcurrency: CLIENT_CONCURRENCY,
      warmUpPostings: warmUp.result.postings,
      workerConcurrency: WORKER_CONCURRENCY,
      perConnectionConcurrency: PER_CONNECTION,
      pollMs: POLL_MS,
    },
    pipeline: pipeline.result,
    ceiling,
    click,
    ok: problems.length === 0,
    problems,
  };
}

/** What makes a pipeline's figures meaningless: postings not posted, or posted twice. */
export function pipelineProblems(part: string, p: PipelineResult): string[] {
  const problems: string[] = [];
  if (p.posted !== p.postings) problems.push(`${part}: ${p.posted}/${p.postings} postings posted`);
  const duplicated = duplicatedAdverts(p.boardAdverts);
  if (duplicated > 0) problems.push(`${part}: ${duplicated} adverts duplicated on the boards`);
  const boardLimit = PER_CONNECTION * p.connectionsPerBoard;
  for (const [board, most] of Object.entries(p.maxInFlight))
    if (most !== null && most > boardLimit)
      problems.push(
        `${part}: ${board} had ${most} requests in flight at once, over the limit of ${boardLimit} (${PER_CONNECTION} × ${p.connectionsPerBoard} connections)`,
      );
  if (p.maxInFlightPerConnection > PER_CONNECTION)
    problems.push(
      `${part}: a connection had ${p.maxInFlightPerConnection} requests in flight at once, over the limit of ${PER_CONNECTION}`,
    );
  return problems;
}

export interface SetUp {
  connections: Record<BoardId, string>;
  /** The burst's vacancies (references BENCH-<run>-nnnnn). */
  vacancyIds: string[];
  /** The click probe's vacancies (references CLICK-<run>-nnn). */
  clickVacancyIds: string[];
  /** The warm-up's vacancies (references WARM-<run>-nnnnn), posted before the burst. */
  warmVacancyIds: string[];
}

/**
 * Connects every board and creates `vacancies` + `clicks` published vacancies through the API.
 * The burst's references are numbered from `firstReference`, so that several organisations of one
 * run (the scale-out) have distinct references and every advert on a board can be counted once;
 * `quiet` leaves the progress line to the caller.
 */
export async function setUp(
  api: Api,
  env: Environment,
  vacancies: number,
  clicks: number,
  runId: string,
  { firstReference = 1, quiet = false, warm = 0 } = {},
): Promise<SetUp> {
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
  const connections: Record<BoardId, string> = {};
  for (const board of BOARDS) {
    const { label, sandbox } = getBoard(board);
    connections[board] = await connect(
      board,
      `${label} (bench)`,
      sandbox.demoSettings(env.sandboxUrls[board]!),
    );
  }

  const closingDate = ukDate(new Date(Date.now() + 20 * 86_400_000));
  const started = performance.now();
  const references = [
    ...Array.from(
      { length: vacancies },
      (_, i) => `BENCH-${runId}-${String(firstReference + i).padStart(5, '0')}`,
    ),
    ...Array.from({ length: clicks }, (_, i) => `CLICK-${runId}-${String(i + 1).padStart(3, '0')}`),
    ...Array.from({ length: warm }, (_, i) => `WARM-${runId}-${String(firstReference + i).padStart(5, '0')}`),
  ];
  const ids = await pool(references, CLIENT_CONCURRENCY, async (reference, i) => {
    const id = idOf(
      await expectStatus(
        api('POST', '/vacancies', {
          title: `Staff Nurse (${reference})`,
          reference,
          category: 'Nursing',
          employmentType: 'permanent',
          hours: 'full_time',
          workplace: 'onsite',
          location: { line1: '84 Castle Street', town: 'Glasgow', postcode: 'G4 0SF' },
          salary: { min: 31049, max: 37796, period: 'year' },
          summary: `${ABOUT} A friendly ward.`,
          // Long enough for every board (Reed: 150 characters), with a person specification (StepStone's profile).
          description: `<p>${ABOUT}</p><p>Care for adults on an acute medical ward, with a team that trains you well.</p>`,
          personSpecification: {
            essential: {
              qualifications: ['NMC registration'],
              experience: [],
              skills: ['Clinical assessment'],
            },
            desirable: { qualifications: [], experience: [], skills: [] },
          },
          closingDate,
        }),
        201,
        'POST /vacancies',
      ),
      'vacancy',
    );
    await expectStatus(api('POST', `/vacancies/${id}/publish`), 200, 'publish');
    if (i % 10 === 9 && !quiet)
      status(`setup: ${i + 1}/${references.length} vacancies created and published`);
    return id;
  });
  if (!quiet)
    progress(
      `setup: ${ids.length} vacancies created and published in ${seconds(performance.now() - started)}`,
    );
  return {
    connections,
    vacancyIds: ids.slice(0, vacancies),
    clickVacancyIds: ids.slice(vacancies, vacancies + clicks),
    warmVacancyIds: ids.slice(vacancies + clicks),
  };
}

/** An organisation of a run: its API clients (one per API process, with its token) and what it set up. */
export interface Tenant {
  apis: Api[];
  setup: SetUp;
}

/**
 * The burst's postings: every vacancy of every organisation to every board, the organisations taking
 * turns (the n-th vacancy of each, then the next), so that a burst keeps all their connections busy.
 */
function burstWork(tenants: Tenant[], phase: Phase) {
  const idsOf = (t: Tenant) => (phase === 'warm-up' ? t.setup.warmVacancyIds : t.setup.vacancyIds);
  const most = Math.max(0, ...tenants.map((t) => idsOf(t).length));
  return Array.from({ length: most }, (_, i) =>
    tenants.flatMap((tenant) => {
      const vacancyId = idsOf(tenant)[i];
      return vacancyId === undefined ? [] : BOARDS.map((board) => ({ tenant, vacancyId, board }));
    }),
  ).flat();
}

/** The measured burst, or the warm-up before it (its own vacancies, not measured). */
type Phase = 'pipeline' | 'warm-up';

/**
 * Phase 1: posts every vacancy to every board through the API (each organisation with its own
 * token and connections) and reads the postings back. Returns the figures and the postings (their
 * fields feed the ceiling).
 */
export async function runPipeline(
  tenants: Tenant[],
  env: Environment,
  latencyMs: number,
  runId: string,
  phase: Phase = 'pipeline',
): Promise<{ result: PipelineResult; postings: Posting[] }> {
  const work = burstWork(tenants, phase);
  const P = work.length;
  const boardRequests = async () =>
    Object.fromEntries(
      await Promise.all(BOARDS.map(async (b) => [b, await sandboxRequests(env.sandboxUrls[b]!)] as const)),
    ) as Record<BoardId, number>;
  const baseline = await boardRequests();

  // CPU accounting: Postroom's own processes, and the machine's minus the bench's processes.
  const sumTicks = (pids: number[]) => pids.reduce((sum, pid) => sum + cpuTicks(pid), 0);
  const ourPids = runningPids();
  const systemBefore = systemTicks();
  const oursBefore = sumTicks(ourPids);
  const postgresBefore = env.mode === 'server' ? postgresTicks() : new Map<number, number>();
  const cpuBefore = sumTicks(env.pids);

  const firstPostAt = Date.now();
  let firstRefusal = '';
  const postDeadline = firstPostAt + 120_000 + P * 100;
  let answered = 0;
  const outcomes = await pool(work, CLIENT_CONCURRENCY, async ({ tenant, vacancyId, board }, i) => {
    const { apis, setup } = tenant;
    const sentAt = performance.now();
    try {
      if (Date.now() > postDeadline) throw new Error('not sent: the POST phase ran out of time');
      // Spread over the API processes (one, or several in the scale-out).
      const body = await expectStatus(
        apis[i % apis.length]!('POST', `/vacancies/${vacancyId}/postings`, {
          connectionId: setup.connections[board],
          ...benchFields(board),
        }),
        202,
        'POST /postings',
      );
      const acceptedAt = Date.now();
      answered += 1;
      status(`${phase}: ${answered}/${P} postings accepted`);
      return {
        tenant,
        vacancyId,
        board,
        id: idOf(body, 'posting'),
        acceptedAt,
        acceptMs: performance.now() - sentAt,
      };
    } catch (error) {
      // A POST that timed out may still have created its posting: it is looked for below.
      firstRefusal ||= (error as Error).message;
      return { tenant, vacancyId, board, id: null, acceptedAt: Number.NaN, acceptMs: Number.NaN };
    }
  });
  const accepted = outcomes.flatMap((o) => (o.id === null ? [] : [{ ...o, id: o.id }]));
  const notAccepted = outcomes.filter((o) => o.id === null);
  const postsWallMs = Date.now() - firstPostAt;
  progress(
    `${phase}: ${accepted.length}/${P} postings accepted (202) in ${seconds(postsWallMs)}${
      notAccepted.length ? `; ${notAccepted.length} POSTs failed, the first with: ${firstRefusal}` : ''
    }`,
  );

  // Wait until the boards have received every create, watching the sandboxes' counters rather
  // than the server, whose CPU is being measured. A 15 s stall ends the wait; the read-back shows why.
  const deadline = Date.now() + 60_000 + P * Math.max(latencyMs, 10) * 2;
  let received = 0;
  let lastProgressAt = Date.now();
  for (;;) {
    const counts = await boardRequests();
    const total = BOARDS.reduce((sum, b) => sum + (counts[b] ?? 0) - (baseline[b] ?? 0), 0);
    const now = Date.now();
    if (total > received) {
      received = total;
      lastProgressAt = now;
    }
    if (total >= P) break;
    if (now - lastProgressAt > 15_000) {
      progress(`${phase}: no board request for 15 s (${total}/${P} received)`);
      break;
    }
    if (now > deadline) {
      progress(`${phase}: the boards received ${total}/${P} requests by the deadline`);
      break;
    }
    status(`${phase}: the boards received ${total}/${P} create requests`);
    await sleep(POLL_MS);
  }
  // Let the worker record the last answers (a few transactions), then read the server's CPU time.
  let cpuAfter = sumTicks(env.pids);
  for (let i = 0; i < 30; i++) {
    await sleep(100);
    const now = sumTicks(env.pids);
    if (now === cpuAfter) break;
    cpuAfter = now;
  }
  const systemAfter = systemTicks();
  // The PostgreSQL server's processes on this machine (none when it runs elsewhere). Backends that
  // exited during the phase are missed; other databases' work on the same server is counted.
  const postgres = env.mode === 'server' ? postgresTicksSince(postgresBefore) : null;
  const otherCpuShare =
    systemAfter.total > systemBefore.total
      ? Math.max(
          0,
          systemAfter.busy - systemBefore.busy - (sumTicks(ourPids) - oursBefore) - (postgres ?? 0),
        ) /
        (systemAfter.total - systemBefore.total)
      : Number.NaN;
  const postroomCpuMs = ticksToMs(cpuAfter - cpuBefore);
  const postgresCpuMs = postgres === null ? Number.NaN : ticksToMs(postgres);
  progress(`${phase}: the boards received ${received}/${P} create requests; reading the postings back`);

  // Read every posting back until none is still on its way. Postings whose POST failed are looked
  // for on their vacancy (they count for throughput, not for latency: their 202 never came).
  const acceptedAt = new Map(accepted.map((a) => [a.id, a.acceptedAt]));
  // Each posting is read with its organisation's token.
  const apiOf = new Map(accepted.map((a) => [a.id, a.tenant.apis[0]!]));
  const lookupDeadline = Date.now() + 30_000;
  await pool(notAccepted, 8, async (o) => {
    if (Date.now() > lookupDeadline) return;
    try {
      const api = o.tenant.apis[0]!;
      const { items } = (await expectStatus(
        api('GET', `/vacancies/${o.vacancyId}/postings`),
        200,
        'GET /vacancies/:id/postings',
      )) as { items: Posting[] };
      const found = items.find((p) => p.connectionId === o.tenant.setup.connections[o.board]);
      if (found) {
        acceptedAt.set(found.id, Number.NaN);
        apiOf.set(found.id, api);
      }
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
          apiOf.get(id)!('GET', `/postings/${id}`),
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
        `${phase}: ${pending.size} postings still on their way (or unreadable: ${readErrors} failed reads) after 60 s; counted as not posted`,
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
      `${phase}: first failure: ${failure.board}: ${failure.lastError?.reason}: ${failure.lastError?.message}`,
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
    const { creates, sends } = createsOf(p);
    createAttempts += creates.length;
    if (creates[0]) latency(creates[0].startedAt, toStarted);
    if (sends[0]) latency(sends[0].at, toSent);
    for (const e of sends) roundTrips.push(e.durationMs);
    if (ON_THE_BOARD.includes(p.status) && p.postedAt) {
      posted += 1;
      const t = Date.parse(p.postedAt);
      latency(p.postedAt, toPosted);
      lastPostedAt = Number.isNaN(lastPostedAt) ? t : Math.max(lastPostedAt, t);
    }
  }
  const wallMs = lastPostedAt - firstPostAt;
  const postingsPerSecond = posted > 0 ? posted / (wallMs / 1000) : Number.NaN;
  const boardAdverts = await countAdverts(env, `${phase === 'warm-up' ? 'WARM' : 'BENCH'}-${runId}-`);
  const maxInFlight = Object.fromEntries(
    await Promise.all(BOARDS.map(async (b) => [b, await sandboxMaxInFlight(env.sandboxUrls[b]!)] as const)),
  ) as Record<BoardId, number | null>;
  const statuses = Object.entries(byStatus)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  progress(
    `${phase}: read back ${statuses || 'nothing'}; ${posted}/${P} posted in ${seconds(wallMs)}; adverts on the boards: ${advertsText(boardAdverts)}, duplicated ${duplicatedAdverts(boardAdverts)}`,
  );

  return {
    postings: [...postings.values()],
    result: {
      postings: P,
      accepted: accepted.length,
      posted,
      failed: byStatus.failed ?? 0,
      otherStatuses: Object.fromEntries(
        Object.entries(byStatus).filter(([s]) => s !== 'posted' && s !== 'failed'),
      ),
      createAttempts,
      postsWallMs,
      wallMs: Math.round(wallMs),
      postingsPerSecond: round(postingsPerSecond),
      acceptMs: distribution(accepted.map((a) => a.acceptMs)),
      acceptedToAttemptStartedMs: distribution(toStarted),
      acceptedToRequestSentMs: distribution(toSent),
      boardRoundTripMs: distribution(roundTrips),
      acceptedToPostedMs: distribution(toPosted),
      postroomCpuMs: Math.round(postroomCpuMs),
      postroomCpuMsPerPosting: round(posted > 0 ? postroomCpuMs / posted : Number.NaN, 2),
      postgresCpuMs: round(postgresCpuMs, 0),
      postgresCpuMsPerPosting: round(posted > 0 ? postgresCpuMs / posted : Number.NaN, 2),
      otherCpuPct: round(otherCpuShare * 100),
      boardAdverts,
      connectionsPerBoard: tenants.length,
      maxInFlight,
      maxInFlightPerConnection: mostInFlightPerConnection([...postings.values()]),
    },
  };
}

/**
 * The most board requests any one connection had in flight at once, from the requests the workers
 * recorded (every attempt's exchanges: when each was sent and how long it took). The sandbox counts
 * requests per board, over all connections, so with several connections per board only this shows
 * the per-connection limit. Each request is taken to end 2 ms early: its start is recorded to the
 * millisecond and its duration rounded, and the next request on a freed slot can start within the
 * same millisecond on paper.
 */
function mostInFlightPerConnection(postings: Posting[]): number {
  const events = new Map<string, [number, number][]>();
  for (const p of postings)
    for (const attempt of p.attempts ?? [])
      for (const e of attempt.exchanges) {
        const start = Date.parse(e.at);
        if (!Number.isFinite(start)) continue;
        const list = events.get(p.connectionId) ?? [];
        list.push([start, 1], [start + Math.max(0, e.durationMs - 2), -1]);
        events.set(p.connectionId, list);
      }
  let most = 0;
  for (const list of events.values()) {
    // Ends before starts at the same moment.
    list.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let now = 0;
    for (const [, step] of list) {
      now += step;
      most = Math.max(most, now);
    }
  }
  return most;
}

/** A posting's create attempts in order, and the requests they sent to the board in order. */
function createsOf(p: Posting): { creates: Attempt[]; sends: Exchange[] } {
  const creates = (p.attempts ?? [])
    .filter((a) => a.action === 'create')
    .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  const sends = creates.flatMap((a) => a.exchanges).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { creates, sends };
}

/**
 * The click probe, after the burst: one vacancy at a time is posted to both boards (two POSTs at
 * once, as the recruiter's one click), and the next waits until both postings have settled. This is
 * the SPEC's "post click → board request sent" with no queue of other postings ahead of it.
 */
export async function runClicks(api: Api, setup: SetUp): Promise<ClickResult> {
  const acceptMs: number[] = [];
  const toSent: number[] = [];
  const toPosted: number[] = [];
  let posted = 0;
  for (const [n, vacancyId] of setup.clickVacancyIds.entries()) {
    status(`click probe: vacancy ${n + 1}/${setup.clickVacancyIds.length}`);
    const accepted = await Promise.all(
      BOARDS.map(async (board) => {
        const sentAt = performance.now();
        const body = await expectStatus(
          api('POST', `/vacancies/${vacancyId}/postings`, {
            connectionId: setup.connections[board],
            ...benchFields(board),
          }),
          202,
          'POST /postings (click)',
        );
        acceptMs.push(performance.now() - sentAt);
        return { id: idOf(body, 'posting'), acceptedAt: Date.now() };
      }),
    );
    for (const { id, acceptedAt } of accepted) {
      const deadline = Date.now() + 30_000;
      let posting: Posting;
      do {
        await sleep(20);
        posting = (await expectStatus(api('GET', `/postings/${id}`), 200, 'GET /postings/:id')) as Posting;
      } while (IN_FLIGHT_STATUSES.includes(posting.status) && Date.now() < deadline);
      const { sends } = createsOf(posting);
      if (sends[0]) toSent.push(Date.parse(sends[0].at) - acceptedAt);
      if (ON_THE_BOARD.includes(posting.status) && posting.postedAt) {
        posted += 1;
        toPosted.push(Date.parse(posting.postedAt) - acceptedAt);
      }
    }
  }
  const result = {
    clicks: setup.clickVacancyIds.length,
    postings: setup.clickVacancyIds.length * BOARDS.length,
    posted,
    acceptMs: distribution(acceptMs),
    acceptedToRequestSentMs: distribution(toSent),
    acceptedToPostedMs: distribution(toPosted),
  };
  progress(
    `click probe: ${posted}/${result.postings} posted one vacancy at a time; accepted → board request sent p50 ${round(result.acceptedToRequestSentMs.p50)} ms, p99 ${round(result.acceptedToRequestSentMs.p99)} ms`,
  );
  return result;
}

/** Exactly once on the boards: one advert per reference of this run, each created once. */
async function countAdverts(env: Environment, prefix: string): Promise<BoardAdverts> {
  const count = (adverts: { reference: string; createCount: number }[]) => {
    const ours = adverts.filter((a) => a.reference.startsWith(prefix));
    const distinct = new Set(ours.map((a) => a.reference)).size;
    return {
      created: distinct,
      duplicated: ours.length - distinct + ours.filter((a) => a.createCount > 1).length,
    };
  };
  const entries = await Promise.all(
    BOARDS.map(async (b) => [b, count(await getBoard(b).sandbox.adverts(env.sandboxUrls[b]!))] as const),
  );
  return Object.fromEntries(entries);
}

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
  const clients: Record<BoardId, { referenceField: string; client: BoardClient }> = {};
  for (const b of BOARDS) {
    const board = getBoard(b);
    clients[b] = {
      referenceField: board.referenceField,
      client: board.client(board.sandbox.demoSettings(env.sandboxUrls[b]!), deps),
    };
  }
  const bodies = {} as Record<BoardId, PostingFields[]>;
  for (const b of BOARDS) {
    const sent = postings.filter((p) => p.board === b).map((p) => p.fields);
    // Fields that pass the board (its sandbox profile), used only when no posting was read back.
    bodies[b] = sent.length > 0 ? sent : [getBoard(b).sandbox.sampleFields('CEIL')];
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
          const { referenceField, client } = clients[b]!;
          const sent = bodies[b]!;
          const reference = `CEIL-${runId}-${String(i + 1).padStart(5, '0')}`;
          const body = sent[i % sent.length]!;
          const fields = {
            ...body,
            [referenceField]: reference,
            // A board may refuse the same content twice (Teaching Vacancies): each title is its own.
            ...(typeof body.title === 'string' ? { title: `${body.title} ${reference}` } : {}),
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

// ---------------------------------------------------------------------------------------------
// Report

export function fanoutFigures(r: FanoutResult): Figure[] {
  const p = r.pipeline;
  const c = r.ceiling;
  const throughputRatio = ratio(p.postingsPerSecond, c.requestsPerSecond);
  const click = r.click.acceptedToRequestSentMs;
  return [
    {
      part: 'fan-out',
      name: 'Throughput (postings/s; ceiling: direct requests/s)',
      unit: '/s',
      value: p.postingsPerSecond,
      ceiling: c.requestsPerSecond,
      ratio: throughputRatio,
      target: '≥ 70% of ceiling',
      pass: throughputRatio !== null && throughputRatio >= 0.7 && p.posted === p.postings,
    },
    lone('fan-out', 'Click: accepted → board request sent, p50', 'ms', round(click.p50)),
    {
      ...lone('fan-out', 'Click: accepted → board request sent, p99', 'ms', round(click.p99)),
      target: '< 250 ms',
      pass: Number.isFinite(click.p99) && click.p99 < 250,
    },
    lone(
      'fan-out',
      'Burst: accepted → board request sent, p50 (queued)',
      'ms',
      round(p.acceptedToRequestSentMs.p50),
    ),
    lone(
      'fan-out',
      'Burst: accepted → board request sent, p99 (queued)',
      'ms',
      round(p.acceptedToRequestSentMs.p99),
    ),
    {
      part: 'fan-out',
      name: 'Board round trip, p99 (ceiling: direct client)',
      unit: 'ms',
      value: round(p.boardRoundTripMs.p99),
      ceiling: round(c.boardRoundTripMs.p99),
      ratio: ratio(p.boardRoundTripMs.p99, c.boardRoundTripMs.p99),
      target: null,
      pass: null,
    },
    lone('fan-out', 'Postroom CPU per posting', 'ms', p.postroomCpuMsPerPosting),
    ...(p.postgresCpuMsPerPosting === null
      ? []
      : [lone('fan-out', 'PostgreSQL server CPU per posting', 'ms', p.postgresCpuMsPerPosting)]),
  ];
}

/** Lines under the table: counts and the distributions' extremes. */
/** The most requests in flight at once: per board (its sandbox's count) and on any one connection, beside the limit. */
export function inFlightText(p: PipelineResult): string {
  const most = Object.entries(p.maxInFlight)
    .map(([board, n]) => `${board} ${n ?? 'not counted by its sandbox'}`)
    .join(', ');
  const perBoard =
    p.connectionsPerBoard === 1
      ? `per board connection: ${most}`
      : `per board, over its ${p.connectionsPerBoard} connections: ${most}`;
  return `most requests in flight at once ${perBoard}; on any one connection, as the workers recorded them: ${p.maxInFlightPerConnection} (limit ${PER_CONNECTION} per connection, held across every worker process)`;
}

export function fanoutDetails(r: FanoutResult, mode: Mode): string[] {
  const p = r.pipeline;
  const c = r.ceiling;
  const k = r.click;
  return [
    `Fan-out: ${r.settings.vacancies} vacancies × ${BOARDS.length} boards = ${p.postings} postings in one burst (${r.settings.clientConcurrency} POSTs in flight), after ${r.settings.warmUpPostings} warm-up postings that are not measured; board latency ${r.settings.latencyMs} ms; worker ${r.settings.workerConcurrency} jobs at a time, ${r.settings.perConnectionConcurrency} per connection.`,
    `  Burst: ${p.accepted}/${p.postings} accepted, ${p.posted}/${p.postings} posted (${p.failed} failed${Object.keys(p.otherStatuses).length ? `, ${JSON.stringify(p.otherStatuses)}` : ''}), ${p.createAttempts} create attempts, wall ${seconds(p.wallMs)} from first POST to last posted; POST answered 202 in p50 ${round(p.acceptMs.p50)} ms, p99 ${round(p.acceptMs.p99)} ms.`,
    `  Burst: accepted → worker attempt started p50 ${round(p.acceptedToAttemptStartedMs.p50)} ms, p99 ${round(p.acceptedToAttemptStartedMs.p99)} ms; accepted → posted p50 ${round(p.acceptedToPostedMs.p50)} ms, p99 ${round(p.acceptedToPostedMs.p99)} ms.`,
    `  Burst: Postroom CPU ${p.postroomCpuMs} ms in all${mode === 'embedded' ? ' (embedded database included)' : p.postgresCpuMs === null ? ' (the PostgreSQL server is elsewhere: its CPU is not counted)' : `; PostgreSQL server processes ${p.postgresCpuMs} ms`}; other processes used ${p.otherCpuPct ?? '?'}% of the CPUs meanwhile.`,
    `  Burst: adverts on the boards: ${advertsText(p.boardAdverts)}; duplicated ${duplicatedAdverts(p.boardAdverts)}.`,
    `  Burst: ${inFlightText(p)}.`,
    `  Ceiling: ${c.succeeded}/${c.requests} direct creates in ${seconds(c.wallMs)} at ${c.concurrency} in flight (${r.settings.perConnectionConcurrency} per board).`,
    `  Click probe: ${k.clicks} vacancies one at a time, ${k.posted}/${k.postings} posted; accepted → posted p50 ${round(k.acceptedToPostedMs.p50)} ms, p99 ${round(k.acceptedToPostedMs.p99)} ms (board latency included).`,
  ];
}

export function fanoutDistributions(r: FanoutResult): [string, Distribution][] {
  return [
    ['Burst: POST …/postings → 202 (client)', r.pipeline.acceptMs],
    ['Burst: accepted → worker attempt started', r.pipeline.acceptedToAttemptStartedMs],
    ['Burst: accepted → board request sent', r.pipeline.acceptedToRequestSentMs],
    ['Burst: accepted → posted', r.pipeline.acceptedToPostedMs],
    ['Board round trip, pipeline', r.pipeline.boardRoundTripMs],
    ['Board round trip, ceiling', r.ceiling.boardRoundTripMs],
    ['Click: POST …/postings → 202 (client)', r.click.acceptMs],
    ['Click: accepted → board request sent', r.click.acceptedToRequestSentMs],
    ['Click: accepted → posted', r.click.acceptedToPostedMs],
  ];
}
