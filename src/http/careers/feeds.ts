import type { Organisation } from '../../domain/organisation.js';
import type { Vacancy } from '../../domain/vacancy.js';
import { employmentWords, salaryPhrase } from './format.js';
import { absolute, careersPaths, FEED_TOKENS } from './urls.js';

type Org = Pick<Organisation, 'name' | 'slug'>;

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

/** Indeed's job types, comma-separated: the hours, then the kind of contract when not permanent. */
function indeedJobType(v: Vacancy): string {
  const hours = v.hours === 'full_time' ? 'fulltime' : 'parttime';
  const kind: Partial<Record<Vacancy['employmentType'], string>> = {
    contract: 'contract',
    locum: 'contract',
    fixed_term: 'temporary',
    temporary: 'temporary',
    bank: 'temporary',
    secondment: 'temporary',
    apprenticeship: 'apprenticeship',
    voluntary: 'volunteer',
  };
  const extra = kind[v.employmentType];
  return extra ? `${hours}, ${extra}` : hours;
}

const advertUrl = (publicUrl: string, org: Org, v: Vacancy, token: string) =>
  `${absolute(publicUrl, careersPaths.advert(org.slug, v.reference))}?src=${encodeURIComponent(token)}`;

/**
 * The Indeed-style XML feed: every live vacancy once, keyed by its reference. Each link carries the
 * fixed `feed-indeed` token, so applications through it can be credited to the feed.
 */
export function indeedFeed(publicUrl: string, org: Org, vacancies: Vacancy[], builtAt: Date): string {
  const jobs = vacancies.map((v) => {
    const salary = salaryPhrase(v.salary);
    return `<job>
<title>${cdata(v.title)}</title>
<date>${escapeXml((v.publishedAt ?? v.createdAt).toUTCString())}</date>
<referencenumber>${cdata(v.reference)}</referencenumber>
<url>${escapeXml(advertUrl(publicUrl, org, v, FEED_TOKENS.indeed))}</url>
<company>${cdata(org.name)}</company>
<city>${cdata(v.location.town)}</city>
<state/>
<country>${escapeXml(v.location.country)}</country>
<postalcode>${escapeXml(v.location.postcode)}</postalcode>
<description>${cdata(v.description)}</description>
${salary ? `<salary>${cdata(salary)}</salary>` : '<salary/>'}
<jobtype>${escapeXml(indeedJobType(v))}</jobtype>
<expirationdate>${escapeXml(v.closingDate)}</expirationdate>
</job>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<source>
<publisher>${cdata(org.name)}</publisher>
<publisherurl>${escapeXml(absolute(publicUrl, careersPaths.list(org.slug)))}</publisherurl>
<lastBuildDate>${escapeXml(builtAt.toUTCString())}</lastBuildDate>
${jobs.join('\n')}
</source>
`;
}

/** The JSON feed: the same vacancies, with links carrying the fixed `feed-json` token. */
export function jsonFeed(publicUrl: string, org: Org, vacancies: Vacancy[], builtAt: Date) {
  return {
    organisation: { name: org.name, url: absolute(publicUrl, careersPaths.list(org.slug)) },
    generatedAt: builtAt.toISOString(),
    vacancies: vacancies.map((v) => ({
      id: v.id,
      reference: v.reference,
      title: v.title,
      url: advertUrl(publicUrl, org, v, FEED_TOKENS.json),
      applyUrl: absolute(publicUrl, careersPaths.apply(org.slug, v.reference, FEED_TOKENS.json)),
      location: {
        line1: v.location.line1,
        line2: v.location.line2 ?? null,
        town: v.location.town,
        postcode: v.location.postcode,
        country: v.location.country,
      },
      workplace: v.workplace,
      salary: salaryPhrase(v.salary),
      employmentType: v.employmentType,
      employmentTypeText: employmentWords(v),
      hours: v.hours,
      closingDate: v.closingDate,
      datePosted: (v.publishedAt ?? v.createdAt).toISOString(),
      descriptionHtml: v.description,
    })),
  };
}
