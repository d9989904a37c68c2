/*
 * The Reed sandbox's own table of the "Post job" parameters (boards/reed.md, "Body fields"),
 * written from the contract and never from the adapter. Reed runs ASP.NET Web API: strings are
 * counted in UTF-16 units as .NET counts them, and messages follow DataAnnotations' wording (Reed's
 * exact texts are not public). Keys marked (i) come from the inventory or client code.
 */

type Rule =
  | { type: 'string'; required?: true; min?: number; max: number; plain?: true; town?: true; email?: true }
  | { type: 'int'; required?: true; allowed?: readonly number[]; min?: number; max?: number }
  | { type: 'decimal' }
  | { type: 'bool' };

export const RULES: Readonly<Record<string, Rule>> = {
  username: { type: 'string', required: true, max: 255 },
  postingKey: { type: 'string', max: 64 },
  jobType: { type: 'int', required: true, allowed: [1, 2, 4] },
  workingHours: { type: 'int', required: true, allowed: [1, 2, 3] },
  title: { type: 'string', required: true, max: 255, plain: true },
  description: { type: 'string', required: true, min: 150, max: 6500 },
  townName: { type: 'string', required: true, max: 255, plain: true, town: true },
  productId: { type: 'int', allowed: [1, 2, 3, 4, 81] },
  expiryInDays: { type: 'int', min: 1, max: 42 },
  isDemo: { type: 'bool' },
  isPublic: { type: 'bool' },
  isGraduate: { type: 'bool' },
  ownerRef: { type: 'string', max: 255 }, // (i)
  externalUrl: { type: 'string', max: 2000 }, // (i)
  emailForApplications: { type: 'string', max: 255, email: true }, // (i)
  minSalary: { type: 'decimal' }, // (i)
  maxSalary: { type: 'decimal' }, // (i)
  salaryType: { type: 'int', allowed: [1, 2, 5] }, // (i)
  currency: { type: 'int', allowed: [1, 2, 3, 8, 21] }, // (i)
  showSalary: { type: 'bool' }, // (i)
  hiddenSalaryDescription: { type: 'int', allowed: [0, 1, 2] }, // (i)
  parentSectorId: { type: 'int', min: 1 }, // (i)
  jobSectorId: { type: 'int', min: 1 }, // (i)
  locationBaseType: { type: 'int', allowed: [1, 2, 3] }, // (i)
  doNotExtend: { type: 'bool' }, // (i) edit only
};

/** Towns the sandbox knows ("names of towns within the UK"); a UK postcode is accepted too. */
const TOWNS = new Set(
  `London Birmingham Manchester Liverpool Leeds Sheffield Bristol Newcastle Nottingham Leicester
  Coventry Bradford Cardiff Swansea Newport Belfast Derry Glasgow Edinburgh Aberdeen Dundee Inverness
  Stirling Perth Paisley Southampton Portsmouth Brighton Reading Oxford Cambridge Norwich Ipswich
  York Hull Exeter Plymouth Bath Gloucester Cheltenham Worcester Hereford Shrewsbury Chester Preston
  Blackpool Lancaster Carlisle Durham Sunderland Middlesbrough Doncaster Wakefield Huddersfield
  Milton_Keynes Luton Watford Slough Guildford Crawley Maidstone Canterbury Chelmsford Colchester
  Northampton Peterborough Lincoln Derby Stoke-on-Trent Wolverhampton Swindon Bournemouth Poole
  Salisbury Winchester Basingstoke Truro Wrexham Bangor Lisburn Newry`
    .split(/\s+/)
    .map((town) => town.replace(/_/g, ' ').toLowerCase()),
);
const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]?(?: ?\d[A-Z]{2})?$/i;

