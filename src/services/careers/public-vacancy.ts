import { and, eq, or } from 'drizzle-orm';
import { vacancies } from '../../db/schema.js';
import { isUuid } from '../../domain/errors.js';
import { ukDate, type Vacancy } from '../../domain/vacancy.js';
import type { ServiceDeps } from '../deps.js';
import { toVacancy } from '../vacancies/vacancy-record.js';

/**
 * A vacancy as the public may see it: `open` while live and before its closing date passes,
 * `gone` once closed or expired (the page answers 410). Drafts are never public.
 */
export type PublicVacancy = { state: 'open' | 'gone'; vacancy: Vacancy };

/** The organisation's vacancy with this reference (or, failing that, this id); null for drafts and unknowns. */
export async function findPublicVacancy(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  organisationId: string,
  referenceOrId: string,
): Promise<PublicVacancy | null> {
  if (referenceOrId.length === 0 || referenceOrId.length > 100) return null;
  const match = isUuid(referenceOrId)
    ? or(eq(vacancies.reference, referenceOrId), eq(vacancies.id, referenceOrId))
    : eq(vacancies.reference, referenceOrId);
  const rows = await deps.db
    .select()
    .from(vacancies)
    .where(and(eq(vacancies.organisationId, organisationId), match))
    .limit(2);
  // A reference may look like an id; the reference wins, as it is what links carry.
  const row = rows.find((r) => r.reference === referenceOrId) ?? rows[0];
  if (!row || row.status === 'draft') return null;
  const open = row.status === 'live' && row.closingDate >= ukDate(deps.clock.now());
  return { state: open ? 'open' : 'gone', vacancy: toVacancy(row) };
}
