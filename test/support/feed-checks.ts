import {
  absoluteUrl,
  type CheckedFeed,
  type CheckOptions,
  dates,
  day,
  type FeedKind,
  htmlWithoutEntities,
  ISO_DATE_TIME,
  ISO_DAY,
  type Node,
  oneOf,
  RFC_822,
  required,
  textOf,
  titleHeuristics,
  visible,
} from './feed-rules.js';

/** Each feed's own rules from feeds.md, after the shared ones (well-formed, root, ids, CDATA). */
type Check = (root: Node, out: CheckedFeed, options: CheckOptions) => void;

const docError = (out: CheckedFeed, field: string, message: string) =>
  out.errors.push({ job: null, field, message });

const INDEED_TAGS = [
  'b',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'br',
  'p',
  'ul',
  'li',
  'strong',
  'em',
  'table',
  'tr',
  'td',
  'th',
  'tbody',
  'thead',
];
const INDEED_SALARY = /^£\d+(\.\d{2})?( - £\d+(\.\d{2})?)? per (hour|day|week|month|year)$/;

const indeed: Check = (root, out, { now, expectedIds }) => {
  for (const name of ['publisher', 'publisherurl', 'lastBuildDate'])
    if (!textOf(root[name]).trim()) docError(out, name, `<${name}> is required`);
  if (!RFC_822.test(textOf(root.lastBuildDate)))
    docError(out, 'lastBuildDate', 'lastBuildDate must be an RFC 822 date');
  if (expectedIds) {
    const missing = expectedIds.filter((id) => !out.jobs.has(id));
    const extra = [...out.jobs.keys()].filter((id) => !expectedIds.includes(id));
    if (missing.length) docError(out, 'job', `Indeed needs every live job; missing: ${missing.join(', ')}`);
    if (extra.length) docError(out, 'job', `Jobs that are not live: ${extra.join(', ')}`);
  }
  for (const [id, f] of out.jobs) {
    const error = (field: string, message: string) => out.errors.push({ job: id, field, message });
    required(out, id, f, [
      'title',
      'date',
      'referencenumber',
      'requisitionid',
      'url',
      'company',
      'sourcename',
      'city',
      'country',
      'description',
    ]);
    if (!('state' in f)) error('state', '<state> is required (empty outside the US)');
    if (f.date && !ISO_DATE_TIME.test(f.date)) error('date', 'date must be ISO-8601');
    if (f.expirationdate && !ISO_DAY.test(f.expirationdate))
      error('expirationdate', 'expirationdate must be an ISO date');
    dates(
      out,
      id,
      f.date ? { field: 'date', day: f.date.slice(0, 10) } : null,
      f.expirationdate ? { field: 'expirationdate', day: f.expirationdate } : null,
      now,
    );
    absoluteUrl(out, id, 'url', f.url);
    if (f.url && /\/apply(\?|$)/.test(f.url))
      error('url', 'url must be the job description page, not the application page');
    if (f.salary && (!INDEED_SALARY.test(f.salary) || /\dk\b/i.test(f.salary)))
      error('salary', `salary "${f.salary}" needs a currency symbol and a period, no "k"`);
    for (const type of (f.jobtype ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean))
      oneOf(out, id, 'jobtype', type, ['fulltime', 'parttime']);
    oneOf(out, id, 'remotetype', f.remotetype, ['Fully remote', 'COVID-19', 'WFH Flexible']);
    if (f.remotetype && f.city !== 'Remote') error('city', 'A remote job has <city>Remote</city>');
    if (f.city === 'Remote' && (f.state || f.postalcode))
      error('postalcode', 'A remote job has an empty state and postcode');
    if ('indeed-apply-data' in f) error('indeed-apply-data', 'Postroom sends no Indeed Apply data');
    htmlWithoutEntities(out, id, f.description, INDEED_TAGS);
    titleHeuristics(out, id, f.title);
  }
};

const LINKEDIN_TAGS = ['b', 'strong', 'u', 'i', 'br', 'p', 'ul', 'li'];

