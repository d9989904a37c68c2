import { z } from 'zod';
import { visibleText } from '../../domain/html.js';
import { isFullUkPostcode } from '../../domain/postcode.js';
import { ukDate } from '../../domain/vacancy.js';
import { isCalendarDate } from '../field-checks.js';

/**
 * The field rules of the NHS Jobs draft-vacancy API, as data and pure functions shared by the
 * sandbox (which answers 400 with them) and Postroom's adapter (which checks before sending).
 * Contract: /work/shared/boards/nhs-jobs.md, "Fields of the 'Post to NHS Jobs' form".
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

const ADDRESS_LABELS = {
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
 * Characters as a person sees them: trimmed, a line break (`\r\n` or `\n`) is one character, and
 * each Unicode code point is one (so "é" and "😀" are one each, not two UTF-16 units). Text is
 * NFC-normalised first, so an accent typed as a combining mark counts with its letter.
 */
export function countCharacters(text: string): number {
  const normalised = text.trim().normalize('NFC').replace(/\r\n?/g, '\n');
  let count = 0;
  for (const _ of normalised) count += 1;
  return count;
}

// Block boundaries separate words even when the HTML has no space between them (`</td><td>`).
const BLOCK_TAG = /<(?=\/?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|tr|td|th|table|section|article|hr)\b)/gi;

/** The visible text of advert HTML: tags not shown, entities decoded, blocks apart. */
function readerText(html: string): string {
  return visibleText(html.replace(BLOCK_TAG, ' <'));
}

/** Characters of `jobDescription` as a reader sees them: HTML tags are not counted. */
export function countDescriptionCharacters(html: string): number {
  return countCharacters(readerText(html));
}

/** Words of the visible text of HTML (or plain text): runs of non-space characters. */
export function countWords(html: string): number {
  const text = readerText(html);
  return text === '' ? 0 : text.split(/\s+/).length;
}

