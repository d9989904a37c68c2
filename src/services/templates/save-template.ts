import { and, asc, eq } from 'drizzle-orm';
import { getBoard } from '../../boards/registry.js';
import type { DbOrTx } from '../../db/client.js';
import { postings, vacancyTemplates } from '../../db/schema.js';
import { AppError, isUniqueViolation } from '../../domain/errors.js';
import { recordActivity } from '../activity.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { copiedFields } from '../vacancies/copy-vacancy.js';
import { loadVacancy, toVacancy } from '../vacancies/vacancy-record.js';
import { type Template, toTemplate } from './template-record.js';

export const templateNameTaken = (name: string) =>
  new AppError('conflict', `A template called "${name}" already exists.`, {
    issues: [{ path: 'name', message: `There is already a template called "${name}": choose another name` }],
  });

/**
 * The fields the recruiter set per board on the vacancy's postings (the newest posting per board
 * wins), without each posting's own reference: a vacancy started from the template gets its own.
 * A posting made before overrides were kept (NULL) cannot tell them from the pre-fill (its own apply
 * link among them), so it gives none.
 */
async function boardFieldsOf(tx: DbOrTx, actor: Actor, vacancyId: string) {
  const rows = await tx
    .select()
    .from(postings)
    .where(and(eq(postings.vacancyId, vacancyId), eq(postings.organisationId, actor.organisationId)))
    .orderBy(asc(postings.createdAt));
  const byBoard: Record<string, Record<string, unknown>> = {};
  for (const row of rows) {
    const { [getBoard(row.board).referenceField]: _reference, ...own } = row.overrides ?? {};
    byBoard[row.board] = own;
  }
  return Object.fromEntries(Object.entries(byBoard).filter(([, fields]) => Object.keys(fields).length > 0));
}

/** Saves a vacancy, with its per-board fields, as a template to start new vacancies from. */
export async function saveTemplate(
  deps: ServiceDeps,
  actor: Actor,
  vacancyId: string,
  name: string,
): Promise<Template> {
  try {
    return await deps.db.transaction(async (tx) => {
      const vacancy = toVacancy(await loadVacancy(tx, actor, vacancyId));
      const now = deps.clock.now();
      const [row] = await tx
        .insert(vacancyTemplates)
        .values({
          organisationId: actor.organisationId,
          name,
          fields: copiedFields(vacancy),
          boardFields: await boardFieldsOf(tx, actor, vacancyId),
          sourceReference: vacancy.reference,
          createdBy: actor.label,
          createdAt: now,
        })
        .returning();
      await recordActivity(
        tx,
        actor,
        { type: 'vacancy', id: vacancyId },
        'saved as template',
        { template: { from: null, to: name } },
        now,
      );
      return toTemplate(row!);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'vacancy_templates_name_unique')) throw templateNameTaken(name);
    throw error;
  }
}
