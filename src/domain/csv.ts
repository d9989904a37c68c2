/**
 * CSV as RFC 4180 writes it (comma separated, CRLF line ends, a field quoted when it holds a comma,
 * a quote or a line break, quotes doubled), safe to open in a spreadsheet: a cell that starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`, so it is read as text and never
 * as a formula (OWASP "CSV injection").
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Rows of cells as one CSV text, each row ending with CRLF. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}
