import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../../test/support/app.js';
import { vacancies } from '../../db/schema.js';
import { searchLiveVacancies } from '../../services/careers/live-vacancies.js';
import { loadVacancyIndex } from '../../services/vacancies/vacancy-index.js';

type Json = Record<string, unknown>;
type Org = { id: string; slug: string; token: string };

let t: TestContext;
let acme: Org;
let search: Org;
let big: Org;
let empty: Org;
const refs: Record<string, { id: string; reference: string }> = {};

async function vacancy(org: Org, name: string, overrides: Json, state: 'draft' | 'live' | 'closed' = 'live') {
  const created = await t.request(org.token, 'POST', '/api/v1/vacancies', validVacancy(overrides));
  expect(created.status).toBe(201);
  const v = created.body as { id: string; reference: string };
  if (state !== 'draft') {
    expect((await t.request(org.token, 'POST', `/api/v1/vacancies/${v.id}/publish`)).status).toBe(200);
  }
  if (state === 'closed') {
    expect((await t.request(org.token, 'POST', `/api/v1/vacancies/${v.id}/close`)).status).toBe(200);
  }
  refs[name] = { id: v.id, reference: v.reference };
  return v;
}

/** Live, but its closing date has passed (no API can set a past date, so the test writes it). */
async function expire(name: string) {
  await t.database.db
    .update(vacancies)
    .set({ closingDate: '2026-11-22' })
    .where(eq(vacancies.id, refs[name]!.id));
}

const get = (url: string) => t.app.inject({ method: 'GET', url });
const titlesIn = (body: string) =>
  [...body.matchAll(/<h3><a href="[^"]*">([^<]*)<\/a><\/h3>/g)].map((m) => m[1]);

function jsonLdOf(body: string): Json[] {
  return [...body.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map(
    (m) => JSON.parse(m[1]!) as Json,
  );
}

// https://developers.google.com/search/docs/appearance/structured-data/job-posting#structured-data-type-definitions
const GOOGLE_REQUIRED = ['title', 'description', 'datePosted', 'hiringOrganization', 'jobLocation'] as const;
const GOOGLE_RECOMMENDED = [
  'validThrough',
  'baseSalary',
  'employmentType',
  'identifier',
  'directApply',
] as const;

/** Every required and recommended JobPosting property Google lists that the markup lacks, by path. */
function missingJobPostingProperties(ld: Json): string[] {
  const missing: string[] = [];
  const at = (path: string): unknown =>
    path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Json)[k] : undefined), ld);
  const need = (path: string) => {
    const value = at(path);
    if (value === undefined || value === null || value === '') missing.push(path);
  };
  if (ld['@type'] !== 'JobPosting') missing.push('@type');
  for (const p of [...GOOGLE_REQUIRED, ...GOOGLE_RECOMMENDED]) need(p);
  need('hiringOrganization.name');
  for (const p of ['streetAddress', 'addressLocality', 'postalCode', 'addressCountry'])
    need(`jobLocation.address.${p}`);
  if (ld.baseSalary !== undefined) {
    need('baseSalary.currency');
    need('baseSalary.value.unitText');
  }
  const amount = at('baseSalary.value') as Json | undefined;
  if (amount && amount.value === undefined && amount.minValue === undefined && amount.maxValue === undefined)
    missing.push('baseSalary.value.value|minValue|maxValue');
  need('identifier.name');
  need('identifier.value');
  if (ld.jobLocationType === 'TELECOMMUTE') need('applicantLocationRequirements');
  return missing;
}

