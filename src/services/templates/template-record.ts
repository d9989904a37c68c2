import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { vacancyTemplates } from '../../db/schema.js';
import { isUuid, notFound } from '../../domain/errors.js';
import type { Actor } from '../deps.js';
import type { CopiedFields } from '../vacancies/copy-vacancy.js';

export type TemplateRow = typeof vacancyTemplates.$inferSelect;

/** A vacancy template as the API shows it. */
export interface Template {
  id: string;
  name: string;
  sourceReference: string;
  fields: CopiedFields;
  /** Per board id: the fields the recruiter set there instead of the vacancy's pre-fill. */
  boardFields: Record<string, Record<string, unknown>>;
  createdBy: string;
  createdAt: Date;
}

export const toTemplate = (row: TemplateRow): Template => ({
  id: row.id,
  name: row.name,
  sourceReference: row.sourceReference,
  // Written by saveTemplate from a stored vacancy's fields.
  fields: row.fields as CopiedFields,
  boardFields: row.boardFields,
  createdBy: row.createdBy,
  createdAt: row.createdAt,
});

/** Loads a template of the actor's organisation; another organisation's id is simply not found. */
export async function loadTemplate(tx: DbOrTx, actor: Actor, id: string): Promise<TemplateRow> {
  if (!isUuid(id)) throw notFound('Template');
  const [row] = await tx
    .select()
    .from(vacancyTemplates)
    .where(and(eq(vacancyTemplates.id, id), eq(vacancyTemplates.organisationId, actor.organisationId)));
  if (!row) throw notFound('Template');
  return row;
}
