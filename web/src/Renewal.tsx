import { useState } from 'react';
import { api, messageOf, type Posting } from './api';
import { setFlash } from './flash';
import { Link, navigate } from './router';
import { Alert, Confirm } from './ui';

/** On the vacancy page: each posting whose advert ends on its board before the vacancy closes. */
export function RenewalWarnings({ postings }: { postings: Posting[] }) {
  const ending = postings.filter((p) => p.renewal.warning);
  if (ending.length === 0) return null;
  return (
    <section className="renewal-warnings" aria-label="Adverts ending soon">
      {ending.map((p) => (
        <Alert key={p.id} kind="info">
          <span data-testid="renewal-warning">{p.renewal.warning}.</span>{' '}
          {p.renewal.canRenew ? <Link to={`/postings/${p.id}`}>Renew it on the posting page</Link> : null}
        </Alert>
      ))}
    </section>
  );
}

/**
 * On the posting page: the warning before the advert ends, "Renew" (after a confirmation saying
 * what it does and what it costs) and the "Renew automatically" option, on boards that renew.
 */
export function RenewalPanel({
  posting,
  onChanged,
}: {
  posting: Posting;
  onChanged: (posting: Posting) => void;
}) {
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  // The choice as clicked, shown at once while it is saved; null: as the server has it.
  const [shownAutoRenew, setShownAutoRenew] = useState<boolean | null>(null);
  const { renewal, capabilities } = posting;
  if (!capabilities.renews) return null;
  const following = ['posted', 'updating', 'queued', 'scheduled', 'sending', 'retrying'].includes(
    posting.status,
  );
  if (!following && !renewal.warning && !renewal.canRenew) return null;

  const renew = async () => {
    setConfirm(false);
    setBusy(true);
    setError('');
    try {
      const renewed = await api<Posting>('POST', `/postings/${posting.id}/renew`);
      setFlash({
        kind: 'success',
        text: `Renewed: the old ${posting.boardLabel} advert is being closed and this one posted.`,
      });
      navigate(`/postings/${renewed.id}`);
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };

  const setAutoRenew = async (autoRenew: boolean) => {
    setShownAutoRenew(autoRenew);
    setBusy(true);
    setError('');
    try {
      onChanged(await api<Posting>('PUT', `/postings/${posting.id}/auto-renew`, { autoRenew }));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setShownAutoRenew(null);
      setBusy(false);
    }
  };

  return (
    <section className="renewal" aria-labelledby="renewal-title">
      <h2 id="renewal-title">Renewal</h2>
      {renewal.warning ? (
        <Alert kind="info">
          <span data-testid="renewal-warning">{renewal.warning}.</span>
        </Alert>
      ) : null}
      {error ? <Alert>{error}</Alert> : null}
      {renewal.canRenew ? (
        <button type="button" className="button" disabled={busy} onClick={() => setConfirm(true)}>
          Renew
        </button>
      ) : null}
      {following ? (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={shownAutoRenew ?? posting.autoRenew}
            disabled={busy}
            onChange={(e) => setAutoRenew(e.target.checked)}
          />
          Renew automatically until the vacancy closes
        </label>
      ) : null}
      <Confirm
        open={confirm}
        title={`Renew the ${posting.boardLabel} advert?`}
        confirmLabel="Renew"
        onConfirm={renew}
        onCancel={() => setConfirm(false)}
      >
        <p>{renewal.text}</p>
        {renewal.cost ? <p>It is a new advert, so it costs: {renewal.cost}</p> : null}
      </Confirm>
    </section>
  );
}
