import {
  countCharacters as countPersonCharacters,
  countWords as countReaderWords,
  readerText,
} from '../field-checks.js';

/**
 * The words of NHS Jobs' draft-vacancy API for Postroom's adapter: its lists of values, labels,
 * limits and messages (docs/boards/nhs-jobs.md, "Posting fields" and "Rules and where Postroom
 * enforces them"). The form's declarations (fields.ts) and the board's own check (check.ts) are
 * built from them. The sandbox never imports this file: it has its own reading (sandbox-rules.ts).
 */

export const CONTRACT_TYPES = [
  'PERMANENT',
  'FIXED_TERM',
  'BANK',
  'LOCUM',
  'SECONDMENT',
  'APPRENTICESHIP',
] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];

/** Contract types that end after a known time: they need (and alone allow) a contract duration. */
export const FIXED_LENGTH_CONTRACT_TYPES: readonly ContractType[] = [
  'FIXED_TERM',
  'LOCUM',
  'SECONDMENT',
  'APPRENTICESHIP',
];

export const WORKING_PATTERNS = [
  'FULL_TIME',
  'PART_TIME',
  'JOB_SHARE',
  'FLEXIBLE_WORKING',
  'HOME_OR_REMOTE_WORKING',
  'COMPRESSED_HOURS',
  'TERM_TIME',
  'ANNUALISED_HOURS',
] as const;
export type WorkingPattern = (typeof WORKING_PATTERNS)[number];

export const STAFF_GROUPS = [
  'ADMINISTRATIVE_AND_CLERICAL',
  'ALLIED_HEALTH_PROFESSIONALS',
  'ADDITIONAL_CLINICAL_SERVICES',
  'ESTATES_AND_ANCILLARY',
  'HEALTHCARE_SCIENTISTS',
  'MEDICAL_AND_DENTAL',
  'NURSING_AND_MIDWIFERY_REGISTERED',
  'ADDITIONAL_PROFESSIONAL_SCIENTIFIC_AND_TECHNICAL',
  'STUDENTS',
] as const;
export type StaffGroup = (typeof STAFF_GROUPS)[number];

export const PAY_SCHEMES = [
  'AGENDA_FOR_CHANGE',
  'MEDICAL_AND_DENTAL',
  'VERY_SENIOR_MANAGER',
  'OTHER',
] as const;
export type PayScheme = (typeof PAY_SCHEMES)[number];

/** Agenda for Change bands; a band is sent only with the AGENDA_FOR_CHANGE pay scheme. */
export const PAY_BANDS = [
  'BAND_2',
  'BAND_3',
  'BAND_4',
  'BAND_5',
  'BAND_6',
  'BAND_7',
  'BAND_8A',
  'BAND_8B',
  'BAND_8C',
  'BAND_8D',
  'BAND_9',
] as const;
export type PayBand = (typeof PAY_BANDS)[number];

