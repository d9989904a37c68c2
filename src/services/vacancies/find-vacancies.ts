import { and, desc, eq, ilike, lt, or, type SQL } from 'drizzle-orm';
import { vacancies } from '../../db/schema.js';
import { AppError } from '../../domain/errors.js';
import type { Vacancy, VacancyStatus } from '../../domain/vacancy.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { loadVacancy, toVacancy } from './vacancy-record.js';

export async function getVacancy(deps: Pick<ServiceDeps, 'db'>, actor: Actor, id: string): Promise<Vacancy> {
  return toVacancy(await loadVacancy(deps.db, actor, id));
}

export interface VacancyListQuery {
  status?: VacancyStatus;
  /** Matches the title or the reference, case-insensitively. */
  q?: string;
  cursor?: string;
  limit: number;
}

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

// The cursor is the position of the last item: (created_at, id), newest first.
function encodeCursor(v: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([v.createdAt.toISOString(), v.id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const createdAt = new Date(String(at));
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(createdAt.getTime()))
      throw new Error();
    return { createdAt, id };
  } catch {
    throw new AppError('validation_failed', 'The cursor is not valid; start again from the first page.', {
      issues: [{ path: 'cursor', message: 'Use the nextCursor value of a previous page' }],
    });
  }
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A page of the organisation's vacancies, newest first. */
export async function listVacancies(
  deps: Pick<ServiceDeps, 'db'>,
  actor: Actor,
  query: VacancyListQuery,
): Promise<Page<Vacancy>> {
  const conditions: (SQL | undefined)[] = [eq(vacancies.organisationId, actor.organisationId)];
  if (query.status) conditions.push(eq(vacancies.status, query.status));
  if (query.q?.trim()) {
    const pattern = `%${escapeLike(query.q.trim())}%`;
    conditions.push(or(ilike(vacancies.title, pattern), ilike(vacancies.reference, pattern)));
  }
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    conditions.push(
      or(
        lt(vacancies.createdAt, after.createdAt),
        and(eq(vacancies.createdAt, after.createdAt), lt(vacancies.id, after.id)),
      ),
    );
  }
  const rows = await deps.db
    .select()
    .from(vacancies)
    .where(and(...conditions))
    .orderBy(desc(vacancies.createdAt), desc(vacancies.id))
    .limit(query.limit + 1);
  const items = rows.slice(0, query.limit).map(toVacancy);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
}

/** The organisation's vacancy with this reference (references are unique in an organisation). */
export async function getVacancyByReference(
  deps: Pick<ServiceDeps, 'db'>,
  actor: Actor,
  reference: string,
): Promise<Vacancy> {
  const [row] = await deps.db
    .select()
    .from(vacancies)
    .where(and(eq(vacancies.organisationId, actor.organisationId), eq(vacancies.reference, reference)));
  if (!row) throw new AppError('not_found', `There is no vacancy with the reference "${reference}".`);
  return toVacancy(row);
}
