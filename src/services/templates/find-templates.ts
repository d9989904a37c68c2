import { and, asc, eq, sql } from 'drizzle-orm';
import { vacancyTemplates } from '../../db/schema.js';
import { notFound } from '../../domain/errors.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { loadTemplate, type Template, toTemplate } from './template-record.js';

/** Most organisations keep a handful; the list is one page, by name. */
export const TEMPLATE_LIMIT = 500;

export async function listTemplates(deps: ServiceDeps, actor: Actor): Promise<Template[]> {
  const rows = await deps.db
    .select()
    .from(vacancyTemplates)
    .where(eq(vacancyTemplates.organisationId, actor.organisationId))
    .orderBy(asc(sql`lower(${vacancyTemplates.name})`), asc(vacancyTemplates.id))
    .limit(TEMPLATE_LIMIT);
  return rows.map(toTemplate);
}

export async function getTemplate(deps: ServiceDeps, actor: Actor, id: string): Promise<Template> {
  return toTemplate(await loadTemplate(deps.db, actor, id));
}

/** Deletes a template; vacancies started from it keep their fields. */
export async function deleteTemplate(deps: ServiceDeps, actor: Actor, id: string): Promise<void> {
  const row = await loadTemplate(deps.db, actor, id);
  const deleted = await deps.db
    .delete(vacancyTemplates)
    .where(and(eq(vacancyTemplates.id, row.id), eq(vacancyTemplates.organisationId, actor.organisationId)))
    .returning({ id: vacancyTemplates.id });
  if (deleted.length === 0) throw notFound('Template');
}
