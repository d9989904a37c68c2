import { api, type ConnectionCounts, type Dashboard as DashboardData } from '../api';
import { Link, useTitle } from '../router';
import { Alert, EmptyState, Loading, useLoad } from '../ui';

type CountKey = 'live' | 'expiringSoon' | 'failed' | 'uncertain' | 'outOfDate';

/** Each count, its column heading and the vacancy list's filter that shows what it counts. */
const COLUMNS: { key: CountKey; heading: string; filter: Record<string, string> }[] = [
  { key: 'live', heading: 'Live', filter: { postingStatus: 'posted' } },
  { key: 'expiringSoon', heading: 'Expiring within 7 days', filter: { expiring: 'true' } },
  { key: 'failed', heading: 'Failed', filter: { postingStatus: 'failed' } },
  { key: 'uncertain', heading: 'Uncertain', filter: { postingStatus: 'uncertain' } },
  { key: 'outOfDate', heading: 'Out of date', filter: { outOfDate: 'true' } },
];

function Count({ row, column }: { row: ConnectionCounts; column: (typeof COLUMNS)[number] }) {
  const n = row[column.key];
  if (n === 0) return <span className="muted">0</span>;
  const query = new URLSearchParams({ board: row.board, ...column.filter });
  return (
    <Link to={`/?${query}`}>
      {n}
      <span className="visually-hidden">
        {' '}
        {column.heading.toLowerCase()} on {row.connectionName}
      </span>
    </Link>
  );
}

/** What's live where: per board connection, the adverts by state, each count a link to the list. */
export function Dashboard() {
  useTitle('Dashboard');
  const load = useLoad(() => api<DashboardData>('GET', '/dashboard'), []);
  if (load.error) return <Alert>{load.error}</Alert>;
  if (!load.data) return <Loading what="Counting the adverts" />;
  const { connections, partial } = load.data;
  return (
    <>
      <div className="page-head">
        <h1>What's live where</h1>
      </div>
      {connections.length === 0 ? (
        <EmptyState title="No board connections yet">
          <p>
            Connect a job board to post vacancies to it: an admin adds one in{' '}
            <Link to="/admin/connections">Admin › Board connections</Link>. Meanwhile, your{' '}
            <Link to="/">vacancies</Link> can be published on your careers site.
          </p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table dashboard">
            <thead>
              <tr>
                <th scope="col">Board connection</th>
                {COLUMNS.map((c) => (
                  <th key={c.key} scope="col">
                    {c.heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {connections.map((row) => (
                <tr key={row.connectionId}>
                  <th scope="row">
                    {row.connectionName} <span className="muted">({row.boardLabel})</span>
                  </th>
                  {COLUMNS.map((c) => (
                    <td key={c.key}>
                      <Count row={row} column={c} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {partial ? (
        <p className="muted">
          "Expiring" and "Out of date" count the newest 2,000 postings; the vacancy list's filters cover them
          all.
        </p>
      ) : null}
    </>
  );
}
