import { useState } from 'react';
import type { Posting } from '../../api';
import { Alert, Confirm } from '../../ui';

type Renewal = 'relist' | 'extend';

const WORDS: Record<Renewal, { button: string; done: string; failed: string }> = {
  relist: { button: 'Relist', done: 'Relisting the advert.', failed: 'The advert was not relisted.' },
  extend: { button: 'Extend', done: 'Extending the advert.', failed: 'The advert was not extended.' },
};

/** Which renewal the board offers for the posting as it is now: relist an advert that ran out, extend a live one. */
export function renewalOf(posting: Posting): Renewal | null {
  const { relist, extend } = posting.capabilities;
  if (relist && posting.status === 'expired' && posting.advertState === 'expired') return 'relist';
  if (extend && posting.status === 'posted') return 'extend';
  return null;
}

/** Why the last relist or extend did not go through, while the posting rests where it was. */
export function RenewalRefusal({ posting }: { posting: Posting }) {
  const action = posting.lastError?.action;
  if ((action !== 'relist' && action !== 'extend') || !['posted', 'expired'].includes(posting.status))
    return null;
  return (
    <Alert>
      {WORDS[action].failed} {posting.lastError?.message}
      {posting.lastError?.boardMessage && posting.lastError.boardMessage !== posting.lastError.message
        ? ` The board said: “${posting.lastError.boardMessage}”`
        : ''}
    </Alert>
  );
}

/**
 * The relist or extend button of a board that renews adverts (its `capabilities` say what it does and
 * costs); one that spends a credit asks to confirm first.
 */
export function RenewalButton({
  posting,
  busy,
  onRenew,
}: {
  posting: Posting;
  busy: boolean;
  onRenew: (action: Renewal, done: string) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const action = renewalOf(posting);
  if (!action) return null;
  const renewal = posting.capabilities[action];
  if (!renewal) return null;
  const words = WORDS[action];
  const run = () => onRenew(action, words.done);
  return (
    <>
      <button
        type="button"
        className="button secondary"
        disabled={busy}
        onClick={() => (renewal.costsCredit ? setConfirming(true) : run())}
      >
        {words.button} on {posting.boardLabel}
      </button>
      <Confirm
        open={confirming}
        title={`${words.button} this advert on ${posting.boardLabel}?`}
        confirmLabel={`${words.button}: spend a credit`}
        onConfirm={() => {
          setConfirming(false);
          run();
        }}
        onCancel={() => setConfirming(false)}
      >
        <p>{renewal.description}</p>
      </Confirm>
    </>
  );
}
