// Every Teaching Vacancies wire name lives in this file (docs/boards/teaching-vacancies.md,
// "Transport", "Responses", "Body fields"): paths, the key header, JSON keys and the board's
// fixed messages that Postroom reads. No name here is reconstructed: all come from TV's code.
import type { EmploymentType, Salary } from '../../domain/vacancy.js';
import type { PostingFields, PrefillContext } from '../board.js';
import { DEFAULT_CLOSING_TIME } from './fields.js';

export const BASE_URLS = {
  production: 'https://teaching-vacancies.service.gov.uk/ats-api/v1',
  staging: 'https://staging.teaching-vacancies.service.gov.uk/ats-api/v1',
} as const;
export type Environment = keyof typeof BASE_URLS;

export const KEY_HEADER = 'X-Api-Key';
export const VACANCIES_PATH = '/vacancies';
export const PAGE_PARAM = 'page';
/** The request body wraps the vacancy: `{"vacancy": {...}}`. */
export const BODY_KEY = 'vacancy';
/** Keys of the answers. */
export const ANSWER = {
  id: 'id',
  errors: 'errors',
  meta: 'meta',
  link: 'link',
  vacancies: 'vacancies',
  totalPages: 'totalPages',
  publicUrl: 'public_url',
  reference: 'external_reference',
} as const;

/** Postroom field -> the key inside `vacancy` (closingDate and closingTime make `expires_at`). */
export const WIRE_KEYS = {
  title: 'job_title',
  description: 'job_advert',
  applyUrl: 'external_advert_url',
  reference: 'external_reference',
  closingDate: 'expires_at',
  salary: 'salary',
  contractType: 'contract_type',
  workingPatterns: 'working_patterns',
  jobRoles: 'job_roles',
  phases: 'phases',
  schools: 'schools',
  keyStages: 'key_stages',
  subjects: 'subjects',
  startsOn: 'starts_on',
  benefits: 'benefits_details',
  visaSponsorship: 'visa_sponsorship_available',
  jobShare: 'is_job_share',
  ectSuitable: 'ect_suitable',
} as const satisfies Record<string, string>;
export const SCHOOL_KEYS = { trustUid: 'trust_uid', schoolUrns: 'school_urns' } as const;

/** The two 409 messages (verbatim). */
export const DUPLICATE_REFERENCE =
  'A vacancy with the provided ATS client ID and external reference already exists.';
export const DUPLICATE_CONTENT =
  'A vacancy with the same job title, expiry date, contract type, working patterns, phases and salary already exists for this organisation.';
/** 422 messages about the schools, which carry no `<attribute>:` prefix. */
const SCHOOL_MESSAGES = [/^No valid organisations found/, /^School type '.*' is not eligible/];

const FIELD_OF_WIRE_KEY: Record<string, string> = {
  ...Object.fromEntries(Object.entries(WIRE_KEYS).map(([field, wire]) => [wire, field])),
  [SCHOOL_KEYS.trustUid]: 'schools',
  [SCHOOL_KEYS.schoolUrns]: 'schools',
};

/**
 * The Postroom field a board message names: `#/vacancy/<key>...` or `required property of '<key>'`
 * (400), `<attribute>: ...` (422), or a school message. Undefined when it names none.
 */
export function fieldOfMessage(message: string): string | undefined {
  if (SCHOOL_MESSAGES.some((pattern) => pattern.test(message))) return 'schools';
  const pointer = /'#\/vacancy\/([a-z_]+)/.exec(message)?.[1];
  const required = /required property of '([a-z_]+)'/.exec(message)?.[1];
  const attribute = /^([a-z_]+): /.exec(message)?.[1];
  const key = required ?? pointer ?? attribute;
  return key ? FIELD_OF_WIRE_KEY[key] : undefined;
}

/** Connection defaults used where the posting leaves schools or phases empty. */
export interface TvDefaults {
  schools?: { trustUid?: string | undefined; schoolUrns?: string[] | undefined } | undefined;
  phases?: string[] | undefined;
}

const filled = (value: unknown) =>
  value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');

