import type { Application } from '../../api';
import { formatTime, humanise } from '../../ui';

/** A vacancy's candidates, each with its status and a link to download the CV. */
export function CandidatesTable({ items }: { items: Application[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Applied</th>
            <th scope="col">Source</th>
            <th scope="col">Status</th>
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
              <td>{humanise(a.status)}</td>
              <td>
                <a href={`/api/v1/applications/${a.id}/cv`} download>
                  Download CV<span className="visually-hidden"> of {a.name}</span> ({a.cv.type.toUpperCase()},{' '}
                  {Math.ceil(a.cv.size / 1024)} KB)
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
