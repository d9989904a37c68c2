import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { UsageError } from '../usage-error.js';

/** `postroom bench`: runs bench/main.ts of a source checkout, passing the options on. */
export function benchCommand(program: Command) {
  program
    .command('bench')
    .description(
      'Run the benchmark suite (fan-out, load, growth, scale-out) and write a report to bench/results/. It runs from a source checkout (bench/ and the dev dependencies), against the compiled dist/: "npm run bench" rebuilds first. With DATABASE_URL it runs on that PostgreSQL server, in fresh databases it drops at the end. See bench/README.md.',
    )
    .option('--quick', 'a run of under a minute (what CI runs)')
    .option('--parts <list>', 'comma-separated, from: fanout, load, growth, scaleout (default: all)')
    .option('--vacancies <n>', 'fan-out and scale-out vacancies, each posted to both boards (default 100)')
    .option('--clicks <k>', 'vacancies posted one at a time after the burst (default 10)')
    .option('--latency <ms>', 'latency the sandbox boards add to every request (default 50)')
    .option('--sizes <list>', 'growth sizes in vacancies (default 1000,10000,100000)')
    .option(
      '--duration <s>',
      'seconds each endpoint is measured (default 10 at 10,000 vacancies, 5 at the others)',
    )
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      process.exitCode = await runBenchmark(benchArgs(opts));
    });
}

/** The options given, as arguments again: `--quick`, `--parts fanout,load`. */
export function benchArgs(opts: Record<string, string | boolean | undefined>): string[] {
  return Object.entries(opts).flatMap(([name, value]) =>
    value === true ? [`--${name}`] : typeof value === 'string' ? [`--${name}`, value] : [],
  );
}

/** Runs bench/main.ts of this source checkout with tsx, passing `args` on; resolves with its exit code. */
async function runBenchmark(args: string[]): Promise<number> {
  // This file is src/cli/commands/bench.ts (dist/cli/commands/bench.js once built): the checkout is three up.
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const entry = join(root, 'bench', 'main.ts');
  if (!existsSync(entry))
    throw new UsageError(
      'The benchmark runs from a source checkout of Postroom: clone the repository, run "npm ci", then "npm run bench" (or "postroom bench" from there).',
    );
  if (!existsSync(join(root, 'node_modules', 'tsx')))
    throw new UsageError('The benchmark needs the dev dependencies: run "npm ci" in the checkout first.');
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: root, stdio: 'inherit' });
  // The benchmark cleans up on a signal itself: pass it on, and wait for it to finish.
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => {
    child.on('error', () => resolve(1));
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 130 : 1));
    });
  });
}
