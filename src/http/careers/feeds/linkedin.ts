import { visibleText } from '../../../domain/html.js';
import type { EmploymentType, Salary, Vacancy, Workplace } from '../../../domain/vacancy.js';
import { FEED_TOKENS } from '../urls.js';
import {
  applyLink,
  el,
  type FeedBuild,
  type FeedInput,
  feedHtml,
  firstLive,
  isoSeconds,
  type LeftOut,
  optional,
  preflight,
  replyTo,
  salaryFigures,
} from './xml.js';

/** LinkedIn's limits (feeds.md). */
export const LINKEDIN = { idMax: 40, descriptionMin: 100 } as const;

/** The tags LinkedIn keeps in a description; others would be stripped to text by LinkedIn anyway. */
const LINKEDIN_TAGS = ['b', 'strong', 'u', 'i', 'br', 'p', 'ul', 'li'];

const CONTRACT_TYPES: readonly EmploymentType[] = [
  'contract',
  'fixed_term',
  'temporary',
  'locum',
  'secondment',
];

const WORKPLACE: Record<Workplace, string> = {
  onsite: 'On-site',
  hybrid: 'Hybrid',
  remote: 'Remote',
  home: 'Remote',
};

const PERIOD: Record<Salary['period'], string> = {
  hour: 'HOURLY',
  day: 'DAILY',
  week: 'WEEKLY',
  month: 'MONTHLY',
  year: 'YEARLY',
};

function jobType(v: Vacancy): string {
  if (CONTRACT_TYPES.includes(v.employmentType)) return 'CONTRACT';
  if (v.employmentType === 'voluntary') return 'VOLUNTEER';
  return v.hours === 'full_time' ? 'FULL_TIME' : 'PART_TIME';
}

function salaries(v: Vacancy): string {
  const figures = salaryFigures(v.salary);
  if (!figures) return '';
  const end = (name: string, amount: number) =>
    `<${name}>${el('amount', Math.round(amount))}${el('currencyCode', 'GBP')}</${name}>`;
  return `<salaries><salary>${end('highEnd', figures.max)}${end('lowEnd', figures.min)}${el('period', PERIOD[figures.period])}${el('type', 'BASE_SALARY')}</salary></salaries>`;
}

/** Why LinkedIn would refuse the job, on which field; null when it may go in the feed. */
export function linkedinPreflight(input: FeedInput, v: Vacancy): LeftOut | null {
  const out = (field: string, reason: string) => ({ reference: v.reference, field, reason });
  if (v.reference.length > LINKEDIN.idMax)
    return out('reference', `LinkedIn takes job ids of at most ${LINKEDIN.idMax} characters`);
  if (visibleText(feedHtml(v, LINKEDIN_TAGS)).length < LINKEDIN.descriptionMin)
    return out(
      'description',
      `LinkedIn needs a description of at least ${LINKEDIN.descriptionMin} characters`,
    );
  if (!replyTo(input.org, v))
    return out('replyToEmail', "LinkedIn needs the poster's e-mail: set a reply-to e-mail");
  return null;
}

function linkedinJob(input: FeedInput, v: Vacancy): string {
  return `<job>
${el('partnerJobId', v.reference)}
${el('company', input.org.name)}
${el('title', v.title)}
${el('description', feedHtml(v, LINKEDIN_TAGS))}
${el('applyUrl', applyLink(input, v, FEED_TOKENS.linkedin))}
${el('location', `${v.location.town}, United Kingdom`)}
${el('postalCode', v.location.postcode)}
${el('posterEmail', replyTo(input.org, v))}
${el('jobtype', jobType(v))}
${el('workplaceTypes', WORKPLACE[v.workplace])}
${salaries(v)}
${el('listDate', isoSeconds(firstLive(v)))}
${optional('expirationDate', v.closingDate)}
</job>`.replace(/\n(?=\n)/g, '');
}

/** LinkedIn's Basic Jobs XML feed: live vacancies that pass its pre-flight check. */
export function linkedinFeed(input: FeedInput): FeedBuild {
  const { jobs, leftOut } = preflight(input, linkedinPreflight);
  const body = `<?xml version="1.0" encoding="utf-8"?>
<source>
${el('lastBuildDate', input.builtAt.toUTCString())}
${el('publisherUrl', input.publicUrl)}
${el('publisher', 'Postroom')}
${el('expectedJobCount', jobs.length)}
${jobs.map((v) => linkedinJob(input, v)).join('\n')}
</source>
`;
  return { body, leftOut };
}
