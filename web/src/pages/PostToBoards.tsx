import { useCallback, useEffect, useRef, useState } from 'react';
import { AdvertPreview } from '../AdvertPreview';
import {
  ApiError,
  api,
  type Board,
  type BoardField,
  type Connection,
  formatPence,
  messageOf,
  type Posting,
  type Preview,
  type Vacancy,
} from '../api';
import { BoardForm, fieldId, type IssueMap, isShown, issueMap } from '../BoardForm';
import { ConnectionTerms } from '../ConnectionTerms';
import { ErrorSummary, type SummaryGroup } from '../ErrorSummary';
import { usePostingFollower } from '../follow';
import { Link, useTitle } from '../router';
import { ScheduleChoice, type When } from '../schedule/ScheduleChoice';
import { readScheduleTime } from '../schedule/schedule';
import { useSession } from '../session';
import { templateBoardFields } from '../templates';
import { Alert, Chip, EmptyState, Loading, useLoad } from '../ui';

type Values = Record<string, unknown>;

/** Ids in a connection's panel: its heading, its controls (by field path), its list of other issues. */
const ids = (connectionId: string) => ({
  heading: `conn-${connectionId}`,
  fields: `f-${connectionId}`,
  elsewhere: `issues-${connectionId}`,
  advert: `advert-${connectionId}`,
});

/**
 * A panel's issues: the board's refusal of a send when it named fields, else the preview's. When
 * changing a posting (`sent`), what the board already accepted is not questioned again (e.g. the
 * posting's own reference, which a new posting could not reuse); the server checks it all on send.
 */
function panelIssues(board: Board, preview: Preview, values: Values, postIssues?: ApiError, sent?: Values) {
  const previewIssues = sent
    ? preview.issues.filter((i) => {
        const key = i.path.replace(/^fields\./, '').split('.')[0] ?? '';
        return JSON.stringify(values[key]) !== JSON.stringify(sent[key]);
      })
    : preview.issues;
  const issues: IssueMap = issueMap(postIssues?.issues.length ? postIssues.issues : previewIssues);
  const shownKeys = new Set(board.fields.filter((f) => !f.hidden && isShown(f, values)).map((f) => f.key));
  const isElsewhere = (path: string) => !shownKeys.has(path.split('.')[0] ?? '');
  return { issues, isElsewhere };
}

/** The field's label at `path` ("salary.min" → "Salary, From"), or '' for a path it does not declare. */
function labelAt(fields: readonly BoardField[], path: string): string {
  const [key = '', ...rest] = path.split('.');
  const field = fields.find((f) => f.key === key);
  if (!field) return '';
  const inner = rest.length ? labelAt(field.properties ?? [], rest.join('.')) : '';
  return inner ? `${field.label}, ${inner}` : field.label;
}

/** A board message that does not name its field (e.g. "Please fill the required fields") gets its label. */
function namedMessage(fields: readonly BoardField[], path: string, message: string): string {
  const label = labelAt(fields, path);
  return label && !message.toLowerCase().includes(label.toLowerCase()) ? `${label}: ${message}` : message;
}

/** The error summary's part for one connection: each error, linked to its field. */
function summaryGroup(
  connection: Connection,
  board: Board | undefined,
  preview: Preview | { error: string } | undefined,
  overrides: Values,
  postError: ApiError | undefined,
): SummaryGroup | null {
  const own = ids(connection.id);
  const whole = (message: string) => ({ title: connection.name, items: [{ target: own.heading, message }] });
  if (postError && !postError.issues.length) return whole(postError.message);
  if (!board || !preview) return null;
  if ('error' in preview) return whole(preview.error);
  const { issues, isElsewhere } = panelIssues(board, preview, { ...preview.fields, ...overrides }, postError);
  // In the order of the form (GOV.UK), problems with no field of their own last.
  const place = (path: string) => {
    const index = board.fields.findIndex((f) => f.key === path.split('.')[0]);
    return isElsewhere(path) || index < 0 ? board.fields.length : index;
  };
  const items = Object.entries(issues)
    .filter(([, issue]) => issue.severity === 'error')
    .sort(([a], [b]) => place(a) - place(b))
    .map(([path, issue]) => ({
      target: isElsewhere(path) ? own.elsewhere : fieldId(own.fields, path),
      message: namedMessage(board.fields, path, issue.message),
    }));
  return items.length ? { title: connection.name, items } : null;
}

