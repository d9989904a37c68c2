import type { Salary, Vacancy } from '../../../domain/vacancy.js';
import { FEED_TOKENS } from '../urls.js';
import {
  advertLink,
  el,
  type FeedBuild,
  type FeedInput,
  feedHtml,
  firstLive,
  isoSeconds,
  isRemote,
  optional,
  plainPounds,
  replyTo,
  salaryFigures,
} from './xml.js';

/** The tags Indeed shows in a description (feeds.md); simple tables are allowed too. */
const INDEED_TAGS = ['b', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'br', 'p', 'ul', 'li', 'strong', 'em'];

const PER: Record<Salary['period'], string> = {
  hour: 'per hour',
  day: 'per day',
  week: 'per week',
  month: 'per month',
  year: 'per year',
};

/** "£25000 - £30000 per year", "£10.50 per hour"; blank without figures. */
export function indeedSalary(salary: Salary | null): string {
  const figures = salaryFigures(salary);
  if (!figures) return '';
  const { min, max, period } = figures;
  const amount = min === max ? plainPounds(min) : `${plainPounds(min)} - ${plainPounds(max)}`;
  return `${amount} ${PER[period]}`;
}

function indeedJob(input: FeedInput, v: Vacancy): string {
  const remote = isRemote(v);
  return `<job>
${el('title', v.title)}
${el('date', isoSeconds(firstLive(v)))}
${el('referencenumber', v.reference)}
${el('requisitionid', v.reference)}
${el('url', advertLink(input, v, FEED_TOKENS.indeed))}
${el('company', input.org.name)}
${el('sourcename', input.org.name)}
${el('city', remote ? 'Remote' : v.location.town)}
<state/>
${el('country', v.location.country)}
${el('postalcode', remote ? '' : v.location.postcode)}
${el('streetaddress', remote ? '' : v.location.line1)}
${optional('remotetype', remote ? 'Fully remote' : '')}
${el('description', feedHtml(v, INDEED_TAGS))}
${el('salary', indeedSalary(v.salary))}
${el('jobtype', v.hours === 'full_time' ? 'fulltime' : 'parttime')}
${el('expirationdate', v.closingDate)}
${optional('email', replyTo(input.org, v))}
${optional('category', v.category)}
</job>`.replace(/\n(?=\n)/g, '');
}

/**
 * Indeed's direct-employer XML feed: every live vacancy once (Indeed allows no partial feed), keyed
 * by its reference, linking to the advert page with the `feed-indeed` token.
 */
export function indeedFeed(input: FeedInput): FeedBuild {
  const body = `<?xml version="1.0" encoding="utf-8"?>
<source>
${el('publisher', 'Postroom')}
${el('publisherurl', input.publicUrl)}
${el('lastBuildDate', input.builtAt.toUTCString())}
${input.vacancies.map((v) => indeedJob(input, v)).join('\n')}
</source>
`;
  return { body, leftOut: [] };
}
