/*
 * The Teaching Vacancies sandbox's JSON schema check (boards/teaching-vacancies.md, "Body fields"
 * and the 400 row of "Responses"), worded as the json-schema gem words its messages. Its own
 * reading of the contract: nothing here comes from the adapter.
 */

/** The id the gem appends to every message (` in schema <id>`). */
export const SCHEMA_ID = 'f3b2a1c0-7d6e-4f5a-9b8c-1d2e3f4a5b6c';

type Rule =
  | { type: 'string'; enum?: readonly string[] }
  | { type: 'boolean' }
  | { type: 'array'; minItems?: number; enum?: readonly string[] }
  | { type: 'schools' };

const list = (values: string) => values.split(', ');
export const ENUMS = {
  contract_type: list('permanent, fixed_term, casual'),
  working_patterns: list('full_time, part_time'),
  job_roles: list(
    'teacher, headteacher, deputy_headteacher, assistant_headteacher, head_of_year_or_phase, head_of_department_or_curriculum, teaching_assistant, higher_level_teaching_assistant, education_support, sendco, administration_hr_data_and_finance, catering_cleaning_and_site_management, it_support, pastoral_health_and_welfare, other_leadership, other_support',
  ),
  phases: list('nursery, primary, secondary, sixth_form_or_college, through'),
  key_stages: list('early_years, ks1, ks2, ks3, ks4, ks5'),
  subjects: list(
    'Accounting, Art and design, Biology, Business studies, Chemistry, Citizenship, Classics, Computing, Dance, Design and technology, Drama, Economics, Engineering, English, Food technology, French, Geography, German, Health and social care, History, Humanities, ICT, Languages, Law, Mandarin, Mathematics, Media studies, Music, Philosophy, Physical education, Physics, Politics, PSHE, Psychology, Religious education, Science, Social sciences, Sociology, Spanish, Statistics',
  ),
} as const;

/** Every key the controller permits, with its schema; anything else is dropped before validation. */
export const PROPERTIES: Readonly<Record<string, Rule>> = {
  job_title: { type: 'string' },
  job_advert: { type: 'string' },
  external_advert_url: { type: 'string' },
  external_reference: { type: 'string' },
  expires_at: { type: 'string' },
  salary: { type: 'string' },
  contract_type: { type: 'string', enum: ENUMS.contract_type },
  working_patterns: { type: 'array', minItems: 1, enum: ENUMS.working_patterns },
  job_roles: { type: 'array', minItems: 1, enum: ENUMS.job_roles },
  phases: { type: 'array', minItems: 1, enum: ENUMS.phases },
  schools: { type: 'schools' },
  publish_on: { type: 'string' },
  starts_on: { type: 'string' },
  benefits_details: { type: 'string' },
  visa_sponsorship_available: { type: 'boolean' },
  is_job_share: { type: 'boolean' },
  ect_suitable: { type: 'boolean' },
  key_stages: { type: 'array', enum: ENUMS.key_stages },
  subjects: { type: 'array', enum: ENUMS.subjects },
};
export const REQUIRED = [
  'job_title',
  'job_advert',
  'external_advert_url',
  'external_reference',
  'expires_at',
  'salary',
  'contract_type',
  'working_patterns',
  'job_roles',
  'phases',
  'schools',
];

const suffix = (message: string) => `${message} in schema ${SCHEMA_ID}`;
const typeOf = (value: unknown) =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'array'
      : Number.isInteger(value)
        ? 'integer'
        : typeof value;
const typeError = (path: string, value: unknown, type: string) =>
  suffix(`The property '${path}' of type ${typeOf(value)} did not match the following type: ${type}`);
const enumError = (path: string, value: unknown, values: readonly string[]) =>
  suffix(
    `The property '${path}' value ${JSON.stringify(value)} did not match one of the following values: ${values.join(', ')}`,
  );

function schoolsErrors(path: string, value: unknown): string[] {
  const oneOf = suffix(
    `The property '${path}' of type ${typeOf(value)} did not match exactly one of the required schemas`,
  );
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [oneOf];
  const { school_urns: urns, trust_uid: trust } = value as Record<string, unknown>;
  const urnsOk = Array.isArray(urns) && urns.length > 0 && urns.every((u) => typeof u === 'string');
  const trustOk = typeof trust === 'string';
  if (urns !== undefined && !urnsOk) return [oneOf];
  if (trust !== undefined && !trustOk) return [oneOf];
  return urnsOk || trustOk ? [] : [oneOf];
}

function propertyErrors(key: string, rule: Rule, value: unknown): string[] {
  const path = `#/vacancy/${key}`;
  if (rule.type === 'schools') return schoolsErrors(path, value);
  if (rule.type !== 'array') {
    if (typeof value !== rule.type) return [typeError(path, value, rule.type)];
    if (rule.type === 'string' && rule.enum && !rule.enum.includes(value as string))
      return [enumError(path, value, rule.enum)];
    return [];
  }
  if (!Array.isArray(value)) return [typeError(path, value, 'array')];
  const errors: string[] = [];
  if (rule.minItems && value.length < rule.minItems)
    errors.push(suffix(`The property '${path}' did not contain a minimum number of items ${rule.minItems}`));
  value.forEach((item, i) => {
    if (typeof item !== 'string') errors.push(typeError(`${path}/${i}`, item, 'string'));
    else if (rule.enum && !rule.enum.includes(item)) errors.push(enumError(`${path}/${i}`, item, rule.enum));
  });
  return errors;
}

/** The permitted part of the body and the schema's messages (empty when it passes). */
export function schemaCheck(body: unknown): { vacancy: Record<string, unknown>; errors: string[] } {
  const root =
    body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const given = root.vacancy;
  if (given === undefined)
    return {
      vacancy: {},
      errors: [suffix("The property '#/' did not contain a required property of 'vacancy'")],
    };
  if (!given || typeof given !== 'object' || Array.isArray(given))
    return { vacancy: {}, errors: [typeError('#/vacancy', given, 'object')] };
  const vacancy = Object.fromEntries(
    Object.entries(given as Record<string, unknown>).filter(([key]) => Object.hasOwn(PROPERTIES, key)),
  );
  const errors = REQUIRED.filter((key) => !(key in vacancy)).map((key) =>
    suffix(`The property '#/vacancy' did not contain a required property of '${key}'`),
  );
  for (const [key, value] of Object.entries(vacancy)) {
    const rule = PROPERTIES[key];
    if (rule) errors.push(...propertyErrors(key, rule, value));
  }
  return { vacancy, errors };
}
