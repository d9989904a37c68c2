import { type FormEvent, useState } from 'react';
import { api, issuesByPath, messageOf, type Posting } from '../api';
import { Confirm, Field } from '../ui';
import { formatUkTime, readScheduleTime, toUkWallTime } from './schedule';

/** A scheduled posting's own actions: post it at another time, or cancel it (nothing is sent). */
export function ChangeSchedule({
  posting,
  closingDate,
  onDone,
}: {
  posting: Posting;
  /** The vacancy's closing date (YYYY-MM-DD): the latest day it may be posted. */
  closingDate: string;
  onDone: (posting: Posting, message: string) => void;
}) {
  const [wall, setWall] = useState(posting.scheduledAt ? toUkWallTime(new Date(posting.scheduledAt)) : '');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [confirmCancel, setConfirmCancel] = useState(false);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (e) {
      setError(issuesByPath(e).scheduleAt ?? messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const reschedule = (event: FormEvent) => {
    event.preventDefault();
    const time = readScheduleTime(wall, closingDate);
    if ('error' in time) return setError(time.error);
    return run(async () => {
      const next = await api<Posting>('POST', `/postings/${posting.id}/reschedule`, {
        scheduleAt: time.at.toISOString(),
      });
      setError(undefined);
      onDone(next, `It will now be posted on ${formatUkTime(time.at)} (UK time).`);
    });
  };

  const cancel = () => {
    setConfirmCancel(false);
    return run(async () => {
      const next = await api<Posting>('POST', `/postings/${posting.id}/close`);
      onDone(next, `The scheduled posting was cancelled: nothing was sent to ${posting.boardLabel}.`);
    });
  };

  return (
    <section className="section" aria-labelledby="schedule-title">
      <h2 id="schedule-title">Scheduled</h2>
      <form onSubmit={reschedule} noValidate>
        <Field id="reschedule-at" label="Post at" hint="UK time (Europe/London)" error={error}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              type="datetime-local"
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              value={wall}
              onChange={(e) => setWall(e.target.value)}
            />
          )}
        </Field>
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            Change the time
          </button>
          <button
            type="button"
            className="button danger-outline"
            disabled={busy}
            onClick={() => setConfirmCancel(true)}
          >
            Cancel scheduled posting
          </button>
        </div>
      </form>
      <Confirm
        open={confirmCancel}
        title="Cancel this scheduled posting?"
        confirmLabel="Cancel scheduled posting"
        danger
        onConfirm={cancel}
        onCancel={() => setConfirmCancel(false)}
      >
        <p>Nothing will be sent to {posting.boardLabel}. You can post the vacancy there again later.</p>
      </Confirm>
    </section>
  );
}
