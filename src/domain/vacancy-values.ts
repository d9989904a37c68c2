// Pure, with no imports: the web app's vacancy editor imports these values too, so its choices and
// limits are the server's.

export const EMPLOYMENT_TYPES = [
  'permanent',
  'fixed_term',
  'temporary',
  'contract',
  'bank',
  'locum',
  'secondment',
  'apprenticeship',
  'voluntary',
] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];

/** Employment types that end on a known date, and so may carry a contract length. */
export const FIXED_LENGTH_TYPES: readonly EmploymentType[] = [
  'fixed_term',
  'temporary',
  'contract',
  'locum',
  'secondment',
  'apprenticeship',
];

export const HOURS = ['full_time', 'part_time'] as const;
export type Hours = (typeof HOURS)[number];
export const WORKPLACES = ['onsite', 'hybrid', 'remote', 'home'] as const;
export type Workplace = (typeof WORKPLACES)[number];
export const SALARY_PERIODS = ['hour', 'day', 'week', 'month', 'year'] as const;
export const VACANCY_STATUSES = ['draft', 'live', 'closed'] as const;
export type VacancyStatus = (typeof VACANCY_STATUSES)[number];

export const LIMITS = {
  reference: 50,
  title: 255,
  addressLine: 100,
  summary: 1000,
  descriptionText: 60_000,
  descriptionHtml: 100_000,
  category: 100,
  salaryText: 255,
  listItem: 255,
  listItems: 20,
  email: 254,
} as const;

/** A reference: letters, digits, '.', '_' and '-', starting with a letter or a digit. */
export const REFERENCE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** An amount of money: at most 2 decimal places. */
export const MONEY_PATTERN = /^-?\d+(\.\d{1,2})?$/;
/** The longest contract length in each unit. */
export const CONTRACT_LENGTH_MAX = { weeks: 260, months: 60 } as const;
export const WEEKLY_HOURS_MAX = 168;
/** A YouTube video link (watch, embed, shorts or youtu.be). */
export const YOUTUBE_URL =
  /^https:\/\/(?:(?:www\.|m\.)?youtube\.com\/(?:watch\?(?:.*&)?v=|embed\/|shorts\/)|youtu\.be\/)[A-Za-z0-9_-]{11}(?:[?&#].*)?$/;
