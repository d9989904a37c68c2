import { useState } from 'react';
import { type Application, api, type Page, type Vacancy } from '../api';
import { BarChart, SeriesChart } from '../charts';
import { Link, useTitle } from '../router';
import { Alert, EmptyState, Field, formatDate, formatTime, Loading, useLoad } from '../ui';
import { EmailPreference } from './EmailPreference';

export function VacancyApplications({ vacancyId }: { vacancyId: string }) {
  const data = useLoad(async () => {
    const [vacancy, page, counts] = await Promise.all([
      api<Vacancy>('GET', `/vacancies/${vacancyId}`),
      api<Page<Application>>('GET', `/vacancies/${vacancyId}/applications?limit=100`),
      api<{ total: number; bySource: { source: string; count: number }[] }>(
        'GET',
        `/vacancies/${vacancyId}/applications/counts`,
      ),
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
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Applied</th>
                    <th scope="col">Source</th>
                    <th scope="col">CV</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((a) => (
                    <tr key={a.id}>
                      <td>
                        <span className="strong">{a.name}</span>
                        <div className="muted">
                          <a href={`mailto:${a.email}`}>{a.email}</a>
                        </div>
                      </td>
                      <td>{formatTime(a.createdAt)}</td>
                      <td>{a.source.label}</td>
                      <td>
                        <a href={`/api/v1/applications/${a.id}/cv`} download>
                          Download CV<span className="visually-hidden"> of {a.name}</span> (
                          {a.cv.type.toUpperCase()}, {Math.ceil(a.cv.size / 1024)} KB)
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
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

/** Applications per board over time, across every vacancy of the organisation. */
export function Applications() {
  useTitle('Applications');
  const [range, setRange] = useState(() => {
    const to = new Date();
    return { from: isoDay(new Date(to.getTime() - 12 * 7 * 86_400_000)), to: isoDay(to), interval: 'week' };
  });
  const stats = useLoad(
    () =>
      api<{ series: { source: string; points: { period: string; count: number }[] }[] }>(
        'GET',
        `/applications/stats?${new URLSearchParams(range)}`,
      ),
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
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Period">
        <Field label="From">
          {({ id }) => (
            <input
              id={id}
              type="date"
              value={range.from}
              onChange={(e) => e.target.value && setRange({ ...range, from: e.target.value })}
            />
          )}
        </Field>
        <Field label="To">
          {({ id }) => (
            <input
              id={id}
              type="date"
              value={range.to}
              onChange={(e) => e.target.value && setRange({ ...range, to: e.target.value })}
            />
          )}
        </Field>
        <Field label="Per">
          {({ id }) => (
            <select
              id={id}
              value={range.interval}
              onChange={(e) => setRange({ ...range, interval: e.target.value })}
            >
              <option value="week">Week</option>
              <option value="day">Day</option>
            </select>
          )}
        </Field>
      </form>
      {stats.error ? <Alert>{stats.error}</Alert> : null}
      {stats.loading && !stats.data ? <Loading what="Counting applications" /> : null}
      {stats.data && total === 0 ? (
        <EmptyState title="No applications in this period">
          <p>
            When candidates apply through your careers site or a board's link, they are counted here. To find
            a vacancy's candidates, open it from <Link to="/">Vacancies</Link>.
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
          <div className="table-wrap">
            <table className="table numbers">
              <caption>
                Applications per {range.interval}, {formatDate(range.from)} to {formatDate(range.to)}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{range.interval === 'week' ? 'Week of' : 'Day'}</th>
                  {rows.map((r) => (
                    <th scope="col" key={r.source}>
                      {r.source}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {periods.map((period, p) => (
                  <tr key={period}>
                    <th scope="row">{formatDate(period.slice(0, 10))}</th>
                    {rows.map((r) => (
                      <td key={r.source}>{r.counts[p]}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </>
  );
}
