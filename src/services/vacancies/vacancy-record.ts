import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { vacancies } from '../../db/schema.js';
import { AppError, issuesFromZod, isUuid, notFound } from '../../domain/errors.js';
import { ukDate, type Vacancy, type VacancyFields, vacancyFieldsSchema } from '../../domain/vacancy.js';
import type { Actor, Clock } from '../deps.js';

export type VacancyRow = typeof vacancies.$inferSelect;

/** The fields a person edits, in the order the activity log lists them. */
export const EDITABLE_FIELDS = [
  'reference',
  'title',
  'employmentType',
  'contractLength',
  'hours',
  'weeklyHours',
  'workplace',
  'location',
  'salary',
  'summary',
  'description',
  'replyToEmail',
  'closingDate',
  'category',
  'videoUrl',
  'personSpecification',
] as const satisfies readonly (keyof Vacancy)[];

export function toVacancy(row: VacancyRow): Vacancy {
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    employmentType: row.employmentType,
    contractLength: row.contractLength ?? null,
    hours: row.hours,
    weeklyHours: row.weeklyHours ?? null,
    workplace: row.workplace,
    location: row.location,
    salary: row.salary ?? null,
    summary: row.summary ?? null,
    description: row.description,
    replyToEmail: row.replyToEmail ?? null,
    closingDate: row.closingDate,
    category: row.category ?? null,
    videoUrl: row.videoUrl ?? null,
    personSpecification: row.personSpecification,
    status: row.status,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    publishedAt: row.publishedAt ?? null,
    closedAt: row.closedAt ?? null,
  };
}

/** Loads a vacancy of the actor's organisation; another organisation's id is simply not found. */
export async function loadVacancy(
  tx: DbOrTx,
  actor: Actor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<VacancyRow> {
  if (!isUuid(id)) throw notFound('Vacancy');
  const query = tx
    .select()
    .from(vacancies)
    .where(and(eq(vacancies.id, id), eq(vacancies.organisationId, actor.organisationId)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Vacancy');
  return row;
}

export const todayIn = (clock: Clock) => () => ukDate(clock.now());

/** Validates a vacancy from outside HTTP (CLI, import) with the same schema as the API. */
export function parseVacancyFields(input: unknown, clock: Clock): VacancyFields {
  const parsed = vacancyFieldsSchema(todayIn(clock)).safeParse(input);
  if (!parsed.success) {
    throw new AppError('validation_failed', 'The vacancy has invalid fields.', {
      issues: issuesFromZod(parsed.error.issues),
    });
  }
  return parsed.data;
}

export function checkVersion(row: VacancyRow, expected: number | undefined): void {
  if (expected !== undefined && expected !== row.version) {
    throw new AppError(
      'version_mismatch',
      `This vacancy was changed by someone else (now version ${row.version}, you had version ${expected}). Reload it and apply your change again.`,
    );
  }
}
