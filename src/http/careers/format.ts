import type {
  ContractLength,
  EmploymentType,
  Hours,
  Salary,
  Vacancy,
  Workplace,
} from '../../domain/vacancy.js';

const PERIOD_WORDS: Record<Salary['period'], string> = {
  hour: 'an hour',
  day: 'a day',
  week: 'a week',
  month: 'a month',
  year: 'a year',
};

// Intl formatters are costly to build and safe to share, so each is built once.
const WHOLE_POUNDS = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const POUNDS_AND_PENCE = new Intl.NumberFormat('en-GB', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const LONG_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const LONDON_OFFSET = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  timeZoneName: 'longOffset',
});

/** "£24,071", "£8.50": pence only when there are some. */
export function pounds(amount: number): string {
  return `£${(Number.isInteger(amount) ? WHOLE_POUNDS : POUNDS_AND_PENCE).format(amount)}`;
}

/** The salary as a person reads it: "£24,071 to £25,674 a year", "From £30,000 a year", or the recruiter's text. */
export function salaryPhrase(salary: Salary | null): string | null {
  if (!salary) return null;
  if (salary.text) return salary.text;
  const per = PERIOD_WORDS[salary.period];
  const { min, max } = salary;
  if (min !== undefined && max !== undefined) {
    return min === max ? `${pounds(min)} ${per}` : `${pounds(min)} to ${pounds(max)} ${per}`;
  }
  if (min !== undefined) return `From ${pounds(min)} ${per}`;
  if (max !== undefined) return `Up to ${pounds(max)} ${per}`;
  return null;
}

export const EMPLOYMENT_TYPE_WORDS: Record<EmploymentType, string> = {
  permanent: 'Permanent',
  fixed_term: 'Fixed term',
  temporary: 'Temporary',
  contract: 'Contract',
  bank: 'Bank',
  locum: 'Locum',
  secondment: 'Secondment',
  apprenticeship: 'Apprenticeship',
  voluntary: 'Voluntary',
};

const HOURS_WORDS: Record<Hours, string> = { full_time: 'Full time', part_time: 'Part time' };

export const WORKPLACE_WORDS: Record<Workplace, string> = {
  onsite: 'On site',
  hybrid: 'Hybrid',
  remote: 'Remote',
  home: 'Home working',
};

const lengthWords = (c: ContractLength) =>
  `${c.length} ${c.unit === 'weeks' ? (c.length === 1 ? 'week' : 'weeks') : c.length === 1 ? 'month' : 'months'}`;

/** "Fixed term (12 months)", "Permanent". */
export function employmentWords(v: Pick<Vacancy, 'employmentType' | 'contractLength'>): string {
  const words = EMPLOYMENT_TYPE_WORDS[v.employmentType];
  return v.contractLength ? `${words} (${lengthWords(v.contractLength)})` : words;
}

/** "Full time, 37.5 hours a week", "Part time". */
export function hoursWords(v: Pick<Vacancy, 'hours' | 'weeklyHours'>): string {
  const words = HOURS_WORDS[v.hours];
  return v.weeklyHours ? `${words}, ${v.weeklyHours} hours a week` : words;
}

/** "20 December 2026" for "2026-12-20". */
export function longDate(isoDate: string): string {
  return LONG_DATE.format(new Date(`${isoDate}T00:00:00Z`));
}

/** The last second of a UK calendar day with London's offset then, e.g. "2026-12-20T23:59:59+00:00". */
export function endOfUkDay(isoDate: string): string {
  // Clocks change at 01:00 UTC, so the offset at 23:59:59 UTC is London's offset at 23:59:59 local.
  const name = LONDON_OFFSET.formatToParts(new Date(`${isoDate}T23:59:59Z`)).find(
    (p) => p.type === 'timeZoneName',
  )?.value;
  const offset = name && name !== 'GMT' ? name.replace('GMT', '') : '+00:00';
  return `${isoDate}T23:59:59${offset}`;
}
