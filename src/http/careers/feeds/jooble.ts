import type { Vacancy } from '../../../domain/vacancy.js';
import { salaryPhrase } from '../format.js';
import { FEED_TOKENS } from '../urls.js';
import {
  advertLink,
  el,
  escapeXml,
  type FeedBuild,
  type FeedInput,
  feedHtml,
  firstLive,
  optional,
  replyTo,
} from './xml.js';

const JOOBLE_TAGS = ['h2', 'h3', 'h4', 'p', 'br', 'ul', 'ol', 'li', 'strong', 'b', 'em', 'i', 'u'];

const WORKPLACE_WORDS = {
  onsite: '',
  hybrid: ' (hybrid)',
  remote: ' (remote)',
  home: ' (home working)',
} as const;

/** Jooble's dates: `DD.MM.YYYY` (UTC). */
export const joobleDate = (at: Date) => {
  const [year, month, day] = at.toISOString().slice(0, 10).split('-');
  return `${day}.${month}.${year}`;
};

/** A `YYYY-MM-DD` calendar day as `DD.MM.YYYY`. */
const joobleDay = (day: string) => day.split('-').reverse().join('.');

/** The last change, never before first publication. */
const lastChange = (v: Vacancy) => new Date(Math.max(v.updatedAt.getTime(), firstLive(v).getTime()));

function joobleJob(input: FeedInput, v: Vacancy): string {
  return `<job id="${escapeXml(v.reference)}">
${el('name', v.title)}
${el('link', advertLink(input, v, FEED_TOKENS.jooble))}
${el('description', feedHtml(v, JOOBLE_TAGS))}
${el('region', `${v.location.town}${WORKPLACE_WORDS[v.workplace]}`)}
${optional('salary', salaryPhrase(v.salary))}
${el('company', input.org.name)}
${el('jobtype', v.hours === 'full_time' ? 'full-time' : 'part-time')}
${optional('email', replyTo(input.org, v))}
${el('pubdate', joobleDate(firstLive(v)))}
${el('updated', joobleDate(lastChange(v)))}
${el('expire', joobleDay(v.closingDate))}
</job>`.replace(/\n(?=\n)/g, '');
}

/** Jooble's XML feed: all the current jobs, each in `<job id="…">`. */
export function joobleFeed(input: FeedInput): FeedBuild {
  const body = `<?xml version="1.0" encoding="utf-8"?>
<jobs>
${input.vacancies.map((v) => joobleJob(input, v)).join('\n')}
</jobs>
`;
  return { body, leftOut: [] };
}