/** One connection's form: the user's overrides, and the server's preview of them (debounced). */
export function ConnectionForm({
  vacancyId,
  connection,
  board,
  overrides,
  setOverrides,
  preview,
  setPreview,
  postIssues,
  sent,
  postingId,
  changingAdvert = false,
}: {
  vacancyId: string;
  connection: Connection;
  board: Board;
  overrides: Values;
  setOverrides: (values: Values) => void;
  preview: Preview | { error: string } | undefined;
  setPreview: (preview: Preview | { error: string }) => void;
  postIssues: ApiError | undefined;
  /** When changing a posting: the fields it was sent with. */
  sent?: Values;
  /** When changing a posting: its id, so that the preview checks the fields as a change to it. */
  postingId?: string;
  /** True when the board has the advert: fields it keeps as first sent are locked. */
  changingAdvert?: boolean;
}) {
  const [checking, setChecking] = useState(false);
  const first = useRef(true);
  const key = JSON.stringify(overrides);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the overrides.
  useEffect(() => {
    const delay = first.current ? 0 : 350;
    first.current = false;
    setChecking(true);
    let live = true;
    const timer = setTimeout(async () => {
      try {
        const next = await api<Preview>('POST', `/vacancies/${vacancyId}/postings/preview`, {
          connectionId: connection.id,
          fields: overrides,
          ...(postingId ? { postingId } : {}),
        });
        if (live) setPreview(next);
      } catch (error) {
        if (live) setPreview({ error: messageOf(error) });
      } finally {
        if (live) setChecking(false);
      }
    }, delay);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, vacancyId, connection.id, postingId]);

  const own = ids(connection.id);
  if (!preview) return <Loading what={`Preparing the ${board.label} form`} />;
  if ('error' in preview)
    return (
      <div id={own.heading}>
        <Alert>{preview.error}</Alert>
      </div>
    );

  const values = { ...preview.fields, ...overrides };
  const { issues, isElsewhere } = panelIssues(board, preview, values, postIssues, sent);
  const elsewhere = Object.entries(issues).filter(([path]) => isElsewhere(path));
  const errors = Object.values(issues).filter((i) => i.severity === 'error').length;
  const warnings = Object.values(issues).length - errors;

  return (
    <section className="board-panel" aria-labelledby={own.heading}>
      <div className="panel-head">
        <h2 id={own.heading}>{connection.name}</h2>
        <output className="panel-status">
          {checking
            ? 'Checking…'
            : errors
              ? `${errors} field${errors > 1 ? 's' : ''} to fix before sending`
              : warnings
                ? `Ready to send (${warnings} warning${warnings > 1 ? 's' : ''})`
                : 'Ready to send'}
        </output>
      </div>
      {board.cost ? <p className="hint board-cost">{board.cost}</p> : null}
      <ConnectionTerms connection={connection} />
      {postIssues &&
      (!postIssues.issues.length || postIssues.issues.some((i) => i.path === 'connectionId')) ? (
        <Alert>{postIssues.message}</Alert>
      ) : null}
      {elsewhere.length ? (
        <ul className="issue-list" id={own.elsewhere}>
          {elsewhere.map(([path, issue]) => (
            <li key={path} className={issue.severity === 'error' ? 'error-message' : 'warning-message'}>
              {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
      <BoardForm
        idPrefix={own.fields}
        fields={board.fields}
        values={values}
        prefilled={new Set(preview.prefilled.filter((k) => !(k in overrides)))}
        issues={issues}
        onChange={(k, v) => setOverrides({ ...overrides, [k]: v })}
        changingAdvert={changingAdvert}
      />
      <AdvertPreview id={own.advert} board={board} values={values} />
      <details className="sent">
        <summary>What will be sent to {board.label}</summary>
        <p className="muted">
          {preview.request.method} {preview.request.url} (credentials hidden)
        </p>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard. */}
        <pre tabIndex={0}>{JSON.stringify(preview.request.body ?? null, null, 2)}</pre>
      </details>
    </section>
  );
}

/** Posts the vacancy to each chosen connection at once: the postings queued, and each refusal by connection. */
async function sendPostings(
  vacancyId: string,
  selected: string[],
  overrides: Record<string, Values>,
  scheduleAt: Date | null,
) {
  const results = await Promise.allSettled(
    selected.map((id) =>
      api<Posting>('POST', `/vacancies/${vacancyId}/postings`, {
        connectionId: id,
        fields: overrides[id] ?? {},
        ...(scheduleAt ? { scheduleAt: scheduleAt.toISOString() } : {}),
      }),
    ),
  );
  const queued: Posting[] = [];
  const errors: Record<string, ApiError> = {};
  results.forEach((result, i) => {
    const id = selected[i]!;
    if (result.status === 'fulfilled') queued.push(result.value);
    else
      errors[id] =
        result.reason instanceof ApiError
          ? result.reason
          : new ApiError(0, 'error', messageOf(result.reason));
  });
  return { queued, errors };
}

export function PostToBoards({ vacancyId }: { vacancyId: string }) {
  const session = useSession();
  const data = useLoad(async () => {
    const [vacancy, connections, boards, postings, fromTemplate] = await Promise.all([
      api<Vacancy>('GET', `/vacancies/${vacancyId}`),
      api<{ items: Connection[] }>('GET', '/connections'),
      api<{ items: Board[] }>('GET', '/boards'),
      api<{ items: Posting[] }>('GET', `/vacancies/${vacancyId}/postings`),
      templateBoardFields(vacancyId),
    ]);
    const { items } = connections;
    return { vacancy, connections: items, boards: boards.items, postings: postings.items, fromTemplate };
  }, [vacancyId]);
  const [selected, setSelected] = useState<string[]>([]);
  const [overrides, setOverrides] = useState<Record<string, Values>>({});
  const [previews, setPreviews] = useState<Record<string, Preview | { error: string }>>({});
  const [postErrors, setPostErrors] = useState<Record<string, ApiError>>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [when, setWhen] = useState<When>({ later: false, wall: '' });
  const [whenError, setWhenError] = useState<string>();
  const [sent, setSent] = usePostingFollower([]);
  // After a Post with errors the summary stays (shrinking as fields are fixed) and takes focus once.
  const [attempted, setAttempted] = useState(false);
  const [summaryFocus, setSummaryFocus] = useState(false);
  const summaryFocused = useCallback(() => setSummaryFocus(false), []);

  const connections = data.data?.connections ?? [];
  const boardOf = (c: Connection) => data.data?.boards.find((b) => b.id === c.board);
  const summary = selected.flatMap((id) => {
    const connection = connections.find((c) => c.id === id);
    if (!connection) return [];
    const group = summaryGroup(
      connection,
      boardOf(connection),
      previews[id],
      overrides[id] ?? {},
      postErrors[id],
    );
    return group ? [group] : [];
  });
  const showSummary = attempted && summary.length > 0;
  useTitle(
    `${showSummary ? 'Error: ' : ''}${data.data ? `Post ${data.data.vacancy.title}` : 'Post to boards'}`,
  );

  if (data.error) return <Alert>{data.error}</Alert>;
  if (!data.data) return <Loading what="Loading" />;
  const { vacancy, postings } = data.data;
  const open = (connectionId: string) =>
    [...postings, ...sent].find(
      (p) =>
        p.connectionId === connectionId && !['closed', 'expired', 'failed', 'rejected'].includes(p.status),
    );

  // A board chosen for the first time starts from the fields the vacancy's template had for it.
  const choose = (c: Connection, on: boolean) => {
    setSelected(on ? [...selected, c.id] : selected.filter((id) => id !== c.id));
    const given = data.data?.fromTemplate[c.board];
    if (on && given && !overrides[c.id]) setOverrides((o) => ({ ...o, [c.id]: given as Values }));
  };

  const post = async () => {
    setMessage('');
    const time = when.later ? readScheduleTime(when.wall, vacancy.closingDate) : null;
    setWhenError(time && 'error' in time ? time.error : undefined);
    if (time && 'error' in time) {
      document.getElementById('schedule-at')?.focus();
      return;
    }
    setAttempted(true);
    const blocked = selected.filter((id) => {
      const p = previews[id];
      return !p || 'error' in p || p.blocked;
    });
    if (blocked.length) {
      if (summary.length) setSummaryFocus(true);
      // Still being checked: nothing to link to yet, so say so by the button.
      else setMessage('The forms are still being checked: nothing was sent. Try again in a moment.');
      return;
    }
    setBusy(true);
    const { queued, errors } = await sendPostings(vacancyId, selected, overrides, time?.at ?? null);
    // The time is refused alike by every board (in the past, after the closing date): say it once, on the field.
    const timeRefusal = Object.values(errors)
      .flatMap((e) => e.issues)
      .find((i) => i.path === 'scheduleAt');
    if (timeRefusal) setWhenError(timeRefusal.message);
    setPostErrors(errors);
    setSent([...sent, ...queued]);
    setSelected(selected.filter((id) => errors[id]));
    if (Object.keys(errors).length) {
      setMessage('Some boards refused the posting: see the messages on their forms.');
      setSummaryFocus(true);
    }
    setBusy(false);
  };

  return (
    <>
      <p className="breadcrumbs">
        <Link to="/">Vacancies</Link> › <Link to={`/vacancies/${vacancy.id}`}>{vacancy.title}</Link>
      </p>
      {showSummary ? (
        <ErrorSummary
          groups={summary}
          intro="Nothing was sent. Fix these fields, then post again."
          focus={summaryFocus}
          onFocused={summaryFocused}
        />
      ) : null}
      <h1>Post to boards</h1>
      {vacancy.status !== 'live' ? (
        <Alert kind="info">
          Publish the vacancy on your careers site first: boards such as NHS Jobs take only advertised
          vacancies. <Link to={`/vacancies/${vacancy.id}`}>Open the vacancy</Link>
        </Alert>
      ) : null}
      {sent.length ? (
        <section className="sent-list" aria-labelledby="sent-title">
          <h2 id="sent-title">Sent</h2>
          <ul aria-live="polite">
            {sent.map((p) => (
              <li key={p.id} data-posting={p.id}>
                <Chip state={p.status} label={p.boardLabel} /> <span>{p.statusText}</span>{' '}
                <Link to={`/postings/${p.id}`}>Details</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {connections.length === 0 ? (
        <EmptyState title="No board connections yet">
          <p>An admin connects your organisation's job board accounts under Admin › Board connections.</p>
        </EmptyState>
      ) : (
        <fieldset className="section choose">
          <legend>Where to post</legend>
          {connections.map((c) => {
            const existing = open(c.id);
            return (
              <label key={c.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={selected.includes(c.id)}
                  disabled={Boolean(existing) || vacancy.status !== 'live'}
                  onChange={(e) => choose(c, e.target.checked)}
                />
                {c.name}
                {c.costPence !== null ? <span className="muted"> — {formatPence(c.costPence)}</span> : null}
                {c.requiresApproval && session.user.role === 'recruiter' ? (
                  <span className="muted"> — needs approval</span>
                ) : null}
                {existing ? <span className="muted"> — already posted ({existing.statusText})</span> : null}
              </label>
            );
          })}
        </fieldset>
      )}
      {selected.map((id) => {
        const connection = connections.find((c) => c.id === id)!;
        const board = boardOf(connection);
        if (!board) return <Alert key={id}>Postroom does not know the board "{connection.board}".</Alert>;
        return (
          <ConnectionForm
            key={id}
            vacancyId={vacancyId}
            connection={connection}
            board={board}
            overrides={overrides[id] ?? {}}
            setOverrides={(values) => {
              setOverrides((o) => ({ ...o, [id]: values }));
              setPostErrors(({ [id]: _dropped, ...rest }) => rest);
            }}
            preview={previews[id]}
            setPreview={(p) => setPreviews((all) => ({ ...all, [id]: p }))}
            postIssues={postErrors[id]}
          />
        );
      })}
      <div className="message-slot">{message ? <Alert>{message}</Alert> : null}</div>
      {selected.length ? <ScheduleChoice when={when} onChange={setWhen} error={whenError} /> : null}
      {selected.length ? (
        <div className="actions sticky-actions">
          <button type="button" className="button" onClick={post} disabled={busy}>
            {busy
              ? 'Posting…'
              : `${when.later ? 'Schedule for' : 'Post to'} ${selected.length} board${selected.length > 1 ? 's' : ''}`}
          </button>
        </div>
      ) : null}
    </>
  );
}
