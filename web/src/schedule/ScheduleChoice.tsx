import { Field } from '../ui';
import { earliestWallTime } from './schedule';

/** "Post now", or later at `wall` (a UK date-time, as the input holds it). */
export interface When {
  later: boolean;
  wall: string;
}

/** The choice of when to post, above the Post button. The time is typed in UK time. */
export function ScheduleChoice({
  when,
  onChange,
  error,
}: {
  when: When;
  onChange: (when: When) => void;
  error: string | undefined;
}) {
  return (
    <fieldset className="section choose">
      <legend>When to post</legend>
      <label className="checkbox">
        <input
          type="radio"
          name="when"
          checked={!when.later}
          onChange={() => onChange({ ...when, later: false })}
        />
        Post now
      </label>
      <label className="checkbox">
        <input
          type="radio"
          name="when"
          checked={when.later}
          onChange={() => onChange({ ...when, later: true })}
        />
        Schedule for a date and time
      </label>
      {when.later ? (
        <Field id="schedule-at" label="Post at" hint="UK time (Europe/London)" error={error}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              type="datetime-local"
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              min={earliestWallTime()}
              value={when.wall}
              onChange={(e) => onChange({ ...when, wall: e.target.value })}
            />
          )}
        </Field>
      ) : null}
    </fieldset>
  );
}
