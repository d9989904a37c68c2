import type { Vacancy } from '../../domain/vacancy.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { createVacancy } from '../vacancies/create-vacancy.js';
import { loadTemplate, toTemplate } from './template-record.js';

/**
 * Starts a new draft vacancy from a template, the way a copy starts: every field, a new reference,
 * and the activity log saying where it came from (so the editor can mark the copied title).
 */
export async function startFromTemplate(
  deps: ServiceDeps,
  actor: Actor,
  templateId: string,
): Promise<Vacancy> {
  const template = toTemplate(await loadTemplate(deps.db, actor, templateId));
  return createVacancy(deps, actor, template.fields, {
    copiedFrom: template.sourceReference,
    template: { id: template.id, name: template.name },
  });
}
