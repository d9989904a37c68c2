import { useId } from 'react';
import type { Application, ApplicationStatus } from '../../api';
import { formatTime } from '../../ui';
import { STATUSES } from './InboxFilters';

/** One application: everything the candidate gave, where they came from, and its status. */
export function InboxItem({
  item,
  vacancyTitle,
  busy,
  onStatus,
}: {
  item: Application;
  vacancyTitle: string | undefined;
  busy: boolean;
  onStatus: (status: ApplicationStatus) => void;
}) {
  const id = useId();
  return (
    <li className="card inbox-item" aria-labelledby={`${id}-name`}>
      <h3 id={`${id}-name`}>{item.name}</h3>
      <dl className="inbox-facts">
        <dt>Vacancy</dt>
        <dd>{vacancyTitle ?? 'A vacancy no longer listed'}</dd>
        <dt>Email</dt>
        <dd>
          <a href={`mailto:${item.email}`}>{item.email}</a>
        </dd>
        <dt>Phone</dt>
        <dd>
          <a href={`tel:${item.phone.replace(/[^\d+]/g, '')}`}>{item.phone}</a>
        </dd>
        <dt>Source</dt>
        <dd>{item.source.label}</dd>
        <dt>Applied</dt>
        <dd>{formatTime(item.createdAt)}</dd>
        <dt>Consent</dt>
        <dd>Agreed to the privacy notice {formatTime(item.consentedAt)}</dd>
        <dt>CV</dt>
        <dd>
          <a href={`/api/v1/applications/${item.id}/cv`} download>
            Download CV<span className="visually-hidden"> of {item.name}</span> ({item.cv.type.toUpperCase()},{' '}
            {Math.ceil(item.cv.size / 1024)} KB)
          </a>
        </dd>
      </dl>
      <h4>Cover note</h4>
      {item.coverNote ? (
        <p className="cover-note">{item.coverNote}</p>
      ) : (
        <p className="muted">No cover note.</p>
      )}
      <label htmlFor={`${id}-status`}>
        Status<span className="visually-hidden"> of {item.name}</span>
      </label>{' '}
      <select
        id={`${id}-status`}
        value={item.status}
        disabled={busy}
        onChange={(e) => onStatus(e.target.value as ApplicationStatus)}
      >
        {STATUSES.map((s) => (
          <option key={s.value} value={s.value}>
            {s.label}
          </option>
        ))}
      </select>
    </li>
  );
}
