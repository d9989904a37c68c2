import { randomInt } from 'node:crypto';
import { type ActivityChanges, vacancies } from '../../db/schema.js';
import { AppError, isUniqueViolation } from '../../domain/errors.js';
import { crossFieldIssues, type Vacancy, type VacancyFields } from '../../domain/vacancy.js';
import { recordActivity } from '../activity.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { EDITABLE_FIELDS, toVacancy } from './vacancy-record.js';

const REFERENCE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A reference for a vacancy created without one, e.g. "PR-7KQ2M9". */
export function generateReference(): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return `PR-${code}`;
}

export const referenceTaken = (reference: string) =>
  new AppError('reference_taken', `Another vacancy already uses the reference "${reference}".`, {
    issues: [{ path: 'reference', message: `Reference "${reference}" is already used by another vacancy` }],
  });

/** A new draft's row. Only the editable fields are taken from `fields`: a copied record's status and dates are not. */
export function newVacancyValues(actor: Actor, fields: VacancyFields, reference: string, now: Date) {
  return {
    organisationId: actor.organisationId,
    reference,
    title: fields.title,
    employmentType: fields.employmentType,
    contractLength: fields.contractLength ?? null,
    hours: fields.hours,
    weeklyHours: fields.weeklyHours ?? null,
    workplace: fields.workplace,
    location: fields.location,
    salary: fields.salary ?? null,
    summary: fields.summary ?? null,
    description: fields.description,
    replyToEmail: fields.replyToEmail ?? null,
    closingDate: fields.closingDate,
    category: fields.category ?? null,
    videoUrl: fields.videoUrl ?? null,
    personSpecification: fields.personSpecification,
    status: 'draft' as const,
    createdAt: now,
    updatedAt: now,
  };
}

/** The activity log's changes for a new vacancy: every field it was given. */
export function creationChanges(vacancy: Vacancy): ActivityChanges {
  return Object.fromEntries(
    EDITABLE_FIELDS.filter((key) => vacancy[key] !== null).map((key) => [
      key,
      { from: null, to: vacancy[key] },
    ]),
  );
}

/** Creates a draft vacancy in the actor's organisation and logs it. */
export async function createVacancy(
  deps: ServiceDeps,
  actor: Actor,
  fields: VacancyFields,
  options: { copiedFrom?: string; template?: { id: string; name: string } } = {},
): Promise<Vacancy> {
  const issues = crossFieldIssues(fields);
  if (issues.length > 0)
    throw new AppError('validation_failed', 'The vacancy has invalid fields.', { issues });

  for (let attempt = 0; ; attempt++) {
    const reference = fields.reference ?? generateReference();
    try {
      return await deps.db.transaction(async (tx) => {
        const now = deps.clock.now();
        const [row] = await tx
          .insert(vacancies)
          .values(newVacancyValues(actor, fields, reference, now))
          .returning();
        const vacancy = toVacancy(row!);
        const changes = creationChanges(vacancy);
        if (options.copiedFrom) changes.copiedFrom = { from: null, to: options.copiedFrom };
        if (options.template) {
          changes.template = { from: null, to: options.template.name };
          changes.templateId = { from: null, to: options.template.id };
        }
        await recordActivity(
          tx,
          actor,
          { type: 'vacancy', id: vacancy.id },
          options.copiedFrom ? 'copied' : 'created',
          changes,
          now,
        );
        return vacancy;
      });
    } catch (error) {
      if (!isUniqueViolation(error, 'vacancies_reference_unique')) throw error;
      // A generated reference that collides is simply drawn again; a chosen one is the user's to change.
      if (fields.reference || attempt >= 5) throw referenceTaken(reference);
    }
  }
}