export const DURATION_UNITS = ['WEEKS', 'MONTHS'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

export const SALARY_TYPES = ['RANGE', 'FIXED', 'NEGOTIABLE'] as const;
export const SALARY_PERIODS = ['YEAR', 'HOUR'] as const;
export type SalaryPeriod = (typeof SALARY_PERIODS)[number];

/** The person-specification lists: optional lists of short items. */
export const LIST_FIELDS = [
  'essentialQualifications',
  'desirableQualifications',
  'essentialExperience',
  'desirableExperience',
  'essentialSkills',
  'desirableSkills',
] as const;
export type ListField = (typeof LIST_FIELDS)[number];

export type Salary =
  | { type: 'RANGE'; min: number; max: number; period: SalaryPeriod }
  | { type: 'FIXED'; amount: number; period: SalaryPeriod }
  | { type: 'NEGOTIABLE' };

/** The JSON body of a create or update, as the board accepts it (wire keys). */
export interface NhsJobsDraft {
  jobTitle: string;
  jobReference: string;
  contractType: ContractType;
  contractDuration?: { length: number; unit: DurationUnit };
  workingPatterns: WorkingPattern[];
  weeklyHours?: number;
  staffGroup: StaffGroup;
  payScheme: PayScheme;
  payBand?: PayBand;
  salary: Salary;
  proRata?: boolean;
  address: { line1: string; line2?: string; town: string; postcode: string };
  closingDate: string;
  jobOverview: string;
  mainDuties: string;
  aboutOrganisation: string;
  jobDescription: string;
  contactName?: string;
  contactEmail: string;
  contactPhone?: string;
  applyUrl: string;
  essentialQualifications?: string[];
  desirableQualifications?: string[];
  essentialExperience?: string[];
  desirableExperience?: string[];
  essentialSkills?: string[];
  desirableSkills?: string[];
}
export type DraftField = keyof NhsJobsDraft;

/** The labels NHS Jobs shows, used in its messages ("Please Enter Job overview. …"). */
export const FIELD_LABELS: Record<DraftField, string> = {
  jobTitle: 'Job title',
  jobReference: 'Job reference',
  contractType: 'Contract type',
  contractDuration: 'Contract duration',
  workingPatterns: 'Working pattern',
  weeklyHours: 'Hours per week',
  staffGroup: 'Staff group',
  payScheme: 'Pay scheme',
  payBand: 'Band',
  salary: 'Salary',
  proRata: 'Pro rata',
  address: 'Job address',
  closingDate: 'Closing date',
  jobOverview: 'Job overview',
  mainDuties: 'Main duties of the job',
  aboutOrganisation: 'About your organisation',
  jobDescription: 'Job description',
  contactName: 'Contact name',
  contactEmail: 'Contact email',
  contactPhone: 'Contact phone',
  applyUrl: 'Apply link',
  essentialQualifications: 'Essential qualifications',
  desirableQualifications: 'Desirable qualifications',
  essentialExperience: 'Essential experience',
  desirableExperience: 'Desirable experience',
  essentialSkills: 'Essential skills',
  desirableSkills: 'Desirable skills',
};

export const ADDRESS_LABELS = {
  line1: 'Address line 1',
  line2: 'Address line 2',
  town: 'Town',
  postcode: 'Postcode',
};

/**
 * The label of a field named in a 400 answer: a wire key (`jobOverview`) or a path into one
 * (`address.postcode`, `essentialSkills.2`). Unknown keys come back as they are.
 */
export function fieldLabel(field: string): string {
  const [key = '', part] = field.split('.');
  if (key === 'address' && part && Object.hasOwn(ADDRESS_LABELS, part)) {
    return ADDRESS_LABELS[part as keyof typeof ADDRESS_LABELS];
  }
  const label = Object.hasOwn(FIELD_LABELS, key) ? FIELD_LABELS[key as DraftField] : field;
  return part !== undefined && (LIST_FIELDS as readonly string[]).includes(key)
    ? `${label} (item ${Number(part) + 1})`
    : label;
}

/** Character limits of the plain-text fields, counted with {@link countCharacters}. */
export const TEXT_LIMITS = {
  jobTitle: { min: 1, max: 70 },
  jobReference: { min: 1, max: 50 },
  jobOverview: { min: 100, max: 1000 },
  mainDuties: { min: 100, max: 1000 },
  aboutOrganisation: { min: 100, max: 1000 },
  contactName: { min: 1, max: 100 },
} as const satisfies Partial<Record<DraftField, { min: number; max: number }>>;

/** `jobDescription` is HTML: its visible text may have at most this many words and characters. */
export const DESCRIPTION_LIMITS = { words: 1000, characters: 10_000 } as const;
export const LIST_LIMITS = { itemMin: 1, itemMax: 255, items: 20 } as const;
export const WEEKLY_HOURS_MAX = 48;
export const DURATION_LIMITS = { min: 1, max: 60 } as const;
/** Salary bounds per period, in pounds. */
export const SALARY_LIMITS: Record<SalaryPeriod, { min: number; max: number }> = {
  YEAR: { min: 1000, max: 500_000 },
  HOUR: { min: 1, max: 500 },
};

/**
 * The board's own wording, from the ATS client guide ("Potential errors"): the "Please Enter …"
 * message is for "too few characters", the "exceeded" one for too many (characters or words).
 */
export const MESSAGES = {
  required: 'Please fill the required fields',
  tooManyWords: `You have exceeded the words max limit, max limit is ${DESCRIPTION_LIMITS.words}`,
  salary: 'The salary you have entered is not valid.',
  tooShort: (label: string, min: number, max: number) =>
    `Please Enter ${label}. Character minLength: ${min}, maxLength: ${max}.`,
  tooLong: (max: number) => `You have exceeded the words max limit, max limit is ${max}`,
} as const;

/** The seed's message for a text of `count` characters outside `min`–`max`, or null when it fits. */
export function lengthProblem(label: string, count: number, min: number, max: number): string | null {
  if (count < min) return MESSAGES.tooShort(label, min, max);
  return count > max ? MESSAGES.tooLong(max) : null;
}

/**
 * Characters as a person sees them: trimmed, a line break is one character, each Unicode code point
 * is one ("é" and "😀" are one each), NFC first: the same count as every board's declared limits.
 */
export const countCharacters = countPersonCharacters;

/** Words of the visible text of HTML (or plain text): runs of non-space characters, blocks apart. */
export const countWords = countReaderWords;

/** Characters of `jobDescription` as a reader sees them: HTML tags are not counted. */
export function countDescriptionCharacters(html: string): number {
  return countCharacters(readerText(html));
}
