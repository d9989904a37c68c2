// Every Reed wire name lives in this file (docs/boards/reed.md). Names and codes marked
// (inventory), (client code) or (reconstructed) there are our best reading: onboarding with Reed,
// which brings the live spec, changes only this file.
import { isFullUkPostcode, normalisePostcode } from '../../domain/postcode.js';
import type { EmploymentType, Vacancy, Workplace } from '../../domain/vacancy.js';
import type { PostingFields, PrefillContext } from '../board.js';
import { MAX_EXPIRY_DAYS } from './fields.js';

/** The API's base path under the connection's base URL. */
export const API_PATH = '/recruiter/api/1.0';
/** Method and path of each call (inventory, matched by client code). */
export const ROUTES = {
  create: { method: 'POST', path: () => '/jobs' },
  update: { method: 'PUT', path: (id: string) => `/jobs/update/${encodeURIComponent(id)}` },
  end: { method: 'PUT', path: (id: string) => `/jobs/end/${encodeURIComponent(id)}` },
  relist: { method: 'PUT', path: (id: string) => `/jobs/relist/${encodeURIComponent(id)}` },
  extend: { method: 'PUT', path: (id: string) => `/jobs/extend/${encodeURIComponent(id)}` },
} as const;
export type ReedCall = keyof typeof ROUTES;

/** Reed's headers ("Transport"); `Method` and `ContentType` (sic) as Reed's sample sends them. */
export const HEADERS = {
  clientId: 'X-ApiClientId',
  timestamp: 'X-TimeStamp',
  signature: 'X-ApiSignature',
  userAgent: 'User-Agent',
  method: 'Method',
  sampleContentType: 'ContentType',
} as const;
export const FORM_TYPE = 'application/x-www-form-urlencoded';

/** Credentials in every body: the account e-mail and, when posting for a client, its posting key. */
export const CREDENTIAL_KEYS = { username: 'username', postingKey: 'postingKey' } as const;
/** Only on create: a draft "to test the api". */
export const DEMO_KEY = 'isDemo';
/** Only on edit: the edit does not restart the advert's run (reconstructed meaning); sent as true. */
export const DO_NOT_EXTEND_KEY = 'doNotExtend';
/** Keys of the answers (client code; case as seen). */
export const ANSWER_KEYS = { jobId: 'JobId', message: 'ResponseMessage', errorMessage: 'message' } as const;
export const MODEL_STATE_KEY = 'modelState';

/** Postroom field key -> Reed form key. */
export const WIRE_KEYS = {
  title: 'title',
  description: 'description',
  town: 'townName',
  jobType: 'jobType',
  workingHours: 'workingHours',
  productId: 'productId',
  expiryInDays: 'expiryInDays',
  isPublic: 'isPublic',
  isGraduate: 'isGraduate',
  reference: 'ownerRef',
  applyUrl: 'externalUrl',
  applicationEmail: 'emailForApplications',
  salaryMin: 'minSalary',
  salaryMax: 'maxSalary',
  salaryType: 'salaryType',
  currency: 'currency',
  showSalary: 'showSalary',
  salaryHiddenText: 'hiddenSalaryDescription',
  parentSectorId: 'parentSectorId',
  jobSectorId: 'jobSectorId',
  locationType: 'locationBaseType',
} as const satisfies Record<string, string>;

/** Postroom's option values -> Reed's integer codes, per field. */
export const CODES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  jobType: { permanent: 1, contract: 2, temporary: 4 },
  workingHours: { full_time: 1, part_time: 2, full_or_part_time: 3 },
  productId: { standard: 1, premium: 2, featured: 3, premium_plus: 4, marketplace: 81 },
  salaryType: { hour: 1, day: 2, year: 5 },
  currency: { GBP: 1, EUR: 2, AUD: 3, USD: 8, CAD: 21 },
  salaryHiddenText: { negotiable: 0, commission_only: 1, competitive: 2 },
  locationType: { onsite: 1, hybrid: 2, remote: 3 },
};

const FIELD_OF_WIRE_KEY: Record<string, string> = Object.fromEntries(
  Object.entries(WIRE_KEYS).map(([field, wire]) => [wire.toLowerCase(), field]),
);

