/**
 * The sandbox's own reading of the NHS Jobs rules, written from the board contract
 * as docs/boards/nhs-jobs.md gives it ("Posting fields", "Rules and where Postroom enforces them"
 * and "Messages", which quote the ATS client guide's "Potential errors"), never from the adapter's
 * fields, checks or map (it imports nothing from them): a witness, so that a rule read wrongly on one side fails the
 * tests that run the same cases through both.
 */

export interface SandboxProblem {
  field: string;
  message: string;
}

// The seed's words ("Potential errors"): too few characters, too many, a missing field, the salary.
const REQUIRED = 'Please fill the required fields';
const SALARY = 'The salary you have entered is not valid.';
const tooFew = (label: string, min: number, max: number) =>
  `Please Enter ${label}. Character minLength: ${min}, maxLength: ${max}.`;
const tooMany = (max: number) => `You have exceeded the words max limit, max limit is ${max}`;

/** Plain-text fields of the contract: label, limits, required. */
const TEXTS: Record<string, [label: string, min: number, max: number, required: boolean]> = {
  jobTitle: ['Job title', 1, 70, true],
  jobReference: ['Job reference', 1, 50, true],
  jobOverview: ['Job overview', 100, 1000, true],
  mainDuties: ['Main duties of the job', 100, 1000, true],
  aboutOrganisation: ['About your organisation', 100, 1000, true],
  contactName: ['Contact name', 1, 100, false],
};

/** Fields whose value is one word of a fixed list. */
const CHOICES: Record<string, [label: string, values: string[]]> = {
  contractType: [
    'Contract type',
    ['PERMANENT', 'FIXED_TERM', 'BANK', 'LOCUM', 'SECONDMENT', 'APPRENTICESHIP'],
  ],
  staffGroup: [
    'Staff group',
    [
      'ADMINISTRATIVE_AND_CLERICAL',
      'ALLIED_HEALTH_PROFESSIONALS',
      'ADDITIONAL_CLINICAL_SERVICES',
      'ESTATES_AND_ANCILLARY',
      'HEALTHCARE_SCIENTISTS',
      'MEDICAL_AND_DENTAL',
      'NURSING_AND_MIDWIFERY_REGISTERED',
      'ADDITIONAL_PROFESSIONAL_SCIENTIFIC_AND_TECHNICAL',
      'STUDENTS',
    ],
  ],
  payScheme: ['Pay scheme', ['AGENDA_FOR_CHANGE', 'MEDICAL_AND_DENTAL', 'VERY_SENIOR_MANAGER', 'OTHER']],
};
const BANDS = ['2', '3', '4', '5', '6', '7', '8A', '8B', '8C', '8D', '9'].map((b) => `BAND_${b}`);
const PATTERNS = [
  'FULL_TIME',
  'PART_TIME',
  'JOB_SHARE',
  'FLEXIBLE_WORKING',
  'HOME_OR_REMOTE_WORKING',
  'COMPRESSED_HOURS',
  'TERM_TIME',
  'ANNUALISED_HOURS',
];
const WITH_DURATION = ['FIXED_TERM', 'LOCUM', 'SECONDMENT', 'APPRENTICESHIP'];
const LISTS: Record<string, string> = {
  essentialQualifications: 'Essential qualifications',
  desirableQualifications: 'Desirable qualifications',
  essentialExperience: 'Essential experience',
  desirableExperience: 'Desirable experience',
  essentialSkills: 'Essential skills',
  desirableSkills: 'Desirable skills',
};
const KEYS = new Set([
  ...Object.keys(TEXTS),
  ...Object.keys(CHOICES),
  ...Object.keys(LISTS),
  'contractDuration',
  'workingPatterns',
  'weeklyHours',
  'payBand',
  'salary',
  'proRata',
  'address',
  'closingDate',
  'jobDescription',
  'contactEmail',
  'contactPhone',
  'applyUrl',
]);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const absent = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** "Characters are counted as a person sees them: after trimming, with line breaks as one character." */
const characters = (text: string) => Array.from(text.trim().normalize('NFC').replace(/\r\n/g, '\n')).length;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The text a reader sees in the job description: no tags, entities as one character, blocks apart. */
function readable(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<\/?(p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|hr)\b[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? whole;
      const code =
        name[1]?.toLowerCase() === 'x' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return String.fromCodePoint(code);
    })
    .replace(/\s+/g, ' ')
    .trim();
}

