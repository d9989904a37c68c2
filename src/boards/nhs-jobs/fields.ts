// The "Post to NHS Jobs" form, section by section, as data (docs/boards/nhs-jobs.md, "Posting
// fields"): what the declarations say is checked by the generic checker, the rest by check.ts.
import {
  type BoardField,
  type CheckContext,
  type FieldIssue,
  type FieldOption,
  type PostingFields,
  shownFields,
} from '../board.js';
import { checkDeclaredFields } from '../field-checks.js';
import { checkDraftRules, NHS_JOBS_MESSAGES } from './check.js';
import { mapNhsJobs } from './map.js';
import {
  CONTRACT_TYPES,
  DESCRIPTION_LIMITS,
  DURATION_LIMITS,
  FIELD_LABELS,
  FIXED_LENGTH_CONTRACT_TYPES,
  LIST_FIELDS,
  LIST_LIMITS,
  PAY_BANDS,
  PAY_SCHEMES,
  STAFF_GROUPS,
  TEXT_LIMITS,
  WEEKLY_HOURS_MAX,
  WORKING_PATTERNS,
} from './rules.js';

/** "FIXED_TERM" -> "Fixed term", "BAND_8A" -> "Band 8a". */
const humanise = (value: string) => {
  const words = value.toLowerCase().split('_').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};
const options = (values: readonly string[]): FieldOption[] =>
  values.map((value) => ({ value, label: humanise(value) }));

const text = (
  key: keyof typeof TEXT_LIMITS,
  section: string,
  extra: Partial<BoardField> = {},
): BoardField => ({
  key,
  label: FIELD_LABELS[key],
  type: 'text',
  section,
  minLength: TEXT_LIMITS[key].min,
  maxLength: TEXT_LIMITS[key].max,
  counter: 'characters',
  ...extra,
});

const JOB = 'Job details';
const ADVERT = 'Job advert details';
const QUALIFICATIONS = 'Qualifications';