/**
 * The Postroom field a `modelState` key names: "townName", "TownName" or "model.TownName" -> "town".
 * ASP.NET prefixes keys with the parameter's name and may capitalise them.
 */
export function fieldOfWireKey(key: string): string | undefined {
  const last = key.split('.').pop() ?? key;
  return FIELD_OF_WIRE_KEY[last.toLowerCase()];
}

/** The form value of a field: codes for choices, postcodes spaced and upper-cased, text trimmed. */
function wireValue(field: string, value: unknown): string | number | boolean | undefined {
  const codes = CODES[field];
  if (codes) return typeof value === 'string' && Object.hasOwn(codes, value) ? codes[value] : undefined;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (field === 'town' && isFullUkPostcode(trimmed)) return normalisePostcode(trimmed);
    return trimmed === '' ? undefined : trimmed;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return undefined;
}

/** The form fields for these posting fields, without credentials: empty values left out. */
export function mapReed(fields: PostingFields): Record<string, string | number | boolean> {
  const body: Record<string, string | number | boolean> = {};
  for (const [field, wire] of Object.entries(WIRE_KEYS)) {
    const value = wireValue(field, fields[field]);
    if (value !== undefined) body[wire] = value;
  }
  return body;
}

/** The keys of `next` whose value differs from `previous`: an edit sends only what changed. */
export function changedBody<T>(next: Record<string, T>, previous: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(next).filter(([key, value]) => value !== previous[key]));
}

/** The form encoding Reed reads: booleans as true/false, numbers as written. */
export function formEncode(body: Record<string, string | number | boolean>): string {
  return new URLSearchParams(
    Object.entries(body).map(([key, value]): [string, string] => [key, String(value)]),
  ).toString();
}

const JOB_TYPES: Partial<Record<EmploymentType, string>> = {
  permanent: 'permanent',
  contract: 'contract',
  temporary: 'temporary',
};
const LOCATION_TYPES: Record<Workplace, string> = {
  onsite: 'onsite',
  hybrid: 'hybrid',
  remote: 'remote',
  home: 'remote',
};
const SALARY_TYPES: Record<string, string> = { hour: 'hour', day: 'day', year: 'year' };
const HIDDEN_SALARY: readonly [RegExp, string][] = [
  [/commission/i, 'commission_only'],
  [/competitive/i, 'competitive'],
  [/negotiable/i, 'negotiable'],
];

const DAY_MS = 86_400_000;
/** Days from today to the closing date, capped at Reed's 42. */
export function expiryDays(closingDate: string, today: string): number {
  const days = Math.round(
    (Date.parse(`${closingDate}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS,
  );
  return Math.min(MAX_EXPIRY_DAYS, Math.max(1, days));
}

function salaryFields(vacancy: Vacancy): PostingFields {
  const salary = vacancy.salary;
  if (!salary) return {};
  const shown = salary.min !== undefined || salary.max !== undefined;
  const hidden = HIDDEN_SALARY.find(([pattern]) => pattern.test(salary.text ?? ''))?.[1];
  return {
    salaryMin: salary.min,
    salaryMax: salary.max,
    // Week and month have no known code: the recruiter restates the salary per hour, day or year.
    salaryType: SALARY_TYPES[salary.period],
    currency: 'GBP',
    showSalary: shown,
    salaryHiddenText: shown ? undefined : (hidden ?? 'negotiable'),
  };
}

/** The fields as the vacancy fills them; the recruiter completes the rest (job type for other kinds). */
export function prefillReed({ vacancy, trackingUrl, today }: PrefillContext): PostingFields {
  const fields: PostingFields = {
    title: vacancy.title,
    reference: vacancy.reference,
    description: vacancy.description,
    town: vacancy.location.postcode || vacancy.location.town,
    jobType: JOB_TYPES[vacancy.employmentType],
    workingHours: vacancy.hours,
    locationType: LOCATION_TYPES[vacancy.workplace],
    expiryInDays: expiryDays(vacancy.closingDate, today),
    ...salaryFields(vacancy),
    applyUrl: trackingUrl,
    applicationEmail: vacancy.replyToEmail,
  };
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  );
}
