import { and, desc, eq, inArray } from 'drizzle-orm';
import { boardConnections, postings, vacancies } from '../../db/schema.js';
import { ukDate } from '../../domain/vacancy.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { getOrganisation } from '../organisations.js';
import { getVacancy } from '../vacancies/find-vacancies.js';
import { toVacancy } from '../vacancies/vacancy-record.js';
import { inStep } from './in-step.js';
import {
  loadAttempts,
  loadPosting,
  type Posting,
  stateWord,
  statusText,
  toPosting,
} from './posting-record.js';

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
  /** True when the board holds other values than the vacancy now gives (details on the posting). */
  outOfDate: boolean;
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
    .select({ posting: postings, vacancy: vacancies, connectionName: boardConnections.name })
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
  const organisation = await getOrganisation(deps, actor);
  const today = ukDate(deps.clock.now());
  return rows.map(({ posting, vacancy, connectionName }) => ({
    id: posting.id,
    vacancyId: posting.vacancyId,
    vacancyReference: vacancy.reference,
    vacancyTitle: vacancy.title,
    connectionName,
    board: posting.board,
    status: posting.status,
    statusText: statusText(posting),
    stateWord: stateWord(posting),
    externalId: posting.externalId ?? null,
    outOfDate: inStep(posting, {
      vacancy: toVacancy(vacancy),
      organisation,
      publicUrl: deps.publicUrl,
      today,
    }).outOfDate,
    updatedAt: posting.updatedAt,
  }));
}
