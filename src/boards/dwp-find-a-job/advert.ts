// Posting fields -> the advert Postroom writes into an upload file (docs/boards/dwp-find-a-job.md,
// "Body", the "Postroom auto" column). Pure.
import type { FieldIssue, PostingFields } from '../board.js';
import { HOURS, VACANCY_TYPES } from './fields.js';
import {
  CODE_MAX,
  DEFAULT_CATEGORY,
  type DwpAdvert,
  expiryFor,
  VACANCY_STATUS_IDS,
  VACANCY_TYPE_IDS,
  vacancyRefCode,
} from './map.js';
import { plainText } from './plain-text.js';

const str = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const version = (fields: PostingFields) =>
  typeof fields.version === 'number' && Number.isInteger(fields.version) && fields.version > 0
    ? fields.version
    : 0;

/** The advert code of these fields (the reference, and the re-post number). */
export const codeOf = (fields: PostingFields) => vacancyRefCode(str(fields.reference), version(fields));

/** The advert for these fields; `postedOn` is the day its code was first uploaded (today on a new one). */
export function advertOf(
  fields: PostingFields,
  defaults: { categoryId: number },
  today: string,
  postedOn: string,
): DwpAdvert {
  const type = VACANCY_TYPES.find((t) => t === fields.vacancyType);
  const hours = HOURS.find((h) => h === fields.hours);
  const category = typeof fields.category === 'number' ? fields.category : defaults.categoryId;
  return {
    code: codeOf(fields),
    title: str(fields.title),
    description: plainText(str(fields.description)),
    street: str(fields.street) || undefined,
    city: str(fields.city) || undefined,
    postcode: str(fields.postcode).toUpperCase(),
    expiry: expiryFor(str(fields.closingDate), today, postedOn),
    typeId: type ? VACANCY_TYPE_IDS[type] : 0,
    statusId: hours ? VACANCY_STATUS_IDS[hours] : 0,
    categoryId: category ?? DEFAULT_CATEGORY,
    applyUrl: str(fields.applyUrl),
  };
}

const issue = (field: string, message: string): FieldIssue => ({ field, message, severity: 'error' });

/**
 * The document's own rules, checked on the advert about to be written (docs/boards/dwp-find-a-job.md,
 * "The upload file"): a file that breaks one is never uploaded. Each problem is on its posting field.
 */
export function advertIssues(advert: DwpAdvert): FieldIssue[] {
  const out: FieldIssue[] = [];
  if (!/^[A-Za-z0-9-]+$/.test(advert.code) || advert.code.length > CODE_MAX)
    out.push(issue('reference', `The advert code must be 1 to ${CODE_MAX} letters, digits or dashes`));
  if (!advert.title) out.push(issue('title', 'Enter the job title: Find a job requires it'));
  if (!advert.description) out.push(issue('description', 'Enter the description: Find a job requires it'));
  if (!advert.postcode) out.push(issue('postcode', 'Enter the postcode: Find a job requires it'));
  if (advert.typeId === 0)
    out.push(issue('vacancyType', `Choose the vacancy type: one of ${VACANCY_TYPES.join(', ')}`));
  if (advert.statusId === 0) out.push(issue('hours', `Choose the hours: one of ${HOURS.join(', ')}`));
  if (!/^https?:\/\/\S+$/.test(advert.applyUrl))
    out.push(issue('applyUrl', 'The apply link must be a web address'));
  return out;
}
