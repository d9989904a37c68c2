import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../../test/support/app.js';
import { checkFeed, type FeedKind } from '../../../test/support/feed-checker.js';
import { vacancies } from '../../db/schema.js';

type Org = { id: string; slug: string; token: string };
type Vacancy = { id: string; reference: string };

let t: TestContext;
let org: Org;
const v: Record<string, Vacancy> = {};

const LONG =
  '<p>Join a friendly team caring for adults on an acute medical ward, with training, mentoring and a clear path to promotion.</p>';

async function vacancy(
  name: string,
  overrides: Record<string, unknown>,
  state: 'draft' | 'live' | 'closed' = 'live',
) {
  const created = await t.request(
    org.token,
    'POST',
    '/api/v1/vacancies',
    validVacancy({ description: LONG, ...overrides }),
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const made = created.body as Vacancy;
  if (state !== 'draft')
    expect((await t.request(org.token, 'POST', `/api/v1/vacancies/${made.id}/publish`)).status).toBe(200);
  if (state === 'closed')
    expect((await t.request(org.token, 'POST', `/api/v1/vacancies/${made.id}/close`)).status).toBe(200);
  v[name] = made;
}

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });
const feedPath = (kind: FeedKind) => `/feeds/${org.slug}/${kind}.xml`;
const refs = (...names: string[]) => names.map((n) => v[n]!.reference).sort();
const LIVE = [
  'yearly',
  'remote',
  'hybrid',
  'minOnly',
  'textOnly',
  'closingToday',
  'hostile',
  'longRef',
  'short',
];

beforeAll(async () => {
  t = await createTestContext();
  org = await t.organisation('Feed Trust');
  expect(
    (await t.request(org.token, 'PATCH', '/api/v1/organisation', { replyToEmail: 'jobs@feed.example' }))
      .status,
  ).toBe(200);
  await vacancy('yearly', { title: 'Staff Nurse', category: 'Nursing' });
  await vacancy('remote', {
    title: 'Clinical Coder',
    workplace: 'remote',
    hours: 'part_time',
    employmentType: 'bank',
    salary: { min: 12.5, max: 14, period: 'hour' },
  });
  await vacancy('hybrid', {
    title: 'Project Manager',
    workplace: 'hybrid',
    employmentType: 'contract',
    salary: null,
  });
  await vacancy('minOnly', { title: 'Porter', salary: { min: 30000, period: 'year' } });
  await vacancy('textOnly', { title: 'Locum Doctor', salary: { text: 'Negotiable', period: 'day' } });
  await vacancy('closingToday', { title: 'Ward Clerk', closingDate: '2026-11-24' });
  await vacancy('hostile', {
    title: 'Nurse ]]> <script>alert(1)</script> & "Co"',
    summary: 'R&D <b>and</b> "quotes" ]]> here',
    description: `${LONG}<script>alert(2)</script><p>Tom &amp; Jerry's &lt;b&gt; &quot;ward&quot; &nbsp;</p><table><tr><td>x</td></tr></table><a href="https://x.example">link</a>`,
  });
  await vacancy('longRef', { reference: `REF-${'x'.repeat(41)}`, title: 'Long Reference Nurse' });
  await vacancy('short', { title: 'Short Advert', summary: null, description: '<p>Short.</p>' });
  await vacancy('closed', { title: 'Closed Job' }, 'closed');
  await vacancy('draft', { title: 'Draft Job' }, 'draft');
  await vacancy('expired', { title: 'Expired Job' });
  await t.database.db
    .update(vacancies)
    .set({ closingDate: '2026-11-22' })
    .where(eq(vacancies.id, v.expired!.id));
  // Closing today (a closing date cannot be set to today through the API): still live.
  await t.database.db
    .update(vacancies)
    .set({ closingDate: '2026-11-23' })
    .where(eq(vacancies.id, v.closingToday!.id));
});
afterAll(() => t.close());

