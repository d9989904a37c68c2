import { and, eq } from 'drizzle-orm';
import { vacancies } from '../../db/schema.js';
import { AppError } from '../../domain/errors.js';
import { ukDate, type Vacancy } from '../../domain/vacancy.js';
import { recordActivity } from '../activity.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { closeVacancyPostings } from '../postings/close-posting.js';
import { checkVersion, loadVacancy, toVacancy } from './vacancy-record.js';

/**
 * Publishes a draft on the careers site ("advertised externally"). Publishing a live vacancy
 * again changes nothing, so a retried request is safe.
 */
export async function publishVacancy(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
  expectedVersion?: number,
): Promise<Vacancy> {
  return deps.db.transaction(async (tx) => {
    const row = await loadVacancy(tx, actor, id, { forUpdate: true });
    checkVersion(row, expectedVersion);
    if (row.status === 'live') return toVacancy(row);
    if (row.status === 'closed') {
      throw new AppError(
        'invalid_state',
        'This vacancy is closed and cannot be published again; copy it instead.',
      );
    }
    const now = deps.clock.now();
    if (row.closingDate <= ukDate(now)) {
      throw new AppError(
        'validation_failed',
        'The closing date has passed; set a later one before publishing.',
        {
          issues: [{ path: 'closingDate', message: 'Closing date must be after today' }],
        },
      );
    }
    const [updated] = await tx
      .update(vacancies)
      .set({ status: 'live', publishedAt: now, updatedAt: now, version: row.version + 1 })
      .where(and(eq(vacancies.id, row.id), eq(vacancies.organisationId, actor.organisationId)))
      .returning();
    await recordActivity(
      tx,
      actor,
      { type: 'vacancy', id: row.id },
      'published',
      { status: { from: row.status, to: 'live' } },
      now,
    );
    return toVacancy(updated!);
  });
}

/**
 * Closes a draft or live vacancy: it leaves the careers site, and every posting of it is closed
 * (on the boards that can close). Closing twice changes nothing.
 */
export async function closeVacancy(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
  expectedVersion?: number,
): Promise<Vacancy> {
  const vacancy = await deps.db.transaction(async (tx) => {
    const row = await loadVacancy(tx, actor, id, { forUpdate: true });
    checkVersion(row, expectedVersion);
    if (row.status === 'closed') return toVacancy(row);
    const now = deps.clock.now();
    const [updated] = await tx
      .update(vacancies)
      .set({ status: 'closed', closedAt: now, updatedAt: now, version: row.version + 1 })
      .where(and(eq(vacancies.id, row.id), eq(vacancies.organisationId, actor.organisationId)))
      .returning();
    await recordActivity(
      tx,
      actor,
      { type: 'vacancy', id: row.id },
      'closed',
      { status: { from: row.status, to: 'closed' } },
      now,
    );
    await closeVacancyPostings(deps, tx, actor, row.id, 'closed');
    return toVacancy(updated!);
  });
  deps.queue.wake();
  return vacancy;
}
