/** The rules the feed checker shares between feeds (see feed-checker.ts). */

export type FeedKind = 'indeed' | 'linkedin' | 'adzuna' | 'jooble';

export interface Finding {
  /** The job's id in the feed, or null for the document. */
  job: string | null;
  field: string;
  message: string;
}

export interface CheckedFeed {
  errors: Finding[];
  warnings: Finding[];
  /** Each job's fields as text, by its id. */
  jobs: Map<string, Record<string, string>>;
}

export interface CheckOptions {
  /** "Today" for the dates. */
  now: Date;
  /** Indeed: the organisation's live vacancies; the feed must hold exactly these. */
  expectedIds?: string[];
  /** An earlier build, to check ids stay stable (LinkedIn: no retitling). */
  previous?: CheckedFeed;
}

export type Node = Record<string, unknown>;

/** The text of an element, CDATA sections joined. */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textOf).join('');
  const node = value as Node;
  return `${textOf(node['#text'])}${textOf(node['#cdata'])}`;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const RFC_822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}(:\d{2})? (GMT|UT|Z|[+-]\d{4})$/;
const UK_POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b/i;

export const day = (at: Date) => at.toISOString().slice(0, 10);

export function required(out: CheckedFeed, id: string, fields: Record<string, string>, names: string[]) {
  for (const name of names)
    if (!fields[name]?.trim())
      out.errors.push({ job: id, field: name, message: `${name} is required and must not be empty` });
}

export function oneOf(
  out: CheckedFeed,
  id: string,
  field: string,
  value: string | undefined,
  allowed: string[],
) {
  if (value === undefined || value === '') return;
  if (!allowed.includes(value))
    out.errors.push({
      job: id,
      field,
      message: `${field} must be one of ${allowed.join(', ')}, not "${value}"`,
    });
}

/** Absolute http(s); https is what aggregators expect of a live site (a warning here, tests run on http). */
export function absoluteUrl(out: CheckedFeed, id: string, field: string, value: string | undefined) {
  if (!value) return;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    out.errors.push({ job: id, field, message: `${field} must be an absolute URL` });
    return;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    out.errors.push({ job: id, field, message: `${field} must be an http(s) URL` });
  else if (url.protocol !== 'https:')
    out.warnings.push({ job: id, field, message: `${field} should be https` });
}

/** Raw HTML in CDATA: entities other than the three that keep text from reading as markup are refused. */
export function htmlWithoutEntities(out: CheckedFeed, id: string, html: string | undefined, tags: string[]) {
  if (!html) return;
  const entity = /&(?!(?:lt|gt|amp);)[A-Za-z][A-Za-z0-9]*;|&#x?[0-9A-Fa-f]+;/.exec(html);
  if (entity)
    out.errors.push({
      job: id,
      field: 'description',
      message: `description has the HTML entity ${entity[0]}`,
    });
  for (const [, tag] of html.matchAll(/<\/?([A-Za-z][A-Za-z0-9]*)/g))
    if (!tags.includes(tag!.toLowerCase()))
      out.warnings.push({
        job: id,
        field: 'description',
        message: `description uses <${tag}>, which is not shown`,
      });
}

/** The visible text of HTML, roughly: tags out, the three entities back. */
export const visible = (html: string) =>
  html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

export function titleHeuristics(out: CheckedFeed, id: string, title: string | undefined) {
  if (!title) return;
  const warn = (message: string) => out.warnings.push({ job: id, field: 'title', message });
  if (/£|\$|€|\bsalary\b/i.test(title)) warn('The title should not hold a salary');
  if (UK_POSTCODE.test(title)) warn('The title should not hold a postcode');
  if (/\burgent(ly)?\b/i.test(title)) warn('The title should not say "urgent"');
  if (title.includes(id)) warn('The title should not hold the job id');
}

/** A date not in the future, and an expiry not before it and not already past. */
export function dates(
  out: CheckedFeed,
  id: string,
  posted: { field: string; day: string } | null,
  expiry: { field: string; day: string } | null,
  now: Date,
) {
  const today = day(now);
  if (posted && posted.day > today)
    out.errors.push({ job: id, field: posted.field, message: `${posted.field} is in the future` });
  if (expiry && posted && expiry.day < posted.day)
    out.errors.push({
      job: id,
      field: expiry.field,
      message: `${expiry.field} is before the publication date`,
    });
  if (expiry && expiry.day < today)
    out.errors.push({
      job: id,
      field: expiry.field,
      message: `The job closed on ${expiry.day} and must be dropped from the feed`,
    });
}

export { ISO_DATE_TIME, ISO_DAY, RFC_822 };
