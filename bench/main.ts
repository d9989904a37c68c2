/**
 * The benchmark suite's one entry point: `npm run bench -- [options]` or `postroom bench [options]`.
 * Runs the parts asked for, prints one table and writes bench/results/bench-<mode>-<timestamp>.json
 * and .md. See bench/README.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  type FanoutResult,
  fanoutDetails,
  fanoutDistributions,
  fanoutFigures,
  runFanout,
  setBoards,
} from './fanout.js';
import {
  growthFigures,
  growthRows,
  LOAD_ENDPOINTS,
  type LoadResult,
  loadDetails,
  loadFigures,
  runLoad,
} from './load.js';
import { loadSizes, type Options, parseOptions, USAGE } from './options.js';
import { runScaleOut, type ScaleOutResult, scaleOutDetails, scaleOutFigures } from './scaleout.js';
import {
  type CodeState,
  childrenReport,
  cleanup,
  codeState,
  distributionRows,
  duration,
  type Figure,
  formatRatio,
  formatValue,
  jsonNumbers,
  killRemaining,
  type Machine,
  type Mode,
  machineInfo,
  markdownTable,
  progress,
  RESULTS_DIR,
  ROOT,
  textTable,
  verdict,
} from './support.js';

// ---------------------------------------------------------------------------------------------
// The report

interface Report {
  benchmark: 'postroom';
  date: string;
  mode: Mode;
  code: CodeState;
  machine: Machine;
  options: Options;
  /** Wall time of the whole run, start to report. */
  wallS: number;
  fanout: FanoutResult | null;
  load: LoadResult | null;
  scaleout: ScaleOutResult | null;
  /** Parts asked for that did not run, and why. */
  skipped: Record<string, string>;
  figures: Figure[];
  /** Why the run's figures are not to be trusted; empty when the benchmark ran as it should. */
  problems: string[];
}

function figureRows(figures: Figure[]): string[][] {
  return [
    ['Part', 'Figure', 'Value', 'Ceiling', 'Ratio', 'Target', 'Result'],
    ...figures.map((f) => [
      f.part,
      f.name,
      formatValue(f.value, f.unit),
      formatValue(f.ceiling, f.unit),
      formatRatio(f.ratio, f.unit),
      f.target ?? '—',
      verdict(f.pass),
    ]),
  ];
}

function headerLines(r: Report): string[] {
  return [
    `Postroom benchmark, ${r.mode} database${r.options.quick ? ' (quick)' : ''}: ${r.options.parts.join(', ')}; run at ${r.date}, took ${duration(r.wallS * 1000)}`,
    `Machine: ${r.machine.cpuModel} ×${r.machine.cpuCount}, ${r.machine.totalMemoryGiB} GiB, ${r.machine.platform}, Node ${r.machine.node}; CPUs ${r.machine.cpuBusyAtStartPct}% busy before the run; reference work ${r.machine.referenceWorkMs} ms`,
    `Code: ${r.code.commit?.slice(0, 12) ?? 'unknown'}${r.code.dirty ? ` + uncommitted changes (diff ${r.code.diffSha1})` : ''}`,
  ];
}

function detailLines(r: Report): string[] {
  return [
    ...(r.fanout ? fanoutDetails(r.fanout, r.mode) : []),
    ...(r.load ? loadDetails(r.load) : []),
    ...(r.scaleout ? scaleOutDetails(r.scaleout) : []),
    ...Object.entries(r.skipped).map(([part, why]) => `${part}: skipped: ${why}`),
    ...(r.problems.length
      ? [
          'The benchmark did not run as it should; these figures are not comparable:',
          ...r.problems.map((p) => `  ${p}`),
        ]
      : []),
  ];
}

function renderTable(r: Report): string {
  return [
    ...headerLines(r),
    '',
    textTable(figureRows(r.figures), 2),
    '',
    ...(r.load && r.load.sizes.length > 1 ? [textTable(growthRows(r.load), 2), ''] : []),
    ...detailLines(r),
  ].join('\n');
}

