import { type Connection, POSTING_STATUSES } from '../../api';
import { navigate } from '../../router';
import { humanise } from '../../ui';

/** The list's filters, as the address keeps them (and GET /vacancies takes them). */
export const FILTER_KEYS = ['status', 'q', 'board', 'postingStatus', 'outOfDate', 'expiring'] as const;
export type Filters = Record<(typeof FILTER_KEYS)[number], string>;

export const filtersOf = (query: URLSearchParams): Filters =>
  Object.fromEntries(FILTER_KEYS.map((k) => [k, query.get(k) ?? ''])) as Filters;

/** The filters as query parameters, the empty ones left out. */
export function filterParams(filters: Filters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key]) params.set(key, filters[key]);
  return params;
}

export const go = (filters: Filters) => {
  const params = filterParams(filters);
  navigate(`/${params.size ? `?${params}` : ''}`, { replace: true });
};

/** Filters on the vacancies' postings: board, posting state, out of date, closing soon. */
export function PostingFilters({ filters, connections }: { filters: Filters; connections: Connection[] }) {
  const boards = [...new Map(connections.map((c) => [c.board, c.boardLabel])).entries()];
  const set = (key: keyof Filters, value: string) => go({ ...filters, [key]: value });
  return (
    <>
      <div className="field">
        <label htmlFor="vacancy-board">Posted on</label>
        <select id="vacancy-board" value={filters.board} onChange={(e) => set('board', e.target.value)}>
          <option value="">Any board</option>
          {boards.map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="vacancy-posting-status">Posting state</label>
        <select
          id="vacancy-posting-status"
          value={filters.postingStatus}
          onChange={(e) => set('postingStatus', e.target.value)}
        >
          <option value="">Any state</option>
          {POSTING_STATUSES.map((s) => (
            <option key={s} value={s}>
              {humanise(s)}
            </option>
          ))}
        </select>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={filters.outOfDate === 'true'}
          onChange={(e) => set('outOfDate', e.target.checked ? 'true' : '')}
        />
        Out of date
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={filters.expiring === 'true'}
          onChange={(e) => set('expiring', e.target.checked ? 'true' : '')}
        />
        Expiring within 7 days
      </label>
    </>
  );
}
