import { api, type Posting, type UpdateAllResult } from './api';
import { visibleText } from './ui';

/** Postings whose board would take the vacancy's changes now (a draft published on the board would not). */
export const updatable = (postings: Posting[]) =>
  postings.filter((p) => ['posted', 'queued', 'scheduled'].includes(p.status) && !p.publishedOnBoardAt);

export const boardsWord = (n: number) => (n === 1 ? '1 board' : `${n} boards`);

/** Sends every out-of-date posting its current values; the answer in a recruiter's words (a skipped board needs a person). */
export async function updateAll(vacancyId: string): Promise<{ kind: 'success' | 'error'; text: string }> {
  const result = await api<UpdateAllResult>('POST', `/vacancies/${vacancyId}/postings/update`);
  const skipped = result.items
    .filter((i) => i.outcome === 'skipped')
    .map((i) => `${i.boardLabel} was not updated: ${i.reason ?? ''}`);
  const sent =
    result.updated > 0
      ? `Sending the changes to ${boardsWord(result.updated)}.`
      : 'Every posting is in step: nothing to send.';
  return { kind: skipped.length ? 'error' : 'success', text: [sent, ...skipped].join(' ') };
}

/** A value as the recruiter reads it: the text of HTML, lists joined, nothing shown as "(empty)". */
function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (Array.isArray(value)) return value.map(shown).join(', ') || '(empty)';
  if (typeof value === 'object') return Object.values(value).map(shown).join(', ');
  const text = typeof value === 'string' && value.includes('<') ? visibleText(value) : String(value);
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

/** "2 postings are out of date", with each board's differences and the way to send them. */
export function OutOfDate({
  postings,
  busy,
  onUpdateAll,
}: {
  postings: Posting[];
  busy: boolean;
  onUpdateAll: () => void;
}) {
  const stale = postings.filter((p) => p.outOfDate);
  if (stale.length === 0) return null;
  return (
    <section className="out-of-date" aria-labelledby="out-of-date-title">
      <h2 id="out-of-date-title">
        {stale.length === 1 ? '1 posting is out of date' : `${stale.length} postings are out of date`}
      </h2>
      {stale.map((p) => (
        <div key={p.id} className="out-of-date-board">
          <h3>{p.boardLabel}</h3>
          <dl>
            {p.changes.map((c) => (
              <div key={c.field}>
                <dt>{c.label}</dt>
                <dd>
                  <span className="muted">On the board:</span> {shown(c.onBoard)}{' '}
                  <span aria-hidden="true">→</span>
                  <span className="visually-hidden">now:</span> <strong>{shown(c.now)}</strong>
                </dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
      <button type="button" className="button" disabled={busy} onClick={onUpdateAll}>
        Update all
      </button>
    </section>
  );
}
