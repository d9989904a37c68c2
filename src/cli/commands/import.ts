import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { type ImportRow, importRowsFromCsv, importRowsFromJson } from '../../domain/vacancy-import.js';
import { DataDirInUseError } from '../../main/data-dir-lock.js';
import { type ImportSummary, importVacancies } from '../../services/vacancies/import-vacancies.js';
import { cliActor, withDatabase } from '../database.js';
import { progressReporter } from '../progress.js';
import { UsageError } from '../usage-error.js';

interface ImportOptions {
  org?: string;
  dryRun: boolean;
}

/** `postroom import <file>`: creates or updates vacancies from a CSV or JSON file. */
export function importCommand(program: Command) {
  program
    .command('import')
    .description(
      'Create or update vacancies from a CSV file (a header row, then a vacancy per row; the columns are in docs/import.md, a sample in docs/vacancies-sample.csv) or a JSON file (an array of vacancies as the API takes them). ' +
        "Each row is found by its reference: new references are created as drafts, changed rows update their vacancy, and rows equal to their vacancy are left unchanged, so running the same file twice changes nothing. Each row is checked as the API checks a vacancy; a refused row writes nothing, and is listed at the end with its field and the API's message. " +
        'Shows a progress bar on a terminal, a progress line every 100 rows otherwise. Exit status 1 when a row was refused.',
    )
    .argument('<file>', 'the file: .json for JSON, anything else is read as CSV (UTF-8)')
    .option('--org <slug>', 'the organisation (needed only when there are several)')
    .option(
      '--dry-run',
      'say what would be created, updated, unchanged and refused, and write nothing',
      false,
    )
    .action(async (file: string, opts: ImportOptions) => {
      const rows = await readRows(file);
      const { summary, seconds } = await runImport(rows, file, opts);
      printSummary(summary, seconds);
      process.exitCode = summary.counts.refused > 0 ? 1 : 0;
    });
}

async function readRows(file: string): Promise<ImportRow[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  return file.toLowerCase().endsWith('.json') ? importRowsFromJson(text) : importRowsFromCsv(text);
}

/** On the database, batch by batch with progress; or, while a server holds the embedded database, through its API. */
async function runImport(
  rows: ImportRow[],
  file: string,
  opts: ImportOptions,
): Promise<{ summary: ImportSummary; seconds: number }> {
  const progress = progressReporter(process.stdout, opts.dryRun ? 'Checked' : 'Imported', 'rows');
  try {
    return await withDatabase('import', async (rt) => {
      const actor = await cliActor(rt.deps, opts.org);
      // Timed from here: opening (and migrating) the database is not the import's work.
      return timed(() =>
        importVacancies(rt.deps, actor, rows, { dryRun: opts.dryRun, onProgress: progress }),
      );
    });
  } catch (error) {
    const { holder } = error instanceof DataDirInUseError ? error : { holder: null };
    if (!holder?.url || !holder.localKey) throw error;
    const server = { url: holder.url, localKey: holder.localKey };
    console.log(`Sending ${rows.length} rows to the running server at ${server.url}…`);
    const done = await timed(() => importThroughServer(server, file, opts));
    progress(rows.length, rows.length);
    return done;
  }
}

async function timed(work: () => Promise<ImportSummary>) {
  const started = performance.now();
  const summary = await work();
  return { summary, seconds: (performance.now() - started) / 1000 };
}

/** The running server's POST /vacancies/import, with the key it wrote in the data directory's lock file. */
async function importThroughServer(
  holder: { url: string; localKey: string },
  file: string,
  opts: ImportOptions,
): Promise<ImportSummary> {
  const text = await readFile(file, 'utf8');
  const body = file.toLowerCase().endsWith('.json')
    ? { rows: JSON.parse(text) as unknown[], dryRun: opts.dryRun }
    : { csv: text, dryRun: opts.dryRun };
  const response = await fetch(`${holder.url}/api/v1/vacancies/import`, {
    method: 'POST',
    headers: {
      authorization: `Bearer pr_local_${holder.localKey}`,
      'content-type': 'application/json',
      ...(opts.org ? { 'x-postroom-organisation': opts.org } : {}),
    },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as ImportSummary & {
    error?: { message: string; issues: { path: string; message: string }[] };
  };
  if (json.error)
    throw new UsageError(
      [json.error.message, ...json.error.issues.map((i) => `  - ${i.path}: ${i.message}`)].join('\n'),
    );
  return json;
}

function printSummary(summary: ImportSummary, seconds: number): void {
  const { created, updated, unchanged, refused } = summary.counts;
  const total = summary.rows.length;
  console.log(
    summary.dryRun
      ? `Dry run, nothing written: of ${total} rows, ${created} would be created, ${updated} updated, ${unchanged} unchanged, ${refused} refused.`
      : `Done in ${seconds.toFixed(1)} s: of ${total} rows, ${created} created, ${updated} updated, ${unchanged} unchanged, ${refused} refused.`,
  );
  const refusals = summary.rows.filter((r) => r.outcome === 'refused');
  if (refusals.length === 0) return;
  console.log('Refused rows (nothing was written for them):');
  for (const r of refusals)
    for (const issue of r.issues)
      console.log(`  row ${r.row}${r.reference ? ` (${r.reference})` : ''}: ${issue.path}: ${issue.message}`);
}
