import type { Posting, Vacancy } from '../api';
import { boardsWord, updatable } from '../InStep';
import { Confirm, formatDate } from '../ui';

/** The buttons under the form: save, save and update the boards, publish. */
export function FormActions({
  vacancy,
  postings,
  busy,
  dirty,
  onSaveAndUpdate,
  onPublish,
}: {
  vacancy: Vacancy | null;
  postings: Posting[];
  busy: boolean;
  dirty: boolean;
  onSaveAndUpdate: () => void;
  onPublish: () => void;
}) {
  const toUpdate = updatable(postings).length;
  return (
    <div className="actions sticky-actions">
      <button type="submit" className="button" disabled={busy}>
        {vacancy ? (vacancy.status === 'draft' ? 'Save draft' : 'Save changes') : 'Save draft'}
      </button>
      {vacancy?.status === 'live' && toUpdate > 0 ? (
        <button type="button" className="button secondary" disabled={busy} onClick={onSaveAndUpdate}>
          Save and update {boardsWord(toUpdate)}
        </button>
      ) : null}
      {vacancy?.status !== 'live' ? (
        <button type="button" className="button secondary" disabled={busy} onClick={onPublish}>
          Publish on careers site
        </button>
      ) : null}
      {vacancy ? (
        <span className="muted">
          {dirty ? 'Unsaved changes' : `Saved · closes ${formatDate(vacancy.closingDate)}`}
        </span>
      ) : null}
    </div>
  );
}

const isOpen = (p: Posting) => !['closed', 'expired'].includes(p.status);

/** Asks before closing the vacancy, naming the postings that close with it. */
export function CloseConfirm({
  open,
  postings,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  postings: Posting[];
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const openPostings = postings.filter(isOpen);
  return (
    <Confirm
      open={open}
      title="Close this vacancy?"
      confirmLabel="Close vacancy and postings"
      danger
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>It leaves your careers site and cannot be changed afterwards (you can copy it).</p>
      {openPostings.length > 0 ? (
        <>
          <p>These postings will be closed too:</p>
          <ul>
            {openPostings.map((p) => (
              <li key={p.id}>
                {p.boardLabel} — {p.statusText}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>It has no open postings on job boards.</p>
      )}
    </Confirm>
  );
}
