// The tables of a board's ids that an admin keeps on a connection (a board's `mappingTables`, e.g.
// StepStone's category ids): read and replaced whole, checked row by row, stored in the settings.
import type { MappingTable } from '../boards/board.js';
import { getBoard } from '../boards/registry.js';
import { AppError, type Issue, notFound } from '../domain/errors.js';
import { getConnection, updateConnection } from './connections.js';
import { type Actor, requireAdmin, type ServiceDeps } from './deps.js';

export interface MappingEntry {
  from: string;
  to: string;
}

/** A table as the API shows it: its declaration and its rows. */
export interface Mapping extends MappingTable {
  entries: MappingEntry[];
}

/** The most rows a table holds. */
export const MAX_ENTRIES = 500;

const tablesOf = (settings: Record<string, unknown>, setting: string): Record<string, unknown> => {
  const tables = settings[setting];
  return tables && typeof tables === 'object' ? (tables as Record<string, unknown>) : {};
};

const rowsOf = (settings: Record<string, unknown>, table: MappingTable): MappingEntry[] => {
  const rows = tablesOf(settings, table.setting)[table.key];
  if (!rows || typeof rows !== 'object') return [];
  return Object.entries(rows as Record<string, unknown>).map(([from, to]) => ({ from, to: String(to) }));
};

/** Every table the connection's board declares, with its rows (admins; empty for other boards). */
export async function getMappings(deps: ServiceDeps, actor: Actor, id: string): Promise<Mapping[]> {
  requireAdmin(actor, "read a board connection's tables");
  const connection = await getConnection(deps, actor, id);
  const tables = getBoard(connection.board).mappingTables ?? [];
  return tables.map((table) => ({ ...table, entries: rowsOf(connection.settings, table) }));
}

/** Each row's problems, on `entries.<n>.from` or `.to`: empty, not an option, too long, repeated, or an id that does not match. */
export function entryIssues(table: MappingTable, entries: readonly MappingEntry[]): Issue[] {
  const issues: Issue[] = [];
  const pattern = new RegExp(table.to.pattern);
  const seen = new Set<string>();
  const options = table.from.options?.map((o) => o.value);
  entries.forEach((entry, i) => {
    const from = entry.from.trim();
    const at = (side: 'from' | 'to', message: string) =>
      issues.push({ path: `entries.${i}.${side}`, message });
    if (from === '') at('from', `Enter the ${table.from.label.toLowerCase()}`);
    else if (options && !options.includes(from))
      at('from', `Choose one of: ${table.from.options?.map((o) => o.label).join(', ')}`);
    else if (from.length > table.from.maxLength)
      at('from', `${table.from.label} must be ${table.from.maxLength} characters or fewer`);
    else if (seen.has(from.toLowerCase())) at('from', `${from} is in the table already`);
    seen.add(from.toLowerCase());
    if (!pattern.test(entry.to.trim())) at('to', table.to.error);
  });
  return issues;
}

/** Replaces one table's rows (admins), recorded as a change of the connection's settings. */
export async function replaceMapping(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
  key: string,
  entries: readonly MappingEntry[],
): Promise<Mapping> {
  requireAdmin(actor, "change a board connection's tables");
  const connection = await getConnection(deps, actor, id);
  const table = getBoard(connection.board).mappingTables?.find((t) => t.key === key);
  if (!table) throw notFound('Table');
  const issues = entryIssues(table, entries);
  if (issues.length > 0)
    throw new AppError('validation_failed', `Some rows of "${table.label}" are not valid.`, { issues });
  const rows = Object.fromEntries(entries.map((e) => [e.from.trim(), e.to.trim()]));
  // The other tables of the same setting as stored when the change is written (read locked).
  const saved = await updateConnection(deps, actor, id, {
    changeSettings: (stored) => ({
      [table.setting]: { ...tablesOf(stored, table.setting), [table.key]: rows },
    }),
  });
  return { ...table, entries: rowsOf(saved.settings, table) };
}