// "amounts are pounds with at most 2 decimals, > 0"
const money = (n: unknown): n is number =>
  typeof n === 'number' && Number.isFinite(n) && n > 0 && /^\d+(\.\d\d?)?$/.test(String(n));

function salaryValid(s: unknown): boolean {
  if (!isObject(s)) return false;
  const keys = Object.keys(s).sort().join(',');
  if (s.type === 'NEGOTIABLE') return keys === 'type';
  const [low, high] = s.period === 'YEAR' ? [1000, 500_000] : s.period === 'HOUR' ? [1, 500] : [0, -1];
  const within = (n: unknown) => money(n) && n >= low && n <= high;
  if (s.type === 'FIXED') return keys === 'amount,period,type' && within(s.amount);
  if (s.type === 'RANGE') {
    return (
      keys === 'max,min,period,type' &&
      within(s.min) &&
      within(s.max) &&
      (s.min as number) <= (s.max as number)
    );
  }
  return false;
}

// A full UK postcode: outward code (letters, digit, optional letter or digit), a space, inward code.
const POSTCODE = /^(?:[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}|GIR ?0AA)$/i;

function ukPhone(text: string): boolean {
  if (!/^[+0-9 ()-]+$/.test(text)) return false;
  let digits = text.replace(/\(0\)/, '').replace(/[^0-9+]/g, '');
  if (digits.startsWith('+44')) digits = `0${digits.slice(3)}`;
  else if (digits.startsWith('0044')) digits = `0${digits.slice(4)}`;
  return /^0[1-9]\d{8,9}$/.test(digits);
}

/** True when the date exists (no 30 February): it reads back unchanged. */
function realDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function webAddress(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text.trim()).protocol);
  } catch {
    return false;
  }
}

/** Every problem with a create or update body, each on its field; `today` is the UK date, YYYY-MM-DD. */
export function sandboxProblems(body: unknown, today: string): SandboxProblem[] {
  if (!isObject(body)) return [{ field: 'body', message: 'The request body must be a JSON object.' }];
  const out: SandboxProblem[] = [];
  const add = (field: string, message: string) => out.push({ field, message });
  for (const key of Object.keys(body)) {
    if (!KEYS.has(key)) add(key, `${key} is not a field of an NHS Jobs draft.`);
  }

  for (const [key, [label, min, max, required]] of Object.entries(TEXTS)) {
    const value = body[key];
    if (absent(value)) {
      if (required) add(key, REQUIRED);
    } else if (typeof value !== 'string') add(key, `${label} must be text.`);
    else if (characters(value) < min) add(key, tooFew(label, min, max));
    else if (characters(value) > max) add(key, tooMany(max));
  }
  for (const [key, [label, values]] of Object.entries(CHOICES)) {
    if (absent(body[key])) add(key, REQUIRED);
    else if (!values.includes(body[key] as string))
      add(key, `${label} must be one of: ${values.join(', ')}.`);
  }

  const duration = body.contractDuration;
  if (WITH_DURATION.includes(body.contractType as string)) {
    const d = isObject(duration) ? duration : {};
    const valid =
      Object.keys(d).sort().join(',') === 'length,unit' &&
      Number.isInteger(d.length) &&
      (d.length as number) >= 1 &&
      (d.length as number) <= 60 &&
      (d.unit === 'WEEKS' || d.unit === 'MONTHS');
    if (absent(duration)) add('contractDuration', REQUIRED);
    else if (!valid)
      add('contractDuration', 'Contract duration must be a whole number of weeks or months from 1 to 60.');
  } else if (duration != null) {
    add('contractDuration', `Contract duration is only allowed with ${WITH_DURATION.join(', ')}.`);
  }

  const patterns = body.workingPatterns;
  if (patterns == null || (Array.isArray(patterns) && patterns.length === 0))
    add('workingPatterns', REQUIRED);
  else if (!Array.isArray(patterns) || patterns.some((p) => !PATTERNS.includes(p as string))) {
    add('workingPatterns', `Working pattern must be a list of: ${PATTERNS.join(', ')}.`);
  }
  const hours = body.weeklyHours;
  if (hours == null) {
    if (Array.isArray(patterns) && patterns.includes('PART_TIME')) add('weeklyHours', REQUIRED);
  } else if (typeof hours !== 'number' || !(hours > 0 && hours <= 48)) {
    add('weeklyHours', 'Hours per week must be a number more than 0 and at most 48.');
  }

  if (body.payScheme === 'AGENDA_FOR_CHANGE') {
    if (absent(body.payBand)) add('payBand', REQUIRED);
    else if (!BANDS.includes(body.payBand as string))
      add('payBand', `Band must be one of: ${BANDS.join(', ')}.`);
  } else if (body.payBand != null) add('payBand', 'Band is only allowed with AGENDA_FOR_CHANGE.');

  if (body.salary == null) add('salary', REQUIRED);
  else if (!salaryValid(body.salary)) add('salary', SALARY);
  if (body.proRata != null && typeof body.proRata !== 'boolean')
    add('proRata', 'Pro rata must be true or false.');

  addressProblems(body.address, add);

  const closing = body.closingDate;
  const calendar = typeof closing === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(closing) && realDate(closing);
  if (absent(closing)) add('closingDate', REQUIRED);
  else if (!calendar) add('closingDate', 'Closing date must be a date written YYYY-MM-DD.');
  else if ((closing as string) <= today) add('closingDate', 'Closing date must be after today.');

  const description = body.jobDescription;
  if (absent(description) || (typeof description === 'string' && readable(description) === '')) {
    add('jobDescription', REQUIRED);
  } else if (typeof description !== 'string') add('jobDescription', 'Job description must be text.');
  else {
    const text = readable(description);
    if (text.split(' ').length > 1000) add('jobDescription', tooMany(1000));
    if (characters(text) > 10_000) add('jobDescription', tooMany(10_000));
  }

  const email = body.contactEmail;
  if (absent(email)) add('contactEmail', REQUIRED);
  else if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) {
    add('contactEmail', 'Contact email must be a valid e-mail address, like name@example.org.');
  }
  const phone = body.contactPhone;
  if (!absent(phone) && (typeof phone !== 'string' || !ukPhone(phone.trim()))) {
    add('contactPhone', 'Contact phone must be a UK phone number, like 01632 960 001.');
  }
  if (absent(body.applyUrl)) add('applyUrl', REQUIRED);
  else if (typeof body.applyUrl !== 'string' || !webAddress(body.applyUrl)) {
    add('applyUrl', 'Apply link must be an http or https web address.');
  }

  for (const [key, label] of Object.entries(LISTS)) listProblems(key, label, body[key], add);
  return out;
}

