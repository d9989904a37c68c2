// The spend report (docs/postings.md, "Approvals and spend"): what postings accepted for sending in a
// period cost, per connection (board), per month and per vacancy, and the cost per application of
// each connection: its spend ÷ the applications its postings of the period brought (first touch).
import { and, asc, count, eq, gte, lt, sql } from 'drizzle-orm';
import { findBoard } from '../../boards/registry.js';
import { applications, boardConnections, postings, vacancies } from '../../db/schema.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { costCounts } from './month-spend.js';

export interface SpendReport {
  /** The first day of the period and the day after its last (YYYY-MM-DD, UTC). */
  from: string;
  to: string;
  totalPence: number;
  postings: number;
  applications: number;
  byBoard: {
    connectionId: string;
    connectionName: string;
    board: string;
    boardLabel: string;
    postings: number;
    spendPence: number;
    applications: number;
    /** Spend ÷ applications, rounded to the penny; null when no application came. */
    costPerApplicationPence: number | null;
  }[];
  byMonth: { month: string; postings: number; spendPence: number }[];
  byVacancy: { vacancyId: string; reference: string; title: string; postings: number; spendPence: number }[];
}

const dayAt = (day: string) => new Date(`${day}T00:00:00Z`);

/** Spend between `from` (inclusive) and `to` (exclusive), UTC days, of the actor's organisation. */
export async function spendReport(
  deps: ServiceDeps,
  actor: Actor,
  period: { from: string; to: string },
): Promise<SpendReport> {
  const counted = and(
    eq(postings.organisationId, actor.organisationId),
    gte(postings.chargedAt, dayAt(period.from)),
    lt(postings.chargedAt, dayAt(period.to)),
    costCounts,
  );
  const spend = sql<string>`coalesce(sum(${postings.costPence}), 0)`;
  const brought = deps.db
    .select({ postingId: applications.postingId, n: count().as('n') })
    .from(applications)
    .where(eq(applications.organisationId, actor.organisationId))
    .groupBy(applications.postingId)
    .as('brought');
  const boards = await deps.db
    .select({
      connectionId: boardConnections.id,
      connectionName: boardConnections.name,
      board: boardConnections.board,
      postings: count(postings.id),
      spend,
      applications: sql<string>`coalesce(sum(${brought.n}), 0)`,
    })
    .from(postings)
    .innerJoin(boardConnections, eq(boardConnections.id, postings.connectionId))
    .leftJoin(brought, eq(brought.postingId, postings.id))
    .where(counted)
    .groupBy(boardConnections.id, boardConnections.name, boardConnections.board)
    .orderBy(asc(boardConnections.name));
  const month = sql<string>`to_char(${postings.chargedAt} at time zone 'UTC', 'YYYY-MM')`;
  const months = await deps.db
    .select({ month, postings: count(postings.id), spend })
    .from(postings)
    .where(counted)
    .groupBy(month)
    .orderBy(month);
  const byVacancy = await deps.db
    .select({
      vacancyId: vacancies.id,
      reference: vacancies.reference,
      title: vacancies.title,
      postings: count(postings.id),
      spend,
    })
    .from(postings)
    .innerJoin(vacancies, eq(vacancies.id, postings.vacancyId))
    .where(counted)
    .groupBy(vacancies.id, vacancies.reference, vacancies.title)
    .orderBy(sql`coalesce(sum(${postings.costPence}), 0) desc`, asc(vacancies.reference));
  const byBoard = boards.map((b) => {
    const spendPence = Number(b.spend);
    const brought = Number(b.applications);
    return {
      connectionId: b.connectionId,
      connectionName: b.connectionName,
      board: b.board,
      boardLabel: findBoard(b.board)?.label ?? b.board,
      postings: b.postings,
      spendPence,
      applications: brought,
      costPerApplicationPence: brought > 0 ? Math.round(spendPence / brought) : null,
    };
  });
  return {
    ...period,
    totalPence: byBoard.reduce((sum, b) => sum + b.spendPence, 0),
    postings: byBoard.reduce((sum, b) => sum + b.postings, 0),
    applications: byBoard.reduce((sum, b) => sum + b.applications, 0),
    byBoard,
    byMonth: months.map((m) => ({ month: m.month, postings: m.postings, spendPence: Number(m.spend) })),
    byVacancy: byVacancy.map(({ spend: s, ...v }) => ({ ...v, spendPence: Number(s) })),
  };
}
