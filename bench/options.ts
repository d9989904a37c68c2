/** The benchmark's command line: `npm run bench -- [options]` and `postroom bench [options]`. */
import { parseArgs } from 'node:util';
import { boardIds, listBoards } from '../src/boards/registry.js';

/**
 * The fan-out's boards by default: those whose account takes a burst of creates at once (no rate
 * limit, no `burstLimit` in their sandbox profile).
 */
export const DEFAULT_BOARDS = listBoards()
  .filter((b) => !b.rateLimit && !b.sandbox.burstLimit)
  .map((b) => b.id);

const per = (ms: number) => (ms === 60_000 ? 'a minute' : ms === 3_600_000 ? 'an hour' : `${ms / 1000} s`);
/** Why each other board is left out by default, for --help: one line each. */
const leftOut = listBoards()
  .filter((b) => !DEFAULT_BOARDS.includes(b.id))
  .map(
    (b) =>
      `                      ${b.id}: ${b.rateLimit ? `${b.rateLimit.requests} requests ${per(b.rateLimit.perMs)}` : b.sandbox.burstLimit}`,
  )
  .join('\n');

export const PARTS = ['fanout', 'load', 'growth', 'scaleout'] as const;
export type Part = (typeof PARTS)[number];

export const USAGE = `Usage: npm run bench -- [options]     (or: postroom bench [options])

Measures Postroom against the SPEC's non-functional targets, each figure beside a ceiling measured
in the same run. Parts:
  fanout    V vacancies × the sandbox boards through API, queue and worker vs direct requests to the
            same sandboxes, after 20 warm-up vacancies that are not measured; then K vacancies
            posted one at a time (the click latency)
  load      autocannon at 50 connections on the careers list, an advert, careers searches and
            deep pages, the API vacancies list and searches and the API postings list with varied
            filters, with 10,000 live vacancies (0.75 postings each), beside GET /healthz
  growth    the load figures at each of --sizes vacancies, with the server's memory
  scaleout  PostgreSQL only: the fan-out of many organisations through 1 "serve --no-worker" + 1
            "worker" process, then 2 + 2 (each on a fresh database, after the same warm-up), at a
            high board latency

Options:
  --quick           a run of under a minute for CI: fan-out 10 vacancies (3 clicks), load at 1,000
                    vacancies (2 s per endpoint), growth 200 and 1,000 (1 s at 200), scale-out 10
                    (over 10 organisations, one round)
  --parts LIST      comma-separated, from: ${PARTS.join(', ')} (default: all)
  --boards LIST     the fan-out's and scale-out's boards, comma-separated board ids, or "all"
                    (default: ${DEFAULT_BOARDS.join(',')}, the boards whose account takes a burst
                    of creates at once; left out, and why:
${leftOut})
  --vacancies N     fan-out vacancies, each posted to every board (default 100)
  --clicks K        vacancies posted one at a time after the burst (default 10)
  --latency MS      latency the sandboxes add to every board request in the fan-out (default 50)
  --scaleout-vacancies N
                    scale-out vacancies, each posted to every board, spread over its organisations
                    (default 320: with two boards 640 postings, ten round trips of 2 workers' 64
                    places and twenty of 1 worker's, so that board latency alone allows exactly 2×)
  --scaleout-rounds N
                    times the scale-out runs its pair of layouts (default 3); each figure is that
                    of its median round, so that one run's scheduling does not decide it
  --organisations N scale-out organisations, each with its own API token and its own connection to
                    every board (default 20; no more than --scaleout-vacancies)
  --scaleout-latency MS
                    latency the sandboxes add to every board request in the scale-out (default 500,
                    so that board latency, not the boards' limits or CPU, dominates)
  --sizes LIST      growth sizes in vacancies (default 1000,10000,100000)
  --duration S      seconds each endpoint is measured at every size (default 10 at the load size
                    of 10,000 and 5 at the other sizes)
  --help            show this help

Environment:
  DATABASE_URL      run on this PostgreSQL server (a fresh database per part, dropped at the end);
                    without it the database is embedded (PGlite) in a temporary directory.`;

