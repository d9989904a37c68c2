// The Reed posting fields and their rules, from docs/boards/reed.md ("Body fields").
// Field keys are Postroom's; the wire keys and codes they become live in map.ts only.

import type { BoardField, FieldOption } from '../board.js';

/** `title` and `townName`: "Max length 255". */
export const STRING_MAX = 255;
/** `description`: "Min length 150, max length 6500". */
export const DESCRIPTION_MIN = 150;
export const DESCRIPTION_MAX = 6500;
/** `expiryInDays`: "Max of 42. (Default: 42)". */
export const MAX_EXPIRY_DAYS = 42;
/** Postroom keeps its own reference short: Reed's limit is not public. */
export const REFERENCE_MAX = 50;

const option = (value: string, label: string): FieldOption => ({ value, label });

export const JOB_TYPE_OPTIONS = [
  option('permanent', 'Permanent'),
  option('contract', 'Contract'),
  option('temporary', 'Temporary'),
] as const;
export const WORKING_HOURS_OPTIONS = [
  option('full_time', 'Full time'),
  option('part_time', 'Part time'),
  option('full_or_part_time', 'Full or part time'),
] as const;
/** "Credit type to be spent when creating the job". */
export const PRODUCT_OPTIONS = [
  option('standard', 'Standard'),
  option('premium', 'Premium'),
  option('featured', 'Featured'),
  option('premium_plus', 'Premium+'),
  option('marketplace', 'Marketplace'),
] as const;
export const SALARY_TYPE_OPTIONS = [
  option('hour', 'Per hour'),
  option('day', 'Per day'),
  option('year', 'Per annum'),
] as const;
export const CURRENCY_OPTIONS = [
  option('GBP', 'GBP'),
  option('EUR', 'EUR'),
  option('AUD', 'AUD'),
  option('USD', 'USD'),
  option('CAD', 'CAD'),
] as const;
export const HIDDEN_SALARY_OPTIONS = [
  option('negotiable', 'Negotiable'),
  option('commission_only', 'Commission only'),
  option('competitive', 'Competitive'),
] as const;
export const LOCATION_TYPE_OPTIONS = [
  option('onsite', 'On site'),
  option('hybrid', 'Hybrid'),
  option('remote', 'Remote'),
] as const;

const NO_CONTACT = 'No e-mail addresses, web addresses or phone numbers: Reed refuses them.';

export const REED_FIELDS: readonly BoardField[] = [
  {
    key: 'title',
    label: 'Job title',
    type: 'text',
    section: 'Advert',
    required: true,
    maxLength: STRING_MAX,
    counter: 'characters',
    help: `No HTML. ${NO_CONTACT} Changing it after the first application costs a credit.`,
  },
  {
    key: 'reference',
    label: 'Your reference',
    type: 'text',
    section: 'Advert',
    required: true,
    maxLength: REFERENCE_MAX,
    help: 'Your own reference for the advert. Reed has no search: it is how you find the advert in your reed.co.uk account.',
  },
  {
    key: 'description',
    label: 'Description',
    type: 'html',
    section: 'Advert',
    required: true,
    maxLength: DESCRIPTION_MAX,
    lengthOf: 'sent',
    counter: 'characters',
    help: `At least ${DESCRIPTION_MIN} characters of text, at most ${DESCRIPTION_MAX.toLocaleString('en-GB')} with the HTML tags. ${NO_CONTACT}`,
  },
  {
    key: 'town',
    label: 'Town or postcode',
    type: 'text',
    section: 'Advert',
    required: true,
    maxLength: STRING_MAX,
    help: 'A UK postcode (more accurate searching) or the name of a UK town. Changing it after the first application costs a credit.',
  },
  {
    key: 'jobType',
    label: 'Job type',
    type: 'select',
    section: 'Advert',
    required: true,
    options: JOB_TYPE_OPTIONS,
  },
  {
    key: 'workingHours',
    label: 'Working hours',
    type: 'select',
    section: 'Advert',
    required: true,
    options: WORKING_HOURS_OPTIONS,
  },
  {
    key: 'locationType',
    label: 'Where the work is done',
    type: 'select',
    section: 'Advert',
    options: LOCATION_TYPE_OPTIONS,
  },
  {
    key: 'productId',
    label: 'Advert type',
    type: 'select',
    section: 'Credits',
    options: PRODUCT_OPTIONS,
    help: 'The credit the advert spends. Empty: your preferred type on Reed, else the best credit you have. Changing it later costs a credit.',
  },
  {
    key: 'expiryInDays',
    label: 'Days on Reed',
    type: 'number',
    section: 'Credits',
    min: 1,
    max: MAX_EXPIRY_DAYS,
    decimals: 0,
    help: `How long the advert runs, at most ${MAX_EXPIRY_DAYS} days (Reed's default). Changing it later costs a credit.`,
  },
  {
    key: 'isPublic',
    label: 'Public sector',
    type: 'boolean',
    section: 'Advert',
    help: "Also list the advert in Reed's public-sector section.",
  },
  {
    key: 'isGraduate',
    label: 'Graduate job',
    type: 'boolean',
    section: 'Advert',
    help: "Also list the advert in Reed's graduate section.",
  },
  { key: 'salaryMin', label: 'Salary from', type: 'number', section: 'Salary', min: 0 },
  { key: 'salaryMax', label: 'Salary to', type: 'number', section: 'Salary', min: 0 },
  { key: 'salaryType', label: 'Salary per', type: 'select', section: 'Salary', options: SALARY_TYPE_OPTIONS },
  { key: 'currency', label: 'Currency', type: 'select', section: 'Salary', options: CURRENCY_OPTIONS },
  { key: 'showSalary', label: 'Show the salary', type: 'boolean', section: 'Salary' },
  {
    key: 'salaryHiddenText',
    label: 'Instead of the salary, show',
    type: 'select',
    section: 'Salary',
    options: HIDDEN_SALARY_OPTIONS,
    shownWhen: { field: 'showSalary', oneOf: [false] },
  },
  {
    key: 'parentSectorId',
    label: 'Reed sector id',
    type: 'number',
    section: 'Sector',
    min: 1,
    decimals: 0,
    help: "Reed's sector number (Reed gives the list at onboarding).",
  },
  {
    key: 'jobSectorId',
    label: 'Reed sub-sector id',
    type: 'number',
    section: 'Sector',
    min: 1,
    decimals: 0,
  },
  {
    key: 'applyUrl',
    label: 'Apply link',
    type: 'url',
    section: 'How to apply',
    hidden: true,
    help: "Postroom's tracked apply link: candidates apply on your careers site and are credited to Reed.",
  },
  {
    key: 'applicationEmail',
    label: 'E-mail for applications',
    type: 'email',
    section: 'How to apply',
    maxLength: STRING_MAX,
  },
];
