import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validVacancy } from './support/app.js';
import { childEnv, runCli } from './support/cli.js';
import { databaseMode } from './support/db.js';
import { goodImportRow, importCsv } from './support/import-file.js';

// The CLI uses the real clock: a closing date a month from now is always in the future.
const closingDate = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

const file = (name: string, text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'postroom-import-')), name);
  writeFileSync(path, text);
  return path;
};

const lines = (text: string) => text.split('\n').filter(Boolean);

describe(`postroom import (${databaseMode} database)`, { timeout: 240_000 }, () => {
  it('imports a CSV with plain progress lines, reports refused rows, exits 1, and changes nothing when run again', async () => {
    const env = await childEnv({ POSTROOM_DEMO: 'false' });
    const org = await runCli(
      [
        'org',
        'create',
        '--name',
        'Acme',
        '--admin-email',
        'a@example.org',
        '--admin-password',
        'a long password',
      ],
      env,
    );
    const slug = org.stdout.trim();
    const rows = Array.from({ length: 250 }, (_, i) => ({ ...goodImportRow(i), closingDate }));
    rows[7] = { ...rows[7]!, closingDate: '31/12/2026' };
    rows[180] = { ...rows[180]!, title: '' };
    const csv = file('vacancies.csv', importCsv(rows));

    const dry = await runCli(['import', csv, '--org', slug, '--dry-run'], env);
    expect(dry.code).toBe(1);
    expect(lines(dry.stdout).slice(0, 4)).toEqual([
      'Checked 100 of 250 rows',
      'Checked 200 of 250 rows',
      'Checked 250 of 250 rows',
      'Dry run, nothing written: of 250 rows, 248 would be created, 0 updated, 0 unchanged, 2 refused.',
    ]);

    const first = await runCli(['import', csv, '--org', slug], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(1);
    const out = lines(first.stdout);
    expect(out.slice(0, 3)).toEqual([
      'Imported 100 of 250 rows',
      'Imported 200 of 250 rows',
      'Imported 250 of 250 rows',
    ]);
    expect(out[3]).toMatch(
      /^Done in \d+\.\d s: of 250 rows, 248 created, 0 updated, 0 unchanged, 2 refused\.$/,
    );
    expect(out.slice(4)).toEqual([
      'Refused rows (nothing was written for them):',
      '  row 9 (IMP-0007): closingDate: Closing date must be a date like 2026-12-31',
      '  row 182 (IMP-0180): title: Enter the job title',
    ]);

    const again = await runCli(['import', csv, '--org', slug], env);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/of 250 rows, 0 created, 0 updated, 248 unchanged, 2 refused\./);

    const json = file(
      'one.json',
      JSON.stringify([{ ...validVacancy({ closingDate }), reference: 'IMP-0001', title: 'Charge Nurse' }]),
    );
    const update = await runCli(['import', json, '--org', slug], env);
    expect(update.code).toBe(0);
    expect(update.stdout).toMatch(/of 1 rows, 0 created, 1 updated, 0 unchanged, 0 refused\./);
  });

  it('explains itself with --help and refuses a file it cannot read', async () => {
    const env = await childEnv();
    const help = await runCli(['import', '--help'], env);
    expect(help.stdout).toContain('--dry-run');
    expect(help.stdout).toContain('docs/import.md');
    const missing = await runCli(['import', '/nonexistent/vacancies.csv'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Cannot read /nonexistent/vacancies.csv');
    const unknown = await runCli(['import', file('bad.csv', 'reference,colour\nA,blue\n')], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('csv: Unknown column "colour"');
  });
});
