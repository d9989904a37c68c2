import type { Organisation } from '../../domain/organisation.js';
import { type EmploymentType, type Salary, ukDate, type Vacancy } from '../../domain/vacancy.js';
import { employmentWords, endOfUkDay, hoursWords } from './format.js';
import { escapeHtml } from './html.js';

// Google for Jobs: https://developers.google.com/search/docs/appearance/structured-data/job-posting
// schema.org: https://schema.org/JobPosting

const UNIT_TEXT: Record<Salary['period'], string> = {
  hour: 'HOUR',
  day: 'DAY',
  week: 'WEEK',
  month: 'MONTH',
  year: 'YEAR',
};

/**
 * Google's employment types beside the hours: permanent jobs and apprenticeships need nothing more
 * than FULL_TIME/PART_TIME (docs/boards/google-for-jobs.md; the mapping is Postroom's).
 */
const GOOGLE_EMPLOYMENT_TYPE: Record<EmploymentType, string | null> = {
  permanent: null,
  fixed_term: 'TEMPORARY',
  temporary: 'TEMPORARY',
  contract: 'CONTRACTOR',
  bank: 'PER_DIEM',
  locum: 'TEMPORARY',
  secondment: 'TEMPORARY',
  apprenticeship: null,
  voluntary: 'VOLUNTEER',
};

export function googleEmploymentTypes(v: Pick<Vacancy, 'hours' | 'employmentType'>): string[] {
  // Volunteering is not paid work by the hour: VOLUNTEER alone.
  if (v.employmentType === 'voluntary') return ['VOLUNTEER'];
  const kind = GOOGLE_EMPLOYMENT_TYPE[v.employmentType];
  return [v.hours === 'full_time' ? 'FULL_TIME' : 'PART_TIME', ...(kind ? [kind] : [])];
}

function baseSalary(salary: Salary | null) {
  // A salary given only as text ("Negotiable") has no figures to mark up.
  if (!salary || (salary.min === undefined && salary.max === undefined)) return undefined;
  const { min, max } = salary;
  const value =
    min !== undefined && min === max
      ? { value: min }
      : { ...(min !== undefined ? { minValue: min } : {}), ...(max !== undefined ? { maxValue: max } : {}) };
  return {
    '@type': 'MonetaryAmount',
    currency: salary.currency,
    value: { '@type': 'QuantitativeValue', ...value, unitText: UNIT_TEXT[salary.period] },
  };
}

/**
 * The full job as Google asks for it, all of it shown on the advert page: the summary as the first
 * paragraph, the advert text, then the hours and the kind of contract as the page's facts say them.
 */
function fullDescription(vacancy: Vacancy): string {
  const summary = vacancy.summary?.trim() ? `<p>${escapeHtml(vacancy.summary.trim())}</p>\n` : '';
  const terms = `<p>Hours: ${escapeHtml(hoursWords(vacancy))}. Employment type: ${escapeHtml(employmentWords(vacancy))}.</p>`;
  return `${summary}${vacancy.description}\n${terms}`;
}

/** The schema.org JobPosting of an open vacancy, with every property Google requires and recommends. */
export function jobPosting(organisation: Pick<Organisation, 'name'>, vacancy: Vacancy, advertUrl: string) {
  const { location } = vacancy;
  const remote = vacancy.workplace === 'remote' || vacancy.workplace === 'home';
  const salary = baseSalary(vacancy.salary);
  return {
    '@context': 'https://schema.org/',
    '@type': 'JobPosting',
    title: vacancy.title,
    description: fullDescription(vacancy),
    url: advertUrl,
    datePosted: ukDate(vacancy.publishedAt ?? vacancy.createdAt),
    validThrough: endOfUkDay(vacancy.closingDate),
    hiringOrganization: { '@type': 'Organization', name: organisation.name },
    jobLocation: {
      '@type': 'Place',
      address: {
        '@type': 'PostalAddress',
        streetAddress: [location.line1, location.line2].filter(Boolean).join(', '),
        addressLocality: location.town,
        postalCode: location.postcode,
        addressCountry: location.country,
      },
    },
    ...(remote
      ? {
          jobLocationType: 'TELECOMMUTE',
          applicantLocationRequirements: { '@type': 'Country', name: 'United Kingdom' },
        }
      : {}),
    employmentType: googleEmploymentTypes(vacancy),
    ...(salary ? { baseSalary: salary } : {}),
    identifier: { '@type': 'PropertyValue', name: organisation.name, value: vacancy.reference },
    directApply: true,
  };
}
