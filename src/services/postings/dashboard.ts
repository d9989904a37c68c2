import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import { findBoard } from '../../boards/registry.js';
import { boardConnections, postings, vacancies } from '../../db/schema.js';
import type { PostingStatus } from '../../domain/posting.js';
import { addDays, RENEW_WARNING_DAYS } from '../../domain/renewal.js';
import { ukDate } from '../../domain/vacancy.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { getOrganisation } from '../organisations.js';
import { toVacancy } from '../vacancies/vacancy-record.js';
import { inStep } from './in-step.js';
import { advertEndOf } from './posting-record.js';

/** What is live where, through one board connection. */
export interface ConnectionCounts {
  connectionId: string;
  connectionName: string;
  board: string;
  boardLabel: string;
  /** Adverts posted on the board (changes on their way included). */
  live: number;
  /** Live adverts that end on the board within 7 days (today included). */
  expiringSoon: number;
  failed: number;
  uncertain: number;
  /** Postings whose board values differ from what the vacancy now gives. */
  outOfDate: number;
}

export interface Dashboard {
  connections: ConnectionCounts[];
  /** True when there were more postings to compare than `COMPARED_AT_MOST`: `expiringSoon` and `outOfDate` count the newest. */
  partial: boolean;
}

/**
 * Postings whose advert end and in-step state are worked out one by one (both come from the board's
 * own rules and the vacancy), newest first; the counts by state are SQL and cover every posting.
 */
export const COMPARED_AT_MOST = 2_000;

const LIVE: readonly PostingStatus[] = ['posted', 'updating'];
/** States whose board values still follow the vacancy (as in in-step.ts). */
const FOLLOWING: readonly PostingStatus[] = ['posted', 'updating', 'queued', 'scheduled'];

/** The organisation's "what's live where": per connection, the counts by state. */
export async function dashboard(deps: ServiceDeps, actor: Actor): Promise<Dashboard> {
  const org = actor.organisationId;
  const connections = await deps.db
    .select({ id: boardConnections.id, name: boardConnections.name, board: boardConnections.board })
    .from(boardConnections)
    .where(and(eq(boardConnections.organisationId, org), isNull(boardConnections.archivedAt)))
    .orderBy(boardConnections.name);
  const byState = await deps.db
    .select({ connectionId: postings.connectionId, status: postings.status, n: count() })
    .from(postings)
    .where(and(eq(postings.organisationId, org), inArray(postings.status, [...LIVE, 'failed', 'uncertain'])))
    .groupBy(postings.connectionId, postings.status);
  const counts = new Map<string, ConnectionCounts>(
    connections.map((c) => [
      c.id,
      {
        connectionId: c.id,
        connectionName: c.name,
        board: c.board,
        boardLabel: findBoard(c.board)?.label ?? c.board,
        live: 0,
        expiringSoon: 0,
        failed: 0,
        uncertain: 0,
        outOfDate: 0,
      },
    ]),
  );
  for (const { connectionId, status, n } of byState) {
    const entry = counts.get(connectionId);
    if (!entry) continue;
    if (LIVE.includes(status)) entry.live += n;
    else if (status === 'failed') entry.failed += n;
    else if (status === 'uncertain') entry.uncertain += n;
  }
  const partial = await compareFollowing(deps, actor, counts);
  return { connections: [...counts.values()], partial };
}

/** Adds the expiring and out-of-date counts, from the newest following postings; true when capped. */
async function compareFollowing(
  deps: ServiceDeps,
  actor: Actor,
  counts: Map<string, ConnectionCounts>,
): Promise<boolean> {
  const rows = await deps.db
    .select({ posting: postings, vacancy: vacancies })
    .from(postings)
    .innerJoin(vacancies, eq(vacancies.id, postings.vacancyId))
    .where(and(eq(postings.organisationId, actor.organisationId), inArray(postings.status, [...FOLLOWING])))
    .orderBy(desc(postings.createdAt))
    .limit(COMPARED_AT_MOST + 1);
  if (rows.length === 0) return false;
  const organisation = await getOrganisation(deps, actor);
  const today = ukDate(deps.clock.now());
  const until = addDays(today, RENEW_WARNING_DAYS);
  for (const { posting, vacancy } of rows.slice(0, COMPARED_AT_MOST)) {
    const entry = counts.get(posting.connectionId);
    if (!entry) continue;
    const source = { vacancy: toVacancy(vacancy), organisation, publicUrl: deps.publicUrl, today };
    if (inStep(posting, source).outOfDate) entry.outOfDate += 1;
    const endsOn = LIVE.includes(posting.status) ? advertEndOf(posting, vacancy.closingDate)?.endsOn : null;
    if (endsOn && endsOn >= today && endsOn <= until) entry.expiringSoon += 1;
  }
  return rows.length > COMPARED_AT_MOST;
}
