import type { Organisation } from '../../domain/organisation.js';
import {
  EMPLOYMENT_TYPES,
  type EmploymentType,
  type PersonSpecification,
  type Vacancy,
} from '../../domain/vacancy.js';
import type { CareersPage } from '../../services/careers/live-vacancies.js';
import type { VacancyListing } from '../../services/vacancies/vacancy-index.js';
import {
  EMPLOYMENT_TYPE_WORDS,
  employmentWords,
  hoursWords,
  longDate,
  salaryPhrase,
  WORKPLACE_WORDS,
} from './format.js';
import { html, jsonForScript, raw, type SafeHtml } from './html.js';
import { layout } from './layout.js';
import { careersPaths } from './urls.js';

type Org = Pick<Organisation, 'name' | 'slug'>;

/** The search as the list page received it (already checked). */
export interface ListQuery {
  keywords: string;
  location: string;
  employmentType: EmploymentType | null;
  page: number;
}

const site = (org: Org) => ({ name: org.name, listPath: careersPaths.list(org.slug) });

const placeWords = (v: Pick<Vacancy, 'location' | 'workplace'>) => {
  const place = `${v.location.town}, ${v.location.postcode}`;
  return v.workplace === 'onsite' ? place : `${place} (${WORKPLACE_WORDS[v.workplace]})`;
};

function listHref(org: Org, query: ListQuery, page: number): string {
  const params = new URLSearchParams();
  if (query.keywords) params.set('q', query.keywords);
  if (query.location) params.set('location', query.location);
  if (query.employmentType) params.set('type', query.employmentType);
  if (page > 1) params.set('page', String(page));
  const search = params.toString();
  return `${careersPaths.list(org.slug)}${search ? `?${search}` : ''}`;
}

function searchForm(org: Org, query: ListQuery): SafeHtml {
  const options = EMPLOYMENT_TYPES.map(
    (type) =>
      html`<option value="${type}"${raw(query.employmentType === type ? ' selected' : '')}>${EMPLOYMENT_TYPE_WORDS[type]}</option>`,
  );
  return html`<form class="search" method="get" action="${careersPaths.list(org.slug)}" role="search" aria-label="Search vacancies">
<div><label for="q">Keywords</label><input id="q" name="q" type="search" value="${query.keywords}" maxlength="200" autocomplete="off"></div>
<div><label for="location">Town or postcode</label><input id="location" name="location" type="text" value="${query.location}" maxlength="100" autocomplete="address-level2"></div>
<div><label for="type">Employment type</label><select id="type" name="type"><option value="">Any</option>${options}</select></div>
<div><button type="submit">Search</button></div>
</form>`;
}

function searchWords(query: ListQuery): string {
  const parts = [
    query.keywords ? `“${query.keywords}”` : null,
    query.location ? `in “${query.location}”` : null,
    query.employmentType ? `(${EMPLOYMENT_TYPE_WORDS[query.employmentType].toLowerCase()})` : null,
  ].filter(Boolean);
  return parts.join(' ');
}

function pagination(org: Org, query: ListQuery, page: CareersPage): SafeHtml {
  const last = Math.ceil(page.total / page.pageSize);
  if (last <= 1) return html``;
  // The first, the last and two either side of the current page; gaps shown as an ellipsis.
  const shown = [...new Set([1, last, ...[-2, -1, 0, 1, 2].map((d) => page.page + d)])]
    .filter((n) => n >= 1 && n <= last)
    .sort((a, b) => a - b);
  const items: SafeHtml[] = [];
  if (page.page > 1)
    items.push(
      html`<li><a href="${listHref(org, query, page.page - 1)}" rel="prev">Previous<span class="vh"> page</span></a></li>`,
    );
  shown.forEach((n, i) => {
    if (i > 0 && n - shown[i - 1]! > 1) items.push(html`<li aria-hidden="true">…</li>`);
    items.push(
      n === page.page
        ? html`<li><a href="${listHref(org, query, n)}" aria-current="page" aria-label="Page ${n}">${n}</a></li>`
        : html`<li><a href="${listHref(org, query, n)}" aria-label="Page ${n}">${n}</a></li>`,
    );
  });
  if (page.page < last)
    items.push(
      html`<li><a href="${listHref(org, query, page.page + 1)}" rel="next">Next<span class="vh"> page</span></a></li>`,
    );
  return html`<nav class="pages" aria-label="Pagination"><ul>${items}</ul></nav>`;
}

