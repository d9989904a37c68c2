import type { AdvertEnd, PostingFields } from '../board.js';
import { addDays, MAX_EXPIRY_DAYS } from './fields.js';

const UK_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

/**
 * "A job stays live 28 days unless expiry_date is earlier", and with an expiry date "it will close
 * in the morning of the date sent" (docs/boards/s1jobs.md): the earlier of the two.
 */
export function s1jobsAdvertEnd(fields: PostingFields, postedAt: Date): AdvertEnd {
  const standard = addDays(UK_DAY.format(postedAt), MAX_EXPIRY_DAYS);
  const expiry = typeof fields.expiryDate === 'string' ? fields.expiryDate : undefined;
  if (expiry && expiry < standard)
    return { endsOn: expiry, text: `Ends on s1jobs in the morning of ${expiry} (the expiry date sent)` };
  return {
    endsOn: standard,
    text: `Ends on s1jobs on ${standard}: s1jobs keeps an advert ${MAX_EXPIRY_DAYS} days at most`,
  };
}
