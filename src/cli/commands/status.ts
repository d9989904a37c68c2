import { type Command, Option } from 'commander';
import { withPostings } from '../database.js';
import { parsePositive } from '../parse.js';
import type { PostingRow } from '../postings-gateway.js';

/** `postroom status [vacancy-ref]`: a table of postings and their states (reads only). */
export function statusCommand(program: Command) {
  program
    .command('status')
    .description(
      "Show postings and their states: one vacancy's, or the organisation's latest. It only reads: without a database where the environment points, it says so and creates none.",
    )
    .argument('[vacancy-ref]', "the vacancy's reference")
    .option('--org <slug>', 'the organisation (needed only when there are several)')
    .addOption(new Option('--limit <n>', 'how many postings at most').argParser(parsePositive).default(50))
    .action(async (reference: string | undefined, opts: { org?: string; limit: number }) => {
      const rows = await withPostings(
        'status',
        opts.org,
        false,
        (gateway) => gateway.list(reference, opts.limit),
        { readOnly: true },
      );
      if (rows.length === 0) {
        console.log(reference ? `Vacancy ${reference} has no postings yet.` : 'No postings yet.');
        return;
      }
      for (const line of statusTable(rows)) console.log(line);
    });
}

/** The rows as lines of a table, under a heading, each column as wide as its widest cell (60 at most). */
export function statusTable(rows: PostingRow[]): string[] {
  const table = [
    ['VACANCY', 'CONNECTION', 'STATUS', 'DETAIL', 'BOARD ID', 'UPDATED'],
    ...rows.map((r) => [
      r.vacancyReference,
      r.connectionName,
      r.status,
      r.statusText,
      r.externalId ?? '',
      r.updatedAt.replace('T', ' ').slice(0, 16),
    ]),
  ];
  const widths = table[0]!.map((_, i) => Math.min(60, Math.max(...table.map((row) => row[i]!.length))));
  return table.map((row) =>
    row
      .map((cell, i) => cell.slice(0, 60).padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}
