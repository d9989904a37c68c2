// Posting fields -> the advert Postroom writes into an upload file (docs/boards/dwp-find-a-job.md,
// "Body", the "Postroom auto" column). Pure.
import type { PostingFields } from '../board.js';
import { HOURS, VACANCY_TYPES } from './fields.js';
import {
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
  const type = VACANCY_TYPES.find((t) => t === fields.vacancyType) ?? 'permanent';
  const hours = HOURS.find((h) => h === fields.hours) ?? 'full_time';
  const category = typeof fields.category === 'number' ? fields.category : defaults.categoryId;
  return {
    code: codeOf(fields),
    title: str(fields.title),
    description: plainText(str(fields.description)),
    street: str(fields.street) || undefined,
    city: str(fields.city) || undefined,
    postcode: str(fields.postcode).toUpperCase(),
    expiry: expiryFor(str(fields.closingDate), today, postedOn),
    typeId: VACANCY_TYPE_IDS[type],
    statusId: VACANCY_STATUS_IDS[hours],
    categoryId: category ?? DEFAULT_CATEGORY,
    applyUrl: str(fields.applyUrl),
  };
}
