import { type FormEvent, useState } from 'react';
import { api, issuesByPath, messageOf } from '../../api';

/** Places a legal hold on a vacancy (with its reason) or lifts it; retention erases nothing held. */
export function HoldControl({
  vacancyId,
  reason,
  onChange,
}: {
  vacancyId: string;
  reason: string | null;
  onChange: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const send = async (next: string | null) => {
    try {
      await api('PUT', `/vacancies/${vacancyId}/legal-hold`, { reason: next });
      setError(null);
      setOpen(false);
      onChange();
    } catch (failure) {
      setError(issuesByPath(failure).reason ?? messageOf(failure));
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void send(text);
  };
  if (reason)
    return (
      <>
        Held: {reason}{' '}
        <button type="button" className="button secondary" onClick={() => void send(null)}>
          Lift hold
        </button>
        {error ? <p className="error-message">{error}</p> : null}
      </>
    );
  if (!open)
    return (
      <button type="button" className="button secondary" onClick={() => setOpen(true)}>
        Place legal hold
      </button>
    );
  return (
    <form onSubmit={submit} noValidate>
      <label htmlFor={`hold-${vacancyId}`}>Reason for the hold</label>
      <input id={`hold-${vacancyId}`} value={text} onChange={(e) => setText(e.target.value)} />
      {error ? <p className="error-message">{error}</p> : null}
      <button type="submit" className="button">
        Hold
      </button>
    </form>
  );
}
