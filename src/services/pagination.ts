import { type AnyColumn, type Placeholder, type SQL, sql } from 'drizzle-orm';
import { AppError, isUuid } from '../domain/errors.js';

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

type Position = { createdAt: Date; id: string };

// A cursor is the position of the last item shown: (created_at, id), newest first.
const encodeCursor = (v: Position) =>
  Buffer.from(JSON.stringify([v.createdAt.toISOString(), v.id])).toString('base64url');

/** The position a cursor stands for; one that is not a cursor answers 422 on `cursor`. */
export function decodeCursor(cursor: string): Position {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const createdAt = new Date(String(at));
    if (typeof id !== 'string' || !isUuid(id) || Number.isNaN(createdAt.getTime())) throw new Error();
    return { createdAt, id };
  } catch {
    throw new AppError('validation_failed', 'The cursor is not valid; start again from the first page.', {
      issues: [{ path: 'cursor', message: 'Use the nextCursor value of a previous page' }],
    });
  }
}

/** The condition "after this cursor" for a list ordered by (created_at desc, id desc). */
export function afterCursor(
  cursor: string | undefined,
  createdAt: AnyColumn,
  id: AnyColumn,
): SQL | undefined {
  if (!cursor) return undefined;
  const after = decodeCursor(cursor);
  return before(createdAt, id, after.createdAt.toISOString(), after.id);
}

/**
 * The condition "before this position" (an ISO time and an id, or a prepared statement's
 * placeholders) for a list ordered by (created_at desc, id desc). A row comparison, not
 * "a < x OR (a = x AND b < y)": PostgreSQL turns it into an index condition on
 * (…, created_at DESC, id DESC), so a later page costs what the first one does.
 */
export const before = (
  createdAt: AnyColumn,
  id: AnyColumn,
  at: string | Placeholder,
  atId: string | Placeholder,
): SQL => sql`(${createdAt}, ${id}) < (${at}::timestamptz, ${atId}::uuid)`;

/** A page from `limit + 1` rows fetched newest first: the extra row says whether there is more. */
export function pageOf<T extends Position>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/** Text for LIKE / ILIKE that matches itself only: %, _ and \ lose their meaning. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
