import type { ApplicationStatus, Vacancy } from '../../api';
import { Field } from '../../ui';

export const STATUSES: { value: ApplicationStatus; label: string }[] = [
  { value: 'new', label: 'New' },
  { value: 'reviewing', label: 'Reviewing' },
  { value: 'shortlisted', label: 'Shortlisted' },
  { value: 'rejected', label: 'Rejected' },
  { value: 'hired', label: 'Hired' },
];

/** What the inbox shows; an empty value is "any". */
export interface InboxFilter {
  vacancyId: string;
  source: string;
  status: string;
}

/** The filter as a query string, without the empty ones: the same for the list and the CSV export. */
export const filterQuery = (filter: InboxFilter) =>
  new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== '')).toString();

export function InboxFilters({
  filter,
  vacancies,
  sources,
  onChange,
}: {
  filter: InboxFilter;
  vacancies: Vacancy[];
  sources: string[];
  onChange: (filter: InboxFilter) => void;
}) {
  return (
    <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter applications">
      <Field label="Vacancy">
        {({ id }) => (
          <select
            id={id}
            value={filter.vacancyId}
            onChange={(e) => onChange({ ...filter, vacancyId: e.target.value })}
          >
            <option value="">All vacancies</option>
            {vacancies.map((v) => (
              <option key={v.id} value={v.id}>
                {v.title} ({v.reference})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Source">
        {({ id }) => (
          <select
            id={id}
            value={filter.source}
            onChange={(e) => onChange({ ...filter, source: e.target.value })}
          >
            <option value="">All sources</option>
            {sources.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Status">
        {({ id }) => (
          <select
            id={id}
            value={filter.status}
            onChange={(e) => onChange({ ...filter, status: e.target.value })}
          >
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        )}
      </Field>
    </form>
  );
}
