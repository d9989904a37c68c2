// Every Teaching Vacancies rule Postroom checks before sending
// (docs/boards/teaching-vacancies.md, "Body fields" and "Errors → what Postroom does", pre-flight).
import type { CheckContext, FieldIssue, PostingFields } from '../board.js';
import { type CheckMessages, checkDeclaredFields, isCalendarDate } from '../field-checks.js';
import { ADVERT_TAGS, TV_FIELDS } from './fields.js';

const MESSAGES: CheckMessages = {
  required: (f) => `Enter the ${f.label.toLowerCase()}: Teaching Vacancies requires it`,
  length: (f, n) => `${f.label} is ${n} characters; Teaching Vacancies allows ${f.maxLength} or fewer`,
  wrongType: (f) =>
    f.type === 'boolean'
      ? `${f.label} must be yes or no`
      : f.type === 'multiselect'
        ? `${f.label} must be a list of values`
        : f.type === 'object'
          ? `${f.label} must name a trust UID or school URNs`
          : `${f.label} must be text`,
  notAnOption: (f, v) =>
    `"${String(v)}" is not one of Teaching Vacancies' values for ${f.label.toLowerCase()} (values are case-sensitive): ${(f.options ?? []).map((o) => o.value).join(', ')}`,
};

const issue = (field: string, message: string, severity: 'error' | 'warning' = 'error'): FieldIssue => ({
  field,
  message,
  severity,
});

function closingIssues(fields: PostingFields, today: string): FieldIssue[] {
  const date = fields.closingDate;
  if (typeof date !== 'string' || date === '') return [];
  if (!isCalendarDate(date)) return [issue('closingDate', 'Closing date must be a date written YYYY-MM-DD')];
  if (date <= today)
    return [
      issue('closingDate', 'Closing date must be a future date: Teaching Vacancies needs it after today'),
    ];
  return [];
}

/** `schools`: a trust UID and/or at least one URN, all text. */
function schoolIssues(value: unknown): FieldIssue[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value))
    return [issue('schools', 'Schools must name a trust UID, school URNs, or both')];
  const { trustUid, schoolUrns, ...rest } = value as Record<string, unknown>;
  const out: FieldIssue[] = Object.keys(rest).map((key) =>
    issue('schools', `Unknown part of schools: "${key}"`),
  );
  if (trustUid !== undefined && trustUid !== null && typeof trustUid !== 'string')
    out.push(issue('schools', 'Trust UID must be text'));
  if (schoolUrns !== undefined && schoolUrns !== null) {
    if (
      !Array.isArray(schoolUrns) ||
      schoolUrns.some((u) => typeof u !== 'string' || !/^\d+$/.test(u.trim()))
    )
      out.push(issue('schools', 'School URNs must be a list of URNs (digits only)'));
  }
  return out;
}

const TAG = /<\/?([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>/g;

/** Tags and styles Teaching Vacancies will strip from the advert: a warning, not a refusal. */
export function strippedMarkup(html: string): string[] {
  const found = new Set<string>();
  for (const [, name, attributes] of html.matchAll(TAG)) {
    const tag = (name ?? '').toLowerCase();
    if (!ADVERT_TAGS.includes(tag)) found.add(`<${tag}>`);
    if (/\bstyle\s*=/i.test(attributes ?? '')) found.add('style');
  }
  return [...found];
}

/** Checks the fields against Teaching Vacancies' rules; never throws. */
export function checkTv(fields: PostingFields, context: CheckContext): FieldIssue[] {
  const issues = checkDeclaredFields(
    TV_FIELDS.filter((f) => f.key !== 'schools'),
    Object.fromEntries(Object.entries(fields).filter(([key]) => key !== 'schools')),
    MESSAGES,
  );
  issues.push(...closingIssues(fields, context.today), ...schoolIssues(fields.schools));
  if (typeof fields.description === 'string') {
    const stripped = strippedMarkup(fields.description);
    if (stripped.length > 0)
      issues.push(
        issue(
          'description',
          `Teaching Vacancies will strip ${stripped.join(', ')} from the advert`,
          'warning',
        ),
      );
  }
  return issues;
}
