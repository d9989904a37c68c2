import type { Vacancy } from '../../domain/vacancy.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { createVacancy } from './create-vacancy.js';
import { loadVacancy, toVacancy } from './vacancy-record.js';

/**
 * Starts a new draft from any vacancy (closed ones included) with a new reference: the way to
 * advertise a post again. The copy keeps every field; its closing date may need changing before it
 * can be published.
 */
export async function copyVacancy(deps: ServiceDeps, actor: Actor, id: string): Promise<Vacancy> {
  const { reference, ...source } = toVacancy(await loadVacancy(deps.db, actor, id));
  return createVacancy(deps, actor, source, { copiedFrom: reference });
}