function linkedinSalaries(out: CheckedFeed, id: string, job: Node) {
  const salaries = job.salaries as Node | undefined;
  if (!salaries) return;
  const list = [salaries.salary ?? []].flat() as Node[];
  for (const salary of list) {
    const amounts: number[] = [];
    for (const end of ['highEnd', 'lowEnd']) {
      const node = salary[end] as Node | undefined;
      if (!node) continue;
      const amount = textOf(node.amount);
      if (!/^\d+$/.test(amount))
        out.errors.push({ job: id, field: `salary ${end}`, message: 'amount must be a whole number' });
      if (!/^[A-Z]{3}$/.test(textOf(node.currencyCode)))
        out.errors.push({ job: id, field: `salary ${end}`, message: 'currencyCode must be a currency code' });
      amounts.push(Number(amount));
    }
    if (amounts.length === 2 && amounts[0]! < amounts[1]!)
      out.errors.push({ job: id, field: 'salary', message: 'highEnd is below lowEnd' });
    oneOf(out, id, 'salary period', textOf(salary.period), [
      'YEARLY',
      'MONTHLY',
      'SEMIMONTHLY',
      'BIWEEKLY',
      'WEEKLY',
      'DAILY',
      'HOURLY',
      'ONCE',
    ]);
    oneOf(out, id, 'salary type', textOf(salary.type), ['BASE_SALARY', 'TOTAL_ADDITIONAL']);
  }
}

const linkedin: Check = (root, out, { now, previous }) => {
  for (const name of ['lastBuildDate', 'publisherUrl', 'publisher', 'expectedJobCount'])
    if (!textOf(root[name]).trim()) docError(out, name, `<${name}> is required`);
  if (textOf(root.expectedJobCount) !== String(out.jobs.size))
    docError(out, 'expectedJobCount', 'expectedJobCount must be the number of jobs');
  if (out.jobs.size > 500_000) docError(out, 'job', 'LinkedIn takes at most 500,000 jobs a feed');
  const nodes = (root.job as Node[] | undefined) ?? [];
  for (const [id, f] of out.jobs) {
    const error = (field: string, message: string) => out.errors.push({ job: id, field, message });
    required(out, id, f, [
      'partnerJobId',
      'company',
      'title',
      'description',
      'applyUrl',
      'location',
      'posterEmail',
    ]);
    if (id.length > 40) error('partnerJobId', 'partnerJobId must be at most 40 characters');
    if (f.description && visible(f.description).length < 100)
      error('description', 'description must be at least 100 characters');
    if (f.location && !/^[^,]+, [^,]+$/.test(f.location))
      error('location', 'location must read "City, Country"');
    if (f.posterEmail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(f.posterEmail))
      error('posterEmail', 'posterEmail must be an e-mail address');
    absoluteUrl(out, id, 'applyUrl', f.applyUrl);
    if (f.applyUrl && !new URL(f.applyUrl).hostname.startsWith('www.'))
      out.warnings.push({
        job: id,
        field: 'applyUrl',
        message: 'LinkedIn expects a URL starting with https://www',
      });
    oneOf(out, id, 'jobtype', f.jobtype, ['FULL_TIME', 'PART_TIME', 'CONTRACT', 'INTERNSHIP', 'VOLUNTEER']);
    oneOf(out, id, 'workplaceTypes', f.workplaceTypes, ['On-site', 'Remote', 'Hybrid']);
    oneOf(out, id, 'isRemote', f.isRemote, ['Yes', 'No']);
    dates(
      out,
      id,
      f.listDate ? { field: 'listDate', day: f.listDate.slice(0, 10) } : null,
      f.expirationDate ? { field: 'expirationDate', day: f.expirationDate.slice(0, 10) } : null,
      now,
    );
    const before = previous?.jobs.get(id);
    if (before && before.title !== f.title) error('title', 'LinkedIn cannot retitle a posted job');
    linkedinSalaries(out, id, nodes.find((n) => textOf(n.partnerJobId).trim() === id) ?? {});
    htmlWithoutEntities(out, id, f.description, LINKEDIN_TAGS);
    titleHeuristics(out, id, f.title);
  }
};

