import { and, eq } from 'drizzle-orm';
import { vacancies } from '../../db/schema.js';
import { AppError, isUniqueViolation } from '../../domain/errors.js';
import { crossFieldIssues, type Vacancy, type VacancyFields } from '../../domain/vacancy.js';
import { diff, recordActivity } from '../activity.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { referenceTaken } from './create-vacancy.js';
import { checkVersion, EDITABLE_FIELDS, loadVacancy, toVacancy } from './vacancy-record.js';

/** A change to some fields; `null` clears an optional field (the API schema refuses null for required ones). */
export type VacancyPatch = { [K in keyof VacancyFields]?: VacancyFields[K] | null };

/**
 * Applies a partial change. The merged vacancy must still be valid as a whole; a closed vacancy
 * cannot change. `expectedVersion` (from If-Match) guards against overwriting someone else's edit.
 */
export async function updateVacancy(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
  patch: VacancyPatch,
  expectedVersion?: number,
): Promise<Vacancy> {
  try {
    return await deps.db.transaction(async (tx) => {
      const row = await loadVacancy(tx, actor, id, { forUpdate: true });
      checkVersion(row, expectedVersion);
      if (row.status === 'closed') {
        throw new AppError(
          'invalid_state',
          'This vacancy is closed and can no longer be edited; copy it to advertise again.',
        );
      }
      const before = toVacancy(row);
      const merged = { ...before, ...patch } as Vacancy;
      const issues = crossFieldIssues(merged);
      if (issues.length > 0)
        throw new AppError('validation_failed', 'The vacancy has invalid fields.', { issues });

      const changes = diff(before, merged, [...EDITABLE_FIELDS]);
      if (Object.keys(changes).length === 0) return before;
      const now = deps.clock.now();
      const [updated] = await tx
        .update(vacancies)
        .set({
          reference: merged.reference,
          title: merged.title,
          employmentType: merged.employmentType,
          contractLength: merged.contractLength ?? null,
          hours: merged.hours,
          weeklyHours: merged.weeklyHours ?? null,
          workplace: merged.workplace,
          location: merged.location,
          salary: merged.salary ?? null,
          summary: merged.summary ?? null,
          description: merged.description,
          replyToEmail: merged.replyToEmail ?? null,
          closingDate: merged.closingDate,
          category: merged.category ?? null,
          videoUrl: merged.videoUrl ?? null,
          personSpecification: merged.personSpecification,
          version: row.version + 1,
          updatedAt: now,
        })
        .where(and(eq(vacancies.id, row.id), eq(vacancies.organisationId, actor.organisationId)))
        .returning();
      await recordActivity(tx, actor, { type: 'vacancy', id: row.id }, 'updated', changes, now);
      return toVacancy(updated!);
    });
  } catch (error) {
    if (patch.reference && isUniqueViolation(error, 'vacancies_reference_unique'))
      throw referenceTaken(patch.reference);
    throw error;
  }
}
