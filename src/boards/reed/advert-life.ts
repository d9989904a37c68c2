import type { AdvertEnd, PostingFields } from '../board.js';
import { MAX_EXPIRY_DAYS } from './fields.js';

const UK_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/**
 * The advert runs `expiryInDays` days (at most 42, Reed's default) from the day it was posted.
 * Reed has no expiry callback: Postroom marks the posting expired on the day it computed.
 */
export function reedAdvertEnd(fields: PostingFields, postedAt: Date): AdvertEnd {
  const sent = fields.expiryInDays;
  const days =
    typeof sent === 'number' && Number.isInteger(sent) && sent >= 1 && sent <= MAX_EXPIRY_DAYS
      ? sent
      : MAX_EXPIRY_DAYS;
  const endsOn = addDays(UK_DAY.format(postedAt), days);
  return {
    endsOn,
    text: `Ends on Reed on ${endsOn}: the advert runs ${days} days (Reed allows ${MAX_EXPIRY_DAYS} at most)`,
  };
}
