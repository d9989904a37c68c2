// The StepStone posting fields and their rules, from docs/boards/stepstone.md ("Body fields").
import { EMPLOYMENT_TYPES, HOURS } from '../../domain/vacancy.js';
import type { BoardField, CheckContext, FieldIssue, PostingFields } from '../board.js';
import { type CheckMessages, checkDeclaredFields } from '../field-checks.js';

/** "Jobtitle exceeds 200 characters" (status 320). */
export const TITLE_MAX = 200;
/** Unique per sender, never reusable; length and characters unknown, so Postroom keeps to these. */
export const REFERENCE_MAX = 50;
export const REFERENCE_PATTERN = /^[A-Za-z0-9_-]+$/;
/** Video providers StepStone allows (status 331): the contract's reading. */
export const VIDEO_HOSTS = [
  'youtube.com',
  'www.youtube.com',
  'm.youtube.com',
  'youtu.be',
  'vimeo.com',
  'www.vimeo.com',
  'player.vimeo.com',
];

const CATEGORY_HELP =
  "StepStone keeps the categories of the first send: they cannot change once posted. Its ids come from the connection's category table, kept by an admin.";

const options = (values: readonly string[]) => values.map((value) => ({ value, label: value }));
const box = (key: string, label: string, help: string, required = false): BoardField => ({
  key,
  label,
  type: 'html',
  section: 'Advert',
  help,
  ...(required ? { required: true } : {}),
});
const idField = (key: string, label: string): BoardField => ({
  key,
  label,
  type: 'text',
  section: 'Categories',
  maxLength: 18,
  help: `StepStone's ${label.toLowerCase()} number, from your StepStone contact. ${CATEGORY_HELP}`,
  fixedOnceSent: true,
});

export const STEPSTONE_FIELDS: readonly BoardField[] = [
  {
    key: 'title',
    label: 'Job title',
    type: 'text',
    section: 'Advert',
    required: true,
    maxLength: TITLE_MAX,
    counter: 'characters',
    help: 'Specific, and not all in capitals.',
  },
  {
    key: 'reference',
    label: 'Listing reference',
    type: 'text',
    section: 'Advert',
    required: true,
    maxLength: REFERENCE_MAX,
    help: 'Unique for your StepStone account and never reusable, even after the advert went offline: a re-post gets the next one (REF-2, REF-3…).',
  },
  box('introduction', 'Introduction', 'About your organisation.'),
  box('tasks', 'Tasks', 'The job: StepStone requires it. No links.', true),
  box('profile', 'Profile', 'Who you are looking for: StepStone requires it. No links.', true),
  box('offer', 'Offer', 'Salary and benefits.'),
  box('contactInfo', 'Contact', 'The "Contact" box.'),
  { key: 'city', label: 'Town or city', type: 'text', section: 'Location', maxLength: 100 },
  { key: 'postcode', label: 'Postcode', type: 'text', section: 'Location', maxLength: 10 },
  { key: 'street', label: 'Street', type: 'text', section: 'Location', maxLength: 100 },
  {
    key: 'applyUrl',
    label: 'Apply link',
    type: 'url',
    section: 'How to apply',
    help: "Postroom's tracked apply link: candidates apply on your careers site and are credited to StepStone.",
  },
  { key: 'applyEmail', label: 'Apply e-mail', type: 'email', section: 'How to apply', maxLength: 254 },
  {
    key: 'category',
    label: 'Category',
    type: 'text',
    section: 'Categories',
    maxLength: 100,
    help: `Sent as StepStone's workfield. ${CATEGORY_HELP}`,
    fixedOnceSent: true,
  },
  {
    key: 'employmentType',
    label: 'Employment type',
    type: 'select',
    section: 'Categories',
    options: options(EMPLOYMENT_TYPES),
    help: `Sent as StepStone's contract type. ${CATEGORY_HELP}`,
    fixedOnceSent: true,
  },
  {
    key: 'hours',
    label: 'Hours',
    type: 'select',
    section: 'Categories',
    options: options(HOURS),
    help: `Sent as StepStone's work type. ${CATEGORY_HELP}`,
    fixedOnceSent: true,
  },
  idField('geographyId', 'Geography'),
  idField('sectorId', 'Sector'),
  idField('experienceId', 'Experience'),
  { key: 'companyName', label: 'Company name', type: 'text', section: 'Advert', maxLength: 200 },
  {
    key: 'videoUrl',
    label: 'Video',
    type: 'url',
    section: 'Advert',
    help: 'A YouTube or Vimeo link: StepStone allows those providers only.',
  },
  {
    key: 'liveDays',
    label: 'Days live',
    type: 'number',
    section: 'Advert',
    min: 1,
    decimals: 0,
    help: 'Empty: until the end of the validity period in your StepStone contract.',
  },
];

const MESSAGES: CheckMessages = {
  required: (f) => `Enter the ${f.label.toLowerCase()}: StepStone requires it`,
  length: (f, n) =>
    f.key === 'title'
      ? `Jobtitle exceeds ${TITLE_MAX} characters (it has ${n.toLocaleString('en-GB')}): shorten the job title`
      : `${f.label} is ${n.toLocaleString('en-GB')} characters; at most ${f.maxLength} here`,
  wrongType: (f) => (f.type === 'number' ? `${f.label} must be a number` : `${f.label} must be text`),
  range: (f) => `${f.label} must be ${f.min} or more`,
  notAnOption: (f, v) =>
    `"${String(v)}" is not one of the values for ${f.label.toLowerCase()}: ${(f.options ?? []).map((o) => o.value).join(', ')}`,
};

const filled = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** True for a link to a provider StepStone allows (YouTube, Vimeo). */
export function isAllowedVideo(value: string): boolean {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' && VIDEO_HOSTS.includes(url.hostname);
  } catch {
    return false;
  }
}

/** Every StepStone rule, each problem on its field. Pure; never throws. */
export function checkStepStone(fields: PostingFields, _context: CheckContext): FieldIssue[] {
  const issues = checkDeclaredFields(STEPSTONE_FIELDS, fields, MESSAGES);
  const error = (field: string, message: string) => issues.push({ field, message, severity: 'error' });
  const { reference, title, videoUrl, liveDays } = fields;
  if (filled(reference) && !REFERENCE_PATTERN.test(reference.trim())) {
    error('reference', 'Listing reference may use only letters, digits, "-" and "_"');
  }
  if (filled(title) && /\p{Lu}/u.test(title) && title === title.toUpperCase()) {
    issues.push({
      field: 'title',
      severity: 'warning',
      message: 'StepStone asks for titles not in capitals',
    });
  }
  if (filled(videoUrl) && !isAllowedVideo(videoUrl)) {
    error('videoUrl', 'Video Provider not allowed: use a YouTube or Vimeo link');
  }
  if (typeof liveDays === 'number' && !Number.isInteger(liveDays)) {
    error('liveDays', 'Days live must be a whole number');
  }
  for (const key of ['geographyId', 'sectorId', 'experienceId']) {
    if (filled(fields[key]) && !/^\d+$/.test(String(fields[key]).trim())) {
      error(key, 'StepStone category ids are numbers');
    }
  }
  return issues;
}