/**
 * Each listing's result as rendered, kept as long as the listing is (it belongs to one content
 * version's vacancy index), with the organisation's address it was rendered for.
 */
const rendered = new WeakMap<VacancyListing, { slug: string; html: SafeHtml }>();

function result(org: Org, v: VacancyListing): SafeHtml {
  const kept = rendered.get(v);
  if (kept?.slug === org.slug) return kept.html;
  const markup = renderResult(org, v);
  rendered.set(v, { slug: org.slug, html: markup });
  return markup;
}

function renderResult(org: Org, v: VacancyListing): SafeHtml {
  const salary = salaryPhrase(v.salary);
  return html`<li>
<h3><a href="${careersPaths.advert(org.slug, v.reference)}">${v.title}</a></h3>
${v.summary ? html`<p>${v.summary}</p>` : ''}
<dl class="facts">
<dt>Location</dt><dd>${placeWords(v)}</dd>
${salary ? html`<dt>Salary</dt><dd>${salary}</dd>` : ''}
<dt>Type</dt><dd>${employmentWords(v)}, ${hoursWords(v).toLowerCase()}</dd>
<dt>Closing date</dt><dd><time datetime="${v.closingDate}">${longDate(v.closingDate)}</time></dd>
</dl>
</li>`;
}

/** The organisation's live vacancies with the search form. */
export function listPage(org: Org, query: ListQuery, page: CareersPage): string {
  const searching = Boolean(query.keywords || query.location || query.employmentType);
  const last = Math.max(1, Math.ceil(page.total / page.pageSize));
  let results: SafeHtml;
  if (page.total === 0 && searching) {
    results = html`<h2>No vacancies match ${searchWords(query)}</h2>
<p>Try fewer or different words, a nearby town, or any employment type.</p>
<p><a href="${careersPaths.list(org.slug)}">See all vacancies</a></p>`;
  } else if (page.total === 0) {
    results = html`<h2>There are no open vacancies at the moment</h2>
<p>New vacancies appear here as soon as they open. Please check again soon.</p>`;
  } else if (page.items.length === 0) {
    results = html`<h2>There is no page ${page.page}</h2>
<p>The results have ${last} ${last === 1 ? 'page' : 'pages'}. <a href="${listHref(org, query, 1)}">Go to the first page</a></p>`;
  } else {
    const from = (page.page - 1) * page.pageSize + 1;
    const to = from + page.items.length - 1;
    const count = page.more
      ? `More than ${page.total.toLocaleString('en-GB')} vacancies`
      : page.total === 1
        ? '1 vacancy'
        : `${page.total.toLocaleString('en-GB')} vacancies`;
    results = html`<h2>${count}${searching ? html` matching ${searchWords(query)}` : ''}</h2>
${last > 1 ? html`<p class="muted">Showing ${from} to ${to}, page ${page.page} of ${last}${page.more ? ' (search by keyword, location or type to see the rest)' : ''}</p>` : ''}
<ul class="results">${page.items.map((v) => result(org, v))}</ul>
${pagination(org, query, page)}`;
  }
  const title = `Vacancies at ${org.name}${page.page > 1 ? ` (page ${page.page})` : ''}`;
  return layout({
    title,
    organisation: site(org),
    body: html`<h1>Vacancies at ${org.name}</h1>
${searchForm(org, query)}
${results}`,
  });
}

const SPEC_GROUPS = [
  ['qualifications', 'Qualifications'],
  ['experience', 'Experience'],
  ['skills', 'Skills'],
] as const;

function specification(spec: PersonSpecification): SafeHtml {
  const section = (kind: 'essential' | 'desirable', heading: string) => {
    const groups = SPEC_GROUPS.filter(([key]) => spec[kind][key].length > 0);
    if (groups.length === 0) return html``;
    return html`<h3>${heading}</h3>
${groups.map(
  ([key, label]) => html`<h4>${label}</h4>
<ul>${spec[kind][key].map((item) => html`<li>${item}</li>`)}</ul>`,
)}`;
  };
  const essential = section('essential', 'Essential');
  const desirable = section('desirable', 'Desirable');
  if (!essential.value && !desirable.value) return html``;
  return html`<section aria-labelledby="spec-heading">
<h2 id="spec-heading">Person specification</h2>
${essential}${desirable}
</section>`;
}

