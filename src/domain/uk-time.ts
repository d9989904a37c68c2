// Times as a UK recruiter reads and types them: wall-clock time in Europe/London (GMT or BST),
// whatever the time zone of the computer. Used by the web app's date-time inputs.

const WALL = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const SHOWN = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  dateStyle: 'medium',
  timeStyle: 'short',
});

/** "2026-12-01T09:30": the UK wall-clock time of an instant, as a datetime-local input holds it. */
export function toUkWallTime(at: Date): string {
  const part = (type: string) => WALL.formatToParts(at).find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
}

/** How far the UK's clocks are ahead of UTC at an instant, in milliseconds (0 in winter, 1 h in summer). */
const ukOffsetMs = (at: number) =>
  Date.parse(`${toUkWallTime(new Date(at))}:00Z`) - Math.floor(at / 60_000) * 60_000;

/** The instant of a UK wall-clock time ("2026-12-01T09:30"); null when it is not one. */
export function fromUkWallTime(wall: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(wall)) return null;
  const asUtc = Date.parse(`${wall}:00Z`);
  if (Number.isNaN(asUtc)) return null;
  const first = asUtc - ukOffsetMs(asUtc);
  // Near a change of the clocks the offset at the answer can differ from the offset at the guess.
  return new Date(asUtc - ukOffsetMs(first));
}

/** "1 Dec 2026, 09:30", in UK time. */
export const formatUkTime = (at: Date): string => SHOWN.format(at);
