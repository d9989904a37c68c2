import type { PostingSummary, Vacancy } from '../../api';
import { Link } from '../../router';
import { Chip, formatDate } from '../../ui';

/** The vacancy list's table: a checkbox to select each row, and each vacancy's postings as chips. */
export function VacancyTable({
  items,
  postings,
  selected,
  onToggle,
}: {
  items: Vacancy[];
  postings: PostingSummary[];
  selected: string[];
  onToggle: (id: string, on: boolean) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="table vacancies">
        <caption className="visually-hidden">Vacancies, newest first</caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Select</span>
            </th>
            <th scope="col">Vacancy</th>
            <th scope="col">Status</th>
            <th scope="col">Closing date</th>
            <th scope="col">Postings</th>
          </tr>
        </thead>
        <tbody>
          {items.map((v) => {
            const own = postings.filter((p) => p.vacancyId === v.id);
            return (
              <tr key={v.id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select ${v.title} (${v.reference})`}
                    checked={selected.includes(v.id)}
                    onChange={(e) => onToggle(v.id, e.target.checked)}
                  />
                </td>
                <td>
                  <Link to={`/vacancies/${v.id}`} className="strong">
                    {v.title}
                  </Link>
                  <div className="muted">{v.reference}</div>
                </td>
                <td>
                  <Chip state={v.status} />
                </td>
                <td>{formatDate(v.closingDate)}</td>
                <td>
                  {own.length === 0 ? (
                    <span className="muted">Not posted</span>
                  ) : (
                    <ul className="chips">
                      {own.map((p) => (
                        <li key={p.id}>
                          <Link to={`/postings/${p.id}`} className="chip-link" title={p.statusText}>
                            <Chip state={p.status} label={p.connectionName} word={p.stateWord} />
                          </Link>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