function addressProblems(address: unknown, add: (field: string, message: string) => void): void {
  if (address == null) {
    add('address', REQUIRED);
    return;
  }
  if (!isObject(address)) {
    add('address', 'Job address must be an object with line1, town and postcode.');
    return;
  }
  for (const key of Object.keys(address)) {
    if (!['line1', 'line2', 'town', 'postcode'].includes(key)) {
      add(`address.${key}`, `${key} is not a field of a job address.`);
    }
  }
  const labels: Record<string, string> = { line1: 'Address line 1', line2: 'Address line 2', town: 'Town' };
  for (const key of ['line1', 'line2', 'town']) {
    const value = address[key];
    if (absent(value)) {
      if (key !== 'line2') add(`address.${key}`, REQUIRED);
    } else if (typeof value !== 'string') add(`address.${key}`, `${labels[key]} must be text.`);
  }
  const postcode = address.postcode;
  if (absent(postcode)) add('address.postcode', REQUIRED);
  else if (typeof postcode !== 'string' || !POSTCODE.test(postcode.trim())) {
    add('address.postcode', 'Postcode must be a valid full UK postcode, like LS1 4HR.');
  }
}

function listProblems(key: string, label: string, value: unknown, add: (f: string, m: string) => void): void {
  if (value == null) return;
  if (!Array.isArray(value)) {
    add(key, `${label} must be a list of text items.`);
    return;
  }
  if (value.length > 20) add(key, `${label} can have at most 20 items.`);
  value.forEach((item: unknown, i) => {
    const field = `${key}.${i}`;
    const itemLabel = `${label} (item ${i + 1})`;
    if (typeof item !== 'string') add(field, `${itemLabel} must be text.`);
    else if (characters(item) < 1) add(field, tooFew(itemLabel, 1, 255));
    else if (characters(item) > 255) add(field, tooMany(255));
  });
}
