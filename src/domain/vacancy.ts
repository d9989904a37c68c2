import { z } from 'zod';
import { sanitizeAdvertHtml, visibleText } from './html.js';
import { isFullUkPostcode, normalisePostcode } from './postcode.js';
import {
  CONTRACT_LENGTH_MAX,
  EMPLOYMENT_TYPES,
  type EmploymentType,
  FIXED_LENGTH_TYPES,
  HOURS,
  type Hours,
  LIMITS,
  MONEY_PATTERN,
  REFERENCE_PATTERN,
  SALARY_PERIODS,
  type VacancyStatus,
  WEEKLY_HOURS_MAX,
  WORKPLACES,
  type Workplace,
  YOUTUBE_URL,
} from './vacancy-values.js';

export * from './vacancy-values.js';

const oneOf = (values: readonly string[]) => `must be one of: ${values.join(', ')}`;

/** An error message that tells "missing" apart from "wrong". */
const missingOr =
  (missing: string, wrong: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined || issue.input === null ? missing : wrong;

const choice = <const T extends readonly [string, ...string[]]>(values: T, label: string) =>
  z.enum(values, { error: missingOr(`Choose the ${label.toLowerCase()}`, `${label} ${oneOf(values)}`) });

const trimmed = (label: string, max: number) =>
  z
    .string({ error: missingOr(`Enter the ${label.toLowerCase()}`, `${label} must be text`) })
    .trim()
    .min(1, { message: `Enter the ${label.toLowerCase()}`, abort: true })
    .max(max, `${label} must be ${max} characters or fewer`);

const money = (label: string) =>
  z
    .number({ error: `${label} must be a number` })
    .positive(`${label} must be more than 0`)
    .max(10_000_000, `${label} must be at most 10,000,000`)
    .refine((n) => MONEY_PATTERN.test(String(n)), `${label} may have at most 2 decimal places`);

export const referenceSchema = z
  .string({ error: 'Reference must be text' })
  .trim()
  .min(1, { message: 'Enter a reference', abort: true })
  .max(LIMITS.reference, `Reference must be ${LIMITS.reference} characters or fewer`)
  .regex(REFERENCE_PATTERN, "Reference may use only letters, digits, '.', '_' and '-'")
  .describe('Your reference for the vacancy, unique in the organisation; it appears in web addresses.');

export const emailSchema = (label: string) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(LIMITS.email, `${label} must be ${LIMITS.email} characters or fewer`)
    .pipe(z.email(`${label} must be a valid e-mail address, like name@example.org`));

export const postcodeSchema = z
  .string({ error: 'Postcode must be text' })
  .trim()
  .min(1, { message: 'Enter a postcode', abort: true })
  .refine(isFullUkPostcode, 'Enter a full UK postcode, like G2 1DY')
  .transform(normalisePostcode);

export const locationSchema = z
  .object({
    line1: trimmed('Address line 1', LIMITS.addressLine),
    line2: z
      .string()
      .trim()
      .max(LIMITS.addressLine, `Address line 2 must be ${LIMITS.addressLine} characters or fewer`)
      .optional(),
    town: trimmed('Town or city', LIMITS.addressLine),
    postcode: postcodeSchema,
    country: z.literal('GB', { error: 'Country must be GB' }).default('GB'),
  })
  .strict();
export type Location = z.output<typeof locationSchema>;

export const namedLocationSchema = locationSchema.extend({ name: trimmed('Location name', 100) }).strict();
export type NamedLocation = z.output<typeof namedLocationSchema>;

export const contractLengthSchema = z
  .object({
    length: z
      .number({ error: 'Contract length must be a number' })
      .int('Contract length must be a whole number')
      .min(1, 'Contract length must be at least 1'),
    unit: z.enum(['weeks', 'months'], { error: 'Contract length unit must be weeks or months' }),
  })
  .strict()
  .refine((c) => c.length <= CONTRACT_LENGTH_MAX[c.unit], {
    message: `Contract length must be at most ${CONTRACT_LENGTH_MAX.weeks} weeks or ${CONTRACT_LENGTH_MAX.months} months`,
    path: ['length'],
  });
export type ContractLength = z.output<typeof contractLengthSchema>;

export const salarySchema = z
  .object({
    min: money('Minimum salary').optional(),
    max: money('Maximum salary').optional(),
    period: choice(SALARY_PERIODS, 'Salary period'),
    currency: z.literal('GBP', { error: 'Salary currency must be GBP' }).default('GBP'),
    text: z
      .string()
      .trim()
      .max(LIMITS.salaryText, `Salary text must be ${LIMITS.salaryText} characters or fewer`)
      .optional()
      .describe('Shown instead of the figures, e.g. "Negotiable" or "£8.50 an hour plus enhancements".'),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.min !== undefined && s.max !== undefined && s.min > s.max) {
      ctx.addIssue({
        code: 'custom',
        path: ['min'],
        message: 'Minimum salary must not be more than the maximum',
      });
    }
    if (s.min === undefined && s.max === undefined && !s.text) {
      ctx.addIssue({
        code: 'custom',
        path: ['min'],
        message: 'Give a minimum or maximum salary, or a salary text',
      });
    }
  });
export type Salary = z.output<typeof salarySchema>;

const listSchema = (label: string) =>
  z
    .array(
      z
        .string({ error: `Each ${label} item must be text` })
        .trim()
        .min(1, `${label} items must not be empty`)
        .max(LIMITS.listItem, `Each ${label} item must be ${LIMITS.listItem} characters or fewer`),
    )
    .max(LIMITS.listItems, `List at most ${LIMITS.listItems} ${label} items`)
    .default([]);

