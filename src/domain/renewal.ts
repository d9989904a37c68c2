// When an advert with a fixed life on its board is due for renewal (SPEC.md, "Keeping postings in
// step": boards with a fixed advert life offer renewal while the vacancy is open). Pure.

/** Days before an advert ends on its board from which Postroom warns and offers "Renew". */
export const RENEW_WARNING_DAYS = 7;

/** Days before an advert ends on which the automatic renewal posts it again. */
export const AUTO_RENEW_DAYS = 1;

/** The day `days` after a YYYY-MM-DD day. */
export const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A YYYY-MM-DD day as a recruiter reads it: "3 Dec". */
export const shortDay = (day: string) =>
  new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });

export interface AdvertLife {
  /** The UK day the advert ends on its board; null when it stays until closed there. */
  endsOn: string | null;
  /** The vacancy's closing date (YYYY-MM-DD) and whether it is still open (live). */
  closingDate: string;
  vacancyOpen: boolean;
  /** The UK date today. */
  today: string;
}

/** True when the advert ends on its board before the vacancy closes, within `days` from today. */
export function endsBeforeVacancy(life: AdvertLife, days: number): boolean {
  const { endsOn, closingDate, vacancyOpen, today } = life;
  if (!vacancyOpen || !endsOn || closingDate < today) return false;
  return endsOn < closingDate && endsOn <= addDays(today, days);
}

/**
 * Why renewing this advert makes no sense, or null when it does: the vacancy is open and the advert
 * ends on its board before the vacancy closes.
 */
export function renewalNeedless(life: AdvertLife): string | null {
  if (!life.vacancyOpen || life.closingDate < life.today)
    return 'The vacancy is not open, so its advert is not renewed.';
  if (!life.endsOn || life.endsOn >= life.closingDate)
    return 'The advert already stays on the board until the vacancy closes: there is nothing to renew.';
  return null;
}

/** The warning on a posting whose advert ends soon while the vacancy stays open, or null. */
export function renewalWarning(boardLabel: string, life: AdvertLife): string | null {
  if (!endsBeforeVacancy(life, RENEW_WARNING_DAYS) || !life.endsOn) return null;
  return `The ${boardLabel} advert ends on ${shortDay(life.endsOn)}; the vacancy closes on ${shortDay(life.closingDate)}`;
}

/** True when the automatic renewal should post the advert again now. */
export const autoRenewDue = (life: AdvertLife) => endsBeforeVacancy(life, AUTO_RENEW_DAYS);
