import sanitizeHtml from 'sanitize-html';
import type { Organisation } from '../../../domain/organisation.js';
import type { Salary, Vacancy } from '../../../domain/vacancy.js';
import { absolute, careersPaths } from '../urls.js';

/** What every feed needs of the organisation. */
export type FeedOrg = Pick<Organisation, 'name' | 'slug' | 'replyToEmail'>;

/** One feed build: where the site lives, whose vacancies, which ones (all live), and when. */
export interface FeedInput {
  publicUrl: string;
  org: FeedOrg;
  vacancies: Vacancy[];
  builtAt: Date;
}

// Characters XML 1.0 forbids anywhere, even in CDATA: most C0 controls, lone surrogates, U+FFFE/F.
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to drop.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const clean = (text: string) => text.replace(NOT_XML, '');

export const escapeXml = (text: string) =>
  clean(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/** A CDATA section; a "]]>" inside is split across two sections so it cannot end the first early. */
export const cdata = (text: string) => `<![CDATA[${clean(text).replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

/** `<name>` with its text in CDATA (every feed wants its text values so), or `<name/>` when empty. */
export const el = (name: string, value: string | number | null | undefined) =>
  value === null || value === undefined || value === ''
    ? `<${name}/>`
    : `<${name}>${cdata(String(value))}</${name}>`;

/** Like `el`, but left out altogether when there is no value. */
export const optional = (name: string, value: string | number | null | undefined) =>
  value === null || value === undefined || value === '' ? '' : el(name, value);

/** The advert page (not the apply form), with the feed's own tracking token. */
export const advertLink = (input: FeedInput, v: Vacancy, token: string) =>
  `${absolute(input.publicUrl, careersPaths.advert(input.org.slug, v.reference))}?src=${encodeURIComponent(token)}`;

/** The apply form, with the feed's own tracking token. */
export const applyLink = (input: FeedInput, v: Vacancy, token: string) =>
  absolute(input.publicUrl, careersPaths.apply(input.org.slug, v.reference, token));

const NAMED: Record<string, string> = { quot: '"', apos: "'", '#39': "'", '#x27': "'", nbsp: '\u00a0' };

/**
 * The advert's HTML (summary first) reduced to the tags a channel shows, other tags dropped with
 * their text kept. Entities are written as characters, except `&lt;` `&gt;` and an `&amp;` that
 * would otherwise read as an entity: text that looks like markup must stay text.
 */
export function feedHtml(v: Pick<Vacancy, 'summary' | 'description'>, tags: readonly string[]): string {
  const html = `${v.summary ? `<p>${sanitizeHtml(v.summary, { allowedTags: [], allowedAttributes: {} })}</p>` : ''}${v.description}`;
  return sanitizeHtml(html, { allowedTags: [...tags], allowedAttributes: {} })
    .replace(/&(quot|apos|#39|#x27|nbsp);/g, (_m, name: string) => NAMED[name]!)
    .replace(/&amp;(?![A-Za-z0-9#]+;)/g, '&');
}

/** The whole seconds of an instant, ISO-8601 in UTC: `2026-11-30T09:00:00Z`. */
export const isoSeconds = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** When the vacancy first went live (its creation, for one published before that was kept). */
export const firstLive = (v: Vacancy) => v.publishedAt ?? v.createdAt;

/** Where the candidate's e-mail goes: the vacancy's reply-to, else the organisation's default. */
export const replyTo = (org: FeedOrg, v: Vacancy) => v.replyToEmail ?? org.replyToEmail ?? null;

/** Remote or home working: no place to go to. */
export const isRemote = (v: Vacancy) => v.workplace === 'remote' || v.workplace === 'home';

/** Salary figures without pence or thousands separators: "£25000", "£10.50". */
export const plainPounds = (n: number) => `£${Number.isInteger(n) ? n : n.toFixed(2)}`;

/** The salary's figures, when it has any (a text-only salary has none); one figure is both ends. */
export function salaryFigures(
  salary: Salary | null,
): { min: number; max: number; period: Salary['period'] } | null {
  if (!salary) return null;
  const min = salary.min ?? salary.max;
  const max = salary.max ?? salary.min;
  return min === undefined || max === undefined ? null : { min, max, period: salary.period };
}

/** A vacancy a channel's pre-flight check left out of its feed, and why, on which field. */
export interface LeftOut {
  reference: string;
  field: string;
  reason: string;
}

/** A built feed: the document, and what its pre-flight check left out (the rest is still served). */
export interface FeedBuild {
  body: string;
  leftOut: LeftOut[];
}

/** The vacancies a channel's pre-flight check lets into its feed, and those it leaves out. */
export function preflight(
  input: FeedInput,
  check: (input: FeedInput, v: Vacancy) => LeftOut | null,
): { jobs: Vacancy[]; leftOut: LeftOut[] } {
  const jobs: Vacancy[] = [];
  const leftOut: LeftOut[] = [];
  for (const v of input.vacancies) {
    const problem = check(input, v);
    if (problem) leftOut.push(problem);
    else jobs.push(v);
  }
  return { jobs, leftOut };
}
