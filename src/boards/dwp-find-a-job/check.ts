// Every DWP Find a job rule Postroom checks before sending (docs/boards/dwp-find-a-job.md, "Body"
// and "Errors → what Postroom does", pre-flight): nothing is uploaded while one fails.
import { isFullUkPostcode } from '../../domain/postcode.js';
import type { CheckContext, FieldIssue, PostingFields } from '../board.js';
import { type CheckMessages, checkDeclaredFields, isCalendarDate } from '../field-checks.js';
import { codeOf } from './advert.js';
import { DWP_FIELDS } from './fields.js';
import { CODE_MAX } from './map.js';
import { plainText } from './plain-text.js';

const MESSAGES: CheckMessages = {
  required: (f) => `Enter the ${f.label.toLowerCase()}: Find a job requires it`,
  length: (f, n) => `${f.label} is ${n} characters; Find a job takes ${f.maxLength} or fewer`,
  wrongType: (f) => (f.type === 'number' ? `${f.label} must be a whole number` : `${f.label} must be text`),
  notAnOption: (f, v) =>
    `"${String(v)}" is not one of Find a job's values for ${f.label.toLowerCase()}: ${(f.options ?? [])
      .map((o) => o.value)
      .join(', ')}`,
  range: (f) => `${f.label} must be between ${f.min ?? 0} and ${f.max ?? 'any'}`,
};

const issue = (field: string, message: string): FieldIssue => ({ field, message, severity: 'error' });
const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

function ruleIssues(fields: PostingFields, today: string): FieldIssue[] {
  const out: FieldIssue[] = [];
  const postcode = text(fields.postcode);
  if (postcode && !isFullUkPostcode(postcode))
    out.push(
      issue('postcode', 'Enter a full UK postcode, like G2 1DY: Find a job refuses an advert without one'),
    );
  const closing = text(fields.closingDate);
  if (closing && !isCalendarDate(closing))
    out.push(issue('closingDate', 'Closing date must be a date written YYYY-MM-DD'));
  else if (closing && closing <= today)
    out.push(issue('closingDate', 'Closing date must be after today: Find a job needs at least one day'));
  const reference = text(fields.reference);
  if (reference && codeOf(fields).replace(/-\d+$/, '') === '')
    out.push(
      issue('reference', 'The reference needs at least one letter or digit: it becomes the advert code'),
    );
  else if (reference && codeOf(fields).length > CODE_MAX)
    out.push(
      issue(
        'reference',
        `The advert code is ${codeOf(fields).length} characters; Postroom sends ${CODE_MAX} at most`,
      ),
    );
  if (typeof fields.category === 'number' && !Number.isInteger(fields.category))
    out.push(issue('category', "Category must be one of DWP's category ids (a whole number)"));
  const description = text(fields.description);
  if (description && plainText(description) === '')
    out.push(issue('description', 'The description has no text once formatting is removed'));
  return out;
}

/** The pre-flight check: declared fields, then the rules declarations cannot say. */
export function checkDwp(fields: PostingFields, context: CheckContext): FieldIssue[] {
  const declared = checkDeclaredFields(DWP_FIELDS, fields, MESSAGES);
  const taken = new Set(declared.map((i) => i.field));
  return [...declared, ...ruleIssues(fields, context.today).filter((i) => !taken.has(i.field))];
}