describe('the aggregator feeds, read by the checker', () => {
  const expected: Record<FeedKind, string[]> = {
    indeed: LIVE,
    linkedin: LIVE.filter((n) => n !== 'longRef' && n !== 'short'),
    adzuna: LIVE.filter((n) => n !== 'short'),
    jooble: LIVE,
  };

  it.each(['indeed', 'linkedin', 'adzuna', 'jooble'] as const)(
    '%s: valid, every live job once, no closed ones',
    async (kind) => {
      const res = await get(feedPath(kind));
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
      const checked = checkFeed(kind, res.body, {
        now: t.clock.now(),
        ...(kind === 'indeed' ? { expectedIds: refs(...LIVE) } : {}),
      });
      expect(checked.errors).toEqual([]);
      expect([...checked.jobs.keys()].sort()).toEqual(refs(...expected[kind]));
      expect(res.body).not.toContain('<script>alert(2)');
    },
  );

  it('Indeed: remote shape, salary format, job types, dates and the advert link', async () => {
    const { jobs } = checkFeed('indeed', (await get(feedPath('indeed'))).body, { now: t.clock.now() });
    const job = (name: string) => jobs.get(v[name]!.reference)!;
    expect(job('remote')).toMatchObject({
      city: 'Remote',
      state: '',
      postalcode: '',
      remotetype: 'Fully remote',
      salary: '£12.50 - £14 per hour',
      jobtype: 'parttime',
    });
    expect(job('yearly')).toMatchObject({
      city: 'Glasgow',
      postalcode: 'G4 0SF',
      country: 'GB',
      salary: '£31049 - £37796 per year',
      jobtype: 'fulltime',
      category: 'Nursing',
      email: 'jobs@feed.example',
      expirationdate: '2026-12-20',
      date: '2026-11-23T10:00:00Z',
    });
    expect(job('yearly').url).toBe(
      `http://localhost:3000/careers/${org.slug}/${v.yearly!.reference}?src=feed-indeed`,
    );
    expect(job('textOnly').salary).toBe('');
    expect(job('hybrid').salary).toBe('');
    expect(job('minOnly').salary).toBe('£30000 per year');
    expect(job('hostile').title).toBe('Nurse ]]> <script>alert(1)</script> & "Co"');
    expect(job('hostile').description).toContain('<p>R&D and "quotes" ]]&gt; here</p>');
    expect(job('hostile').description).toContain('Tom & Jerry\'s &lt;b&gt; "ward"');
    expect(job('hostile').description).not.toMatch(/<(table|a|script)\b/);
  });

  it('LinkedIn: workplace, job type, salary and the tracked apply link', async () => {
    const res = await get(feedPath('linkedin'));
    const { jobs } = checkFeed('linkedin', res.body, { now: t.clock.now() });
    expect(jobs.get(v.hybrid!.reference)).toMatchObject({
      workplaceTypes: 'Hybrid',
      jobtype: 'CONTRACT',
      location: 'Glasgow, United Kingdom',
      posterEmail: 'jobs@feed.example',
    });
    expect(jobs.get(v.remote!.reference)).toMatchObject({ workplaceTypes: 'Remote', jobtype: 'PART_TIME' });
    expect(jobs.get(v.yearly!.reference)!.applyUrl).toBe(
      `http://localhost:3000/careers/${org.slug}/${v.yearly!.reference}/apply?src=feed-linkedin`,
    );
    expect(res.body).toContain(
      '<salaries><salary><highEnd><amount><![CDATA[37796]]></amount><currencyCode><![CDATA[GBP]]></currencyCode></highEnd>',
    );
    expect(res.body).toContain('<period><![CDATA[YEARLY]]></period><type><![CDATA[BASE_SALARY]]></type>');
  });

  it('Adzuna and Jooble: salary fields, contract terms and Jooble dates', async () => {
    const adzuna = checkFeed('adzuna', (await get(feedPath('adzuna'))).body, { now: t.clock.now() }).jobs;
    expect(adzuna.get(v.remote!.reference)).toMatchObject({
      location: 'Glasgow (remote)',
      salary_min: '12.5',
      salary_max: '14',
      salary_frequency: 'hour',
      salary_currency: 'GBP',
      contract_time: 'part_time',
    });
    expect(adzuna.get(v.yearly!.reference)).toMatchObject({
      contract_type: 'permanent',
      country: 'GB',
      postcode: 'G4 0SF',
    });
    expect(adzuna.get(v.hybrid!.reference)).toMatchObject({ contract_type: 'contract' });
    expect(adzuna.get(v.hybrid!.reference)!.salary).toBeUndefined();
    const jooble = checkFeed('jooble', (await get(feedPath('jooble'))).body, { now: t.clock.now() }).jobs;
    expect(jooble.get(v.closingToday!.reference)).toMatchObject({
      '@id': v.closingToday!.reference,
      pubdate: '23.11.2026',
      updated: '23.11.2026',
      expire: '23.11.2026',
      jobtype: 'full-time',
    });
    expect(jooble.get(v.textOnly!.reference)!.salary).toBe('Negotiable');
  });

  it('keeps ids stable across builds', async () => {
    const before = checkFeed('linkedin', (await get(feedPath('linkedin'))).body, { now: t.clock.now() });
    t.clock.set(new Date(t.clock.now().getTime() + 61_000));
    const after = checkFeed('linkedin', (await get(feedPath('linkedin'))).body, {
      now: t.clock.now(),
      previous: before,
    });
    expect(after.errors).toEqual([]);
    expect([...after.jobs.keys()].sort()).toEqual([...before.jobs.keys()].sort());
  });
});

describe('the feed checker', () => {
  it('finds what an aggregator would refuse, naming the job and the field', async () => {
    const good = (await get(feedPath('indeed'))).body;
    const first = /<referencenumber><!\[CDATA\[([^\]]+)/.exec(good)![1];
    const bad = good
      .replace(/<state\/>/, '')
      .replace('<![CDATA[fulltime]]>', 'full time')
      .replace(/<date><!\[CDATA\[[^\]]+\]\]><\/date>/, '<date><![CDATA[2027-01-01T00:00:00Z]]></date>')
      .replace(`?src=feed-indeed`, '/apply?src=feed-indeed');
    const { errors } = checkFeed('indeed', bad, {
      now: t.clock.now(),
      expectedIds: [...refs(...LIVE), 'missing-one'],
    });
    const fields = errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['state', 'jobtype', 'date', 'url', 'job']));
    expect(errors.find((e) => e.field === 'state')!.job).toBe(first);
    const jooble = (await get(feedPath('jooble'))).body.replace(
      /<pubdate><!\[CDATA\[([^\]]+)\]\]>/,
      '<pubdate>2026-11-23',
    );
    expect(checkFeed('jooble', jooble, { now: t.clock.now() }).errors.map((e) => e.field)).toEqual(
      expect.arrayContaining(['pubdate']),
    );
    expect(checkFeed('adzuna', '<jobs><job>', { now: t.clock.now() }).errors[0]!.field).toBe('declaration');
  });
});
