import { useState } from 'react';
import {
  type Application,
  type ApplicationCounts,
  type ApplicationStats,
  api,
  type Page,
  type Vacancy,
} from '../api';
import { BarChart, SeriesChart } from '../charts';
import { Link, useTitle } from '../router';
import { Alert, EmptyState, Loading, useLoad } from '../ui';
import { CandidatesTable } from './applications/CandidatesTable';
import { Inbox } from './applications/Inbox';
import { PeriodFilters, StatsTable } from './applications/StatsTable';
import { EmailPreference } from './EmailPreference';

export function VacancyApplications({ vacancyId }: { vacancyId: string }) {
  const data = useLoad(async () => {
    const [vacancy, page, counts] = await Promise.all([
      api<Vacancy>('GET', `/vacancies/${vacancyId}`),
      api<Page<Application>>('GET', `/vacancies/${vacancyId}/applications?limit=100`),
      api<ApplicationCounts>('GET', `/vacancies/${vacancyId}/applications/counts`),
    ]);
    return { vacancy, page, counts };
  }, [vacancyId]);
  const [more, setMore] = useState<{ items: Application[]; cursor: string | null }>();
  useTitle(data.data ? `Applications for ${data.data.vacancy.title}` : 'Applications');
  if (data.error) return <Alert>{data.error}</Alert>;
  if (!data.data) return <Loading what="Loading applications" />;
  const { vacancy, page, counts } = data.data;
  const items = [...page.items, ...(more?.items ?? [])];
  const cursor = more ? more.cursor : page.nextCursor;
  const loadMore = async (c: string) => {
    const next = await api<Page<Application>>(
      'GET',
      `/vacancies/${vacancyId}/applications?limit=100&cursor=${encodeURIComponent(c)}`,
    );
    setMore((m) => ({ items: [...(m?.items ?? []), ...next.items], cursor: next.nextCursor }));
  };

  return (
    <>
      <p className="breadcrumbs">
        <Link to="/">Vacancies</Link> › <Link to={`/vacancies/${vacancy.id}`}>{vacancy.title}</Link>
      </p>
      <h1>Applications for {vacancy.title}</h1>
      {counts.total === 0 ? (
        <EmptyState title="No applications yet">
          <p>
            Candidates apply on your careers site; each application is credited to the board whose link
            brought them.{' '}
            {vacancy.status === 'live'
              ? 'Posting to more boards brings more candidates.'
              : 'Publish the vacancy to receive applications.'}
          </p>
        </EmptyState>
      ) : (
        <>
          <section aria-labelledby="by-source">
            <h2 id="by-source">
              {counts.total} application{counts.total === 1 ? '' : 's'} by source
            </h2>
            <BarChart
              title="Applications by source"
              data={counts.bySource.map((s) => ({ label: s.source, count: s.count }))}
            />
          </section>
          <section aria-labelledby="list-title">
            <h2 id="list-title">Candidates</h2>
            <CandidatesTable items={items} />
            {cursor ? (
              <button type="button" className="button secondary" onClick={() => loadMore(cursor)}>
                Show more applications
              </button>
            ) : null}
          </section>
        </>
      )}
    </>
  );
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The inbox of every application, then applications per board over time, across every vacancy. */
export function Applications() {
  useTitle('Applications');
  const [range, setRange] = useState(() => {
    const to = new Date();
    return { from: isoDay(new Date(to.getTime() - 12 * 7 * 86_400_000)), to: isoDay(to), interval: 'week' };
  });
  const stats = useLoad(
    () => api<ApplicationStats>('GET', `/applications/stats?${new URLSearchParams(range)}`),
    [range.from, range.to, range.interval],
  );
  const series = stats.data?.series ?? [];
  const periods = [...new Set(series.flatMap((s) => s.points.map((p) => p.period)))].sort();
  const rows = series.map((s) => ({
    source: s.source,
    counts: periods.map((period) => s.points.find((p) => p.period === period)?.count ?? 0),
  }));
  const total = rows.reduce((n, r) => n + r.counts.reduce((a, b) => a + b, 0), 0);

  return (
    <>
      <h1>Applications</h1>
      <p className="lead">Applications to every vacancy, by the board or site that brought each candidate.</p>
      <EmailPreference />
      <Inbox />
      <h2>Applications over time</h2>
      <PeriodFilters range={range} onChange={setRange} />
      {stats.error ? <Alert>{stats.error}</Alert> : null}
      {stats.loading && !stats.data ? <Loading what="Counting applications" /> : null}
      {stats.data && total === 0 ? (
        <EmptyState title="No applications in this period">
          <p>
            When candidates apply through your careers site or a board's link, they are counted here. Every
            candidate is in the inbox above, or open a vacancy from <Link to="/">Vacancies</Link>.
          </p>
        </EmptyState>
      ) : null}
      {stats.data && total > 0 ? (
        <>
          <SeriesChart
            title={`Applications per ${range.interval} by source`}
            periods={periods}
            series={rows}
          />
          <StatsTable range={range} periods={periods} rows={rows} />
        </>
      ) : null}
    </>
  );
}
