// Every Reed rule on the posting fields (docs/boards/reed.md, "Body fields" and "Lifecycle").

import { visibleText } from '../../domain/html.js';
import { isFullUkPostcode, isUkOutcode } from '../../domain/postcode.js';
import type { CheckContext, FieldIssue, PostingFields } from '../board.js';
import { type CheckMessages, checkDeclaredFields, countCharacters } from '../field-checks.js';
import { type ContactKind, findContacts, findContactsInHtml, hasHtml } from './contact.js';
import { DESCRIPTION_MAX, DESCRIPTION_MIN, REED_FIELDS, STRING_MAX } from './fields.js';

/**
 * The check's context on an edit: `previous` holds the fields Reed last accepted, so that edits
 * Reed charges a credit for are flagged before they are sent.
 */
export type ReedCheckContext = CheckContext;

const MESSAGES: CheckMessages = {
  required: (f) => `Enter the ${f.label.toLowerCase()}: Reed requires it`,
  length: (f, n) =>
    `${f.label} is ${n.toLocaleString('en-GB')} characters; Reed allows at most ${f.maxLength?.toLocaleString('en-GB')}`,
  wrongType: (f) =>
    f.type === 'number'
      ? `${f.label} must be a number`
      : f.type === 'boolean'
        ? `${f.label} must be true or false`
        : `${f.label} must be text`,
  range: (f) =>
    f.max !== undefined
      ? `${f.label} must be between ${f.min} and ${f.max}`
      : `${f.label} must be ${f.min} or more`,
  notAnOption: (f, v) =>
    `"${String(v)}" is not one of Reed's values for ${f.label.toLowerCase()}: ${(f.options ?? []).map((o) => o.value).join(', ')}`,
  notShown: (f) => `${f.label} applies only when the salary is not shown`,
};

const PLURAL: Record<ContactKind, string> = {
  'e-mail address': 'e-mail addresses',
  'web address': 'web addresses',
  'phone number': 'phone numbers',
};

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** E-mail addresses, web addresses, phone numbers and HTML where Reed refuses them. */
function contactIssues(fields: PostingFields): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const labels: Record<string, string> = { title: 'title', description: 'description', town: 'town' };
  for (const key of ['title', 'description', 'town'] as const) {
    const value = text(fields[key]);
    if (value === '') continue;
    if (key !== 'description' && hasHtml(value))
      issues.push({ field: key, severity: 'error', message: `Reed refuses HTML in the ${labels[key]}` });
    const found = key === 'description' ? findContactsInHtml(value) : findContacts(value);
    for (const f of found) {
      issues.push({
        field: key,
        severity: 'error',
        message: `Reed refuses ${PLURAL[f.kind]} in the ${labels[key]}: "${f.text}" (at ${f.where}). Candidates apply through the apply link.`,
      });
    }
  }
  return issues;
}

/**
 * Reed runs .NET, which counts UTF-16 units: an emoji is two characters there. The declared limits
 * count as a person does, so a text within them may still be too long for Reed.
 */
function dotNetLengthIssues(fields: PostingFields): FieldIssue[] {
  const limits = { title: STRING_MAX, town: STRING_MAX, description: DESCRIPTION_MAX } as const;
  const out: FieldIssue[] = [];
  for (const [key, max] of Object.entries(limits)) {
    const value = text(fields[key]);
    if (value.length > max && [...value].length <= max)
      out.push({
        field: key,
        severity: 'error',
        message: `Reed counts ${value.length.toLocaleString('en-GB')} characters here (emoji and some symbols count twice); it allows at most ${max.toLocaleString('en-GB')}`,
      });
  }
  return out;
}

/** Edits Reed charges a credit for, as warnings: shown, but they do not block sending. */
function creditWarnings(fields: PostingFields, previous: PostingFields | undefined): FieldIssue[] {
  if (!previous) return [];
  const changed = (key: string) => JSON.stringify(fields[key]) !== JSON.stringify(previous[key]);
  const warn = (field: string, message: string): FieldIssue => ({ field, message, severity: 'warning' });
  const out: FieldIssue[] = [];
  if (changed('title'))
    out.push(
      warn('title', 'Reed charges a credit to change the title once the advert has had an application'),
    );
  if (changed('town'))
    out.push(
      warn('town', 'Reed charges a credit to change the location once the advert has had an application'),
    );
  if (changed('expiryInDays'))
    out.push(warn('expiryInDays', 'Reed charges a credit to change the end date (days on Reed)'));
  if (changed('productId')) out.push(warn('productId', 'Reed charges a credit to change the advert type'));
  return out;
}

/** Every Reed rule, each problem on its field. Pure; never throws. */
export function checkReed(fields: PostingFields, context: ReedCheckContext): FieldIssue[] {
  const issues = checkDeclaredFields(REED_FIELDS, fields, MESSAGES);
  const error = (field: string, message: string) => issues.push({ field, message, severity: 'error' });
  const description = text(fields.description);
  if (description !== '') {
    const length = countCharacters(visibleText(description));
    if (length < DESCRIPTION_MIN)
      error(
        'description',
        `Description is ${length} characters of text; Reed needs at least ${DESCRIPTION_MIN}`,
      );
  }
  issues.push(...contactIssues(fields));
  issues.push(...dotNetLengthIssues(fields));
  const town = text(fields.town);
  if (town !== '' && !isFullUkPostcode(town) && !isUkOutcode(town)) {
    issues.push({
      field: 'town',
      severity: 'warning',
      message: `Reed takes only UK postcodes and the names of UK towns; Postroom cannot check that "${town}" is one. A postcode is safer and searches more accurately.`,
    });
  }
  const { expiryInDays, salaryMin, salaryMax } = fields;
  if (isNumber(expiryInDays) && !Number.isInteger(expiryInDays))
    error('expiryInDays', 'Days on Reed must be a whole number');
  for (const key of ['parentSectorId', 'jobSectorId'] as const) {
    const value = fields[key];
    if (isNumber(value) && !Number.isInteger(value)) error(key, 'A Reed sector id is a whole number');
  }
  if (isNumber(salaryMin) && isNumber(salaryMax) && salaryMin > salaryMax)
    error('salaryMin', 'Salary from is more than salary to');
  const applyUrl = text(fields.applyUrl);
  if (applyUrl !== '' && !/^https?:\/\/\S+$/.test(applyUrl))
    error('applyUrl', 'The apply link must be a web address starting with https:// or http://');
  const email = text(fields.applicationEmail);
  if (email !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    error('applicationEmail', 'Enter an e-mail address like jobs@example.com');
  issues.push(...creditWarnings(fields, context.previous));
  return issues;
}