const HTML_TAGS = [
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'p',
  'br',
  'ul',
  'ol',
  'li',
  'strong',
  'b',
  'em',
  'i',
  'u',
];

const adzuna: Check = (_root, out, { now }) => {
  const urls = new Set<string>();
  const countries = new Set<string>();
  for (const [id, f] of out.jobs) {
    const error = (field: string, message: string) => out.errors.push({ job: id, field, message });
    required(out, id, f, ['title', 'id', 'description', 'url', 'location', 'country']);
    if (f.description && visible(f.description).length < 100)
      error('description', 'description must be at least 100 characters');
    absoluteUrl(out, id, 'url', f.url);
    if (f.url && urls.has(f.url)) error('url', 'Each job needs its own url');
    if (f.url) urls.add(f.url);
    if (f.country && !/^[A-Z]{2}$/.test(f.country)) error('country', 'country should be an ISO 3166-1 code');
    if (f.country) countries.add(f.country);
    oneOf(out, id, 'salary_frequency', f.salary_frequency, ['hour', 'day', 'month', 'year']);
    oneOf(out, id, 'contract_type', f.contract_type, ['permanent', 'contract']);
    oneOf(out, id, 'contract_time', f.contract_time, ['full_time', 'part_time']);
    for (const field of ['salary_min', 'salary_max'])
      if (f[field] && !/^\d+(\.\d+)?$/.test(f[field]!)) error(field, `${field} must be a number`);
    if (f.salary_min && f.salary_max && Number(f.salary_min) > Number(f.salary_max))
      error('salary_min', 'salary_min is above salary_max');
    if (f.salary_currency && !/^[A-Z]{3}$/.test(f.salary_currency))
      error('salary_currency', 'salary_currency must be a currency code');
    if (f.date && !ISO_DATE_TIME.test(f.date)) error('date', 'date must be ISO-8601');
    dates(out, id, f.date ? { field: 'date', day: f.date.slice(0, 10) } : null, null, now);
    htmlWithoutEntities(out, id, f.description, HTML_TAGS);
    titleHeuristics(out, id, f.title);
  }
  if (countries.size > 1) docError(out, 'country', 'Use one way of writing the country throughout');
};

const JOOBLE_DATE = /^(\d{2})\.(\d{2})\.(\d{4})$/;
/** `DD.MM.YYYY` as `YYYY-MM-DD`, or null when it is not one. */
const joobleDay = (value: string) => {
  const m = JOOBLE_DATE.exec(value);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : null;
};

const jooble: Check = (_root, out, { now }) => {
  const cutoff = day(new Date(now.getTime() - 45 * 86_400_000));
  for (const [id, f] of out.jobs) {
    const error = (field: string, message: string) => out.errors.push({ job: id, field, message });
    required(out, id, f, ['name', 'link', 'description']);
    const parsed: Record<string, string | null> = {};
    for (const field of ['pubdate', 'updated', 'expire']) {
      if (!f[field]) continue;
      parsed[field] = joobleDay(f[field]!);
      if (!parsed[field]) error(field, `${field} must be DD.MM.YYYY`);
    }
    const pub = parsed.pubdate ? { field: 'pubdate', day: parsed.pubdate } : null;
    dates(out, id, pub, parsed.expire ? { field: 'expire', day: parsed.expire } : null, now);
    if (parsed.updated && pub && parsed.updated < pub.day) error('updated', 'updated is before pubdate');
    const latest = parsed.updated ?? parsed.pubdate;
    if (latest && latest < cutoff)
      out.warnings.push({
        job: id,
        field: 'pubdate',
        message: 'Published or updated over 45 days ago: Jooble will not index it',
      });
    absoluteUrl(out, id, 'link', f.link);
    htmlWithoutEntities(out, id, f.description, HTML_TAGS);
    titleHeuristics(out, id, f.name);
  }
};

export const CHECKS: Record<FeedKind, Check> = { indeed, linkedin, adzuna, jooble };