function renderMarkdown(r: Report, table: string): string {
  const machine = [
    ['Machine', ''],
    ['CPU', `${r.machine.cpuModel} × ${r.machine.cpuCount}`],
    ['Memory', `${r.machine.totalMemoryGiB} GiB`],
    ['OS', r.machine.platform],
    ['Node', r.machine.node],
    [
      'Database',
      r.mode === 'server'
        ? 'PostgreSQL server (DATABASE_URL), a fresh database per part'
        : 'embedded (PGlite), a fresh data directory per part',
    ],
    ['Date', r.date],
    [
      'Code',
      `${r.code.commit?.slice(0, 12) ?? 'unknown'}${r.code.dirty ? ` with uncommitted changes (diff ${r.code.diffSha1})` : ''}`,
    ],
    ['CPUs busy in the second before the run', `${r.machine.cpuBusyAtStartPct}%`],
    [
      'Reference work (a fixed CPU-bound script, median of 3; lower is a faster machine)',
      `${r.machine.referenceWorkMs} ms`,
    ],
    ['Run took', duration(r.wallS * 1000)],
  ];
  const sections = [
    `# Postroom benchmark, ${r.mode} database${r.options.quick ? ' (quick)' : ''}, ${r.date}`,
    markdownTable(machine, 2),
    `Parts: ${r.options.parts.join(', ')}. Every figure beside its ceiling from the same run (growth: beside the smallest size; scale-out: 2 + 2 processes beside 1 + 1). Targets are the SPEC's "Non-functional targets".`,
    markdownTable(figureRows(r.figures), 2),
  ];
  if (r.load && r.load.sizes.length > 1) sections.push('## Growth', markdownTable(growthRows(r.load), 2));
  if (r.fanout)
    sections.push(
      '## Fan-out distributions (ms)',
      markdownTable(distributionRows(fanoutDistributions(r.fanout)), 1),
    );
  sections.push(
    '## Details',
    detailLines(r)
      .map((line) => (line.startsWith('  ') ? `  - ${line.trim()}` : `- ${line}`))
      .join('\n'),
  );
  sections.push(`<details><summary>Console table</summary>\n\n\`\`\`\n${table}\n\`\`\`\n\n</details>`);
  return `${sections.join('\n\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// The run

async function run(options: Options): Promise<number> {
  const serverUrl = process.env.DATABASE_URL || undefined;
  const mode: Mode = serverUrl ? 'server' : 'embedded';
  const started = performance.now();
  const date = new Date();
  const machine = await machineInfo();
  if (machine.cpuBusyAtStartPct > 20)
    progress(
      `warning: the machine is busy (${machine.cpuBusyAtStartPct}% of ${machine.cpuCount} CPUs in use before the run); figures will be skewed`,
    );
  const code = codeState();
  setBoards(options.boards);
  progress(`${mode} database; parts: ${options.parts.join(', ')}${options.quick ? ' (quick)' : ''}`);

  const skipped: Record<string, string> = {};
  let fanout: FanoutResult | null = null;
  let load: LoadResult | null = null;
  let scaleout: ScaleOutResult | null = null;
  if (options.parts.includes('fanout')) {
    fanout = await runFanout(
      { vacancies: options.vacancies, latencyMs: options.latencyMs, clicks: options.clicks },
      serverUrl,
    );
    await cleanup();
  }
  const sizes = loadSizes(options);
  if (sizes.length > 0) {
    load = await runLoad(
      {
        sizes,
        durationFor: (size) => (size === options.loadSize ? options.durationS.load : options.durationS.other),
        warmUpRequests: options.quick ? 20 : 100,
      },
      serverUrl,
    );
    await cleanup();
  }
  if (options.parts.includes('scaleout')) {
    if (serverUrl)
      scaleout = await runScaleOut(
        {
          vacancies: options.scaleoutVacancies,
          latencyMs: options.scaleoutLatencyMs,
          organisations: options.organisations,
          rounds: options.scaleoutRounds,
        },
        serverUrl,
      );
    else {
      skipped.scaleout = 'needs DATABASE_URL';
      progress('scale-out: skipped: needs DATABASE_URL');
    }
  }

  const figures = [
    ...(fanout ? fanoutFigures(fanout) : []),
    ...(load && options.parts.includes('load') ? loadFigures(load, options.loadSize) : []),
    ...(load && options.parts.includes('growth') ? growthFigures(load) : []),
    ...(scaleout ? scaleOutFigures(scaleout) : []),
  ];
  const report: Report = {
    benchmark: 'postroom',
    date: date.toISOString(),
    mode,
    code,
    machine,
    options,
    wallS: Math.round((performance.now() - started) / 1000),
    fanout,
    load,
    scaleout,
    skipped,
    figures,
    problems: [...(fanout?.problems ?? []), ...(load?.problems ?? []), ...(scaleout?.problems ?? [])],
  };

  const table = renderTable(report);
  process.stdout.write(`\n${table}\n\n`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const base = join(RESULTS_DIR, `bench-${mode}-${date.toISOString().slice(0, 19).replace(/:/g, '-')}Z`);
  writeFileSync(`${base}.json`, `${JSON.stringify(report, jsonNumbers, 2)}\n`);
  writeFileSync(`${base}.md`, renderMarkdown(report, table));
  progress(`results written to ${relative(ROOT, `${base}.json`)} and ${relative(ROOT, `${base}.md`)}`);
  return report.problems.length === 0 ? 0 : 1;
}

/** A generous bound on the whole run, so that a hang ends with a report of what hung. */
function timeLimitMs(o: Options): number {
  const fanout = o.parts.includes('fanout') ? 2 * (o.vacancies + o.clicks) * (1_000 + 2 * o.latencyMs) : 0;
  // Two layouts a round, each setting up its organisations and posting every vacancy.
  const scaleout = o.parts.includes('scaleout')
    ? 2 *
      o.scaleoutRounds *
      (60_000 + o.organisations * 2_000 + o.scaleoutVacancies * (1_000 + 2 * o.scaleoutLatencyMs))
    : 0;
  const sizes = loadSizes(o);
  const load = sizes.reduce((sum, s) => sum + s * 3 + LOAD_ENDPOINTS * (o.durationS.load + 90) * 1_000, 0);
  return 300_000 + fanout + scaleout + load;
}

let interrupted = false;

async function main(): Promise<void> {
  let options: Options | null;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (!options) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }

  process.on('exit', killRemaining);
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
  const limit = timeLimitMs(options);
  const watchdog = setTimeout(() => {
    progress(`the benchmark did not finish within ${duration(limit)}; giving up\n${childrenReport()}`);
    cleanup().finally(() => process.exit(1));
  }, limit);
  watchdog.unref();

  let code: number;
  try {
    code = await run(options);
  } catch (error) {
    if (interrupted) return; // The signal handler cleans up and exits.
    progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    const report = childrenReport();
    if (report) progress(report);
    code = 1;
  }
  progress('cleaning up');
  await cleanup();
  clearTimeout(watchdog);
  process.exit(code);
}

await main();
