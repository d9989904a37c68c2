import { useState } from 'react';
import { api, formatPence, type SpendReport } from '../api';
import { BarChart } from '../charts';
import { useTitle } from '../router';
import { Alert, EmptyState, Field, Loading, useLoad } from '../ui';

const pounds = (pence: number) => Math.round(pence / 100);

/** What posting cost: per board, per month and per vacancy, and cost per application, with a chart. */
export function Spend() {
  useTitle('Spend');
  const [period, setPeriod] = useState({ from: '', to: '' });
  const query = new URLSearchParams(Object.entries(period).filter(([, v]) => v)).toString();
  const report = useLoad(() => api<SpendReport>('GET', `/reports/spend${query ? `?${query}` : ''}`), [query]);
  const r = report.data;
  return (
    <>
      <h1>Spend</h1>
      <p className="lead">
        A posting’s cost counts in the month it was accepted for sending (posted, or approved). A rejected
        posting, or one that never reached the board, costs nothing.
      </p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <Field label="From" hint="First day">
          {({ id, describedBy }) => (
            <input
              id={id}
              type="date"
              aria-describedby={describedBy}
              value={period.from}
              onChange={(e) => setPeriod({ ...period, from: e.target.value })}
            />
          )}
        </Field>
        <Field label="To" hint="The day after the last">
          {({ id, describedBy }) => (
            <input
              id={id}
              type="date"
              aria-describedby={describedBy}
              value={period.to}
              onChange={(e) => setPeriod({ ...period, to: e.target.value })}
            />
          )}
        </Field>
      </form>
      {report.error ? <Alert>{report.error}</Alert> : null}
      {!r && !report.error ? <Loading what="Loading the spend report" /> : null}
      {r && r.postings === 0 ? <EmptyState title="Nothing spent in this period" /> : null}
      {r && r.postings > 0 ? (
        <>
          <p>
            <span className="strong">{formatPence(r.totalPence)}</span> on {r.postings} posting(s) from{' '}
            {r.from} to {r.to}, which brought {r.applications} application(s).
          </p>
          <h2>By board</h2>
          <BarChart
            title="Spend by board, in pounds"
            data={r.byBoard.map((b) => ({ label: b.connectionName, count: pounds(b.spendPence) }))}
          />
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Spend by board</caption>
              <thead>
                <tr>
                  <th scope="col">Connection</th>
                  <th scope="col">Postings</th>
                  <th scope="col">Spend</th>
                  <th scope="col">Applications</th>
                  <th scope="col">Cost per application</th>
                </tr>
              </thead>
              <tbody>
                {r.byBoard.map((b) => (
                  <tr key={b.connectionId}>
                    <th scope="row">
                      {b.connectionName} <span className="muted">({b.boardLabel})</span>
                    </th>
                    <td>{b.postings}</td>
                    <td>{formatPence(b.spendPence)}</td>
                    <td>{b.applications}</td>
                    <td>
                      {b.costPerApplicationPence === null ? '—' : formatPence(b.costPerApplicationPence)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>By month</h2>
          <BarChart
            title="Spend by month, in pounds"
            data={r.byMonth.map((m) => ({ label: m.month, count: pounds(m.spendPence) }))}
          />
          <h2>By vacancy</h2>
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Spend by vacancy</caption>
              <thead>
                <tr>
                  <th scope="col">Vacancy</th>
                  <th scope="col">Postings</th>
                  <th scope="col">Spend</th>
                </tr>
              </thead>
              <tbody>
                {r.byVacancy.map((v) => (
                  <tr key={v.vacancyId}>
                    <th scope="row">
                      {v.title} <span className="muted">({v.reference})</span>
                    </th>
                    <td>{v.postings}</td>
                    <td>{formatPence(v.spendPence)}</td>
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
