import { and, desc, eq, inArray, type Placeholder, sql } from 'drizzle-orm';
import { builtOnceEach } from '../../db/client.js';
import { anyOf, uuidArray } from '../../db/prepared-client.js';
import { boardConnections, contentVersions, postings, vacancies } from '../../db/schema.js';
import { ukDate } from '../../domain/vacancy.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { getOrganisation } from '../organisations.js';
import { keepRecent } from '../recently-used.js';
import { toVacancy } from '../vacancies/vacancy-record.js';
import { FOLLOWING, inStep } from './in-step.js';
import { type Posting, stateWord, statusText } from './posting-record.js';

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

/**
 * The version of a posting that follows its vacancy (null for other postings): the transaction
 * that last wrote its row (`xmin`), which moves with any change to what its board values derive
 * from besides the vacancy and the organisation (see `inStep`); with the organisation's content
 * version (which moves with any change to either) it names one answer to "is this posting out of
 * date?". (A hash of those columns named it too, at ten times the cost in the list's statement.)
 */
const postingVersion = sql<
  string | null
>`case when ${inArray(postings.status, [...FOLLOWING])} then ${sql.raw('"postings"."xmin"')}::text end`;

const contentVersionOf = (organisationId: string | Placeholder) =>
  sql<
    string | null
  >`(select ${contentVersions.version} from ${contentVersions} where ${contentVersions.organisationId} = ${organisationId})`;

/**
 * The list's statement, built once per combination of filters: `key` has a 1 or 0 for each of
 * vacancy reference, vacancy ids and status.
 */
const summaryStatement = builtOnceEach((key, db) => {
  const value = (name: string) => sql.placeholder(name);
  const [vacancyReference, vacancyIds, status] = [...key].map((on) => on === '1');
  return db
    .select({
      id: postings.id,
      vacancyId: postings.vacancyId,
      board: postings.board,
      status: postings.status,
      externalId: postings.externalId,
      updatedAt: postings.updatedAt,
      approval: postings.approval,
      action: postings.action,
      advertState: postings.advertState,
      lastError: postings.lastError,
      uncertainReason: postings.uncertainReason,
      nextAttemptAt: postings.nextAttemptAt,
      scheduledAt: postings.scheduledAt,
      vacancyReference: vacancies.reference,
      vacancyTitle: vacancies.title,
      connectionName: boardConnections.name,
      postingVersion,
      contentVersion: contentVersionOf(value('organisationId')),
    })
    .from(postings)
    .innerJoin(vacancies, eq(vacancies.id, postings.vacancyId))
    .innerJoin(boardConnections, eq(boardConnections.id, postings.connectionId))
    .where(
      and(
        eq(postings.organisationId, value('organisationId')),
        // A reference is unique within the organisation: both together find the vacancy by its index.
        vacancyReference
          ? and(
              eq(vacancies.organisationId, value('organisationId')),
              eq(vacancies.reference, value('vacancyReference')),
            )
          : undefined,
        vacancyIds ? anyOf(postings.vacancyId, value('vacancyIds')) : undefined,
        status ? eq(postings.status, value('status')) : undefined,
      ),
    )
    .orderBy(desc(postings.createdAt))
    .limit(value('limit'))
    .prepare(`postroom_posting_summaries_${key}`);
});

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
  // The summary's columns only: the advert's values are read for the postings not yet worked out.
  const key = [options.vacancyReference, options.vacancyIds, options.status].map((v) => (v ? 1 : 0)).join('');
  const rows = await summaryStatement(key, deps.db).execute({
    organisationId: actor.organisationId,
    vacancyReference: options.vacancyReference,
    vacancyIds: options.vacancyIds && uuidArray(options.vacancyIds),
    status: options.status,
    limit: options.limit,
  });
  const outOfDate = await outOfDateOf(deps, actor, rows);
  return rows.map((row) => ({
    id: row.id,
    vacancyId: row.vacancyId,
    vacancyReference: row.vacancyReference,
    vacancyTitle: row.vacancyTitle,
    connectionName: row.connectionName,
    board: row.board,
    status: row.status,
    statusText: statusText(row),
    stateWord: stateWord(row),
    externalId: row.externalId ?? null,
    outOfDate: outOfDate.get(row.id) ?? false,
    updatedAt: row.updatedAt,
  }));
}

/** A listed posting's part in working out whether it is out of date. */
interface Listed {
  id: string;
  status: Posting['status'];
  postingVersion: string | null;
  contentVersion: string | null;
}

/**
 * Which of the listed postings that follow their vacancy are out of date: those worked out before at
 * this content version and UK day from the memo, the rest from the posting and vacancy read whole.
 */
async function outOfDateOf(deps: ServiceDeps, actor: Actor, rows: Listed[]): Promise<Map<string, boolean>> {
  const result = new Map<string, boolean>();
  const following = rows.filter((r) => FOLLOWING.includes(r.status));
  if (following.length === 0) return result;
  const today = ukDate(deps.clock.now());
  const version = following[0]!.contentVersion ?? '0';
  const known = knownAt(actor.organisationId, `${version}:${today}`);
  const missing = following.filter((r) => {
    const answer = known.get(`${r.id}:${r.postingVersion}`);
    if (answer !== undefined) result.set(r.id, answer);
    return answer === undefined;
  });
  if (missing.length === 0) return result;
  const organisation = await getOrganisation(deps, actor);
  const whole = await deps.db
    .select({
      posting: postings,
      vacancy: vacancies,
      postingVersion,
      contentVersion: contentVersionOf(actor.organisationId),
    })
    .from(postings)
    .innerJoin(vacancies, eq(vacancies.id, postings.vacancyId))
    .where(
      and(
        eq(postings.organisationId, actor.organisationId),
        anyOf(
          postings.id,
          missing.map((r) => r.id),
        ),
      ),
    );
  for (const { posting, vacancy, ...read } of whole) {
    const source = { vacancy: toVacancy(vacancy), organisation, publicUrl: deps.publicUrl, today };
    const answer = inStep(posting, source).outOfDate;
    result.set(posting.id, answer);
    // Kept only when nothing it depends on moved since the list was read (the organisation included).
    if ((read.contentVersion ?? '0') === version) known.set(`${posting.id}:${read.postingVersion}`, answer);
  }
  return result;
}

/** Postings' "out of date" answers kept per organisation, at one content version and UK day. */
const memo = new Map<string, { at: string; known: Map<string, boolean> }>();
const MEMO_ORGANISATIONS = 1_000;
const MEMO_POSTINGS = 20_000;

/** The organisation's kept answers at `at` (content version and day); a new `at` starts afresh. */
function knownAt(organisationId: string, at: string): Map<string, boolean> {
  let kept = memo.get(organisationId);
  if (kept?.at !== at) kept = { at, known: new Map() };
  if (kept.known.size > MEMO_POSTINGS) kept.known.clear();
  return keepRecent(memo, organisationId, kept, MEMO_ORGANISATIONS).known;
}
