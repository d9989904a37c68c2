import { useState } from 'react';
import {
  type Application,
  type ApplicationStatus,
  api,
  type Board,
  messageOf,
  type Page,
  type Vacancy,
} from '../../api';
import { Alert, EmptyState, Loading, useLoad } from '../../ui';
import { filterQuery, type InboxFilter, InboxFilters, STATUSES } from './InboxFilters';
import { InboxItem } from './InboxItem';

const OTHER_SOURCES = ['Careers site', 'Indeed', 'LinkedIn', 'Adzuna', 'Jooble', 'JSON feed', 'Unknown'];

/** Every application across vacancies, filtered, each with its status control; a CSV of what it shows. */
export function Inbox() {
  const [filter, setFilter] = useState<InboxFilter>({ vacancyId: '', source: '', status: '' });
  const [said, setSaid] = useState<{ kind: 'success' | 'error'; text: string }>();
  const [busy, setBusy] = useState<string>();
  const choices = useLoad(async () => {
    const [vacancies, boards] = await Promise.all([
      api<Page<Vacancy>>('GET', '/vacancies?limit=100'),
      api<{ items: Board[] }>('GET', '/boards'),
    ]);
    return { vacancies: vacancies.items, sources: [...boards.items.map((b) => b.label), ...OTHER_SOURCES] };
  }, []);
  const query = filterQuery(filter);
  const list = useLoad(() => api<Page<Application>>('GET', `/applications?limit=100&${query}`), [query]);
  const [changed, setChanged] = useState<Record<string, ApplicationStatus>>({});

  const setStatus = async (item: Application, status: ApplicationStatus) => {
    setBusy(item.id);
    try {
      await api<Application>('PATCH', `/applications/${item.id}`, { status });
      setChanged((c) => ({ ...c, [item.id]: status }));
      const label = STATUSES.find((s) => s.value === status)?.label.toLowerCase();
      setSaid({ kind: 'success', text: `${item.name} is now ${label}.` });
    } catch (error) {
      setSaid({ kind: 'error', text: messageOf(error) });
    } finally {
      setBusy(undefined);
    }
  };
  const titles = new Map((choices.data?.vacancies ?? []).map((v) => [v.id, v.title]));
  const items = (list.data?.items ?? []).map((a) => ({ ...a, status: changed[a.id] ?? a.status }));

  return (
    <section aria-labelledby="inbox-title">
      <h2 id="inbox-title">Inbox</h2>
      <InboxFilters
        filter={filter}
        vacancies={choices.data?.vacancies ?? []}
        sources={choices.data?.sources ?? OTHER_SOURCES}
        onChange={(f) => {
          setChanged({});
          setFilter(f);
        }}
      />
      <p>
        <a className="button secondary" href={`/api/v1/applications/export.csv?${query}`} download>
          Export CSV<span className="visually-hidden"> of the applications this filter shows</span>
        </a>
      </p>
      {/* Always present, so a screen reader announces each change of status as it is made. */}
      <output className={said ? `alert alert-${said.kind} inbox-said` : 'inbox-said'}>{said?.text}</output>
      {list.error ? <Alert>{list.error}</Alert> : null}
      {list.loading && !list.data ? <Loading what="Loading applications" /> : null}
      {list.data && items.length === 0 ? (
        <EmptyState title="No applications match">
          <p>
            Change the filters above, or wait for candidates to apply through your careers site or a board.
          </p>
        </EmptyState>
      ) : null}
      <ul className="inbox-list">
        {items.map((a) => (
          <InboxItem
            key={a.id}
            item={a}
            vacancyTitle={titles.get(a.vacancyId)}
            busy={busy === a.id}
            onStatus={(status) => setStatus(a, status)}
          />
        ))}
      </ul>
      {list.data?.nextCursor ? (
        <p className="muted">
          Showing the newest 100; narrow the filters, or export the CSV for all of them.
        </p>
      ) : null}
    </section>
  );
}
