import { visibleText } from '../../../domain/html.js';
import type { EmploymentType, Salary, Vacancy } from '../../../domain/vacancy.js';
import { salaryPhrase } from '../format.js';
import { FEED_TOKENS } from '../urls.js';
import {
  advertLink,
  el,
  type FeedBuild,
  type FeedInput,
  feedHtml,
  firstLive,
  isoSeconds,
  type LeftOut,
  optional,
  preflight,
  salaryFigures,
} from './xml.js';

export const ADZUNA = { descriptionMin: 100 } as const;

const ADZUNA_TAGS = ['h2', 'h3', 'h4', 'p', 'br', 'ul', 'ol', 'li', 'strong', 'b', 'em', 'i', 'u'];

const CONTRACT_TYPES: readonly EmploymentType[] = [
  'contract',
  'fixed_term',
  'temporary',
  'locum',
  'secondment',
];

/** Adzuna's `salary_frequency`; it has no week. */
const FREQUENCY: Partial<Record<Salary['period'], string>> = {
  hour: 'hour',
  day: 'day',
  month: 'month',
  year: 'year',
};

const WORKPLACE_WORDS = {
  onsite: '',
  hybrid: ' (hybrid)',
  remote: ' (remote)',
  home: ' (home working)',
} as const;

function contractType(v: Vacancy): string {
  if (v.employmentType === 'permanent') return 'permanent';
  return CONTRACT_TYPES.includes(v.employmentType) ? 'contract' : '';
}

function adzunaJob(input: FeedInput, v: Vacancy): string {
  const figures = salaryFigures(v.salary);
  return `<job>
${el('id', v.reference)}
${el('title', v.title)}
${el('description', feedHtml(v, ADZUNA_TAGS))}
${el('url', advertLink(input, v, FEED_TOKENS.adzuna))}
${el('location', `${v.location.town}${WORKPLACE_WORDS[v.workplace]}`)}
${el('postcode', v.location.postcode)}
${el('country', v.location.country)}
${optional('salary', salaryPhrase(v.salary))}
${optional('salary_min', figures?.min)}
${optional('salary_max', figures?.max)}
${optional('salary_currency', figures ? 'GBP' : '')}
${optional('salary_frequency', figures ? FREQUENCY[figures.period] : '')}
${el('company', input.org.name)}
${optional('category', v.category)}
${optional('contract_type', contractType(v))}
${el('contract_time', v.hours)}
${el('date', isoSeconds(firstLive(v)))}
</job>`.replace(/\n(?=\n)/g, '');
}

/** Why Adzuna would refuse the job, on which field; null when it may go in the feed. */
export function adzunaPreflight(_input: FeedInput, v: Vacancy): LeftOut | null {
  return visibleText(feedHtml(v, ADZUNA_TAGS)).length < ADZUNA.descriptionMin
    ? {
        reference: v.reference,
        field: 'description',
        reason: `Adzuna needs a description of at least ${ADZUNA.descriptionMin} characters`,
      }
    : null;
}

/** Adzuna's XML feed: live vacancies whose description is long enough for Adzuna. */
export function adzunaFeed(input: FeedInput): FeedBuild {
  const { jobs, leftOut } = preflight(input, adzunaPreflight);
  const body = `<?xml version="1.0" encoding="utf-8"?>
<jobs>
${jobs.map((v) => adzunaJob(input, v)).join('\n')}
</jobs>
`;
  return { body, leftOut };
}
