import { fromUkWallTime, toUkWallTime } from '../../../src/domain/uk-time.js';

export { formatUkTime, toUkWallTime } from '../../../src/domain/uk-time.js';

/**
 * A date-time typed in UK time, checked as the API will: a time, in the future, and on or before
 * the vacancy's closing date (YYYY-MM-DD).
 */
export function readScheduleTime(
  wall: string,
  closingDate: string,
  now = new Date(),
): { at: Date } | { error: string } {
  if (!wall) return { error: 'Enter the date and time to post at' };
  const at = fromUkWallTime(wall);
  if (!at) return { error: 'Enter a date and time, e.g. 01/12/2026 09:30' };
  if (at <= now) return { error: 'Choose a time in the future, or post now' };
  if (wall.slice(0, 10) > closingDate)
    return { error: `Choose a time on or before the closing date, ${closingDate}` };
  return { at };
}

/** The earliest time the input offers: the next minute, in UK time. */
export const earliestWallTime = (now = new Date()) => toUkWallTime(new Date(now.getTime() + 60_000));
