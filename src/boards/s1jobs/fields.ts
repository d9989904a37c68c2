// The s1jobs / x1jobs posting fields and their rules, from docs/boards/s1jobs.md
// ("Posting fields" and "Every rule, in the board's words").

import { isFullUkPostcode, isUkOutcode } from '../../domain/postcode.js';
import {
  type BoardField,
  type CheckContext,
  type FieldIssue,
  type FieldOption,
  isEmpty,
  type PostingFields,
} from '../board.js';
import { type CheckMessages, checkDeclaredFields, isCalendarDate } from '../field-checks.js';
import { CORE_SKILLS } from './coreskills-data.js';

/** String fields hold at most 255 characters, Text fields 60,000 (the spec's "Data Types"). */
export const STRING_MAX = 255;
export const TEXT_MAX = 60_000;
/** A job stays live 28 days; an earlier expiry date may be set, never a later one. */
export const MAX_EXPIRY_DAYS = 28;

const options = (values: readonly string[]): FieldOption[] =>
  values.map((value) => ({ value, label: value }));

export const HOURS_VALUES = ['Full', 'Part'] as const;
export const SALARY_PERIOD_VALUES = ['hourly', 'daily', 'weekly', 'monthly', 'yearly'] as const;
export const JOB_TYPE_VALUES = ['Contract', 'Permanent', 'Temporary'] as const;
export const WORKING_LOCATION_VALUES = [
  'Home working',
  'Hybrid working',
  'Remote working',
  'Onsite working',
] as const;

const specialismOptions: Record<string, FieldOption[]> = Object.fromEntries(
  Object.entries(CORE_SKILLS).map(([coreSkill, specialisms]) => [coreSkill, options(specialisms)]),
);

export const S1JOBS_FIELDS: readonly BoardField[] = [
  {
    key: 'title',
    label: 'Job title',
    type: 'text',
    section: 'Advert',
    required: true,
    maxLength: STRING_MAX,
    lengthOf: 'sent',
    counter: 'characters',
  },
  {
    key: 'reference',
    label: 'Job reference',
    type: 'text',
    section: 'Advert',
    required: true,
    maxLength: STRING_MAX,
    lengthOf: 'sent',
    help: 'Shown as "Job Ref No". Postroom also uses it to find the advert again on s1jobs.',
  },
  {
    key: 'description',
    label: 'Description',
    type: 'html',
    section: 'Advert',
    required: true,
    maxLength: TEXT_MAX,
    lengthOf: 'sent',
    counter: 'characters',
  },
  {
    key: 'coreSkill',
    label: 'Core skill',
    type: 'select',
    section: 'Advert',
    required: true,
    options: options(Object.keys(CORE_SKILLS)),
    help: "Exactly one of s1jobs' core skills.",
  },
  {
    key: 'specialisms',
    label: 'Specialisms',
    type: 'multiselect',
    section: 'Advert',
    optionsFrom: { field: 'coreSkill', map: specialismOptions },
    help: 'Any number, each belonging to the chosen core skill.',
  },
  {
    key: 'location',
    label: 'Location',
    type: 'text',
    section: 'Advert',
    required: true,
    maxLength: STRING_MAX,
    lengthOf: 'sent',
    help: 'A full UK postcode (preferred), like G2 1DY, or its first part (the outcode), like G2.',
  },
  { key: 'jobType', label: 'Job type', type: 'select', section: 'Advert', options: options(JOB_TYPE_VALUES) },
  { key: 'hours', label: 'Hours', type: 'select', section: 'Advert', options: options(HOURS_VALUES) },
  {
    key: 'workingLocation',
    label: 'Working location',
    type: 'select',
    section: 'Advert',
    options: options(WORKING_LOCATION_VALUES),
  },
  {
    key: 'expiryDate',
    label: 'Expiry date',
    type: 'date',
    section: 'Advert',
    help: `s1jobs closes the advert in the morning of this date, so Postroom fills in the day after the vacancy's closing date: candidates can apply all through the last day. At most ${MAX_EXPIRY_DAYS} days ahead. Empty: ${MAX_EXPIRY_DAYS} days.`,
  },
  {
    key: 'youtubeUrl',
    label: 'YouTube video',
    type: 'url',
    section: 'Advert',
    maxLength: STRING_MAX,
    lengthOf: 'sent',
    help: 'On YouTube click Share and copy the link, like https://youtu.be/dQw4w9WgXcQ?si=… A watch address (youtube.com/watch?v=…) is sent as its share link.',
  },
  {
    key: 'salaryLow',
    label: 'Salary from',
    type: 'number',
    section: 'Salary',
    min: 0,
    help: 'Whole pounds: s1jobs rounds pence.',
  },
  { key: 'salaryHigh', label: 'Salary to', type: 'number', section: 'Salary', min: 0 },
  {
    key: 'salaryPeriod',
    label: 'Salary period',
    type: 'select',
    section: 'Salary',
    options: options(SALARY_PERIOD_VALUES),
  },
  {
    key: 'salaryText',
    label: 'Salary text',
    type: 'text',
    section: 'Salary',
    maxLength: STRING_MAX,
    lengthOf: 'sent',
    help: 'Shown instead of the figures, e.g. "Negotiable" or "£8.50 an hour".',
  },
  {
    key: 'applyUrl',
    label: 'Apply link',
    type: 'url',
    section: 'How to apply',
    maxLength: STRING_MAX,
    lengthOf: 'sent',
    help: "Postroom's tracked apply link: candidates apply on your careers site and are credited to s1jobs.",
  },
  {
    key: 'x1Apply',
    label: "Use x1jobs' application form",
    type: 'boolean',
    section: 'How to apply',
    help: "Applications then arrive by the board's e-mail, outside Postroom.",
  },
  {
    key: 'phone',
    label: 'Phone number',
    type: 'phone',
    section: 'How to apply',
    maxLength: STRING_MAX,
    lengthOf: 'sent',
  },
];

