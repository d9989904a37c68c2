import { useEffect, useState } from 'react';
import { api, type Connection, type Page, type PostingSummary, type Vacancy } from '../api';
import { Link, useLocation, useTitle } from '../router';
import { Alert, Chip, EmptyState, formatDate, Loading, useLoad } from '../ui';
import { BulkActions } from './vacancies/BulkActions';
import { filterParams, filtersOf, go, PostingFilters } from './vacancies/VacancyFilters';

/** The postings of a page of vacancies, in one request, for their chips. */
async function postingsOf(vacancies: Vacancy[]): Promise<PostingSummary[]> {
  if (vacancies.length === 0) return [];
  const query = vacancies.map((v) => `vacancyId=${encodeURIComponent(v.id)}`).join('&');
  try {
    return (await api<{ items: PostingSummary[] }>('GET', `/postings?${query}`)).items;
  } catch {
    // The chips are a help: without them the list still works.
    return [];
  }
}

export function Vacancies() {
  useTitle('Vacancies');
  const { query } = useLocation();
  const filters = filtersOf(query);
  const { status, q } = filters;
  const key = filterParams(filters).toString();
  const [search, setSearch] = useState(q);
  const [more, setMore] = useState<{ items: Vacancy[]; postings: PostingSummary[]; cursor: string | null }>();
  const [selected, setSelected] = useState<string[]>([]);
  const connections = useLoad(
    async () => (await api<{ items: Connection[] }>('GET', '/connections')).items,
    [],
  );

  // Search as you type, a moment after the last key; the address keeps the filters.
  useEffect(() => {
    if (search === q) return;
    const timer = setTimeout(() => go({ ...filtersOf(new URLSearchParams(key)), q: search.trim() }), 300);
    return () => clearTimeout(timer);
  }, [search, q, key]);

  const list = useLoad(async () => {
    const params = new URLSearchParams(key);
    params.set('limit', '25');
    const page = await api<Page<Vacancy>>('GET', `/vacancies?${params}`);
    setMore(undefined);
    return { page, postings: await postingsOf(page.items) };
  }, [key]);

  const loadMore = async (cursor: string) => {
    const params = new URLSearchParams(key);
    params.set('limit', '25');
    params.set('cursor', cursor);
    const page = await api<Page<Vacancy>>('GET', `/vacancies?${params}`);
    const postings = await postingsOf(page.items);
    setMore((m) => ({
      items: [...(m?.items ?? []), ...page.items],
      postings: [...(m?.postings ?? []), ...postings],
      cursor: page.nextCursor,
    }));
  };

  const items = [...(list.data?.page.items ?? []), ...(more?.items ?? [])];
  const postings = [...(list.data?.postings ?? []), ...(more?.postings ?? [])];
  const cursor = more ? more.cursor : (list.data?.page.nextCursor ?? null);
  const filtered = key !== '';
  const toggle = (id: string, on: boolean) =>
    setSelected((now) => (on ? [...now, id] : now.filter((s) => s !== id)));

  return (
    <>
      <div className="page-head">
        <h1>Vacancies</h1>
        <Link to="/vacancies/new" className="button">
          New vacancy
        </Link>
      </div>
      <search className="filters" aria-label="Find vacancies">
        <div className="field">
          <label htmlFor="vacancy-search">Search title or reference</label>
          <input
            id="vacancy-search"
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="vacancy-status">Status</label>
          <select
            id="vacancy-status"
            value={status}
            onChange={(e) => go({ ...filters, status: e.target.value })}
          >
            <option value="">Any status</option>
            <option value="draft">Draft</option>
            <option value="live">Live</option>
            <option value="closed">Closed</option>
          </select>
        </div>
        <PostingFilters filters={filters} connections={connections.data ?? []} />
      </search>
      {items.length > 0 ? (
        <BulkActions
          selected={items.filter((v) => selected.includes(v.id))}
          postings={postings}
          connections={connections.data ?? []}
          onDone={list.reload}
        />
      ) : null}
      {list.error ? <Alert>{list.error}</Alert> : null}
      {list.loading && !list.data ? <Loading what="Loading vacancies" /> : null}
      {list.data && items.length === 0 ? (
        filtered ? (
          <EmptyState title="No vacancy matches">
            <p>Try other words, or other filters.</p>
          </EmptyState>
        ) : (
          <EmptyState title="No vacancies yet">
            <p>Write a vacancy once: publish it on your careers site and post it to job boards from here.</p>
            <Link to="/vacancies/new" className="button">
              Write your first vacancy
            </Link>
          </EmptyState>
        )
      ) : null}
      {items.length > 0 ? (
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
                        onChange={(e) => toggle(v.id, e.target.checked)}
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
      ) : null}
      {cursor ? (
        <button type="button" className="button secondary" onClick={() => loadMore(cursor)}>
          Show more vacancies
        </button>
      ) : null}
    </>
  );
}