/**
 * The advert text under "About the job", unless the text opens with its own heading (such as
 * "About the role"): two headings in a row would read as an empty section.
 */
function aboutTheJob(description: string): SafeHtml {
  if (/^\s*<h[2-6][\s>]/i.test(description))
    return html`<section aria-label="About the job">
${raw(description)}
</section>`;
  return html`<section aria-labelledby="about-heading">
<h2 id="about-heading">About the job</h2>
${raw(description)}
</section>`;
}

/** The advert of an open vacancy, with its JSON-LD. */
export function advertPage(
  org: Org,
  vacancy: Vacancy,
  options: { canonicalUrl: string; jsonLd: unknown; source: string | null },
): string {
  const salary = salaryPhrase(vacancy.salary);
  const applyPath = careersPaths.apply(org.slug, vacancy.reference, options.source);
  return layout({
    title: `${vacancy.title} – ${org.name}`,
    organisation: site(org),
    head: html`<link rel="canonical" href="${options.canonicalUrl}">
<script type="application/ld+json">${raw(jsonForScript(options.jsonLd))}</script>`,
    body: html`<p><a href="${careersPaths.list(org.slug)}">All vacancies at ${org.name}</a></p>
<article aria-labelledby="title">
<h1 id="title">${vacancy.title}</h1>
${vacancy.summary ? html`<p>${vacancy.summary}</p>` : ''}
<dl class="facts">
${salary ? html`<dt>Salary</dt><dd>${salary}</dd>` : ''}
<dt>Location</dt><dd>${placeWords(vacancy)}</dd>
<dt>Hours</dt><dd>${hoursWords(vacancy)}</dd>
<dt>Employment type</dt><dd>${employmentWords(vacancy)}</dd>
<dt>Reference</dt><dd>${vacancy.reference}</dd>
</dl>
<p class="closing">Closing date: <time datetime="${vacancy.closingDate}">${longDate(vacancy.closingDate)}</time></p>
<p><a class="button" href="${applyPath}">Apply for this job</a></p>
${aboutTheJob(vacancy.description)}
${specification(vacancy.personSpecification)}
<p><a class="button" href="${applyPath}">Apply for this job<span class="vh">: ${vacancy.title}</span></a></p>
</article>`,
  });
}

/** 410: the vacancy was closed or its closing date passed. No JSON-LD, so search engines drop it. */
export function gonePage(org: Org, vacancy: Vacancy): string {
  return layout({
    title: `This vacancy has closed – ${org.name}`,
    organisation: site(org),
    body: html`<h1>This vacancy has closed</h1>
<p>${vacancy.title} (reference ${vacancy.reference}) is no longer taking applications.</p>
<p><a href="${careersPaths.list(org.slug)}">See the vacancies open now at ${org.name}</a></p>`,
  });
}

/** 404 for an unknown organisation (org null) or vacancy. */
export function notFoundPage(org: Org | null): string {
  return layout({
    title: 'Page not found',
    organisation: org ? site(org) : null,
    body: org
      ? html`<h1>Page not found</h1>
<p>We could not find that vacancy. If you typed the web address, check it is correct; if you followed a link, the vacancy may not be published yet.</p>
<p><a href="${careersPaths.list(org.slug)}">See the vacancies open now at ${org.name}</a></p>`
      : html`<h1>Page not found</h1>
<p>If you typed the web address, check it is correct. If you pasted it, check you copied the whole address.</p>`,
  });
}

/** 400 for a web address that cannot be read: broken percent-encoding, a NUL or broken Unicode. */
export function badAddressPage(): string {
  return layout({
    title: 'Web address not recognised',
    organisation: null,
    body: html`<h1>Web address not recognised</h1>
<p>Part of this web address could not be read. If you pasted it, check you copied the whole address; if you typed a search, try again with different words.</p>`,
  });
}
