// A node-postgres client that prepares each parameterised statement once per connection: the
// server parses and plans it the first time and only binds and runs it after (issue 20's profile:
// parsing and planning the same few dozen statements was much of the server's CPU per posting).
import { createHash } from 'node:crypto';
import { type Column, Placeholder, type SQL, sql } from 'drizzle-orm';
import pg from 'pg';

/**
 * `column = any(ids)`, the ids sent as one array: one statement text however many there are (an
 * `in (…)` list is a new text, and a new name, for each count), and a plan that a prepared
 * statement can keep, as its generic plan reads the column's index rather than guessing from the
 * list's length (a guess that had the postings list walk every posting of the organisation).
 */
export const anyOf = (column: Column, ids: readonly string[] | Placeholder): SQL =>
  sql`${column} = any(${ids instanceof Placeholder ? ids : uuidArray(ids as readonly string[])}::uuid[])`;

/** Ids as the one array value `anyOf` sends (also the value of a prepared statement's placeholder). */
export const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

/** The most statement texts named; beyond it (an unusual query shape each time) they run unnamed. */
const MOST_NAMED = 300;
const names = new Map<string, string>();

/** The statement's name, from its text: the same text on any connection has the same name. */
function nameOf(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MOST_NAMED) {
    name = `postroom_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

type QueryConfig = { text?: unknown; values?: unknown[]; name?: string };

export class PreparingClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() has many overloads; this passes them through.
  override query(config: any, values?: any, callback?: any): any {
    // biome-ignore lint/suspicious/noExplicitAny: as above.
    const query = super.query.bind(this) as (...args: any[]) => any;
    const c: QueryConfig = typeof config === 'string' ? { text: config } : (config ?? {});
    const params = Array.isArray(values) ? values : c.values;
    if (typeof c.text === 'string' && !c.name && params && params.length > 0) {
      const name = nameOf(c.text);
      if (name)
        return query({ ...c, values: params, name }, typeof values === 'function' ? values : callback);
    }
    return query(config, values, callback);
  }
}