const specListsSchema = (kind: string) =>
  z
    .object({
      qualifications: listSchema(`${kind} qualifications`),
      experience: listSchema(`${kind} experience`),
      skills: listSchema(`${kind} skills`),
    })
    .strict();

export const personSpecificationSchema = z
  .object({
    essential: specListsSchema('essential').default({ qualifications: [], experience: [], skills: [] }),
    desirable: specListsSchema('desirable').default({ qualifications: [], experience: [], skills: [] }),
  })
  .strict();
export type PersonSpecification = z.output<typeof personSpecificationSchema>;
export const emptyPersonSpecification = (): PersonSpecification => ({
  essential: { qualifications: [], experience: [], skills: [] },
  desirable: { qualifications: [], experience: [], skills: [] },
});

export const descriptionSchema = z
  .string({ error: missingOr('Enter the advert text', 'Description must be text') })
  .max(LIMITS.descriptionHtml, `Description must be ${LIMITS.descriptionHtml} characters or fewer`)
  .transform(sanitizeAdvertHtml)
  .refine((html) => visibleText(html).length > 0, 'Enter the advert text')
  .refine(
    (html) => visibleText(html).length <= LIMITS.descriptionText,
    `Description must be ${LIMITS.descriptionText} characters of text or fewer`,
  )
  .describe('The advert text as HTML; only headings, paragraphs, lists, emphasis and links are kept.');

/** The date (YYYY-MM-DD) a clock reads in the UK, where every vacancy closes. */
export type Today = () => string;

/** YYYY-MM-DD naming a day that exists (Date would roll 2026-02-30 over to 2 March). */
const isCalendarDate = (d: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().startsWith(d);

const closingDateSchema = (today?: Today) => {
  const base = z.iso.date({
    error: missingOr('Enter a closing date', 'Closing date must be a date like 2026-12-31'),
  });
  // Only a real date is compared with today, so a malformed one (or 2026-02-30) gets one message.
  return today
    ? base.refine((d) => !isCalendarDate(d) || d > today(), 'Closing date must be after today')
    : base;
};

/** Every field a person sets on a vacancy. `today`, when given, makes the closing date be in the future. */
export const vacancyFieldsSchema = (today?: Today) =>
  z
    .object({
      reference: referenceSchema.optional(),
      title: trimmed('Job title', LIMITS.title),
      employmentType: choice(EMPLOYMENT_TYPES, 'Employment type'),
      contractLength: contractLengthSchema.nullish(),
      hours: choice(HOURS, 'Hours'),
      weeklyHours: z
        .number({ error: 'Weekly hours must be a number' })
        .positive('Weekly hours must be more than 0')
        .max(WEEKLY_HOURS_MAX, `Weekly hours must be at most ${WEEKLY_HOURS_MAX}`)
        .nullish(),
      workplace: choice(WORKPLACES, 'Workplace'),
      location: z
        .object(locationSchema.shape, {
          error: missingOr('Enter the job location', 'Location must be an address'),
        })
        .strict(),
      salary: salarySchema.nullish(),
      summary: z
        .string()
        .trim()
        .max(LIMITS.summary, `Summary must be ${LIMITS.summary} characters or fewer`)
        .nullish()
        .describe('A short "attention grabber" shown in lists and used as the NHS Jobs job overview.'),
      description: descriptionSchema,
      replyToEmail: emailSchema('Reply-to e-mail').nullish(),
      closingDate: closingDateSchema(today),
      category: z
        .string()
        .trim()
        .max(LIMITS.category, `Category must be ${LIMITS.category} characters or fewer`)
        .nullish(),
      videoUrl: z
        .string()
        .trim()
        .regex(YOUTUBE_URL, 'Video must be a YouTube link, like https://youtu.be/dQw4w9WgXcQ')
        .nullish(),
      personSpecification: personSpecificationSchema.default(emptyPersonSpecification()),
    })
    .strict();

export type VacancyFieldsInput = z.input<ReturnType<typeof vacancyFieldsSchema>>;
export type VacancyFields = z.output<ReturnType<typeof vacancyFieldsSchema>>;

/** Rules across fields, checked after each field is valid on its own. */
export function crossFieldIssues(v: {
  employmentType: EmploymentType;
  contractLength?: ContractLength | null;
}): { path: string; message: string }[] {
  if (v.contractLength && !FIXED_LENGTH_TYPES.includes(v.employmentType)) {
    return [
      {
        path: 'contractLength',
        message: `A contract length applies only to fixed-length types (${FIXED_LENGTH_TYPES.join(', ')}), not to ${v.employmentType}`,
      },
    ];
  }
  return [];
}

/** A vacancy as stored and returned by the API. */
export interface Vacancy {
  id: string;
  reference: string;
  title: string;
  employmentType: EmploymentType;
  contractLength: ContractLength | null;
  hours: Hours;
  weeklyHours: number | null;
  workplace: Workplace;
  location: Location;
  salary: Salary | null;
  summary: string | null;
  description: string;
  replyToEmail: string | null;
  closingDate: string;
  category: string | null;
  videoUrl: string | null;
  personSpecification: PersonSpecification;
  status: VacancyStatus;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  closedAt: Date | null;
}

/** The date in the UK for an instant: closing dates are UK calendar days. */
// Formatters are costly to build and safe to share.
const UK_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
/** The last minute formatted: a UK day starts on a whole minute, and most calls ask for now. */
let lastUkDate = { minute: Number.NaN, date: '' };

export function ukDate(at: Date): string {
  const minute = Math.floor(at.getTime() / 60_000);
  if (minute !== lastUkDate.minute) lastUkDate = { minute, date: UK_DATE.format(at) };
  return lastUkDate.date;
}
