import { and, desc, eq } from 'drizzle-orm';
import { organisations, postings, vacancies } from '../../db/schema.js';
import { notFound } from '../../domain/errors.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { loadAttempts, loadPosting, type Posting, toPosting } from './posting-record.js';

/** What a posting's tracked link is built from. */
export async function postingContext(
  deps: Pick<ServiceDeps, 'db' | 'publicUrl'>,
  actor: Actor,
  vacancyId: string,
) {
  const [row] = await deps.db
    .select({ slug: organisations.slug, reference: vacancies.reference })
    .from(vacancies)
    .innerJoin(organisations, eq(organisations.id, vacancies.organisationId))
    .where(and(eq(vacancies.id, vacancyId), eq(vacancies.organisationId, actor.organisationId)));
  if (!row) throw notFound('Vacancy');
  return { publicUrl: deps.publicUrl, organisationSlug: row.slug, vacancyReference: row.reference };
}

/** One posting with every attempt and the board's answers: the proof of posting. */
export async function getPosting(deps: ServiceDeps, actor: Actor, id: string): Promise<Posting> {
  const row = await loadPosting(deps.db, actor, id);
  return toPosting(
    row,
    await postingContext(deps, actor, row.vacancyId),
    await loadAttempts(deps.db, row.id),
  );
}

/** A vacancy's postings, newest first, each with its attempts. */
export async function listVacancyPostings(
  deps: ServiceDeps,
  actor: Actor,
  vacancyId: string,
): Promise<Posting[]> {
  const context = await postingContext(deps, actor, vacancyId);
  const rows = await deps.db
    .select()
    .from(postings)
    .where(and(eq(postings.vacancyId, vacancyId), eq(postings.organisationId, actor.organisationId)))
    .orderBy(desc(postings.createdAt));
  return Promise.all(rows.map(async (row) => toPosting(row, context, await loadAttempts(deps.db, row.id))));
}

export { loadPosting };
