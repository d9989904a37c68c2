// What the field declarations (fields.ts) cannot say about an NHS Jobs draft, and how NHS Jobs words
// every problem (docs/boards/nhs-jobs.md, "Rules and where Postroom enforces them" and "Messages").
import { z } from 'zod';
import { isFullUkPostcode } from '../../domain/postcode.js';
import type { BoardField, FieldIssue } from '../board.js';
import { type CheckMessages, isCalendarDate, readerText } from '../field-checks.js';
import {
  ADDRESS_LABELS,
  DURATION_LIMITS,
  DURATION_UNITS,
  FIELD_LABELS,
  lengthProblem,
  MESSAGES,
  SALARY_LIMITS,
} from './rules.js';

/** A value of the wrong kind or form, in Postroom's words: the board's document gives none for these. */
const WRONG = {
  text: (label: string) => `${label} must be text.`,
  oneOf: (label: string, values: readonly string[]) => `${label} must be one of: ${values.join(', ')}.`,
  listOf: (label: string, values: readonly string[]) => `${label} must be a list of: ${values.join(', ')}.`,
  list: (label: string) => `${label} must be a list of text items.`,
  number: (label: string, max: number | undefined) =>
    `${label} must be a number more than 0 and at most ${max}.`,
  boolean: (label: string) => `${label} must be true or false.`,
  date: (label: string) => `${label} must be a date written YYYY-MM-DD.`,
  email: (label: string) => `${label} must be a valid e-mail address, like name@example.org.`,
  phone: (label: string) => `${label} must be a UK phone number, like 01632 960 001.`,
  url: (label: string) => `${label} must be an http or https web address.`,
};

const values = (field: BoardField) => (field.options ?? []).map((option) => option.value);

function wrongType(field: BoardField): string {
  const { label } = field;
  switch (field.type) {
    case 'select':
      return WRONG.oneOf(label, values(field));
    case 'multiselect':
      return WRONG.listOf(label, values(field));
    case 'list':
      return WRONG.list(label);
    case 'number':
      return WRONG.number(label, field.max);
    case 'boolean':
      return WRONG.boolean(label);
    case 'date':
    case 'email':
    case 'phone':
    case 'url':
      return WRONG[field.type](label);
    default:
      return WRONG.text(label);
  }
}

/** How NHS Jobs words what the declarations find: the seed's messages ("Potential errors"). */
export const NHS_JOBS_MESSAGES: CheckMessages = {
  required: () => MESSAGES.required,
  length: (field, length) =>
    lengthProblem(field.label, length, field.minLength ?? 0, field.maxLength ?? Number.POSITIVE_INFINITY) ??
    MESSAGES.tooLong(field.maxLength ?? length),
  words: () => MESSAGES.tooManyWords,
  notAnOption: (field) =>
    field.type === 'multiselect'
      ? WRONG.listOf(field.label, values(field))
      : WRONG.oneOf(field.label, values(field)),
  wrongType,
  range: (field) => WRONG.number(field.label, field.max),
  unknown: (key) => `${key} is not a field of an NHS Jobs draft.`,
  tooManyItems: (field) => `${field.label} can have at most ${field.maxItems} items.`,
};

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
const isIsoDate = isCalendarDate;

/**
 * The rules of an NHS Jobs draft that the declarations cannot say: the salary's shapes and bounds,
 * the job address, the contract duration, the closing date after today, the forms of the e-mail,
 * phone and apply link, and a job description with no visible text. `body` is what would be sent
 * (only the fields that apply, trimmed), after the declarations' checks: a value of the wrong type
 * is theirs to report. Pure; never throws.
 */
export function checkDraftRules(body: Record<string, unknown>, today: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (field: string, message: string) => issues.push({ field, message, severity: 'error' });
  const given = (key: string) => body[key] !== undefined && body[key] !== null;
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : undefined);

  if (given('contractDuration') && !isDuration(body.contractDuration)) {
    const { min, max } = DURATION_LIMITS;
    add(
      'contractDuration',
      `Contract duration must be a whole number of weeks or months from ${min} to ${max}.`,
    );
  }
  if (given('salary')) {
    const problem = salaryProblem(body.salary);
    if (problem) add('salary', problem);
  }
  if (given('address')) addressProblems(body.address, add);
  const closing = text('closingDate');
  if (closing !== undefined) {
    if (!isIsoDate(closing)) add('closingDate', WRONG.date(FIELD_LABELS.closingDate));
    else if (closing <= today) add('closingDate', 'Closing date must be after today.');
  }
  const description = text('jobDescription');
  if (description !== undefined && readerText(description) === '') add('jobDescription', MESSAGES.required);
  const email = text('contactEmail');
  if (email !== undefined && !isEmailAddress(email))
    add('contactEmail', WRONG.email(FIELD_LABELS.contactEmail));
  const phone = text('contactPhone');
  if (phone !== undefined && !isUkPhoneNumber(phone))
    add('contactPhone', WRONG.phone(FIELD_LABELS.contactPhone));
  const applyUrl = text('applyUrl');
  if (applyUrl !== undefined && !isWebAddress(applyUrl)) add('applyUrl', WRONG.url(FIELD_LABELS.applyUrl));
  return issues;
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

const isBlank = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

function addressProblems(address: unknown, add: (field: string, message: string) => void): void {
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
    } else if (typeof value !== 'string') add(`address.${key}`, WRONG.text(ADDRESS_LABELS[key]));
  }
  const postcode = address.postcode;
  if (isBlank(postcode)) add('address.postcode', MESSAGES.required);
  else if (typeof postcode !== 'string' || !isFullUkPostcode(postcode)) {
    add('address.postcode', 'Postcode must be a valid full UK postcode, like LS1 4HR.');
  }
}
