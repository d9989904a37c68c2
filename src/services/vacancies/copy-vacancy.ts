import type { Vacancy } from '../../domain/vacancy.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { createVacancy } from './create-vacancy.js';
import { EDITABLE_FIELDS, loadVacancy, toVacancy } from './vacancy-record.js';

/** What a copy (or a template) keeps of a vacancy: every field a person edits but its reference. */
export type CopiedFields = Pick<Vacancy, Exclude<(typeof EDITABLE_FIELDS)[number], 'reference'>>;

export function copiedFields(vacancy: Vacancy): CopiedFields {
  const kept = EDITABLE_FIELDS.filter((key) => key !== 'reference').map((key) => [key, vacancy[key]]);
  return Object.fromEntries(kept) as CopiedFields;
}

/**
 * Starts a new draft from any vacancy (closed ones included) with a new reference: the way to
 * advertise a post again. The copy keeps every field; its closing date may need changing before it
 * can be published.
 */
export async function copyVacancy(deps: ServiceDeps, actor: Actor, id: string): Promise<Vacancy> {
  const source = toVacancy(await loadVacancy(deps.db, actor, id));
  return createVacancy(deps, actor, copiedFields(source), { copiedFrom: source.reference });
}
