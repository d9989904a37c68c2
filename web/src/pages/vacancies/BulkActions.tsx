import { useState } from 'react';
import { type Connection, messageOf, type PostingSummary, type Vacancy } from '../../api';
import { Alert, Confirm } from '../../ui';
import { BulkResults } from './BulkResults';
import { type BulkItem, type BulkOutcome, closeItems, postItems, runBulk, updateItems } from './bulk';

/** The actions on the selected vacancies: post them to chosen boards, update or close their postings. */
export function BulkActions({
  selected,
  postings,
  connections,
  onDone,
}: {
  selected: Vacancy[];
  postings: PostingSummary[];
  connections: Connection[];
  onDone: () => void;
}) {
  const [choosing, setChoosing] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const [confirmClose, setConfirmClose] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [outcome, setOutcome] = useState<BulkOutcome>();
  const own = postings.filter((p) => selected.some((v) => v.id === p.vacancyId));
  const toUpdate = updateItems(own);
  const toClose = closeItems(own);

  const run = async (what: string, items: BulkItem[]) => {
    setBusy(true);
    setError(undefined);
    try {
      setOutcome(await runBulk(what, items));
      setChoosing(false);
      setChosen([]);
      onDone();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const post = () =>
    run(
      'Post to boards',
      postItems(
        selected,
        connections.filter((c) => chosen.includes(c.id)),
      ),
    );

  return (
    <>
      <section className="bulk-actions" aria-label="Selected vacancies">
        <p>{selected.length} selected</p>
        <button
          type="button"
          className="button"
          disabled={busy || selected.length === 0}
          aria-expanded={choosing}
          onClick={() => setChoosing((c) => !c)}
        >
          Post to…
        </button>
        <button
          type="button"
          className="button secondary"
          disabled={busy || toUpdate.length === 0}
          onClick={() => run('Update out-of-date postings', toUpdate)}
        >
          Update out-of-date postings ({toUpdate.length})
        </button>
        <button
          type="button"
          className="button secondary"
          disabled={busy || toClose.length === 0}
          onClick={() => setConfirmClose(true)}
        >
          Close postings ({toClose.length})
        </button>
      </section>
      {choosing ? (
        <BoardChooser
          connections={connections}
          chosen={chosen}
          onChange={setChosen}
          count={selected.length}
          disabled={busy}
          onPost={post}
        />
      ) : null}
      <Confirm
        open={confirmClose}
        title={`Close ${toClose.length} ${toClose.length === 1 ? 'posting' : 'postings'}?`}
        confirmLabel="Close postings"
        danger
        onCancel={() => setConfirmClose(false)}
        onConfirm={() => {
          setConfirmClose(false);
          void run('Close postings', toClose);
        }}
      >
        <p>The adverts come off the boards. The vacancies stay open on your careers site.</p>
      </Confirm>
      {error ? <Alert>{error}</Alert> : null}
      {outcome ? <BulkResults key={JSON.stringify(outcome)} outcome={outcome} /> : null}
    </>
  );
}

/** Which connections to post the selected vacancies through. */
function BoardChooser({
  connections,
  chosen,
  onChange,
  count,
  disabled,
  onPost,
}: {
  connections: Connection[];
  chosen: string[];
  onChange: (update: (now: string[]) => string[]) => void;
  count: number;
  disabled: boolean;
  onPost: () => void;
}) {
  return (
    <fieldset className="bulk-boards">
      <legend>Post the selected vacancies to</legend>
      {connections.length === 0 ? <p>Connect a board first (Admin, Connections).</p> : null}
      {connections.map((c) => (
        <label key={c.id} className="checkbox">
          <input
            type="checkbox"
            checked={chosen.includes(c.id)}
            onChange={(e) =>
              onChange((now) => (e.target.checked ? [...now, c.id] : now.filter((id) => id !== c.id)))
            }
          />
          {c.name}
        </label>
      ))}
      <button type="button" className="button" disabled={disabled || chosen.length === 0} onClick={onPost}>
        Post {count} {count === 1 ? 'vacancy' : 'vacancies'}
      </button>
    </fieldset>
  );
}
