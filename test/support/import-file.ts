import { toCsv } from '../../src/domain/csv.js';
import { IMPORT_COLUMNS, type ImportColumn } from '../../src/domain/vacancy-import.js';

/** One good vacancy row for an import file, as cells by column; the fake clock's today is 2026-11-23. */
export function goodImportRow(n: number, prefix = 'IMP'): Partial<Record<ImportColumn, string>> {
  return {
    reference: `${prefix}-${String(n).padStart(4, '0')}`,
    title: `Staff Nurse ${n}`,
    employmentType: n % 2 ? 'permanent' : 'fixed_term',
    ...(n % 2 ? {} : { 'contractLength.length': '12', 'contractLength.unit': 'months' }),
    hours: 'full_time',
    weeklyHours: '37.5',
    workplace: 'onsite',
    'location.line1': '84 Castle Street',
    'location.town': 'Glasgow',
    'location.postcode': 'g4 0sf',
    'salary.min': '31049',
    'salary.max': '37796.5',
    'salary.period': 'year',
    summary: 'A Band 5 post on a friendly ward.',
    description: `<p>Care for adults on ward ${n}, "acute", medical.</p>`,
    closingDate: '2026-12-20',
    'personSpecification.essential.qualifications': 'NMC registration\nDegree in nursing',
  };
}

/** A CSV file with every column, one row per entry. */
export function importCsv(rows: Partial<Record<ImportColumn, string>>[]): string {
  return toCsv([[...IMPORT_COLUMNS], ...rows.map((row) => IMPORT_COLUMNS.map((c) => row[c] ?? ''))]);
}