export interface Options {
  quick: boolean;
  parts: Part[];
  /** Board ids of the fan-out and the scale-out. */
  boards: string[];
  vacancies: number;
  /** Scale-out vacancies, spread over its organisations. */
  scaleoutVacancies: number;
  /** Times the scale-out runs its pair of layouts. */
  scaleoutRounds: number;
  clicks: number;
  latencyMs: number;
  /** Scale-out organisations, each with its own connection to every board. */
  organisations: number;
  /** Scale-out board latency. */
  scaleoutLatencyMs: number;
  /** Growth sizes. */
  sizes: number[];
  /** The load part's size. */
  loadSize: number;
  /** Seconds per endpoint at the load size and at the other sizes. */
  durationS: { load: number; other: number };
}

export class UsageError extends Error {}

/** Parses the command line; null for --help. */
export function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      parts: { type: 'string' },
      boards: { type: 'string' },
      vacancies: { type: 'string' },
      'scaleout-vacancies': { type: 'string' },
      'scaleout-rounds': { type: 'string' },
      clicks: { type: 'string' },
      latency: { type: 'string' },
      organisations: { type: 'string' },
      'scaleout-latency': { type: 'string' },
      sizes: { type: 'string' },
      duration: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return null;
  const whole = (text: string, name: string, min: number, max: number) => {
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < min || n > max)
      throw new UsageError(`--${name} must be a whole number from ${min} to ${max}; got ${text}`);
    return n;
  };
  const option = (text: string | undefined, fallback: number, name: string, min: number, max: number) =>
    text === undefined ? fallback : whole(text, name, min, max);
  const quick = values.quick ?? false;
  const parts = values.parts === undefined ? [...PARTS] : values.parts.split(',').map((p) => p.trim());
  for (const p of parts)
    if (!(PARTS as readonly string[]).includes(p))
      throw new UsageError(`--parts: unknown part "${p}"; choose from ${PARTS.join(', ')}`);
  const sizes =
    values.sizes === undefined
      ? quick
        ? [200, 1_000]
        : [1_000, 10_000, 100_000]
      : values.sizes.split(',').map((s) => whole(s.trim().replace(/_/g, ''), 'sizes', 1, 1_000_000));
  const duration = values.duration === undefined ? undefined : whole(values.duration, 'duration', 1, 600);
  const known = boardIds();
  const boards =
    values.boards === undefined
      ? [...DEFAULT_BOARDS]
      : values.boards === 'all'
        ? known
        : values.boards.split(',').map((b) => b.trim());
  for (const b of boards)
    if (!known.includes(b))
      throw new UsageError(`--boards: unknown board "${b}"; choose from ${known.join(', ')} or all`);
  return {
    quick,
    parts: PARTS.filter((p) => parts.includes(p)),
    boards: [...new Set(boards)],
    vacancies: option(values.vacancies, quick ? 10 : 100, 'vacancies', 1, 10_000),
    scaleoutVacancies: option(
      values['scaleout-vacancies'],
      quick ? 10 : 320,
      'scaleout-vacancies',
      1,
      10_000,
    ),
    scaleoutRounds: option(values['scaleout-rounds'], quick ? 1 : 3, 'scaleout-rounds', 1, 9),
    clicks: option(values.clicks, quick ? 3 : 10, 'clicks', 0, 1_000),
    latencyMs: option(values.latency, 50, 'latency', 0, 10_000),
    organisations: option(values.organisations, 20, 'organisations', 1, 1_000),
    scaleoutLatencyMs: option(values['scaleout-latency'], 500, 'scaleout-latency', 0, 10_000),
    sizes,
    loadSize: quick ? 1_000 : 10_000,
    durationS:
      duration !== undefined
        ? { load: duration, other: duration }
        : quick
          ? { load: 2, other: 1 }
          : { load: 10, other: 5 },
  };
}

/** The vacancy counts the load run measures at: the load size and/or the growth sizes. */
export function loadSizes(o: Options): number[] {
  const sizes = new Set<number>();
  if (o.parts.includes('load')) sizes.add(o.loadSize);
  if (o.parts.includes('growth')) for (const s of o.sizes) sizes.add(s);
  return [...sizes].sort((a, b) => a - b);
}
