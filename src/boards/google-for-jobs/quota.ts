// Google's default Indexing API quota: 200 publish requests a day per Cloud project, counted from
// midnight Pacific Time (docs/boards/google-for-jobs.md, "Quota").

export const DEFAULT_DAILY_QUOTA = 200;
const ZONE = 'America/Los_Angeles';
const DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const OFFSET = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, timeZoneName: 'longOffset' });

/** The Pacific calendar day of an instant, YYYY-MM-DD. */
export const pacificDay = (at: Date) => DAY.format(at);

/** Pacific Time's offset from UTC at an instant, in minutes (-480 or -420). */
function offsetMinutes(at: Date): number {
  const name = OFFSET.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** The next midnight in Pacific Time after `now`: when the daily quota starts again. */
export function nextPacificMidnight(now: Date): Date {
  const [y, m, d] = pacificDay(now).split('-').map(Number) as [number, number, number];
  const midnightAsUtc = Date.UTC(y, m - 1, d + 1);
  // 08:00 UTC that day is midnight or 01:00 Pacific: clocks change at 02:00, so its offset is midnight's.
  const offset = offsetMinutes(new Date(midnightAsUtc + 8 * 3_600_000));
  return new Date(midnightAsUtc - offset * 60_000);
}

/**
 * Publish requests counted per Cloud project (its service account) per Pacific day, in this
 * process. Past the limit, Postroom holds notifications back until the next quota day.
 */
export class DailyQuota {
  private readonly used = new Map<string, { day: string; count: number }>();

  /** Takes one request from the day's quota; returns false (taking nothing) when it is spent. */
  take(account: string, limit: number, now: Date): boolean {
    const day = pacificDay(now);
    const entry = this.used.get(account);
    const count = entry && entry.day === day ? entry.count : 0;
    if (count >= limit) return false;
    this.used.set(account, { day, count: count + 1 });
    return true;
  }

  /** Gives back a request Google did not count (it refused it before counting, or it was never sent). */
  giveBack(account: string, now: Date): void {
    const entry = this.used.get(account);
    if (entry && entry.day === pacificDay(now) && entry.count > 0) entry.count -= 1;
  }
}

/** The quota shared by every client of this process. */
export const sharedQuota = new DailyQuota();
