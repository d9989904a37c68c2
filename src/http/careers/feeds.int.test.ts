import { gunzipSync } from 'node:zlib';
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

describe('switching feeds and their last read', () => {
  it('records who read each feed and when, and serves 304 on a matching ETag', async () => {
    // Reads are written down at most once a minute per feed; the earlier tests read this one.
    t.clock.set(new Date(t.clock.now().getTime() + 61_000));
    const read = await get(feedPath('jooble'), {
      'user-agent': 'HTTP/1.1 JoobleBot (compatible; https://jooble.org/jooble-bot)',
    });
    expect(read.statusCode).toBe(200);
    const again = await get(feedPath('jooble'), { 'if-none-match': String(read.headers.etag) });
    expect(again.statusCode).toBe(304);
    const zipped = await get(feedPath('jooble'), { 'accept-encoding': 'gzip, deflate' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(read.body);
    const listed = await t.request(org.token, 'GET', '/api/v1/organisation/feeds');
    expect(listed.status).toBe(200);
    const items = (listed.body as { items: Record<string, unknown>[] }).items;
    expect(items.map((i) => i.label)).toEqual(['Indeed', 'LinkedIn', 'Adzuna', 'Jooble']);
    expect(items.find((i) => i.channel === 'jooble')).toEqual({
      channel: 'jooble',
      label: 'Jooble',
      url: `http://localhost:3000/feeds/${org.slug}/jooble.xml`,
      enabled: true,
      lastReadAt: t.clock.now().toISOString(),
      lastReadBy: 'HTTP/1.1 JoobleBot (compatible; https://jooble.org/jooble-bot)',
      leftOut: [],
    });
    const linkedin = items.find((i) => i.channel === 'linkedin')!;
    expect(linkedin.leftOut).toHaveLength(2);
    expect(linkedin.leftOut).toEqual(
      expect.arrayContaining([
        {
          reference: v.longRef!.reference,
          field: 'reference',
          reason: 'LinkedIn takes job ids of at most 40 characters',
        },
        {
          reference: v.short!.reference,
          field: 'description',
          reason: 'LinkedIn needs a description of at least 100 characters',
        },
      ]),
    );
  });

  it('answers 404 for a switched-off feed, an unknown organisation, and refuses recruiters and bad input', async () => {
    const off = await t.request(org.token, 'PATCH', '/api/v1/organisation/feeds/adzuna', { enabled: false });
    expect(off.status).toBe(200);
    expect(
      (off.body as { items: { channel: string; enabled: boolean }[] }).items.find(
        (i) => i.channel === 'adzuna',
      )!.enabled,
    ).toBe(false);
    expect((await get(feedPath('adzuna'))).statusCode).toBe(404);
    expect((await get(feedPath('indeed'))).statusCode).toBe(200);
    expect((await get('/feeds/no-such-org/indeed.xml')).statusCode).toBe(404);
    const bad = await t.request(org.token, 'PATCH', '/api/v1/organisation/feeds/adzuna', { enabled: 'yes' });
    expect(bad.status).toBe(422);
    expect(
      (await t.request(org.token, 'PATCH', '/api/v1/organisation/feeds/monster', { enabled: true })).status,
    ).toBe(422);
    const recruiter = await t.organisation('Recruiter Org', 'recruiter');
    expect(
      (await t.request(recruiter.token, 'PATCH', '/api/v1/organisation/feeds/indeed', { enabled: false }))
        .status,
    ).toBe(403);
    expect(
      (await t.request(org.token, 'PATCH', '/api/v1/organisation/feeds/adzuna', { enabled: true })).status,
    ).toBe(200);
    expect((await get(feedPath('adzuna'))).statusCode).toBe(200);
  });
});

describe('keeping one vacancy out of a feed', () => {
  it('leaves it out of that feed only, refuses Indeed and other organisations, and puts it back', async () => {
    const url = `/api/v1/vacancies/${v.hybrid!.id}/feeds`;
    const out = await t.request(org.token, 'PATCH', `${url}/jooble`, { included: false });
    expect(out.status).toBe(200);
    expect((out.body as { items: unknown[] }).items).toContainEqual({
      channel: 'jooble',
      label: 'Jooble',
      included: false,
      optional: true,
    });
    t.clock.set(new Date(t.clock.now().getTime() + 61_000));
    const jooble = checkFeed('jooble', (await get(feedPath('jooble'))).body, { now: t.clock.now() });
    expect(jooble.errors).toEqual([]);
    expect(jooble.jobs.has(v.hybrid!.reference)).toBe(false);
    expect(
      checkFeed('adzuna', (await get(feedPath('adzuna'))).body, { now: t.clock.now() }).jobs.has(
        v.hybrid!.reference,
      ),
    ).toBe(true);
    const indeed = await t.request(org.token, 'PATCH', `${url}/indeed`, { included: false });
    expect(indeed.status).toBe(422);
    expect(JSON.stringify(indeed.body)).toContain('switch its feed off instead');
    const stranger = await t.organisation('Stranger Trust');
    expect((await t.request(stranger.token, 'PATCH', `${url}/jooble`, { included: true })).status).toBe(404);
    expect((await t.request(org.token, 'GET', '/api/v1/vacancies/not-a-uuid/feeds')).status).toBe(404);
    expect((await t.request(org.token, 'PATCH', `${url}/jooble`, { included: true })).status).toBe(200);
    t.clock.set(new Date(t.clock.now().getTime() + 61_000));
    expect(
      checkFeed('jooble', (await get(feedPath('jooble'))).body, { now: t.clock.now() }).jobs.has(
        v.hybrid!.reference,
      ),
    ).toBe(true);
  });
});

describe('applications through a feed, over real HTTP', () => {
  let base: string;
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

  /** A browser over real HTTP: keeps the cookies the careers site sets. */
  function browser() {
    const cookies = new Map<string, string>();
    const keep = (res: Response) => {
      for (const cookie of res.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        const at = pair!.indexOf('=');
        cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
    };
    const headers = (): Record<string, string> =>
      cookies.size ? { cookie: [...cookies].map(([k, c]) => `${k}=${c}`).join('; ') } : {};
    return {
      async get(url: string) {
        const res = await fetch(url, { headers: headers(), redirect: 'manual' });
        keep(res);
        return { status: res.status, body: await res.text() };
      },
      async post(url: string, form: FormData) {
        const res = await fetch(url, { method: 'POST', body: form, headers: headers(), redirect: 'manual' });
        keep(res);
        return { status: res.status, body: await res.text() };
      },
    };
  }

  /** Follows a link from a feed (written for PUBLIC_URL) to where the test server listens. */
  const onServer = (link: string) => link.replace('http://localhost:3000', base);

  async function applyThrough(start: string, email: string) {
    const visitor = browser();
    const first = await visitor.get(onServer(start));
    expect(first.status).toBe(200);
    // From the advert page, the candidate follows its apply button; on the form, they apply.
    const applyHref = /href="([^"]*\/apply[^"]*)"/.exec(first.body)?.[1] ?? new URL(onServer(start)).pathname;
    const formUrl = start.includes('/apply') ? onServer(start) : `${base}${applyHref.replace(/&amp;/g, '&')}`;
    const form = start.includes('/apply') ? first : await visitor.get(formUrl);
    const key = /name="submissionKey" value="([^"]+)"/.exec(form.body)![1]!;
    const action = /<form[^>]*action="([^"]+)"/.exec(form.body)![1]!.replace(/&amp;/g, '&');
    const data = new FormData();
    for (const [k, value] of Object.entries({
      submissionKey: key,
      name: 'Ada Lovelace',
      email,
      phone: '07700 900982',
      coverNote: '',
      consent: 'yes',
    }))
      data.append(k, value);
    data.append('cv', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'cv.pdf');
    const sent = await visitor.post(new URL(action, formUrl).toString(), data);
    expect(sent.status, sent.body.slice(0, 300)).toBe(200);
  }

  async function sourceOf(vacancyId: string, email: string) {
    const res = await t.request(org.token, 'GET', `/api/v1/vacancies/${vacancyId}/applications`);
    const items = (res.body as { items: { email: string; source: { kind: string; label: string } }[] }).items;
    return items.find((a) => a.email === email)?.source;
  }

  beforeAll(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
  });

  it('credits LinkedIn for an application through the LinkedIn feed’s link', async () => {
    const feed = await fetch(`${base}${feedPath('linkedin')}`);
    const { jobs } = checkFeed('linkedin', await feed.text(), { now: t.clock.now() });
    const link = jobs.get(v.yearly!.reference)!.applyUrl!;
    await applyThrough(link, 'linkedin@example.org');
    expect(await sourceOf(v.yearly!.id, 'linkedin@example.org')).toMatchObject({
      kind: 'feed',
      label: 'LinkedIn',
    });
  });

  it.each([
    ['indeed', 'url', 'Indeed'],
    ['adzuna', 'url', 'Adzuna'],
    ['jooble', 'link', 'Jooble'],
  ] as const)(
    'credits %s for an application that starts on the advert page its feed links to',
    async (kind, field, label) => {
      const feed = await fetch(`${base}${feedPath(kind)}`);
      const { jobs } = checkFeed(kind, await feed.text(), { now: t.clock.now() });
      const link = jobs.get(v.minOnly!.reference)![field]!;
      expect(link).not.toContain('/apply');
      await applyThrough(link, `${kind}@example.org`);
      expect(await sourceOf(v.minOnly!.id, `${kind}@example.org`)).toMatchObject({ kind: 'feed', label });
    },
  );
});
