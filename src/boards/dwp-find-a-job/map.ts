// Every DWP Find a job wire name lives in this file (docs/boards/dwp-find-a-job.md, "Transport",
// "Body", "Feedback report"): folders, file names, elements, attributes, ids and DWP's own
// messages. Names marked (reconstructed) come from neither DWP's page nor Teaching Vacancies' code.
import { cleanText, escapeXml } from '../xml.js';

/** The account's folders on the SFTP server (TV's docs). */
export const FOLDERS = { inbound: 'Inbound', outbound: 'Outbound', processed: 'processed' } as const;

/** Root elements: an upload file (create or update) and an expire file. */
export const ROOTS = { upload: 'Vacancies', expire: 'ExpireVacancies' } as const;

/** Elements in TV's order, which DWP accepts. */
export const ELEMENTS = {
  vacancy: 'Vacancy',
  expire: 'ExpireVacancy',
  title: 'Title',
  description: 'Description',
  location: 'Location',
  street: 'StreetAddress',
  city: 'City',
  state: 'State',
  postcode: 'PostalCode',
  expiry: 'VacancyExpiry',
  type: 'VacancyType',
  status: 'VacancyStatus',
  category: 'VacancyCategory',
  applyMethod: 'ApplyMethod',
  applyUrl: 'ApplyUrl',
} as const;
export const ATTRIBUTES = { code: 'vacancyRefCode', id: 'id' } as const;

/** `VacancyType/@id` (DWP 1.3/1.5: 3 and 4; TV: 1 and 2). */
export const VACANCY_TYPE_IDS = { permanent: 1, contract: 2, temporary: 3, apprenticeship: 4 } as const;
/** `VacancyStatus/@id` (TV). */
export const VACANCY_STATUS_IDS = { full_time: 1, part_time: 2 } as const;
/** `ApplyMethod/@id` 2: apply on an external URL (TV); other ids not seen. */
export const APPLY_ON_URL = 2;
/** Category TV sends by default (education); DWP's list itself was not seen. */
export const DEFAULT_CATEGORY = 27;

/** DWP 1.7, verbatim: the rejection of a `VacancyExpiry` outside its window. */
export const EXPIRY_MESSAGE =
  'Closing date must be between posting/editing date +1 day and posting date +30 days';
/** An advert lives at most this many days from its posting date (DWP). */
export const ADVERT_LIFE_DAYS = 30;
/** Longest `vacancyRefCode` Postroom sends (reconstructed limit; TV sends 36 characters and more). */
export const CODE_MAX = 40;

/** The feedback report (reconstructed format: DWP's Appendix 5 was not seen). */
export const REPORT = {
  upload: 'BulkUploadReport',
  expire: 'BulkExpiryReport',
  vacancy: 'Vacancy',
  reason: 'Reason',
  fileError: 'FileError',
  file: 'file',
  processedAt: 'processedAt',
  result: 'result',
  success: 'Success',
  failure: 'Failure',
} as const;

/** `<uploaded name>-report.xml` in `Outbound/` (reconstructed). */
export const reportNameOf = (fileName: string) => `${fileName.replace(/\.xml$/, '')}-report.xml`;

/** UTC `yyyyMMdd-HHmmss-SSS`. */
const stamp = (at: Date) =>
  at.toISOString().slice(0, 23).replace(/[-:]/g, '').replace('T', '-').replace('.', '-');

/**
 * `<prefix>-<UTC yyyyMMdd-HHmmss-SSS>-<n>-upload.xml` and `…-expire.xml` (reconstructed). The time
 * comes before the kind, unlike Teaching Vacancies' `…-upload-<time>`: an import that takes files in
 * name order then takes them in the order they were sent, and never an expire file before the
 * upload it follows.
 */
export const fileNameOf = (prefix: string, kind: 'upload' | 'expire', at: Date, seq: string) =>
  `${prefix}-${stamp(at)}-${seq}-${kind}.xml`;
/** The UTC day a file of `fileNameOf` was named on, or null for another name. */
export function uploadedOnOf(name: string): string | null {
  const day = /-(\d{4})(\d{2})(\d{2})-\d{6}-\d{3}-/.exec(name);
  return day ? `${day[1]}-${day[2]}-${day[3]}` : null;
}
/** True for the name of an upload file of this prefix. */
export const isUploadFile = (prefix: string, name: string) =>
  name.startsWith(`${prefix}-`) && name.endsWith('-upload.xml');

/** The advert's code: the reference reduced to `[A-Za-z0-9-]`, plus `-<n>` for the n-th re-post. */
export function vacancyRefCode(reference: string, version = 0): string {
  const base = reference.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return version > 0 ? `${base}-${version}` : base;
}

