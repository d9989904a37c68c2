import { and, desc, eq } from 'drizzle-orm';
import { postings } from '../../db/schema.js';
import { ukDate } from '../../domain/vacancy.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { getOrganisation } from '../organisations.js';
import { getVacancy } from '../vacancies/find-vacancies.js';
import { loadAttempts, loadPosting, type Posting, toPosting } from './posting-record.js';

/** What a posting's tracked link and its current values are built from: the vacancy and the organisation. */
export async function postingContext(
  deps: Pick<ServiceDeps, 'db' | 'publicUrl' | 'clock'>,
  actor: Actor,
  vacancyId: string,
) {
  const vacancy = await getVacancy(deps, actor, vacancyId);
  const organisation = await getOrganisation(deps, actor);
  return {
    publicUrl: deps.publicUrl,
    organisationSlug: organisation.slug,
    vacancyReference: vacancy.reference,
    source: { vacancy, organisation, publicUrl: deps.publicUrl, today: ukDate(deps.clock.now()) },
  };
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

export { listPostingSummaries, type PostingSummary } from './posting-summaries.js';