function schoolsBody(schools: unknown): Record<string, unknown> | undefined {
  if (!schools || typeof schools !== 'object') return undefined;
  const { trustUid, schoolUrns } = schools as { trustUid?: unknown; schoolUrns?: unknown };
  const urns = Array.isArray(schoolUrns) ? schoolUrns.map((u) => String(u).trim()).filter((u) => u) : [];
  const body: Record<string, unknown> = {};
  if (typeof trustUid === 'string' && trustUid.trim()) body[SCHOOL_KEYS.trustUid] = trustUid.trim();
  if (urns.length > 0) body[SCHOOL_KEYS.schoolUrns] = urns;
  return Object.keys(body).length > 0 ? body : undefined;
}

const nonEmptyList = (value: unknown) => (Array.isArray(value) && value.length > 0 ? value : undefined);

/** Fields built below rather than copied. */
const BUILT = new Set(['closingDate', 'schools', 'phases']);
const MAY_BE_EMPTY = new Set(['keyStages', 'subjects']);

/** The `vacancy` object for these fields (without the wrapper): empty values left out. */
export function mapVacancy(fields: PostingFields, defaults: TvDefaults = {}): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [field, wire] of Object.entries(WIRE_KEYS)) {
    if (BUILT.has(field)) continue;
    const value = fields[field];
    // Key stages and subjects may be sent empty (clearing them on an update); other lists may not.
    const empty = Array.isArray(value) ? value.length === 0 && !MAY_BE_EMPTY.has(field) : !filled(value);
    if (!empty) body[wire] = typeof value === 'string' ? value.trim() : value;
  }
  if (typeof fields.closingDate === 'string' && fields.closingDate) {
    // No offset: the board reads it as UK time (GMT or BST).
    const time = typeof fields.closingTime === 'string' ? fields.closingTime : DEFAULT_CLOSING_TIME;
    body[WIRE_KEYS.closingDate] = `${fields.closingDate}T${time}:00`;
  }
  const schools = schoolsBody(fields.schools) ?? schoolsBody(defaults.schools);
  if (schools) body[WIRE_KEYS.schools] = schools;
  const phases = nonEmptyList(fields.phases) ?? nonEmptyList(defaults.phases);
  if (phases) body[WIRE_KEYS.phases] = phases;
  return body;
}

/** The request body: `{"vacancy": {...}}`. */
export const wrapBody = (vacancy: Record<string, unknown>) => ({ [BODY_KEY]: vacancy });

/** Postroom's employment types -> TV's contract types (voluntary: the recruiter picks). */
const CONTRACT_TYPES: Partial<Record<EmploymentType, string>> = {
  permanent: 'permanent',
  fixed_term: 'fixed_term',
  contract: 'fixed_term',
  secondment: 'fixed_term',
  apprenticeship: 'fixed_term',
  temporary: 'casual',
  bank: 'casual',
  locum: 'casual',
};

const pounds = (n: number) => `£${n.toLocaleString('en-GB')}`;

/** The salary as TV's free text: the vacancy's own words, else its figures. */
export function salaryText(salary: Salary | null): string | undefined {
  if (!salary) return undefined;
  if (salary.text?.trim()) return salary.text.trim();
  const { min, max, period } = salary;
  if (min !== undefined && max !== undefined && min !== max)
    return `${pounds(min)} to ${pounds(max)} per ${period}`;
  const one = min ?? max;
  return one === undefined ? undefined : `${pounds(one)} per ${period}`;
}

/** The fields as the vacancy fills them; the recruiter picks job roles (and schools, phases). */
export function prefillTv({ vacancy, organisation, trackingUrl }: PrefillContext): PostingFields {
  const fields: PostingFields = {
    title: vacancy.title,
    // One API key may serve several organisations: the slug keeps references apart.
    reference: `${organisation.slug}/${vacancy.reference}`,
    description: vacancy.description,
    applyUrl: trackingUrl,
    closingDate: vacancy.closingDate,
    closingTime: DEFAULT_CLOSING_TIME,
    salary: salaryText(vacancy.salary),
    contractType: CONTRACT_TYPES[vacancy.employmentType],
    workingPatterns: [vacancy.hours],
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== ''));
}
