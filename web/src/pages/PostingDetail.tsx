import { useEffect, useState } from 'react';
import { ApprovalDetails } from '../ApprovalDetails';
import { ApiError, api, type Board, type Connection, messageOf, type Posting, type Vacancy } from '../api';
import { clearFlash, peekFlash } from '../flash';
import { usePostingFollower } from '../follow';
import { requestText } from '../proof';
import { RenewalPanel } from '../Renewal';
import { Link, navigate, useTitle } from '../router';
import { ChangeSchedule } from '../schedule/ChangeSchedule';
import { Alert, Chip, Confirm, Field, formatTime, Loading } from '../ui';
import { ConnectionForm } from './PostToBoards';
import { RenewalButton, RenewalRefusal } from './postings/Renewals';

type Values = Record<string, unknown>;

const CLOSING = 'Closing the advert on the board.';
/** The close banner follows the posting's state (the close runs in the background). */
const closeNote = (p: Posting) =>
  p.status === 'closing' ? CLOSING : p.status === 'closed' ? 'Closed: the advert is off the board.' : null;

function Timeline({ posting }: { posting: Posting }) {
  const attempts = [...(posting.attempts ?? [])].reverse();
  if (attempts.length === 0) return <p className="muted">No call to the board yet.</p>;
  return (
    <ol className="timeline">
      {attempts.map((a) => (
        <li key={a.id} className={`attempt attempt-${a.outcome}`}>
          <p>
            <strong>
              {a.action === 'create' ? 'Post' : a.action.charAt(0).toUpperCase() + a.action.slice(1)}
            </strong>{' '}
            <span className={`outcome outcome-${a.outcome}`}>{a.outcome}</span> ·{' '}
            <time dateTime={a.startedAt}>{formatTime(a.startedAt)}</time>
          </p>
          {a.notice ? <p className="success-message">{a.notice}</p> : null}
          {a.error ? (
            <p className="error-message">
              {a.error.message}
              {a.error.boardMessage && a.error.boardMessage !== a.error.message
                ? ` — the board said: “${a.error.boardMessage}”`
                : ''}
            </p>
          ) : null}
          {a.exchanges.map((x, i) => (
            <details key={`${a.id}-${i}`} className="exchange">
              <summary>
                {x.method} {x.url} → {x.status ?? x.error ?? 'no answer'} ({Math.round(x.durationMs)} ms)
              </summary>
              <h4>Request</h4>
              {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard. */}
              <pre tabIndex={0}>{requestText(x)}</pre>
              <h4>Response</h4>
              {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard. */}
              <pre tabIndex={0}>{x.responseBody ?? x.error ?? '(none)'}</pre>
            </details>
          ))}
        </li>
      ))}
    </ol>
  );
}

/** A draft that a person published on the board belongs to the board: edited there, never updated from here. */
const isPublishedDraft = (p: Posting) => p.capabilities.drafts && p.advertState === 'published';

/** Where the advert is on the board, worded for what the recruiter does there next. */
function BoardLink({ posting }: { posting: Posting }) {
  const url = posting.externalUrl;
  if (!url) return null;
  const s = posting.status;
  const label = posting.boardLabel;
  const drafts = posting.capabilities.drafts;
  const published = isPublishedDraft(posting);
  let text = `See the advert on ${label}`;
  let primary = false;
  if (drafts && (s === 'closed' || s === 'expired') && posting.advertState !== 'closed') {
    // Postroom cannot close it: the link is where the recruiter does.
    text = published ? `Close the advert in ${label}` : `Open the draft in ${label}`;
    primary = true;
  } else if (drafts && s === 'posted' && published) {
    return null; // The published advice above carries the link.
  } else if (drafts && s === 'posted' && !posting.publishedOnBoardAt) {
    text = `Publish the draft in ${label}`;
    primary = true;
  }
  return (
    <p>
      <a className={primary ? 'button' : undefined} href={url} target="_blank" rel="noopener noreferrer">
        {text}
        <span className="visually-hidden"> (opens in a new tab)</span>
      </a>
    </p>
  );
}