/** One advert, in Postroom's terms, ready to be written. */
export interface DwpAdvert {
  code: string;
  title: string;
  description: string;
  street?: string | undefined;
  city?: string | undefined;
  postcode: string;
  expiry?: string | undefined;
  typeId: number;
  statusId: number;
  categoryId: number;
  applyUrl: string;
}

/** Text as XML 1.0 can carry it (DWP's import failed on control characters: TV strips them). */
const text = (value: string) => escapeXml(cleanText(value));
const element = (name: string, value: string | undefined) =>
  value === undefined || value === '' ? '' : `<${name}>${text(value)}</${name}>`;
const idElement = (name: string, id: number) => `<${name} ${ATTRIBUTES.id}="${id}"/>`;

function vacancyXml(a: DwpAdvert): string {
  const e = ELEMENTS;
  const location = `<${e.location}>${element(e.street, a.street)}${element(e.city, a.city)}${element(e.postcode, a.postcode)}</${e.location}>`;
  return [
    `  <${e.vacancy} ${ATTRIBUTES.code}="${text(a.code)}">`,
    `    ${element(e.title, a.title)}`,
    `    ${element(e.description, a.description)}`,
    `    ${location}`,
    a.expiry ? `    ${element(e.expiry, a.expiry)}` : '',
    `    ${idElement(e.type, a.typeId)}${idElement(e.status, a.statusId)}${idElement(e.category, a.categoryId)}`,
    `    ${idElement(e.applyMethod, APPLY_ON_URL)}${element(e.applyUrl, a.applyUrl)}`,
    `  </${e.vacancy}>`,
  ]
    .filter((line) => line !== '')
    .join('\n');
}

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** An upload file: `<Vacancies>` with one `<Vacancy>` per advert. */
export const uploadXml = (adverts: readonly DwpAdvert[]) =>
  `${DECLARATION}\n<${ROOTS.upload}>\n${adverts.map(vacancyXml).join('\n')}\n</${ROOTS.upload}>\n`;

/** An expire file: `<ExpireVacancies>` with one `<ExpireVacancy>` per code. */
export const expireXml = (codes: readonly string[]) =>
  `${DECLARATION}\n<${ROOTS.expire}>\n${codes
    .map((code) => `  <${ELEMENTS.expire} ${ATTRIBUTES.code}="${text(code)}"/>`)
    .join('\n')}\n</${ROOTS.expire}>\n`;

/**
 * What Postroom keeps of an advert between calls (the posting's `etag`): the day its code was first
 * posted (DWP's window counts from it), the day it ends, and the file that last carried it.
 */
export interface AdvertVersion {
  postedOn: string;
  endsOn: string;
  file: string;
}
export const versionTag = (v: AdvertVersion) => `${v.postedOn}|${v.endsOn}|${v.file}`;
export function parseVersionTag(tag: string | null | undefined): AdvertVersion | null {
  const [postedOn, endsOn, file] = (tag ?? '').split('|');
  return postedOn && endsOn && file ? { postedOn, endsOn, file } : null;
}

/** Which posting field a report reason names (by its element name, or DWP's expiry message). */
const FIELD_OF_ELEMENT: Record<string, string> = {
  [ELEMENTS.title]: 'title',
  [ELEMENTS.description]: 'description',
  [ELEMENTS.street]: 'street',
  [ELEMENTS.city]: 'city',
  [ELEMENTS.postcode]: 'postcode',
  [ELEMENTS.expiry]: 'closingDate',
  [ELEMENTS.type]: 'vacancyType',
  [ELEMENTS.status]: 'hours',
  [ELEMENTS.category]: 'category',
  [ELEMENTS.applyUrl]: 'applyUrl',
};
export function fieldOfReason(reason: string): string | undefined {
  if (reason.startsWith('Closing date')) return 'closingDate';
  const named = Object.keys(FIELD_OF_ELEMENT).find((name) => new RegExp(`\\b${name}\\b`).test(reason));
  return named ? FIELD_OF_ELEMENT[named] : undefined;
}

/** The day `days` after a YYYY-MM-DD day. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * `VacancyExpiry` for a closing date, or undefined to let the advert run its 30 days (DWP: between
 * posting/editing date + 1 day and posting date + 30). The import may fall the next day, so Postroom
 * sends a date at least 2 days ahead, and on a new advert at most upload day + 29.
 */
export function expiryFor(closingDate: string, today: string, postedOn: string): string | undefined {
  const last =
    postedOn === today ? addDays(today, ADVERT_LIFE_DAYS - 1) : addDays(postedOn, ADVERT_LIFE_DAYS);
  return closingDate >= addDays(today, 2) && closingDate <= last ? closingDate : undefined;
}

/** The day an advert posted on `postedOn` ends: its expiry, or the 30 days DWP gives it. */
export const endsOnFor = (expiry: string | undefined, postedOn: string) =>
  expiry ?? addDays(postedOn, ADVERT_LIFE_DAYS);
