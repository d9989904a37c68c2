// The Teaching Vacancies posting fields and their rules, from docs/boards/teaching-vacancies.md
// ("Body fields"). Field keys are Postroom's; the JSON keys they become live in map.ts only. The
// option values are the board's own enum values (case-sensitive), sent as they are.

import type { BoardField, FieldOption } from '../board.js';

/** `job_title`: 1-75 characters. */
export const TITLE_MAX = 75;
/** The times TV's own form offers for the closing time; 23:59 is Postroom's default. */
export const CLOSING_TIMES = ['08:00', '09:00', '12:00', '15:00', '23:59'] as const;
export const DEFAULT_CLOSING_TIME = '23:59';
/** Tags `job_advert` keeps; any other tag (and any `style`) is stripped by the board. */
export const ADVERT_TAGS = [
  'p',
  'br',
  'strong',
  'em',
  'ul',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'a',
  'blockquote',
];

const words = (value: string) => value.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
const options = (values: readonly string[], label = words): FieldOption[] =>
  values.map((value) => ({ value, label: label(value) }));

export const CONTRACT_TYPES = ['permanent', 'fixed_term', 'casual'] as const;
export const WORKING_PATTERNS = ['full_time', 'part_time'] as const;
export const JOB_ROLES = [
  'teacher',
  'headteacher',
  'deputy_headteacher',
  'assistant_headteacher',
  'head_of_year_or_phase',
  'head_of_department_or_curriculum',
  'teaching_assistant',
  'higher_level_teaching_assistant',
  'education_support',
  'sendco',
  'administration_hr_data_and_finance',
  'catering_cleaning_and_site_management',
  'it_support',
  'pastoral_health_and_welfare',
  'other_leadership',
  'other_support',
] as const;
export const PHASES = ['nursery', 'primary', 'secondary', 'sixth_form_or_college', 'through'] as const;
export const KEY_STAGES = ['early_years', 'ks1', 'ks2', 'ks3', 'ks4', 'ks5'] as const;
export const SUBJECTS = [
  'Accounting',
  'Art and design',
  'Biology',
  'Business studies',
  'Chemistry',
  'Citizenship',
  'Classics',
  'Computing',
  'Dance',
  'Design and technology',
  'Drama',
  'Economics',
  'Engineering',
  'English',
  'Food technology',
  'French',
  'Geography',
  'German',
  'Health and social care',
  'History',
  'Humanities',
  'ICT',
  'Languages',
  'Law',
  'Mandarin',
  'Mathematics',
  'Media studies',
  'Music',
  'Philosophy',
  'Physical education',
  'Physics',
  'Politics',
  'PSHE',
  'Psychology',
  'Religious education',
  'Science',
  'Social sciences',
  'Sociology',
  'Spanish',
  'Statistics',
] as const;

const KEY_STAGE_LABELS: Record<string, string> = {
  early_years: 'Early years',
  ks1: 'Key stage 1',
  ks2: 'Key stage 2',
  ks3: 'Key stage 3',
  ks4: 'Key stage 4',
  ks5: 'Key stage 5',
};
const ROLE_LABELS: Record<string, string> = {
  sendco: 'SENDCo',
  it_support: 'IT support',
  administration_hr_data_and_finance: 'Administration, HR, data and finance',
};

const ADVERT = 'Advert';
const SCHOOL = 'School and role';
const EXTRAS = 'More about the job';

export const TV_FIELDS: readonly BoardField[] = [
  {
    key: 'title',
    label: 'Job title',
    type: 'text',
    section: ADVERT,
    required: true,
    maxLength: TITLE_MAX,
    counter: 'characters',
  },
  {
    key: 'reference',
    label: 'External reference',
    type: 'text',
    section: ADVERT,
    required: true,
    help: 'Unique among your live and expired Teaching Vacancies adverts; Postroom finds the advert again by it.',
  },
  {
    key: 'description',
    label: 'Job advert',
    type: 'html',
    section: ADVERT,
    required: true,
    help: `Plain text or HTML with ${ADVERT_TAGS.join(', ')}; Teaching Vacancies strips other tags and styles.`,
  },
  {
    key: 'applyUrl',
    label: 'Advert on your website',
    type: 'url',
    section: ADVERT,
    required: true,
    hidden: true,
    help: 'Shown as "View advert on school website"; candidates apply there.',
  },
  {
    key: 'closingDate',
    label: 'Closing date',
    type: 'date',
    section: ADVERT,
    required: true,
    help: 'After today.',
  },
  {
    key: 'closingTime',
    label: 'Closing time (UK)',
    type: 'select',
    section: ADVERT,
    required: true,
    options: options(CLOSING_TIMES, (v) => v),
  },
  {
    key: 'salary',
    label: 'Salary',
    type: 'text',
    section: ADVERT,
    required: true,
    help: 'Free text, e.g. "MPS/UPS".',
  },
  {
    key: 'contractType',
    label: 'Contract type',
    type: 'select',
    section: ADVERT,
    required: true,
    options: options(CONTRACT_TYPES),
  },
  {
    key: 'workingPatterns',
    label: 'Working patterns',
    type: 'multiselect',
    section: ADVERT,
    required: true,
    options: options(WORKING_PATTERNS),
  },
  {
    key: 'jobRoles',
    label: 'Job roles',
    type: 'multiselect',
    section: SCHOOL,
    required: true,
    options: options(JOB_ROLES, (v) => ROLE_LABELS[v] ?? words(v)),
  },
  {
    key: 'phases',
    label: 'Education phases',
    type: 'multiselect',
    section: SCHOOL,
    options: options(PHASES),
    help: "Leave empty to use the connection's phases.",
  },
  {
    key: 'schools',
    label: 'Schools',
    type: 'object',
    section: SCHOOL,
    help: "A trust's UID, school URNs, or both (the trust's schools only). Leave empty to use the connection's schools.",
    properties: [
      { key: 'trustUid', label: 'Trust UID', type: 'text' },
      { key: 'schoolUrns', label: 'School URNs', type: 'list' },
    ],
  },
  {
    key: 'keyStages',
    label: 'Key stages',
    type: 'multiselect',
    section: SCHOOL,
    options: options(KEY_STAGES, (v) => KEY_STAGE_LABELS[v] ?? v),
  },
  {
    key: 'subjects',
    label: 'Subjects',
    type: 'multiselect',
    section: SCHOOL,
    options: options(SUBJECTS, (v) => v),
  },
  {
    key: 'startsOn',
    label: 'Start date',
    type: 'text',
    section: EXTRAS,
    help: 'A date (2026-09-04 or 04/09/2026), or words such as "Easter".',
  },
  { key: 'benefits', label: 'Benefits', type: 'textarea', section: EXTRAS, help: 'E.g. "TLR2a".' },
  { key: 'visaSponsorship', label: 'Visa sponsorship available', type: 'boolean', section: EXTRAS },
  { key: 'jobShare', label: 'Open to job share', type: 'boolean', section: EXTRAS },
  { key: 'ectSuitable', label: 'Suitable for early career teachers', type: 'boolean', section: EXTRAS },
];
