import { and, count, eq, gte, lt, sql } from 'drizzle-orm';
import { applications } from '../../db/schema.js';
import { AppError, type Issue } from '../../domain/errors.js';
import type { Actor, ServiceDeps } from '../deps.js';

export type StatsInterval = 'day' | 'week';

export interface ApplicationStats {
  /** The first day counted: for weeks, the Monday of the week `from` falls in. */
  from: string;
  to: string;
  interval: StatsInterval;
  /** One line per source that brought applications in the range, most first. */
  series: { source: string; total: number; points: { period: string; count: number }[] }[];
}

const DAY_MS = 86_400_000;
/** The longest ranges: a year of days, three years of weeks. */
export const STATS_MAX_PERIODS: Record<StatsInterval, number> = { day: 366, week: 157 };
const DEFAULT_PERIODS: Record<StatsInterval, number> = { day: 30, week: 12 };

const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const utcDay = (text: string) => new Date(`${text}T00:00:00Z`);
/** The Monday of the week of `day` (ISO weeks, as PostgreSQL's date_trunc('week') counts them). */
const mondayOf = (day: Date) => new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);

/** The days counted: `from` (a Monday for weeks) to `to`, in periods of `step` ms. */
export interface StatsRange {
  from: Date;
  to: Date;
  step: number;
  periods: number;
}

/**
 * The range a query asks for, `today` (YYYY-MM-DD, UTC) filling in what it leaves out: the last 30
 * days or 12 weeks. A range backwards or longer than {@link STATS_MAX_PERIODS} answers 422.
 */
export function statsRange(
  query: { from?: string | undefined; to?: string | undefined; interval: StatsInterval },
  today: string,
): StatsRange {
  const { interval } = query;
  const step = interval === 'week' ? 7 * DAY_MS : DAY_MS;
  const to = utcDay(query.to || today);
  let from = query.from
    ? utcDay(query.from)
    : new Date(to.getTime() - (DEFAULT_PERIODS[interval] - 1) * step);
  if (interval === 'week') from = mondayOf(from);
  const issues: Issue[] = [];
  if (from > to) issues.push({ path: 'from', message: 'From must be on or before To' });
  const periods = Math.floor((to.getTime() - from.getTime()) / step) + 1;
  if (periods > STATS_MAX_PERIODS[interval]) {
    issues.push({
      path: 'to',
      message:
        interval === 'day'
          ? 'Choose at most 366 days, or count by week'
          : `Choose at most ${STATS_MAX_PERIODS.week} weeks`,
    });
  }
  if (issues.length > 0) throw new AppError('validation_failed', 'The query has invalid fields.', { issues });
  return { from, to, step, periods };
}

/** Counts per source and period as series, every period of the range present (zero when none), most first. */
export function statsSeries(
  rows: { source: string; period: string; count: number }[],
  range: StatsRange,
): ApplicationStats['series'] {
  const bySource = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const points = bySource.get(row.source) ?? new Map<string, number>();
    points.set(row.period, row.count);
    bySource.set(row.source, points);
  }
  const allPeriods = Array.from({ length: Math.max(range.periods, 0) }, (_, i) =>
    isoDate(new Date(range.from.getTime() + i * range.step)),
  );
  return [...bySource.entries()]
    .map(([source, counts]) => ({
      source,
      total: [...counts.values()].reduce((sum, n) => sum + n, 0),
      points: allPeriods.map((p) => ({ period: p, count: counts.get(p) ?? 0 })),
    }))
    .sort((a, b) => b.total - a.total || a.source.localeCompare(b.source));
}

/**
 * Applications across the organisation's vacancies, counted per source and per day or week
 * (UTC), every period of the range present (zero when none). One query on (organisation, created).
 */
export async function applicationStats(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  actor: Actor,
  query: { from?: string | undefined; to?: string | undefined; interval: StatsInterval },
): Promise<ApplicationStats> {
  const { interval } = query;
  const range = statsRange(query, isoDate(deps.clock.now()));
  // The unit is one of two fixed words, written into the SQL so SELECT and GROUP BY are the same expression.
  const period = sql<string>`to_char(date_trunc('${sql.raw(interval)}', ${applications.createdAt} at time zone 'UTC'), 'YYYY-MM-DD')`;
  const rows = await deps.db
    .select({ source: applications.sourceLabel, period, count: count() })
    .from(applications)
    .where(
      and(
        eq(applications.organisationId, actor.organisationId),
        gte(applications.createdAt, range.from),
        lt(applications.createdAt, new Date(range.to.getTime() + DAY_MS)),
      ),
    )
    .groupBy(applications.sourceLabel, period);
  const series = statsSeries(
    rows.map((row) => ({ ...row, count: Number(row.count) })),
    range,
  );
  return { from: isoDate(range.from), to: isoDate(range.to), interval, series };
}