/** Whole pounds or pounds and pence. */
function isMoney(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value > 0 &&
    /^\d+(\.\d{1,2})?$/.test(String(value))
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasOnlyKeys(value: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(value).every((key) => keys.includes(key));
}

/**
 * Why NHS Jobs would refuse this salary, or null when it is valid. The board gives one message
 * for every salary problem, so this returns that message or nothing.
 */
export function salaryProblem(salary: unknown): string | null {
  if (!isPlainObject(salary)) return MESSAGES.salary;
  const { type, period } = salary;
  if (type === 'NEGOTIABLE') return hasOnlyKeys(salary, ['type']) ? null : MESSAGES.salary;
  if (period !== 'YEAR' && period !== 'HOUR') return MESSAGES.salary;
  const bounds = SALARY_LIMITS[period];
  const inBounds = (n: unknown) => isMoney(n) && n >= bounds.min && n <= bounds.max;
  if (type === 'FIXED') {
    return hasOnlyKeys(salary, ['type', 'amount', 'period']) && inBounds(salary.amount)
      ? null
      : MESSAGES.salary;
  }
  if (type === 'RANGE') {
    const { min, max } = salary;
    const valid = hasOnlyKeys(salary, ['type', 'min', 'max', 'period']) && inBounds(min) && inBounds(max);
    return valid && (min as number) <= (max as number) ? null : MESSAGES.salary;
  }
  return MESSAGES.salary;
}

/** True when the contract type needs a duration (and only then allows one). */
export function requiresDuration(contractType: unknown): boolean {
  return (FIXED_LENGTH_CONTRACT_TYPES as readonly unknown[]).includes(contractType);
}

const emailFormat = z.email();

/** A single e-mail address of at most 254 characters. */
export function isEmailAddress(value: string): boolean {
  const trimmed = value.trim();
  return trimmed.length <= 254 && emailFormat.safeParse(trimmed).success;
}

/**
 * A UK phone number as people write it: `01632 960 001`, `(01632) 960001`, `+44 1632 960001`,
 * `+44 (0)1632 960001`, `0044 …`. Landlines, mobiles and 08/03 numbers have 10 or 11 digits with
 * the leading 0.
 */
export function isUkPhoneNumber(value: string): boolean {
  const trimmed = value.trim();
  if (!/^\+?[0-9 ()-]+$/.test(trimmed)) return false;
  const national = trimmed
    .replace(/[\s-]/g, '')
    .replace(/^(?:\+44|0044)\(0\)/, '0')
    .replace(/^(?:\+44|0044)/, '0')
    .replace(/[()]/g, '');
  return /^0[1-9][0-9]{8,9}$/.test(national);
}

/** A real calendar date written `YYYY-MM-DD`. */
export const isIsoDate = isCalendarDate;

/** Today's date in the UK (where NHS Jobs runs), as `YYYY-MM-DD`, for the closing-date rule. */
export const ukToday: (now: Date) => string = ukDate;

/** One problem with a draft: the wire key (or path, `address.postcode`) and the board's message. */
export interface DraftProblem {
  field: string;
  message: string;
}

const KNOWN_FIELDS = Object.keys(FIELD_LABELS);
type AddProblem = (field: string, message: string) => void;

const isBlank = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

const oneOf = (label: string, values: readonly string[]) => `${label} must be one of: ${values.join(', ')}.`;

/**
 * Every problem NHS Jobs would report for this create or update body, each on its field, with the
 * board's messages; an empty list means the board accepts it. `today` is `YYYY-MM-DD` (see
 * {@link ukToday}). Never throws, whatever the input.
 */
export function validateDraft(body: unknown, today: string): DraftProblem[] {
  if (!isPlainObject(body)) return [{ field: 'body', message: 'The request body must be a JSON object.' }];
  const problems: DraftProblem[] = [];
  const add: AddProblem = (field, message) => {
    problems.push({ field, message });
  };
  const label = (field: DraftField) => FIELD_LABELS[field];

  for (const key of Object.keys(body)) {
    if (!KNOWN_FIELDS.includes(key)) add(key, `${key} is not a field of an NHS Jobs draft.`);
  }

  const text = (field: DraftField, min: number, max: number, required: boolean) => {
    const value = body[field];
    if (isBlank(value)) {
      if (required) add(field, MESSAGES.required);
      return;
    }
    if (typeof value !== 'string') add(field, `${label(field)} must be text.`);
    else {
      const problem = lengthProblem(label(field), countCharacters(value), min, max);
      if (problem) add(field, problem);
    }
  };
  const choice = (field: DraftField, values: readonly string[]) => {
    const value = body[field];
    if (isBlank(value)) add(field, MESSAGES.required);
    else if (!values.includes(value as string)) add(field, oneOf(label(field), values));
  };

  text('jobTitle', TEXT_LIMITS.jobTitle.min, TEXT_LIMITS.jobTitle.max, true);
  text('jobReference', TEXT_LIMITS.jobReference.min, TEXT_LIMITS.jobReference.max, true);
  for (const field of ['jobOverview', 'mainDuties', 'aboutOrganisation'] as const) {
    text(field, TEXT_LIMITS[field].min, TEXT_LIMITS[field].max, true);
  }
  text('contactName', TEXT_LIMITS.contactName.min, TEXT_LIMITS.contactName.max, false);

  // Contract type, and the duration that comes with fixed-length types only.
  choice('contractType', CONTRACT_TYPES);
  const duration = body.contractDuration;
  if (requiresDuration(body.contractType)) {
    if (isBlank(duration)) add('contractDuration', MESSAGES.required);
    else if (!isDuration(duration)) {
      add(
        'contractDuration',
        `Contract duration must be a whole number of weeks or months from ${DURATION_LIMITS.min} to ${DURATION_LIMITS.max}.`,
      );
    }
  } else if (duration !== undefined && duration !== null) {
    add(
      'contractDuration',
      `Contract duration is only allowed with a fixed-length contract type (${FIXED_LENGTH_CONTRACT_TYPES.join(', ')}).`,
    );
  }

  // Working patterns, and the hours a part-time pattern needs.
  const patterns = body.workingPatterns;
  if (patterns === undefined || patterns === null || (Array.isArray(patterns) && patterns.length === 0)) {
    add('workingPatterns', MESSAGES.required);
  } else if (
    !Array.isArray(patterns) ||
    !patterns.every((p) => (WORKING_PATTERNS as readonly unknown[]).includes(p))
  ) {
    add('workingPatterns', `Working pattern must be a list of: ${WORKING_PATTERNS.join(', ')}.`);
  }
  const hours = body.weeklyHours;
  if (hours === undefined || hours === null) {
    if (Array.isArray(patterns) && patterns.includes('PART_TIME')) add('weeklyHours', MESSAGES.required);
  } else if (typeof hours !== 'number' || !Number.isFinite(hours) || hours <= 0 || hours > WEEKLY_HOURS_MAX) {
    add('weeklyHours', `Hours per week must be a number more than 0 and at most ${WEEKLY_HOURS_MAX}.`);
  }

  choice('staffGroup', STAFF_GROUPS);

  // Pay scheme, and the band that comes with Agenda for Change only.
  choice('payScheme', PAY_SCHEMES);
  const band = body.payBand;
  if (body.payScheme === 'AGENDA_FOR_CHANGE') choice('payBand', PAY_BANDS);
  else if (band !== undefined && band !== null) {
    add('payBand', 'Band is only allowed with the Agenda for Change pay scheme (AGENDA_FOR_CHANGE).');
  }

  if (body.salary === undefined || body.salary === null) add('salary', MESSAGES.required);
  else {
    const problem = salaryProblem(body.salary);
    if (problem) add('salary', problem);
  }
  if (body.proRata !== undefined && body.proRata !== null && typeof body.proRata !== 'boolean') {
    add('proRata', 'Pro rata must be true or false.');
  }

  addressProblems(body.address, add);

  const closing = body.closingDate;
  if (isBlank(closing)) add('closingDate', MESSAGES.required);
  else if (typeof closing !== 'string' || !isIsoDate(closing)) {
    add('closingDate', 'Closing date must be a date written YYYY-MM-DD.');
  } else if (closing <= today) add('closingDate', 'Closing date must be after today.');

  const description = body.jobDescription;
  if (
    isBlank(description) ||
    (typeof description === 'string' && countDescriptionCharacters(description) === 0)
  ) {
    add('jobDescription', MESSAGES.required);
  } else if (typeof description !== 'string') add('jobDescription', 'Job description must be text.');
  else {
    if (countWords(description) > DESCRIPTION_LIMITS.words) add('jobDescription', MESSAGES.tooManyWords);
    if (countDescriptionCharacters(description) > DESCRIPTION_LIMITS.characters) {
      add('jobDescription', MESSAGES.tooLong(DESCRIPTION_LIMITS.characters));
    }
  }

  const email = body.contactEmail;
  if (isBlank(email)) add('contactEmail', MESSAGES.required);
  else if (typeof email !== 'string' || !isEmailAddress(email)) {
    add('contactEmail', 'Contact email must be a valid e-mail address, like name@example.org.');
  }
  const phone = body.contactPhone;
  if (!isBlank(phone) && (typeof phone !== 'string' || !isUkPhoneNumber(phone))) {
    add('contactPhone', 'Contact phone must be a UK phone number, like 01632 960 001.');
  }

  const applyUrl = body.applyUrl;
  if (isBlank(applyUrl)) add('applyUrl', MESSAGES.required);
  else if (typeof applyUrl !== 'string' || !isWebAddress(applyUrl)) {
    add('applyUrl', 'Apply link must be an http or https web address.');
  }

  for (const field of LIST_FIELDS) listProblems(field, body[field], add);
  return problems;
}

function isDuration(value: unknown): boolean {
  if (!isPlainObject(value) || !hasOnlyKeys(value, ['length', 'unit'])) return false;
  const { length, unit } = value;
  return (
    typeof length === 'number' &&
    Number.isInteger(length) &&
    length >= DURATION_LIMITS.min &&
    length <= DURATION_LIMITS.max &&
    (DURATION_UNITS as readonly unknown[]).includes(unit)
  );
}

function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function addressProblems(address: unknown, add: AddProblem): void {
  if (address === undefined || address === null) {
    add('address', MESSAGES.required);
    return;
  }
  if (!isPlainObject(address)) {
    add('address', 'Job address must be an object with line1, town and postcode.');
    return;
  }
  for (const key of Object.keys(address)) {
    if (!Object.hasOwn(ADDRESS_LABELS, key)) add(`address.${key}`, `${key} is not a field of a job address.`);
  }
  for (const key of ['line1', 'line2', 'town'] as const) {
    const value = address[key];
    if (isBlank(value)) {
      if (key !== 'line2') add(`address.${key}`, MESSAGES.required);
    } else if (typeof value !== 'string') add(`address.${key}`, `${ADDRESS_LABELS[key]} must be text.`);
  }
  const postcode = address.postcode;
  if (isBlank(postcode)) add('address.postcode', MESSAGES.required);
  else if (typeof postcode !== 'string' || !isFullUkPostcode(postcode)) {
    add('address.postcode', 'Postcode must be a valid full UK postcode, like LS1 4HR.');
  }
}

function listProblems(field: ListField, value: unknown, add: AddProblem): void {
  if (value === undefined || value === null) return;
  const label = FIELD_LABELS[field];
  if (!Array.isArray(value)) {
    add(field, `${label} must be a list of text items.`);
    return;
  }
  if (value.length > LIST_LIMITS.items) add(field, `${label} can have at most ${LIST_LIMITS.items} items.`);
  value.forEach((item: unknown, index) => {
    const path = `${field}.${index}`;
    if (typeof item !== 'string') add(path, `${fieldLabel(path)} must be text.`);
    else {
      const { itemMin, itemMax } = LIST_LIMITS;
      const problem = lengthProblem(fieldLabel(path), countCharacters(item), itemMin, itemMax);
      if (problem) add(path, problem);
    }
  });
}