const MESSAGES: CheckMessages = {
  required: (f) => `Enter the ${f.label.toLowerCase()}: s1jobs requires it`,
  length: (f, n) =>
    `${f.label} is ${n.toLocaleString('en-GB')} characters; s1jobs allows at most ${f.maxLength?.toLocaleString('en-GB')}`,
  wrongType: (f) =>
    f.type === 'number'
      ? `${f.label} must be a number`
      : f.type === 'boolean'
        ? `${f.label} must be true or false`
        : f.type === 'multiselect'
          ? `${f.label} must be a list of values`
          : `${f.label} must be text`,
  range: (f) => `${f.label} must be ${f.min} or more`,
  notAnOption: (f, v, fields) => {
    if (f.key === 'coreSkill')
      return `"${String(v)}" is not an s1jobs core skill (values are case-sensitive)`;
    if (f.key === 'specialisms') {
      const coreSkill = fields.coreSkill;
      return typeof coreSkill === 'string' && Object.hasOwn(CORE_SKILLS, coreSkill)
        ? `Specialism '${String(v)}' does not belong to core skill '${coreSkill}'`
        : `Choose a core skill before the specialism '${String(v)}'`;
    }
    return `"${String(v)}" is not one of s1jobs' values for ${f.label.toLowerCase()}: ${(f.options ?? []).map((o) => o.value).join(', ')}`;
  },
};

export const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

export const latestExpiry = (today: string) => addDays(today, MAX_EXPIRY_DAYS);

const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;
// What YouTube's Share button gives: youtu.be/<id>, with its `si` tag and, for a start time, `t`.
const SHARE_PARAMS = new Set(['si', 't']);
const WATCH_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com']);

/**
 * The share link s1jobs takes for a YouTube address, or undefined when it is not one: a share link
 * (`https://youtu.be/<id>`, with or without `?si=…`) as given, a watch address as its share link.
 */
