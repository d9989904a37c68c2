import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crossFieldIssues, vacancyFieldsSchema } from './vacancy.js';
import {
  IMPORT_COLUMNS,
  importRowsFromCsv,
  importRowsFromJson,
  vacancyInputFromCells,
} from './vacancy-import.js';

const doc = (name: string) => readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8');

describe('vacancy import files', () => {
  it('turns dotted columns into the API shape, numbers into numbers and list cells into lists', () => {
    expect(
      vacancyInputFromCells(
        [
          'reference',
          'salary.min',
          'salary.period',
          'weeklyHours',
          'summary',
          'personSpecification.essential.skills',
        ],
        ['A-1', ' 31049.5 ', 'year', '£37', '', 'Kindness\r\n\r\n  IV drugs '],
      ),
    ).toEqual({
      reference: 'A-1',
      salary: { min: 31049.5, period: 'year' },
      weeklyHours: '£37',
      personSpecification: { essential: { skills: ['Kindness', 'IV drugs'] } },
    });
  });

  it("numbers rows as a spreadsheet does and skips blank ones; a JSON array's rows from 1", () => {
    const rows = importRowsFromCsv('reference,title\r\nA-1,"two\nlines"\r\n,\r\nA-2,Porter\r\n');
    expect(rows.map((r) => r.row)).toEqual([2, 4]);
    expect(importRowsFromJson('[{"reference":"A"},{"reference":"B"}]').map((r) => r.row)).toEqual([1, 2]);
  });

  it('refuses a file it cannot read, saying why', () => {
    const issue = (read: () => unknown) => {
      try {
        read();
      } catch (error) {
        return (error as { issues: unknown[] }).issues[0];
      }
      return null;
    };
    expect(issue(() => importRowsFromCsv('reference,Title\nA,x\n'))).toEqual({
      path: 'csv',
      message: 'Unknown column "Title"; the columns are listed in docs/import.md',
    });
    expect(issue(() => importRowsFromCsv('reference,title,title\n'))).toEqual({
      path: 'csv',
      message: 'The column "title" appears twice',
    });
    expect(issue(() => importRowsFromCsv('reference\n"A\n'))).toMatchObject({ path: 'csv' });
    expect(issue(() => importRowsFromCsv(''))).toMatchObject({ path: 'csv' });
    expect(issue(() => importRowsFromCsv('reference,title\r\n,\r\n'))).toEqual({
      path: 'csv',
      message: 'The file has no vacancies: add a row per vacancy under the header',
    });
    expect(issue(() => importRowsFromJson('{"reference":"A"}'))).toEqual({
      path: 'json',
      message: 'The file must be a JSON array of vacancies',
    });
  });

  it('documents every column, and the sample CSV has every column filled and valid', () => {
    const table = doc('import.md');
    for (const column of IMPORT_COLUMNS) expect(table).toContain(`| \`${column}\` |`);
    const sample = importRowsFromCsv(doc('vacancies-sample.csv'));
    expect(doc('vacancies-sample.csv').split('\r\n')[0]).toBe(IMPORT_COLUMNS.join(','));
    const schema = vacancyFieldsSchema(() => '2026-11-23');
    for (const { input } of sample) {
      const parsed = schema.safeParse(input);
      expect(parsed.error?.issues ?? []).toEqual([]);
      expect(crossFieldIssues(parsed.data!)).toEqual([]);
    }
    const filled = new Set(sample.flatMap(({ input }) => Object.keys(flatten(input))));
    expect(IMPORT_COLUMNS.filter((c) => !filled.has(c))).toEqual([]);
  });
});

function flatten(value: unknown, prefix = ''): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { [prefix]: value };
  return Object.assign(
    {},
    ...Object.entries(value).map(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k)),
  );
}
