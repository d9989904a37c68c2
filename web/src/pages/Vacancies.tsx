import { useEffect, useState } from 'react';
import { api, type Connection, type Page, type PostingSummary, type Vacancy } from '../api';
import { Link, useLocation, useTitle } from '../router';
import { Alert, EmptyState, Loading, useLoad } from '../ui';
import { BulkActions } from './vacancies/BulkActions';
import { filterParams, filtersOf, go, PostingFilters } from './vacancies/VacancyFilters';
import { VacancyTable } from './vacancies/VacancyTable';

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
        <div className="toolbar-row">
          <Link to="/vacancies/new" className="button">
            New vacancy
          </Link>
          <Link to="/templates" className="button secondary">
            Start from a template
          </Link>
          <Link to="/vacancies/import" className="button secondary">
            Import vacancies
          </Link>
        </div>
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
        <VacancyTable items={items} postings={postings} selected={selected} onToggle={toggle} />
      ) : null}
      {cursor ? (
        <button type="button" className="button secondary" onClick={() => loadMore(cursor)}>
          Show more vacancies
        </button>
      ) : null}
    </>
  );
}