export const NHS_JOBS_FIELDS: readonly BoardField[] = [
  text('jobTitle', JOB, { required: true }),
  text('jobReference', JOB, {
    required: true,
    help: 'Unique in your NHS Jobs account; Postroom also uses it to find the draft again.',
  }),
  {
    key: 'contractType',
    label: FIELD_LABELS.contractType,
    type: 'select',
    section: JOB,
    required: true,
    options: options(CONTRACT_TYPES),
  },
  {
    key: 'contractDuration',
    label: FIELD_LABELS.contractDuration,
    type: 'object',
    section: JOB,
    shownWhen: { field: 'contractType', oneOf: FIXED_LENGTH_CONTRACT_TYPES },
    required: true,
    properties: [
      {
        key: 'length',
        label: 'Length',
        type: 'number',
        required: true,
        min: DURATION_LIMITS.min,
        max: DURATION_LIMITS.max,
        decimals: 0,
      },
      { key: 'unit', label: 'Unit', type: 'select', required: true, options: options(['WEEKS', 'MONTHS']) },
    ],
  },
  {
    key: 'workingPatterns',
    label: FIELD_LABELS.workingPatterns,
    type: 'multiselect',
    section: JOB,
    required: true,
    options: options(WORKING_PATTERNS),
  },
  {
    key: 'weeklyHours',
    label: FIELD_LABELS.weeklyHours,
    type: 'number',
    section: JOB,
    help: `More than 0 and at most ${WEEKLY_HOURS_MAX}.`,
    min: 0.01,
    max: WEEKLY_HOURS_MAX,
    decimals: 2,
    requiredWhen: { field: 'workingPatterns', includes: 'PART_TIME' },
  },
  {
    key: 'staffGroup',
    label: FIELD_LABELS.staffGroup,
    type: 'select',
    section: JOB,
    required: true,
    options: options(STAFF_GROUPS),
  },
  {
    key: 'payScheme',
    label: FIELD_LABELS.payScheme,
    type: 'select',
    section: JOB,
    required: true,
    options: options(PAY_SCHEMES),
  },
  {
    key: 'payBand',
    label: FIELD_LABELS.payBand,
    type: 'select',
    section: JOB,
    required: true,
    shownWhen: { field: 'payScheme', oneOf: ['AGENDA_FOR_CHANGE'] },
    options: options(PAY_BANDS),
  },
  {
    key: 'salary',
    label: FIELD_LABELS.salary,
    type: 'object',
    section: JOB,
    required: true,
    help: 'A range, a fixed amount or negotiable; a year between £1,000 and £500,000, an hour between £1 and £500.',
    properties: [
      {
        key: 'type',
        label: 'Salary type',
        type: 'select',
        required: true,
        options: options(['RANGE', 'FIXED', 'NEGOTIABLE']),
      },
      {
        key: 'min',
        label: 'From',
        type: 'number',
        decimals: 2,
        shownWhen: { field: 'type', oneOf: ['RANGE'] },
        required: true,
      },
      {
        key: 'max',
        label: 'To',
        type: 'number',
        decimals: 2,
        shownWhen: { field: 'type', oneOf: ['RANGE'] },
        required: true,
      },
      {
        key: 'amount',
        label: 'Amount',
        type: 'number',
        decimals: 2,
        shownWhen: { field: 'type', oneOf: ['FIXED'] },
        required: true,
      },
      {
        key: 'period',
        label: 'Per',
        type: 'select',
        shownWhen: { field: 'type', oneOf: ['RANGE', 'FIXED'] },
        required: true,
        options: [
          { value: 'YEAR', label: 'Year' },
          { value: 'HOUR', label: 'Hour' },
        ],
      },
    ],
  },
  { key: 'proRata', label: FIELD_LABELS.proRata, type: 'boolean', section: JOB },
  {
    key: 'address',
    label: FIELD_LABELS.address,
    type: 'object',
    section: JOB,
    required: true,
    help: 'Only the primary location is sent; describe other sites in the advert text.',
    properties: [
      { key: 'line1', label: 'Address line 1', type: 'text', required: true },
      { key: 'line2', label: 'Address line 2', type: 'text' },
      { key: 'town', label: 'Town or city', type: 'text', required: true },
      { key: 'postcode', label: 'Postcode', type: 'text', required: true },
    ],
  },
  { key: 'closingDate', label: FIELD_LABELS.closingDate, type: 'date', section: JOB, required: true },
  text('jobOverview', ADVERT, { type: 'textarea', required: true }),
  text('mainDuties', ADVERT, { type: 'textarea', required: true }),
  text('aboutOrganisation', ADVERT, { type: 'textarea', required: true }),
  {
    key: 'jobDescription',
    label: FIELD_LABELS.jobDescription,
    type: 'html',
    section: ADVERT,
    required: true,
    maxLength: DESCRIPTION_LIMITS.characters,
    maxWords: DESCRIPTION_LIMITS.words,
    counter: 'words',
  },
  text('contactName', ADVERT),
  { key: 'contactEmail', label: FIELD_LABELS.contactEmail, type: 'email', section: ADVERT, required: true },
  { key: 'contactPhone', label: FIELD_LABELS.contactPhone, type: 'phone', section: ADVERT },
  {
    key: 'applyUrl',
    label: FIELD_LABELS.applyUrl,
    type: 'url',
    section: ADVERT,
    required: true,
    hidden: true,
    help: "Postroom's tracked apply link: candidates apply on your careers site and are credited to NHS Jobs.",
  },
  ...LIST_FIELDS.map(
    (key): BoardField => ({
      key,
      label: FIELD_LABELS[key],
      type: 'list',
      section: QUALIFICATIONS,
      maxItems: LIST_LIMITS.items,
      minLength: LIST_LIMITS.itemMin,
      maxLength: LIST_LIMITS.itemMax,
    }),
  ),
];

/**
 * Every rule of the "Post to NHS Jobs" form with the board's own messages: the declarations above,
 * then what they cannot say (check.ts), run on exactly what would be sent (the fields that apply,
 * trimmed; NHS Jobs' wire keys are the field keys). Pure; never throws.
 */
export function checkNhsJobs(fields: PostingFields, context: CheckContext): FieldIssue[] {
  const sent = mapNhsJobs(shownFields(NHS_JOBS_FIELDS, fields));
  const issues = [
    ...checkDeclaredFields(NHS_JOBS_FIELDS, sent, NHS_JOBS_MESSAGES),
    ...checkDraftRules(sent, context.today),
  ];
  // Several wrong working patterns get one message, as the board gives one.
  const unique = new Map(issues.map((issue) => [`${issue.field}\n${issue.message}`, issue]));
  return [...unique.values()];
}