export function youtubeShareForm(input: string): string | undefined {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port || url.hash) return undefined;
  const params = [...url.searchParams.keys()];
  if (url.hostname === 'youtu.be') {
    const id = url.pathname.slice(1);
    return VIDEO_ID.test(id) && params.every((key) => SHARE_PARAMS.has(key)) ? input.trim() : undefined;
  }
  const id = url.searchParams.get('v') ?? '';
  return WATCH_HOSTS.has(url.hostname) && url.pathname === '/watch' && VIDEO_ID.test(id)
    ? `https://youtu.be/${id}`
    : undefined;
}

/** "Preferably full postcode but outcode is accepted" (the board's words). */
export const isPostcodeOrOutcode = (value: string) => isFullUkPostcode(value) || isUkOutcode(value);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Every s1jobs rule, each problem on its field. Pure; never throws. */
export function checkS1jobs(fields: PostingFields, context: CheckContext): FieldIssue[] {
  const issues = checkDeclaredFields(S1JOBS_FIELDS, fields, MESSAGES);
  const error = (field: string, message: string) => issues.push({ field, message, severity: 'error' });
  const { salaryLow, salaryHigh, salaryText } = fields;
  if (isEmpty(salaryLow) && isEmpty(salaryHigh)) {
    error(
      'salaryLow',
      'Give a salary from or to figure: s1jobs needs at least one (a salary text can be shown instead of them)',
    );
  }
  if (isNumber(salaryLow) && isNumber(salaryHigh) && salaryLow > salaryHigh) {
    error('salaryLow', 'Salary from is more than salary to');
  }
  for (const key of ['salaryLow', 'salaryHigh'] as const) {
    const value = fields[key];
    if (
      isNumber(value) &&
      !Number.isInteger(value) &&
      (typeof salaryText !== 'string' || salaryText.trim() === '')
    ) {
      issues.push({
        field: key,
        severity: 'warning',
        message: `s1jobs shows whole pounds: ${value} will show as ${Math.round(value)}. Add a salary text such as "£${value.toFixed(2)}" to show the pence.`,
      });
    }
  }
  const hasApplyUrl = typeof fields.applyUrl === 'string' && fields.applyUrl.trim() !== '';
  const hasPhone = typeof fields.phone === 'string' && fields.phone.trim() !== '';
  if (!hasApplyUrl && fields.x1Apply !== true && !hasPhone) {
    error(
      'applyUrl',
      "Give at least one way to apply: the apply link, x1jobs' application form, or a phone number",
    );
  }
  if (hasApplyUrl && !/^https?:\/\/[^\s]+$/.test(String(fields.applyUrl))) {
    error('applyUrl', 'The apply link must be a web address starting with https:// or http://');
  }
  if (typeof fields.expiryDate === 'string' && fields.expiryDate !== '') {
    const date = fields.expiryDate;
    if (!isCalendarDate(date)) {
      error('expiryDate', 'Expiry date must be a date like 2026-12-31');
    } else if (date <= context.today) {
      error('expiryDate', 'Expiry date must be in the future');
    } else if (date > latestExpiry(context.today)) {
      error(
        'expiryDate',
        `s1jobs keeps adverts at most ${MAX_EXPIRY_DAYS} days: choose an expiry date on or before ${latestExpiry(context.today)}, or leave it empty`,
      );
    }
  }
  if (
    typeof fields.youtubeUrl === 'string' &&
    fields.youtubeUrl.trim() !== '' &&
    !youtubeShareForm(fields.youtubeUrl)
  ) {
    error(
      'youtubeUrl',
      "Use the link YouTube's Share button gives, like https://youtu.be/dQw4w9WgXcQ (or the video's youtube.com/watch?v=… address)",
    );
  }
  const { location } = fields;
  if (typeof location === 'string' && location.trim() !== '' && !isPostcodeOrOutcode(location)) {
    error(
      'location',
      `"${location.trim()}" is not a UK postcode: s1jobs takes a full postcode, like G2 1DY, or its first part, like G2`,
    );
  }
  return issues;
}
