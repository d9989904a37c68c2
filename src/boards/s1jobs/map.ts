// Every s1jobs wire key lives in this file (docs/boards/s1jobs.md, "Wire format"). Keys marked
// (reconstructed) there are our best reading of the board's spec: onboarding changes only this table.
import { isFullUkPostcode, isUkOutcode, normalisePostcode } from '../../domain/postcode.js';
import type { EmploymentType, Vacancy } from '../../domain/vacancy.js';
import type { PostingFields, PrefillContext } from '../board.js';
import { CORE_SKILLS } from './coreskills-data.js';
import { addDays, latestExpiry, youtubeShareForm } from './fields.js';

/** Postroom field key -> s1jobs JSON key. */
export const WIRE_KEYS = {
  title: 'title',
  description: 'description',
  coreSkill: 'coreskill',
  specialisms: 'specialisms',
  salaryLow: 'salary_low',
  salaryHigh: 'salary_high',
  salaryPeriod: 'salary_period',
  salaryText: 'salary_text',
  location: 'location',
  applyUrl: 'apply_url',
  x1Apply: 'x1_apply',
  phone: 'phone',
  expiryDate: 'expiry_date',
  hours: 'hours',
  jobType: 'job_type',
  reference: 'reference',
  workingLocation: 'working_location',
  youtubeUrl: 'youtube_url',
} as const satisfies Record<string, string>;

/** Credentials travel in the body of every write, and as query parameters on reads. */
export const CREDENTIAL_KEYS = { username: 'username', password: 'password' } as const;
/** The jobs resource: `POST` creates (the path is reconstructed from the PATCH page). */
export const JOBS_PATH = '/api/job';
/** One job: `GET` reads it, `PATCH` edits it. */
export const jobPath = (jobId: string) => `${JOBS_PATH}/${encodeURIComponent(jobId)}`;
/** The look-up's query parameter, `where={"reference":"…"}` (reconstructed: Eve's collection filter). */
export const WHERE_PARAM = 'where';
/** The header of an edit that carries the job's current ETag. */
export const IF_MATCH_HEADER = 'if-match';
// No key names the site: the board's API user is set up "for posting to s1jobs or x1jobs", so the
// user, not the body, decides it. The connection's `site` only chooses labels and advert links.
/** Closing early is an edit with this body (reconstructed). */
export const CLOSE_BODY = { status: 'closed' } as const;

const FIELD_OF_WIRE_KEY: Record<string, string> = Object.fromEntries(
  Object.entries(WIRE_KEYS).map(([field, wire]) => [wire, field]),
);

/** The Postroom field a board issue names, e.g. "coreskill" -> "coreSkill". */
export const fieldOfWireKey = (wireKey: string): string | undefined => FIELD_OF_WIRE_KEY[wireKey];

const JOB_TYPES: Partial<Record<EmploymentType, string>> = {
  permanent: 'Permanent',
  temporary: 'Temporary',
  bank: 'Temporary',
  locum: 'Temporary',
  contract: 'Contract',
  fixed_term: 'Contract',
  secondment: 'Contract',
};
const SALARY_PERIODS = {
  hour: 'hourly',
  day: 'daily',
  week: 'weekly',
  month: 'monthly',
  year: 'yearly',
} as const;
const WORKING_LOCATIONS = {
  onsite: 'Onsite working',
  hybrid: 'Hybrid working',
  remote: 'Remote working',
  home: 'Home working',
} as const;

/** https://www.youtube.com/watch?v=ID and friends -> the share link s1jobs wants. */
export function youtubeShareLink(url: string | null): string | undefined {
  const id = url ? /(?:v=|youtu\.be\/|embed\/|shorts\/)([A-Za-z0-9_-]{11})/.exec(url)?.[1] : undefined;
  return id ? `https://youtu.be/${id}` : undefined;
}

/**
 * The core skill (and specialism) the vacancy's category names, when it names exactly one:
 * "Accountancy" is a core skill; "Nursing" is a specialism of "Medical / Dental / Health Care".
 */
function classify(vacancy: Vacancy): { coreSkill?: string; specialisms?: string[] } {
  const category = vacancy.category?.trim().toLowerCase();
  if (!category) return {};
  const coreSkill = Object.keys(CORE_SKILLS).find((skill) => skill.toLowerCase() === category);
  if (coreSkill) return { coreSkill };
  const matches = Object.entries(CORE_SKILLS).flatMap(([skill, specialisms]) =>
    specialisms.filter((s) => s.toLowerCase() === category).map((specialism) => ({ skill, specialism })),
  );
  return matches.length === 1 ? { coreSkill: matches[0]!.skill, specialisms: [matches[0]!.specialism] } : {};
}

/**
 * The board closes an advert "in the morning of the date sent", so the day after the closing date
 * keeps it up through the last day to apply; left empty (28 days) when that is too far ahead.
 */
function expiryAfterClosing(closingDate: string, today: string): string | undefined {
  const expiry = addDays(closingDate, 1);
  return expiry > today && expiry <= latestExpiry(today) ? expiry : undefined;
}

/** The fields as the vacancy fills them; the recruiter completes the rest (core skill, specialisms). */
export function prefillS1jobs({ vacancy, trackingUrl, today }: PrefillContext): PostingFields {
  const fields: PostingFields = {
    title: vacancy.title,
    reference: vacancy.reference,
    description: vacancy.description,
    ...classify(vacancy),
    location: vacancy.location.postcode,
    jobType: JOB_TYPES[vacancy.employmentType],
    hours: vacancy.hours === 'full_time' ? 'Full' : 'Part',
    workingLocation: WORKING_LOCATIONS[vacancy.workplace],
    expiryDate: expiryAfterClosing(vacancy.closingDate, today),
    youtubeUrl: youtubeShareLink(vacancy.videoUrl),
    salaryLow: vacancy.salary?.min,
    salaryHigh: vacancy.salary?.max,
    salaryPeriod: vacancy.salary ? SALARY_PERIODS[vacancy.salary.period] : undefined,
    salaryText: vacancy.salary?.text,
    applyUrl: trackingUrl,
  };
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  );
}

/** A value in the form the board reads best: postcodes spaced and upper-cased, watch links as share links. */
function wireValue(field: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (field === 'location' && isFullUkPostcode(value)) return normalisePostcode(value);
  if (field === 'location' && isUkOutcode(value)) return value.toUpperCase();
  if (field === 'youtubeUrl') return youtubeShareForm(value) ?? value;
  return value;
}

/** The JSON body for these fields (without credentials): empty values are left out, as the board has no defaults. */
export function mapS1jobs(fields: PostingFields): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [field, wire] of Object.entries(WIRE_KEYS)) {
    const raw = fields[field];
    const value = typeof raw === 'string' ? raw.trim() : raw;
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0))
      continue;
    if (field === 'x1Apply' && value === false) continue;
    body[wire] = wireValue(field, value);
  }
  return body;
}

/**
 * The keys of `next` whose value differs from `previous` (both bodies from {@link mapS1jobs}): an
 * edit sends only what Postroom changed, so edits made on the board to other fields stay.
 */
export function changedBody(
  next: Record<string, unknown>,
  previous: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(next).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(previous[key])),
  );
}