beforeAll(async () => {
  t = await createTestContext();
  [acme, search, big, empty] = await Promise.all([
    t.organisation('Acme Health'),
    t.organisation('Search Trust'),
    t.organisation('Big Trust'),
    t.organisation('Empty Trust'),
  ]);
  await vacancy(acme, 'yearly', {
    title: 'Band 3 Healthcare Assistant',
    salary: { min: 24071, max: 25674, period: 'year' },
  });
  await vacancy(acme, 'hourly', {
    title: 'Bank Domestic',
    employmentType: 'bank',
    hours: 'part_time',
    workplace: 'remote',
    salary: { min: 8.5, max: 8.5, period: 'hour' },
  });
  await vacancy(acme, 'minOnly', { title: 'Ward Manager', salary: { min: 30000, period: 'year' } });
  await vacancy(acme, 'textOnly', {
    title: 'Consultant',
    salary: { period: 'year', text: 'Negotiable, with on-call' },
  });
  await vacancy(acme, 'hostile', {
    title: '<script>alert(1)</script>',
    summary: '</script><img src=x onerror=alert(2)>',
    personSpecification: {
      essential: { qualifications: ['NMC registration'], experience: [], skills: ['<b>Kindness</b>'] },
      desirable: { qualifications: [], experience: ['Two years on a ward'], skills: [] },
    },
  });
  await vacancy(acme, 'draft', { title: 'Secret Draft' }, 'draft');
  await vacancy(acme, 'closed', { title: 'Closed Porter' }, 'closed');
  await vacancy(acme, 'expired', { title: 'Expired Cleaner' });
  await expire('expired');

  await vacancy(search, 'nurse', { title: 'Staff Nurse', reference: 'SN-1' });
  await vacancy(search, 'porter', {
    title: 'Porter',
    summary: 'Night shifts for a hospital porter',
    employmentType: 'contract',
    location: { line1: '1 Park Row', town: 'Leeds', postcode: 'LS1 4AP' },
  });
  await vacancy(search, 'pharmacist', {
    title: 'Pharmacist',
    reference: 'PHARM_100',
    location: { line1: '2 Tong Road', town: 'Leeds', postcode: 'LS12 3AB' },
  });
  await vacancy(search, 'nurseDraft', { title: 'Staff Nurse (draft)' }, 'draft');
  await vacancy(search, 'nurseClosed', { title: 'Staff Nurse (closed)' }, 'closed');
  await vacancy(search, 'nurseExpired', { title: 'Staff Nurse (expired)' });
  await expire('nurseExpired');

  for (let i = 1; i <= 23; i++)
    await vacancy(big, `big${i}`, { title: `Role ${String(i).padStart(2, '0')}` });
});
afterAll(async () => t.close());

