import { and, desc, eq, inArray } from 'drizzle-orm';
import { boardConnections, organisations, postings, vacancies } from '../../db/schema.js';
import { notFound } from '../../domain/errors.js';
import type { Actor, ServiceDeps } from '../deps.js';
import {
  loadAttempts,
  loadPosting,
  type Posting,
  stateWord,
  statusText,
  toPosting,
} from './posting-record.js';

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

export interface PostingSummary {
  id: string;
  vacancyId: string;
  vacancyReference: string;
  vacancyTitle: string;
  connectionName: string;
  board: string;
  status: Posting['status'];
  statusText: string;
  stateWord: string | null;
  externalId: string | null;
  updatedAt: Date;
}

/** The organisation's postings (of one vacancy, or all), newest first: what `postroom status` shows. */
export async function listPostingSummaries(
  deps: ServiceDeps,
  actor: Actor,
  options: {
    vacancyReference?: string | undefined;
    /** Only these vacancies' postings (the vacancy list's chips). */
    vacancyIds?: string[] | undefined;
    status?: Posting['status'] | undefined;
    limit: number;
  },
): Promise<PostingSummary[]> {
  const rows = await deps.db
    .select({
      posting: postings,
      reference: vacancies.reference,
      title: vacancies.title,
      connectionName: boardConnections.name,
    })
    .from(postings)
    .innerJoin(vacancies, eq(vacancies.id, postings.vacancyId))
    .innerJoin(boardConnections, eq(boardConnections.id, postings.connectionId))
    .where(
      and(
        eq(postings.organisationId, actor.organisationId),
        options.vacancyReference ? eq(vacancies.reference, options.vacancyReference) : undefined,
        options.vacancyIds ? inArray(postings.vacancyId, options.vacancyIds) : undefined,
        options.status ? eq(postings.status, options.status) : undefined,
      ),
    )
    .orderBy(desc(postings.createdAt))
    .limit(options.limit);
  return rows.map(({ posting, reference, title, connectionName }) => ({
    id: posting.id,
    vacancyId: posting.vacancyId,
    vacancyReference: reference,
    vacancyTitle: title,
    connectionName,
    board: posting.board,
    status: posting.status,
    statusText: statusText(posting),
    stateWord: stateWord(posting),
    externalId: posting.externalId ?? null,
    updatedAt: posting.updatedAt,
  }));
}