export function PostingDetail({ id }: { id: string }) {
  const [initial, setInitial] = useState<{
    posting: Posting;
    vacancy: Vacancy;
    connection: Connection;
    board?: Board;
  }>();
  const [error, setError] = useState('');
  const [followed, setFollowed] = usePostingFollower([]);
  const [editing, setEditing] = useState<'update' | 'retry' | null>(null);
  const [overrides, setOverrides] = useState<Values>({});
  const [preview, setPreview] = useState<Parameters<typeof ConnectionForm>[0]['preview']>();
  const [postError, setPostError] = useState<ApiError>();
  // A renewal opens the new posting with what it did.
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(peekFlash);
  useEffect(clearFlash, []);
  const [confirmClose, setConfirmClose] = useState(false);
  const [externalId, setExternalId] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    (async () => {
      const posting = await api<Posting>('GET', `/postings/${id}`);
      const [vacancy, connection, boards] = await Promise.all([
        api<Vacancy>('GET', `/vacancies/${posting.vacancyId}`),
        api<Connection>('GET', `/connections/${posting.connectionId}`),
        api<{ items: Board[] }>('GET', '/boards'),
      ]);
      setInitial({ posting, vacancy, connection, board: boards.items.find((b) => b.id === posting.board) });
      setFollowed([posting]);
    })().catch((e: unknown) => setError(messageOf(e)));
  }, [id, setFollowed]);

  const posting = followed[0];
  // A banner such as "Update sent to the board." is stale once the board has refused the change.
  const refusal = posting?.lastError?.message;
  useEffect(() => {
    if (refusal) setMessage(null);
  }, [refusal]);
  useTitle(posting ? `${posting.boardLabel} posting` : 'Posting');
  if (error) return <Alert>{error}</Alert>;
  if (!initial || !posting) return <Loading what="Loading the posting" />;
  const { vacancy, connection, board } = initial;

  const act = async (run: () => Promise<Posting>, done: string) => {
    setBusy(true);
    setMessage(null);
    try {
      const next = await run();
      setFollowed([next]);
      setEditing(null);
      setMessage({ kind: 'success', text: done });
    } catch (e) {
      if (e instanceof ApiError && e.issues.length && editing) setPostError(e);
      setMessage({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };

  // The check runs in the background (a job asks the board): read the posting until it reports.
  const checkBoard = async () => {
    setBusy(true);
    setMessage({ kind: 'success', text: `Asking ${posting.boardLabel}…` });
    try {
      await api<Posting>('POST', `/postings/${id}/refresh`);
      for (let i = 0; i < 15; i++) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const next = await api<Posting>('GET', `/postings/${id}`);
        setFollowed([next]);
        if (
          next.publishedOnBoardAt ||
          next.advertState !== posting.advertState ||
          next.status !== posting.status
        )
          break;
      }
      setMessage({ kind: 'success', text: `Checked ${posting.boardLabel}.` });
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };

  const startEditing = (mode: 'update' | 'retry') => {
    // An update starts from the vacancy's current values plus the overrides, never from stale ones.
    setOverrides({
      ...(mode === 'update' ? posting.currentFields : (posting.pendingFields ?? posting.fields)),
    });
    setPreview(undefined);
    setPostError(undefined);
    setEditing(mode);
  };

  // One click: the copy opens in the editor, to be published and posted as a new draft.
  const copyVacancy = async () => {
    setBusy(true);
    try {
      const copy = await api<Vacancy>('POST', `/vacancies/${vacancy.id}/copy`);
      navigate(`/vacancies/${copy.id}`);
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
      setBusy(false);
    }
  };

  const s = posting.status;
  const label = posting.boardLabel;
  const { drafts, readsStatus, canClose: closesOnBoard } = posting.capabilities;
  const published = isPublishedDraft(posting);
  const canUpdate = ['posted', 'queued', 'scheduled'].includes(s) && !published;
  // A scheduled posting is cancelled from its own section.
  const canClose = !['closed', 'expired', 'closing', 'scheduled'].includes(s);

  return (
    <>
      <p className="breadcrumbs">
        <Link to="/">Vacancies</Link> › <Link to={`/vacancies/${vacancy.id}`}>{vacancy.title}</Link>
      </p>
      <div className="page-head">
        <h1>
          {connection.name}: {vacancy.title}
        </h1>
      </div>
      <section className="status-card" aria-labelledby="status-title">
        <h2 id="status-title" className="visually-hidden">
          State
        </h2>
        <output className="status-line">
          <Chip state={s} word={posting.stateWord} />{' '}
          <span data-testid="status-text">{posting.statusText}</span>
        </output>
        <dl className="facts">
          {posting.externalId ? (
            <>
              <dt>Advert id on the board</dt>
              <dd>{posting.externalId}</dd>
            </>
          ) : null}
          {posting.postedAt ? (
            <>
              <dt>Posted</dt>
              <dd>{formatTime(posting.postedAt)}</dd>
            </>
          ) : null}
          {posting.advertEnd ? (
            <>
              <dt>Advert ends</dt>
              <dd data-testid="advert-end">{posting.advertEnd.text}</dd>
            </>
          ) : null}
          {posting.nextAttemptAt && ['retrying', 'queued'].includes(s) ? (
            <>
              <dt>Next attempt</dt>
              <dd>
                <time dateTime={posting.nextAttemptAt}>{formatTime(posting.nextAttemptAt)}</time>
              </dd>
            </>
          ) : null}
          {drafts && posting.postedAt ? (
            <>
              <dt>In {label}</dt>
              <dd>
                {posting.publishedOnBoardAt
                  ? `Published in ${label} on ${formatTime(posting.publishedOnBoardAt)}`
                  : 'Draft — not published yet'}
              </dd>
            </>
          ) : null}
          <ApprovalDetails posting={posting} />
          <dt>Apply link sent to the board</dt>
          <dd className="break">{posting.trackingUrl}</dd>
        </dl>
        {posting.lastError && ['failed', 'retrying', 'uncertain'].includes(s) ? (
          <Alert kind={s === 'failed' ? 'error' : 'info'}>
            {posting.lastError.message}
            {posting.lastError.boardMessage ? ` The board said: “${posting.lastError.boardMessage}”` : ''}
          </Alert>
        ) : null}
        {posting.lastError?.action === 'update' && s === 'posted' && !published ? (
          <Alert>The board refused the update; the advert is as it was. {posting.lastError.message}</Alert>
        ) : null}
        <RenewalRefusal posting={posting} />
        {posting.uncertainReason && s === 'uncertain' ? (
          <Alert kind="info">{posting.uncertainReason}</Alert>
        ) : null}
        {published && s === 'posted' ? (
          <Alert kind="info">
            <span data-testid="published-advice">
              This vacancy is already published in {label}; edit it there, or copy the vacancy and post the
              copy.
            </span>
            <span className="actions">
              {posting.externalUrl ? (
                <a
                  className="button secondary"
                  href={posting.externalUrl}
                  target="_blank"
                  rel="noopener noreferrer"
                >
                  Edit it in {label}
                  <span className="visually-hidden"> (opens in a new tab)</span>
                </a>
              ) : null}
              <button type="button" className="button secondary" disabled={busy} onClick={copyVacancy}>
                Copy the vacancy and post the copy
              </button>
            </span>
          </Alert>
        ) : null}
        <BoardLink posting={posting} />
      </section>
      <RenewalPanel posting={posting} onChanged={(next) => setFollowed([next])} />
      <div className="message-slot">
        {message && message.text === CLOSING ? (
          closeNote(posting) && <Alert kind="success">{closeNote(posting)}</Alert>
        ) : message ? (
          <Alert kind={message.kind}>{message.text}</Alert>
        ) : null}
      </div>
      <div className="toolbar-row">
        {canUpdate ? (
          <button type="button" className="button" onClick={() => startEditing('update')}>
            Update
          </button>
        ) : null}
        {s === 'failed' ? (
          <>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => act(() => api<Posting>('POST', `/postings/${id}/retry`), 'Sent again.')}
            >
              Retry
            </button>
            <button type="button" className="button secondary" onClick={() => startEditing('retry')}>
              Change fields and retry
            </button>
          </>
        ) : null}
        {readsStatus &&
        (s === 'posted' || s === 'sent' || ((s === 'closed' || s === 'expired') && published)) ? (
          <button type="button" className="button secondary" disabled={busy} onClick={checkBoard}>
            Check {label} now
          </button>
        ) : null}
        <RenewalButton
          posting={posting}
          busy={busy}
          onRenew={(action, done) => act(() => api<Posting>('POST', `/postings/${id}/${action}`), done)}
        />
        {canClose ? (
          <button type="button" className="button danger-outline" onClick={() => setConfirmClose(true)}>
            Close posting
          </button>
        ) : null}
      </div>
      {s === 'scheduled' ? (
        <ChangeSchedule
          posting={posting}
          closingDate={vacancy.closingDate}
          onDone={(next, text) => {
            setFollowed([next]);
            setMessage({ kind: 'success', text });
          }}
        />
      ) : null}
      {s === 'uncertain' ? (
        <section className="section" aria-labelledby="resolve-title">
          <h2 id="resolve-title">Check and resolve</h2>
          <p>
            Look for the advert on {posting.boardLabel}, then say what you found. Postroom never re-sends
            blindly.
          </p>
          <Field
            label={
              <>
                Advert id on the board <span className="optional">(optional)</span>
              </>
            }
          >
            {({ id: controlId }) => (
              <input id={controlId} value={externalId} onChange={(e) => setExternalId(e.target.value)} />
            )}
          </Field>
          <div className="actions">
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() =>
                act(
                  () =>
                    api<Posting>('POST', `/postings/${id}/resolve`, {
                      exists: true,
                      ...(externalId.trim() ? { externalId: externalId.trim() } : {}),
                    }),
                  'Marked as posted.',
                )
              }
            >
              It is on the board
            </button>
            <button
              type="button"
              className="button secondary"
              disabled={busy}
              onClick={() =>
                act(
                  () => api<Posting>('POST', `/postings/${id}/resolve`, { exists: false }),
                  'Sending it now.',
                )
              }
            >
              It is not there: send it
            </button>
          </div>
        </section>
      ) : null}
      {editing && board ? (
        <section aria-labelledby="edit-title">
          <h2 id="edit-title">{editing === 'update' ? 'Update the posting' : 'Change and retry'}</h2>
          <ConnectionForm
            vacancyId={vacancy.id}
            connection={connection}
            board={board}
            overrides={overrides}
            setOverrides={(v) => {
              setOverrides(v);
              setPostError(undefined);
            }}
            preview={preview}
            setPreview={setPreview}
            postIssues={postError}
            sent={posting.fields}
            postingId={posting.id}
            changingAdvert={editing === 'update' && posting.externalId !== null}
          />
          <div className="actions sticky-actions">
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() =>
                editing === 'update'
                  ? act(
                      () => api<Posting>('PATCH', `/postings/${id}`, { fields: overrides }),
                      'Update sent to the board.',
                    )
                  : act(
                      () => api<Posting>('POST', `/postings/${id}/retry`, { fields: overrides }),
                      'Sent again.',
                    )
              }
            >
              {editing === 'update' ? 'Send update' : 'Retry with these fields'}
            </button>
            <button type="button" className="button secondary" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
        </section>
      ) : null}
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">Every call to the board</h2>
        <Timeline posting={posting} />
      </section>
      <Confirm
        open={confirmClose}
        title="Close this posting?"
        confirmLabel="Close posting"
        danger
        onConfirm={() => {
          setConfirmClose(false);
          act(
            () => api<Posting>('POST', `/postings/${id}/close`),
            closesOnBoard ? CLOSING : 'Closed in Postroom.',
          );
        }}
        onCancel={() => setConfirmClose(false)}
      >
        {closesOnBoard ? (
          <p>The advert on {label} will be closed. The vacancy stays as it is.</p>
        ) : (
          <p>
            Postroom cannot close adverts in {label}: this closes the posting in Postroom only.{' '}
            {published || !drafts
              ? `The advert stays live on ${label} until you close it there.`
              : `The draft stays in your ${label} account until you delete it there.`}{' '}
            The vacancy stays as it is.
          </p>
        )}
      </Confirm>
    </>
  );
}