describe('careers list', () => {
  it('shows live vacancies only: no drafts, closed vacancies or passed closing dates', async () => {
    const res = await get(`/careers/${search.slug}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(titlesIn(res.body).sort()).toEqual(['Pharmacist', 'Porter', 'Staff Nurse']);
    expect(res.body).toContain('<h2>3 vacancies</h2>');
  });

  it('is an accessible page that needs no script', async () => {
    const res = await get(`/careers/${search.slug}`);
    expect(res.body).toContain('<html lang="en-GB">');
    expect(res.body.match(/<h1[ >]/g)).toHaveLength(1);
    expect(res.body).toContain('<a class="skip" href="#main">');
    expect(res.body).toMatch(/<main id="main"/);
    expect(res.body).toMatch(
      /<form class="search" method="get" action="\/careers\/search-trust" role="search"/,
    );
    for (const id of ['q', 'location', 'type']) expect(res.body).toContain(`<label for="${id}">`);
    expect(res.body).toContain(':focus-visible');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('script-src');
    // The hash allows exactly the page's own style block.
    const style = /<style>([\s\S]*?)<\/style>/.exec(res.body)![1]!;
    expect(csp).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
  });

  it.each([
    ['q=nurse', ['Staff Nurse']],
    ['q=NIGHT+shifts', ['Porter']],
    // Words are found together, in the order typed: both words alone do not make a match.
    ['q=shifts+night', []],
    ['q=ift', ['Porter']],
    ['q=pharm_100', ['Pharmacist']],
    ['location=leeds', ['Pharmacist', 'Porter']],
    ['location=ls1', ['Porter']],
    ['location=LS12+3', ['Pharmacist']],
    ['location=g4+0sf', ['Staff Nurse']],
    ['type=contract', ['Porter']],
    ['q=porter&location=Leeds&type=contract', ['Porter']],
  ])('searches by %s', async (query, titles) => {
    const res = await get(`/careers/${search.slug}?${query}`);
    expect(res.statusCode).toBe(200);
    expect(titlesIn(res.body).sort()).toEqual(titles);
  });

  it('treats % and _ as text, not wildcards, and says what found nothing', async () => {
    for (const q of ['%25', 'pharm%25100', 'SN_1']) {
      const res = await get(`/careers/${search.slug}?q=${q}`);
      expect(titlesIn(res.body), q).toEqual([]);
    }
    // A literal "_" finds the one reference that has one.
    expect(titlesIn((await get(`/careers/${search.slug}?q=_`)).body)).toEqual(['Pharmacist']);
    const res = await get(`/careers/${search.slug}?q=astronaut&location=Leeds`);
    expect(res.body).toContain('No vacancies match “astronaut” in “Leeds”');
    expect(res.body).toContain('<input id="q" name="q" type="search" value="astronaut"');
  });

  it('ignores a bad employment type or page rather than failing', async () => {
    const res = await get(`/careers/${search.slug}?type=forever&page=-3&q[]=x`);
    expect(res.statusCode).toBe(200);
    expect(titlesIn(res.body)).toHaveLength(3);
  });

  it('says when there are no open vacancies at all', async () => {
    const res = await get(`/careers/${empty.slug}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('There are no open vacancies at the moment');
  });

  it('pages 20 at a time with a labelled pagination nav', async () => {
    const first = await get(`/careers/${big.slug}`);
    expect(titlesIn(first.body)).toHaveLength(20);
    expect(first.body).toContain('<h2>23 vacancies</h2>');
    expect(first.body).toContain('<nav class="pages" aria-label="Pagination">');
    expect(first.body).toContain(
      '<a href="/careers/big-trust" aria-current="page" aria-label="Page 1">1</a>',
    );
    expect(first.body).toContain('<a href="/careers/big-trust?page=2" rel="next">');
    const second = await get(`/careers/${big.slug}?page=2`);
    expect(titlesIn(second.body)).toHaveLength(3);
    expect(second.body).toContain('aria-current="page" aria-label="Page 2"');
    const all = [...titlesIn(first.body), ...titlesIn(second.body)];
    expect(new Set(all).size).toBe(23);
    const beyond = await get(`/careers/${big.slug}?page=9`);
    expect(beyond.body).toContain('There is no page 9');
  });

  it('counts up to 1,000 matches and says when there are more', async () => {
    const huge = await t.organisation('Huge Trust');
    const template = await vacancy(huge, 'hugeTemplate', {});
    const [row] = await t.database.db.select().from(vacancies).where(eq(vacancies.id, template.id));
    const { id: _id, ...copy } = row!;
    const rows = Array.from({ length: 1_000 }, (_, i) => ({ ...copy, reference: `HUGE-${i}` }));
    for (let i = 0; i < rows.length; i += 250)
      await t.database.db.insert(vacancies).values(rows.slice(i, i + 250));
    const first = await get(`/careers/${huge.slug}`);
    expect(first.body).toContain('<h2>More than 1,000 vacancies</h2>');
    expect(first.body).toContain('page 1 of 50 (search by keyword, location or type to see the rest)');
    expect(titlesIn((await get(`/careers/${huge.slug}?page=50`)).body)).toHaveLength(20);
    expect((await get(`/careers/${huge.slug}?page=51`)).body).toContain('There is no page 51');
  });

  it('answers 404 with a page for an unknown organisation', async () => {
    const res = await get('/careers/no-such-organisation');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('Page not found');
  });
});

describe('careers advert', () => {
  const advert = (name: string, query = '') => get(`/careers/${acme.slug}/${refs[name]!.reference}${query}`);

  it.each([
    ['yearly', '£24,071 to £25,674 a year'],
    ['hourly', '£8.50 an hour'],
    ['minOnly', 'From £30,000 a year'],
    ['textOnly', 'Negotiable, with on-call'],
  ])('reads the %s salary as "%s"', async (name, phrase) => {
    const res = await advert(name);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<dt>Salary</dt><dd>${phrase}</dd>`);
  });

  it('shows the facts, closing date, description and an apply link', async () => {
    const res = await advert('yearly');
    expect(res.body.match(/<h1[ >]/g)).toHaveLength(1);
    expect(res.body).toContain('<h1 id="title">Band 3 Healthcare Assistant</h1>');
    expect(res.body).toContain('<dd>Glasgow, G4 0SF</dd>');
    expect(res.body).toContain('<dd>Full time</dd>');
    expect(res.body).toContain('<dd>Permanent</dd>');
    expect(res.body).toContain('Closing date: <time datetime="2026-12-20">20 December 2026</time>');
    expect(res.body).toContain('<p>Care for adults on an acute medical ward.</p>');
    const ref = refs.yearly!.reference;
    expect(res.body).toContain(`<a class="button" href="/careers/acme-health/${ref}/apply">`);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('keeps a tracking token on the apply link, and drops one that is not a token', async () => {
    const ref = refs.yearly!.reference;
    const tracked = await advert('yearly', '?src=AbC_123-x');
    expect(tracked.body).toContain(`href="/careers/acme-health/${ref}/apply?src=AbC_123-x"`);
    const hostile = await advert('yearly', '?src=%22%3E%3Cscript%3E');
    expect(hostile.body).toContain(`href="/careers/acme-health/${ref}/apply"`);
  });

  it('shows a change made elsewhere at once, though pages are reused between requests', async () => {
    const v = await vacancy(acme, 'soonGone', { title: 'Ward Clerk' });
    const path = `/careers/${acme.slug}/${v.reference}`;
    expect((await get(path)).statusCode).toBe(200);
    expect(titlesIn((await get(`/careers/${acme.slug}?q=Ward%20Clerk`)).body)).toEqual(['Ward Clerk']);
    // Straight to the database, as the expiry sweep in a worker process would.
    await t.database.db.update(vacancies).set({ status: 'closed' }).where(eq(vacancies.id, v.id));
    expect((await get(path)).statusCode).toBe(410);
    expect(titlesIn((await get(`/careers/${acme.slug}?q=Ward%20Clerk`)).body)).toEqual([]);
    // A new title is found by its words at once (the search's index of the vacancies is read again).
    await t.database.db
      .update(vacancies)
      .set({ status: 'live', title: 'Ward Receptionist' })
      .where(eq(vacancies.id, v.id));
    expect(titlesIn((await get(`/careers/${acme.slug}?q=receptionist`)).body)).toEqual(['Ward Receptionist']);
    await t.database.db.update(vacancies).set({ status: 'closed' }).where(eq(vacancies.id, v.id));
  });

  it('shows a search page as the vacancies were when their index was read, and the next search as they are', async () => {
    const v = await vacancy(acme, 'closesMidSearch', { title: 'Night Porter' });
    const index = await loadVacancyIndex(t.database.db, acme.id);
    await t.database.db.update(vacancies).set({ status: 'closed' }).where(eq(vacancies.id, v.id));
    // A page is one content version's: a request that read the version before the close sees it open.
    const page = await searchLiveVacancies(t.deps, acme.id, { keywords: 'NIGHT porter', page: 1 }, index);
    expect(page.items.map((i) => i.title)).toEqual(['Night Porter']);
    expect(titlesIn((await get(`/careers/${acme.slug}?q=night%20porter`)).body)).toEqual([]);
  });

  it('is found by id as well as by reference', async () => {
    const res = await get(`/careers/${acme.slug}/${refs.yearly!.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(
      `<link rel="canonical" href="http://localhost:3000/careers/acme-health/${refs.yearly!.reference}">`,
    );
  });

  it('escapes hostile text everywhere, including the JSON-LD', async () => {
    const res = await advert('hostile');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1 id="title">&lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    expect(res.body).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).not.toContain('<img');
    expect(res.body).toContain('<li>&lt;b&gt;Kindness&lt;/b&gt;</li>');
    // Only the JSON-LD script element: nothing in the data closed it early.
    expect(res.body.match(/<script/g)).toHaveLength(1);
    expect(res.body.match(/<\/script>/g)).toHaveLength(1);
    expect(jsonLdOf(res.body)[0]!.title).toBe('<script>alert(1)</script>');
  });

  it('lists the person specification, essential and desirable', async () => {
    const res = await advert('hostile');
    expect(res.body).toContain('<h2 id="spec-heading">Person specification</h2>');
    expect(res.body).toMatch(
      /<h3>Essential<\/h3>\s*<h4>Qualifications<\/h4>\s*<ul><li>NMC registration<\/li><\/ul>/,
    );
    expect(res.body).toMatch(
      /<h3>Desirable<\/h3>\s*<h4>Experience<\/h4>\s*<ul><li>Two years on a ward<\/li><\/ul>/,
    );
  });

  it('carries JobPosting JSON-LD with every property Google requires and recommends', async () => {
    const res = await advert('yearly');
    const [ld, ...others] = jsonLdOf(res.body);
    expect(others).toEqual([]);
    expect(missingJobPostingProperties(ld!)).toEqual([]);
    expect(ld).toMatchObject({
      '@context': 'https://schema.org/',
      '@type': 'JobPosting',
      title: 'Band 3 Healthcare Assistant',
      description: expect.stringContaining('<p>Care for adults on an acute medical ward.</p>'),
      datePosted: '2026-11-23',
      validThrough: '2026-12-20T23:59:59+00:00',
      hiringOrganization: { '@type': 'Organization', name: 'Acme Health' },
      jobLocation: {
        '@type': 'Place',
        address: {
          '@type': 'PostalAddress',
          streetAddress: '84 Castle Street',
          addressLocality: 'Glasgow',
          postalCode: 'G4 0SF',
          addressCountry: 'GB',
        },
      },
      baseSalary: {
        '@type': 'MonetaryAmount',
        currency: 'GBP',
        value: { '@type': 'QuantitativeValue', minValue: 24071, maxValue: 25674, unitText: 'YEAR' },
      },
      employmentType: ['FULL_TIME'],
      identifier: { '@type': 'PropertyValue', name: 'Acme Health', value: refs.yearly!.reference },
      directApply: true,
    });
    expect(ld!.jobLocationType).toBeUndefined();
  });

  it('marks up an hourly remote bank job', async () => {
    const [ld] = jsonLdOf((await advert('hourly')).body);
    expect(missingJobPostingProperties(ld!)).toEqual([]);
    expect(ld!.baseSalary).toEqual({
      '@type': 'MonetaryAmount',
      currency: 'GBP',
      value: { '@type': 'QuantitativeValue', value: 8.5, unitText: 'HOUR' },
    });
    expect(ld!.employmentType).toEqual(['PART_TIME', 'PER_DIEM']);
    expect(ld!.jobLocationType).toBe('TELECOMMUTE');
  });

  it('gives a minimum-only salary as minValue and leaves out a text-only salary', async () => {
    const [min] = jsonLdOf((await advert('minOnly')).body);
    expect((min!.baseSalary as Json).value).toEqual({
      '@type': 'QuantitativeValue',
      minValue: 30000,
      unitText: 'YEAR',
    });
    const [text] = jsonLdOf((await advert('textOnly')).body);
    expect(text!.baseSalary).toBeUndefined();
    expect(missingJobPostingProperties(text!)).toEqual(['baseSalary']);
  });

  it.each(['closed', 'expired'])('answers 410 without JSON-LD for a %s vacancy', async (name) => {
    const res = await advert(name);
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain('<h1>This vacancy has closed</h1>');
    expect(res.body).toContain('<a href="/careers/acme-health">');
    expect(res.body).not.toContain('application/ld+json');
    expect(res.body).not.toContain('/apply');
  });

  it('answers 404 for a draft or an unknown vacancy, and for an unknown organisation', async () => {
    for (const url of [
      `/careers/${acme.slug}/${refs.draft!.reference}`,
      `/careers/${acme.slug}/${refs.draft!.id}`,
      `/careers/${acme.slug}/NO-SUCH-REF`,
      // Another organisation's vacancy is not this organisation's.
      `/careers/${acme.slug}/${refs.nurse!.reference}`,
      `/careers/no-such-org/${refs.yearly!.reference}`,
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).toContain('<h1>Page not found</h1>');
      expect(res.body).not.toContain('Secret Draft');
      expect(res.body).not.toContain('application/ld+json');
    }
  });
});

describe('feeds', () => {
  const parser = new XMLParser({ cdataPropName: '#cdata', isArray: (name) => name === 'job' });
  type Job = Record<string, { '#cdata'?: string } | string | number>;
  const cdataOf = (value: unknown) => (value as { '#cdata': string })['#cdata'];
  const liveAcme = () =>
    ['yearly', 'hourly', 'minOnly', 'textOnly', 'hostile'].map((n) => refs[n]!.reference);

  it('lists every live vacancy exactly once in the XML feed', async () => {
    const res = await get(`/careers/${acme.slug}/feed.xml`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    const doc = parser.parse(res.body) as {
      source: { publisher: unknown; publisherurl: string; job: Job[] };
    };
    expect(cdataOf(doc.source.publisher)).toBe('Postroom');
    expect(cdataOf(doc.source.publisherurl)).toBe('http://localhost:3000');
    const references = doc.source.job.map((j) => cdataOf(j.referencenumber));
    expect(references.sort()).toEqual(liveAcme().sort());
    const yearly = doc.source.job.find((j) => cdataOf(j.referencenumber) === refs.yearly!.reference)!;
    expect(cdataOf(yearly.title)).toBe('Band 3 Healthcare Assistant');
    expect(cdataOf(yearly.description)).toBe(
      '<p>A Band 5 post on a friendly ward.</p><p>Care for adults on an acute medical ward.</p>',
    );
    expect(cdataOf(yearly.url)).toBe(
      `http://localhost:3000/careers/acme-health/${refs.yearly!.reference}?src=feed-indeed`,
    );
    expect(cdataOf(yearly.city)).toBe('Glasgow');
    expect(cdataOf(yearly.country)).toBe('GB');
    expect(cdataOf(yearly.postalcode)).toBe('G4 0SF');
    expect(cdataOf(yearly.salary)).toBe('£24071 - £25674 per year');
    expect(cdataOf(yearly.jobtype)).toBe('fulltime');
    expect(cdataOf(yearly.date)).toBe('2026-11-23T10:00:00Z');
    const hostile = doc.source.job.find((j) => cdataOf(j.referencenumber) === refs.hostile!.reference)!;
    expect(cdataOf(hostile.title)).toBe('<script>alert(1)</script>');
  });

  it('keeps "]]>" in a title inside its CDATA', async () => {
    // Descriptions are sanitised (">" becomes "&gt;"); titles are plain text and keep it.
    const v = await vacancy(empty, 'cdata', { title: 'Odd a[b]]>c title' });
    const res = await get(`/careers/${empty.slug}/feed.xml`);
    expect(res.body).toContain('<![CDATA[Odd a[b]]]]><![CDATA[>c title]]>');
    const doc = parser.parse(res.body) as { source: { job: Job[] } };
    expect(doc.source.job).toHaveLength(1);
    // The parser gives the two CDATA sections of the split as a list.
    const parts = cdataOf(doc.source.job[0]!.title) as unknown;
    expect(Array.isArray(parts) ? parts.join('') : parts).toBe('Odd a[b]]>c title');
    expect(cdataOf(doc.source.job[0]!.referencenumber)).toBe(v.reference);
  });

  it('gives the same vacancies as JSON', async () => {
    const res = await get(`/careers/${acme.slug}/jobs.json`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = res.json() as { organisation: Json; vacancies: Json[] };
    expect(body.organisation).toEqual({
      name: 'Acme Health',
      url: 'http://localhost:3000/careers/acme-health',
    });
    expect(body.vacancies.map((v) => v.reference).sort()).toEqual(liveAcme().sort());
    const ref = refs.yearly!.reference;
    expect(body.vacancies.find((v) => v.reference === ref)).toEqual({
      id: refs.yearly!.id,
      reference: ref,
      title: 'Band 3 Healthcare Assistant',
      url: `http://localhost:3000/careers/acme-health/${ref}?src=feed-json`,
      applyUrl: `http://localhost:3000/careers/acme-health/${ref}/apply?src=feed-json`,
      location: {
        line1: '84 Castle Street',
        line2: null,
        town: 'Glasgow',
        postcode: 'G4 0SF',
        country: 'GB',
      },
      workplace: 'onsite',
      salary: '£24,071 to £25,674 a year',
      employmentType: 'permanent',
      employmentTypeText: 'Permanent',
      hours: 'full_time',
      closingDate: '2026-12-20',
      datePosted: '2026-11-23T10:00:00.000Z',
      descriptionHtml: '<p>Care for adults on an acute medical ward.</p>',
    });
  });

  it('answers 404 for an unknown organisation', async () => {
    expect((await get('/careers/no-such-org/feed.xml')).statusCode).toBe(404);
    expect((await get('/careers/no-such-org/jobs.json')).statusCode).toBe(404);
  });

  it('serves a cached feed for up to a minute, then reflects the change', async () => {
    const before = (await get(`/careers/${search.slug}/feed.xml`)).body;
    const beforeJson = (await get(`/careers/${search.slug}/jobs.json`)).json() as { vacancies: Json[] };
    const added = await vacancy(search, 'late', { title: 'Late Addition' });
    t.clock.set(new Date(t.clock.now().getTime() + 30_000));
    expect((await get(`/careers/${search.slug}/feed.xml`)).body).toBe(before);
    t.clock.set(new Date(t.clock.now().getTime() + 31_000));
    const after = parser.parse((await get(`/careers/${search.slug}/feed.xml`)).body) as {
      source: { job: Job[] };
    };
    expect(after.source.job.map((j) => cdataOf(j.referencenumber))).toContain(added.reference);
    const afterJson = (await get(`/careers/${search.slug}/jobs.json`)).json() as { vacancies: Json[] };
    expect(afterJson.vacancies).toHaveLength(beforeJson.vacancies.length + 1);
  });
});
