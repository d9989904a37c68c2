import { parseCsv } from './csv.js';
import { AppError } from './errors.js';
import { storableForm } from './storable-text.js';

/**
 * The columns of an import file (docs/import.md): the API's vacancy fields, nested ones flattened
 * with a dot (`salary.min`), person specification lists one item per line of the cell.
 */
export const IMPORT_COLUMNS = [
  'reference',
  'title',
  'employmentType',
  'contractLength.length',
  'contractLength.unit',
  'hours',
  'weeklyHours',
  'workplace',
  'location.line1',
  'location.line2',
  'location.town',
  'location.postcode',
  'location.country',
  'salary.min',
  'salary.max',
  'salary.period',
  'salary.currency',
  'salary.text',
  'summary',
  'description',
  'replyToEmail',
  'closingDate',
  'category',
  'videoUrl',
  'personSpecification.essential.qualifications',
  'personSpecification.essential.experience',
  'personSpecification.essential.skills',
  'personSpecification.desirable.qualifications',
  'personSpecification.desirable.experience',
  'personSpecification.desirable.skills',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

const NUMBER_COLUMNS = new Set(['contractLength.length', 'weeklyHours', 'salary.min', 'salary.max']);
const LIST_PREFIX = 'personSpecification.';
// A plain decimal, as a spreadsheet writes it; anything else stays text so the API's message says what is wrong.
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** One vacancy of a file, with its row as the person sees it (a spreadsheet's row; a JSON array's position). */
export interface ImportRow {
  row: number;
  input: unknown;
}

/** A file that cannot be read as vacancies at all: the whole file is refused, on `path` (csv or json). */
function refuseFile(path: string, message: string): never {
  throw new AppError('validation_failed', 'The file cannot be imported.', { issues: [{ path, message }] });
}

function cellValue(column: string, cell: string): unknown {
  if (column.startsWith(LIST_PREFIX))
    return cell
      .split(/\r?\n/)
      .map((item) => item.trim())
      .filter(Boolean);
  if (NUMBER_COLUMNS.has(column) && DECIMAL.test(cell.trim())) return Number(cell.trim());
  return cell;
}

/** Sets `value` at a dotted path, making the objects on the way. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let at = target;
  for (const key of keys.slice(0, -1)) {
    at[key] ??= {};
    at = at[key] as Record<string, unknown>;
  }
  at[keys.at(-1)!] = value;
}

/** A CSV record as the API's vacancy body: an empty cell is a field not given. */
export function vacancyInputFromCells(header: readonly string[], cells: readonly string[]): unknown {
  const input: Record<string, unknown> = {};
  header.forEach((column, i) => {
    const cell = cells[i] ?? '';
    if (cell.trim() !== '') setPath(input, column, cellValue(column, cell));
  });
  return input;
}

/**
 * The vacancies of a CSV file with a header row. Row numbers are a spreadsheet's: the header is
 * row 1. An unknown column refuses the whole file, as a misspelt column would otherwise be lost.
 */
export function importRowsFromCsv(text: string): ImportRow[] {
  const records = parseCsv(text);
  if (!records) return refuseFile('csv', 'A quoted cell is never closed: check the quotes in the file');
  const [header, ...rest] = records;
  if (!header) return refuseFile('csv', 'The file is empty: it needs a header row and a row per vacancy');
  const columns = header.map((c) => c.trim());
  const known = new Set<string>(IMPORT_COLUMNS);
  const unknown = columns.filter((c) => !known.has(c));
  if (unknown.length > 0)
    return refuseFile(
      'csv',
      `Unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => `"${storableForm(c)}"`).join(', ')}; the columns are listed in docs/import.md`,
    );
  const twice = columns.find((c, i) => columns.indexOf(c) !== i);
  if (twice) return refuseFile('csv', `The column "${twice}" appears twice`);
  const rows = rest.flatMap((cells, i) =>
    cells.every((c) => c.trim() === '') ? [] : [{ row: i + 2, input: vacancyInputFromCells(columns, cells) }],
  );
  if (rows.length === 0)
    return refuseFile('csv', 'The file has no vacancies: add a row per vacancy under the header');
  return rows;
}

/** The vacancies of a JSON file: an array of vacancies in the API's shape; row 1 is the first. */
export function importRowsFromJson(text: string): ImportRow[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return refuseFile('json', 'The file is not valid JSON');
  }
  if (!Array.isArray(parsed)) return refuseFile('json', 'The file must be a JSON array of vacancies');
  return importRowsFromArray(parsed);
}

export function importRowsFromArray(items: readonly unknown[]): ImportRow[] {
  return items.map((input, i) => ({ row: i + 1, input }));
}
