// Every NHS Jobs wire key lives in this file. The wire format is Postroom's reconstruction
// (docs/boards/nhs-jobs.md, "Wire format"): onboarding with NHSBSA changes only this file.
import type { AdvertState } from '../../domain/advert-state.js';
import type { EmploymentType, Vacancy, Salary as VacancySalary } from '../../domain/vacancy.js';
import type { PostingFields, PrefillContext } from '../board.js';
import {
  type ContractType,
  DURATION_LIMITS,
  FIXED_LENGTH_CONTRACT_TYPES,
  type Salary,
  WEEKLY_HOURS_MAX,
  type WorkingPattern,
} from './rules.js';

/** Postroom field key -> NHS Jobs JSON key (the same names: the form and the API share them). */
export const WIRE_KEYS = {
  jobTitle: 'jobTitle',
  jobReference: 'jobReference',
  contractType: 'contractType',
  contractDuration: 'contractDuration',
  workingPatterns: 'workingPatterns',
  weeklyHours: 'weeklyHours',
  staffGroup: 'staffGroup',
  payScheme: 'payScheme',
  payBand: 'payBand',
  salary: 'salary',
  proRata: 'proRata',
  address: 'address',
  closingDate: 'closingDate',
  jobOverview: 'jobOverview',
  mainDuties: 'mainDuties',
  aboutOrganisation: 'aboutOrganisation',
  jobDescription: 'jobDescription',
  contactName: 'contactName',
  contactEmail: 'contactEmail',
  contactPhone: 'contactPhone',
  applyUrl: 'applyUrl',
  essentialQualifications: 'essentialQualifications',
  desirableQualifications: 'desirableQualifications',
  essentialExperience: 'essentialExperience',
  desirableExperience: 'desirableExperience',
  essentialSkills: 'essentialSkills',
  desirableSkills: 'desirableSkills',
} as const satisfies Record<string, string>;

/** Paths of the drafts resource and the headers that carry the credentials. */
export const draftsPath = (organisationId: string) =>
  `/api/v1/organisations/${encodeURIComponent(organisationId)}/vacancy-drafts`;
export const ACCOUNT_HEADER = 'x-account-id';
/** Error words of the board's 409 answers. */
export const DUPLICATE_REFERENCE = 'DUPLICATE_REFERENCE';
export const ALREADY_PUBLISHED = 'ALREADY_PUBLISHED';
/** The `status` words of a draft (contract, "Wire format": GET …/vacancy-drafts/{id}). */
export const DRAFT_STATUS = { draft: 'DRAFT', published: 'PUBLISHED', closed: 'CLOSED' } as const;
/** A draft's `status` word -> the advert state in Postroom's words; unknown words have none. */
export const ADVERT_STATE_OF: Readonly<Record<string, AdvertState>> = {
  [DRAFT_STATUS.draft]: 'draft',
  [DRAFT_STATUS.published]: 'published',
  [DRAFT_STATUS.closed]: 'closed',
};

const FIELD_OF_WIRE_KEY: Record<string, string> = Object.fromEntries(
  Object.entries(WIRE_KEYS).map(([f, w]) => [w, f]),
);
/** The Postroom field a board error names: "address.postcode" -> "address.postcode". */
export const fieldOfWireKey = (wirePath: string): string => {
  const [head = '', ...rest] = wirePath.split('.');
  return [Object.hasOwn(FIELD_OF_WIRE_KEY, head) ? FIELD_OF_WIRE_KEY[head] : head, ...rest].join('.');
};

const CONTRACT_TYPES: Partial<Record<EmploymentType, ContractType>> = {
  permanent: 'PERMANENT',
  fixed_term: 'FIXED_TERM',
  bank: 'BANK',
  locum: 'LOCUM',
  secondment: 'SECONDMENT',
  apprenticeship: 'APPRENTICESHIP',
};

function salaryOf(salary: VacancySalary | null): Salary | undefined {
  if (!salary) return undefined;
  const period = salary.period === 'year' ? 'YEAR' : salary.period === 'hour' ? 'HOUR' : undefined;
  const { min, max } = salary;
  if (period && min !== undefined && max !== undefined) {
    return min === max ? { type: 'FIXED', amount: min, period } : { type: 'RANGE', min, max, period };
  }
  const amount = min ?? max;
  if (period && amount !== undefined) return { type: 'FIXED', amount, period };
  // Only a salary text ("Negotiable", "Competitive") says nothing NHS Jobs can show as figures.
  if (min === undefined && max === undefined && salary.text) return { type: 'NEGOTIABLE' };
  return undefined;
}

function workingPatternsOf(vacancy: Vacancy): WorkingPattern[] {
  const patterns: WorkingPattern[] = [vacancy.hours === 'full_time' ? 'FULL_TIME' : 'PART_TIME'];
  if (vacancy.workplace === 'remote' || vacancy.workplace === 'home') patterns.push('HOME_OR_REMOTE_WORKING');
  if (vacancy.workplace === 'hybrid') patterns.push('FLEXIBLE_WORKING');
  return patterns;
}

/** The form as the vacancy and the organisation fill it (the contract's "Auto" column). */
export function prefillNhsJobs({ vacancy, organisation, trackingUrl }: PrefillContext): PostingFields {
  const contractType = CONTRACT_TYPES[vacancy.employmentType];
  const length = vacancy.contractLength;
  const { location, personSpecification: spec } = vacancy;
  const fields: PostingFields = {
    jobTitle: vacancy.title,
    jobReference: vacancy.reference,
    contractType,
    contractDuration:
      // A length NHS Jobs cannot take (over 60) is left for the person to enter, as weekly hours over 48 are.
      contractType &&
      FIXED_LENGTH_CONTRACT_TYPES.includes(contractType) &&
      length &&
      length.length <= DURATION_LIMITS.max
        ? { length: length.length, unit: length.unit === 'weeks' ? 'WEEKS' : 'MONTHS' }
        : undefined,
    workingPatterns: workingPatternsOf(vacancy),
    weeklyHours:
      vacancy.weeklyHours !== null && vacancy.weeklyHours <= WEEKLY_HOURS_MAX
        ? vacancy.weeklyHours
        : undefined,
    salary: salaryOf(vacancy.salary),
    address: {
      line1: location.line1,
      ...(location.line2 ? { line2: location.line2 } : {}),
      town: location.town,
      postcode: location.postcode,
    },
    closingDate: vacancy.closingDate,
    jobOverview: vacancy.summary ?? undefined,
    aboutOrganisation: organisation.about || undefined,
    jobDescription: vacancy.description,
    contactEmail: vacancy.replyToEmail ?? organisation.replyToEmail ?? undefined,
    applyUrl: trackingUrl,
    essentialQualifications: spec.essential.qualifications,
    desirableQualifications: spec.desirable.qualifications,
    essentialExperience: spec.essential.experience,
    desirableExperience: spec.desirable.experience,
    essentialSkills: spec.essential.skills,
    desirableSkills: spec.desirable.skills,
  };
  return Object.fromEntries(
    Object.entries(fields).filter(
      ([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0),
    ),
  );
}

/** The JSON body of a create or update: every field under its wire key, empty ones left out. */
export function mapNhsJobs(fields: PostingFields): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(fields)) {
    const value = typeof raw === 'string' ? raw.trim() : raw;
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0))
      continue;
    // Own keys only: a field called "constructor" must not pick up something from the prototype.
    const wire = Object.hasOwn(WIRE_KEYS, key) ? (WIRE_KEYS as Record<string, string>)[key]! : key;
    body[wire] = value;
  }
  return body;
}