const EMAIL = /[^\s@<>"']+@[^\s@<>"']+\.[a-z]{2,}/i;
const WEB = /https?:\/\/|www\./i;
const TAG = /<[a-z/!][^>]*>/i;

/** A UK phone number: a run of digits and separators that reads 0 + 9–10 digits or +44 + 9–10 digits. */
function hasUkPhone(text: string): boolean {
  for (const run of text.match(/\+?[\d() -]{10,}/g) ?? []) {
    const digits = run.replace(/[^\d+]/g, '');
    if (/^(?:\+44|0)\d{9,10}$/.test(digits) || /^\+440\d{9,10}$/.test(digits)) return true;
  }
  return false;
}

/** The text a reader sees of an HTML description: tags removed, white space collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&(?:lt|gt|amp|quot|#39);/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

const label = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);

function stringIssue(
  key: string,
  rule: Extract<Rule, { type: 'string' }>,
  value: string,
): string | undefined {
  const name = label(key);
  if (rule.required && value.trim() === '') return `The ${name} field is required.`;
  const shown = key === 'description' ? textOf(value).length : value.length;
  if (value.length > rule.max || (rule.min !== undefined && shown < rule.min)) {
    return rule.min !== undefined
      ? `The field ${name} must be a string with a minimum length of ${rule.min} and a maximum length of ${rule.max}.`
      : `The field ${name} must be a string with a maximum length of ${rule.max}.`;
  }
  if (rule.email) return EMAIL.test(value) ? undefined : `The ${name} field is not a valid e-mail address.`;
  if (key === 'title' || key === 'description' || key === 'townName') {
    if (rule.plain && TAG.test(value)) return `The ${name} must not contain HTML.`;
    if (EMAIL.test(value)) return `The ${name} must not contain e-mail addresses.`;
    if (WEB.test(value)) return `The ${name} must not contain URLs.`;
    if (hasUkPhone(key === 'description' ? textOf(value) : value))
      return `The ${name} must not contain telephone numbers.`;
  }
  if (rule.town && !POSTCODE.test(value.trim()) && !TOWNS.has(value.trim().toLowerCase()))
    return `The ${name} must be a UK postcode or the name of a town within the UK.`;
  return undefined;
}

/** The value as the model binder reads it, or its error. */
function bind(key: string, rule: Rule, raw: string): { value: unknown } | { issue: string } {
  const name = label(key);
  if (rule.type === 'string') {
    const issue = stringIssue(key, rule, raw);
    return issue ? { issue } : { value: raw };
  }
  if (rule.type === 'bool') {
    const lower = raw.toLowerCase();
    return lower === 'true' || lower === 'false'
      ? { value: lower === 'true' }
      : { issue: `The value '${raw}' is not valid for ${name}.` };
  }
  const number = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(number) || (rule.type === 'int' && !/^-?\d+$/.test(raw.trim())))
    return { issue: `The value '${raw}' is not valid for ${name}.` };
  if (rule.type === 'int' && rule.allowed && !rule.allowed.includes(number))
    return { issue: `The value '${raw}' is not valid for ${name}.` };
  if (
    rule.type === 'int' &&
    ((rule.min !== undefined && number < rule.min) || (rule.max !== undefined && number > rule.max))
  )
    return { issue: `The field ${name} must be between ${rule.min ?? 0} and ${rule.max ?? 2147483647}.` };
  return { value: number };
}

export interface Bound {
  values: Record<string, unknown>;
  modelState: Record<string, string[]>;
  /** Keys the model has no property for: ASP.NET ignores them; the sandbox lists them for tests. */
  ignored: string[];
}

/**
 * Binds a form to the job model and validates it. `whole`: a create (required keys are checked);
 * otherwise an edit, where only what is sent is judged (and then the merged job is re-checked).
 */
export function bindJob(form: Record<string, string>, whole: boolean): Bound {
  const out: Bound = { values: {}, modelState: {}, ignored: [] };
  for (const [key, raw] of Object.entries(form)) {
    const rule = RULES[key];
    if (!rule) {
      out.ignored.push(key);
      continue;
    }
    const bound = bind(key, rule, raw);
    if ('issue' in bound) out.modelState[key] = [bound.issue];
    else out.values[key] = bound.value;
  }
  if (whole) {
    for (const [key, rule] of Object.entries(RULES)) {
      if ('required' in rule && rule.required && !(key in form))
        out.modelState[key] = [`The ${label(key)} field is required.`];
    }
  }
  return out;
}

/** Rules across keys of the whole job (created, or merged with an edit). */
export function crossIssues(job: Record<string, unknown>): Record<string, string[]> {
  const issues: Record<string, string[]> = {};
  const { minSalary, maxSalary, showSalary, hiddenSalaryDescription } = job;
  if (typeof minSalary === 'number' && typeof maxSalary === 'number' && minSalary > maxSalary)
    issues.minSalary = ['The MinSalary must not be more than the MaxSalary.'];
  if (hiddenSalaryDescription !== undefined && showSalary === true)
    issues.hiddenSalaryDescription = ['The HiddenSalaryDescription is only used when ShowSalary is false.'];
  return issues;
}
