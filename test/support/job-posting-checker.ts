// A checker of Google's JobPosting markup, written from the board contract
// (../shared boards/google-for-jobs.md, "JobPosting markup" and "What the sandbox / checker must do")
// and never from Postroom's json-ld.ts: its own lists of properties and allowed values.

type Json = Record<string, unknown>;

export const REQUIRED = ['title', 'description', 'datePosted', 'hiringOrganization', 'jobLocation'] as const;
export const RECOMMENDED = [
  'validThrough',
  'employmentType',
  'baseSalary',
  'identifier',
  'directApply',
  'jobLocationType',
  'applicantLocationRequirements',
] as const;
const EMPLOYMENT_TYPES = [
  'FULL_TIME',
  'PART_TIME',
  'CONTRACTOR',
  'TEMPORARY',
  'INTERN',
  'VOLUNTEER',
  'PER_DIEM',
  'OTHER',
];
const UNIT_TEXTS = ['HOUR', 'DAY', 'WEEK', 'MONTH', 'YEAR'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export interface MarkupReport {
  /** `removed`: the page tells Google the job is gone (404/410, noindex or a past validThrough). */
  state: 'job' | 'removed' | 'not-a-job';
  errors: string[];
  warnings: string[];
  posting?: Json;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };
const decode = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_m, e: string) => entities[e]!);
/** Text a reader sees: tags dropped, entities decoded, white space collapsed. */
export const visibleText = (html: string) =>
  decode(html.replace(/<script[\s\S]*?<\/script>/gi, ' ').replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();

function jobPostingsOf(body: string): Json[] {
  return [...body.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)]
    .map((m) => JSON.parse(m[1]!) as Json)
    .filter((ld) => ld['@type'] === 'JobPosting');
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const missing = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** The rules of the contract's table, type by type. */
function propertyErrors(p: Json, page: string): string[] {
  const errors: string[] = [];
  const fail = (message: string) => errors.push(message);
  if (typeof p.title === 'string' && /[!*]/.test(p.title)) fail('title: avoid ! and *');
  if (typeof p.description === 'string') {
    if (p.description.trim() === String(p.title).trim()) fail('description: equal to the title');
    if (!/<br\s*\/?>|<p[\s>]|\n/i.test(p.description)) fail('description: no line or paragraph break');
  }
  if (
    p.datePosted !== undefined &&
    !ISO_DATE.test(String(p.datePosted)) &&
    !ISO_DATE_TIME.test(String(p.datePosted))
  )
    fail('datePosted: not an ISO 8601 date');
  if (p.validThrough !== undefined) {
    if (!ISO_DATE_TIME.test(String(p.validThrough))) fail('validThrough: not an ISO 8601 date and time');
    else if (String(p.validThrough).slice(0, 10) < String(p.datePosted).slice(0, 10))
      fail('validThrough: before datePosted');
  }
  const org = p.hiringOrganization;
  if (org !== undefined && (!isObject(org) || org['@type'] !== 'Organization' || missing(org.name)))
    fail('hiringOrganization: an Organization with a name');
  for (const place of [p.jobLocation].flat().filter((x) => x !== undefined)) {
    const address = isObject(place) ? place.address : undefined;
    if (
      !isObject(place) ||
      place['@type'] !== 'Place' ||
      !isObject(address) ||
      address['@type'] !== 'PostalAddress'
    )
      fail('jobLocation: a Place with a PostalAddress');
    else if (missing(address.addressCountry)) fail('jobLocation: addressCountry must be given');
  }
  const types = [p.employmentType].flat().filter((x) => x !== undefined);
  for (const t of types)
    if (!EMPLOYMENT_TYPES.includes(String(t)))
      fail(`employmentType: "${String(t)}" is not one of Google's values`);
  if (p.baseSalary !== undefined) errors.push(...salaryErrors(p.baseSalary));
  const id = p.identifier;
  if (
    id !== undefined &&
    (!isObject(id) || id['@type'] !== 'PropertyValue' || missing(id.name) || missing(id.value))
  )
    fail('identifier: a PropertyValue with a name and a value');
  if (p.directApply !== undefined && typeof p.directApply !== 'boolean') fail('directApply: true or false');
  if (p.jobLocationType !== undefined && p.jobLocationType !== 'TELECOMMUTE')
    fail('jobLocationType: only TELECOMMUTE');
  if (p.jobLocationType === 'TELECOMMUTE') {
    const where = [p.applicantLocationRequirements].flat().filter(isObject);
    if (where.length === 0) fail('Missing field "applicantLocationRequirements"');
    for (const w of where)
      if (!['Country', 'State'].includes(String(w['@type'])) || missing(w.name))
        fail('applicantLocationRequirements: a Country or State with a name');
  }
  errors.push(...visibilityErrors(p, page));
  return errors;
}

function salaryErrors(salary: unknown): string[] {
  if (!isObject(salary) || salary['@type'] !== 'MonetaryAmount') return ['baseSalary: a MonetaryAmount'];
  const errors: string[] = [];
  if (!/^[A-Z]{3}$/.test(String(salary.currency))) errors.push('baseSalary: currency as an ISO 4217 code');
  const value = salary.value;
  if (!isObject(value) || value['@type'] !== 'QuantitativeValue')
    return [...errors, 'baseSalary: value is a QuantitativeValue'];
  const numbers = ['value', 'minValue', 'maxValue'].filter((k) => value[k] !== undefined);
  if (numbers.length === 0 || numbers.some((k) => typeof value[k] !== 'number'))
    errors.push('baseSalary: value or minValue/maxValue as numbers');
  if (
    typeof value.minValue === 'number' &&
    typeof value.maxValue === 'number' &&
    value.minValue > value.maxValue
  )
    errors.push('baseSalary: minValue above maxValue');
  if (!UNIT_TEXTS.includes(String(value.unitText)))
    errors.push(`baseSalary: unitText "${String(value.unitText)}" is not one of ${UNIT_TEXTS.join(', ')}`);
  return errors;
}

/** Everything in the markup must be visible on the page: the title, the text of the description, the reference. */
function visibilityErrors(p: Json, page: string): string[] {
  // Compared as words: punctuation and layout (a colon, a list) do not hide text.
  const words = (text: string) => ` ${text.replace(/[^\p{L}\p{N}£]+/gu, ' ').trim()} `;
  const shown = words(visibleText(page));
  const errors: string[] = [];
  if (typeof p.title === 'string' && !shown.includes(words(p.title))) errors.push('title: not on the page');
  if (typeof p.description === 'string') {
    for (const block of p.description.split(/<\/?(?:p|li|ul|ol|h[1-6]|br)\b[^>]*>/i)) {
      const text = visibleText(block);
      if (text && !shown.includes(words(text)))
        errors.push(`description: "${text.slice(0, 40)}" is not on the page`);
    }
  }
  const id = isObject(p.identifier) ? p.identifier.value : undefined;
  if (typeof id === 'string' && !shown.includes(words(id)))
    errors.push('identifier: the reference is not on the page');
  return errors;
}

/** Checks a page as Googlebot would read it: its status, its JobPosting, every rule of the contract. */
export function checkJobPostingPage(status: number, body: string, now: Date): MarkupReport {
  const postings = jobPostingsOf(body);
  const noindex = /<meta[^>]+name="robots"[^>]+noindex/i.test(body);
  if (status === 404 || status === 410 || noindex) {
    return {
      state: 'removed',
      errors: postings.length ? ['a removed page still carries JobPosting markup'] : [],
      warnings: [],
    };
  }
  if (status !== 200) return { state: 'not-a-job', errors: [`status ${status}`], warnings: [] };
  if (postings.length === 0) return { state: 'not-a-job', errors: [], warnings: [] };
  if (postings.length > 1)
    return { state: 'job', errors: ['more than one JobPosting on the page'], warnings: [] };
  const p = postings[0]!;
  const remoteOnly = p.jobLocationType === 'TELECOMMUTE' && !missing(p.applicantLocationRequirements);
  const errors = REQUIRED.filter((k) => missing(p[k]) && !(k === 'jobLocation' && remoteOnly)).map(
    (k) => `Missing field "${k}"`,
  );
  const warnings = RECOMMENDED.filter((k) => missing(p[k])).map((k) => `Missing field "${k}"`);
  errors.push(...propertyErrors(p, body));
  const expired = typeof p.validThrough === 'string' && Date.parse(p.validThrough) < now.getTime();
  return { state: expired ? 'removed' : 'job', errors, warnings, posting: p };
}

/** A listing page must not carry JobPosting markup. */
export const listingErrors = (body: string) =>
  jobPostingsOf(body).length > 0 ? ['a listing page carries JobPosting markup'] : [];
