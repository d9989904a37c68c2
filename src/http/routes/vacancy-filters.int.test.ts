import { eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../../test/support/app.js';
import { databaseMode } from '../../../test/support/db.js';
import { postings, vacancies } from '../../db/schema.js';

type Page = { items: { id: string; reference: string }[]; nextCursor: string | null };

const ABOUT =
  'Filter NHS Trust provides acute, community and mental health services to 600,000 people across the west of Scotland.';
const NHS_FIELDS = {
  mainDuties: ABOUT,
  staffGroup: 'NURSING_AND_MIDWIFERY_REGISTERED',
  payScheme: 'AGENDA_FOR_CHANGE',
  payBand: 'BAND_5',
};

let t: TestContext;
type Org = { token: string; nhs: string };
let ours: Org;
let theirs: Org;

async function organisation(name: string): Promise<Org> {
  const { token } = await t.organisation(name);
  await t.request(token, 'PATCH', '/api/v1/organisation', { about: ABOUT, replyToEmail: 'jobs@f.example' });
  const created = await t.request(token, 'POST', '/api/v1/connections', {
    board: 'nhs-jobs',
    name: 'NHS Jobs',
    settings: { organisationId: 'DEMO-ORG', accountId: 'DEMO-ACCOUNT', apiKey: 'k', testMode: true },
  });
  return { token, nhs: (created.body as { id: string }).id };
}

/** A live vacancy, posted to NHS Jobs when `post` (the posting stays queued: no worker runs). */
async function vacancy(org: Org, reference: string, options: { post?: boolean; closingDate?: string } = {}) {
  const body = validVacancy({
    reference,
    summary: `${ABOUT} A friendly ward.`,
    ...(options.closingDate && { closingDate: options.closingDate }),
  });
  const id = ((await t.request(org.token, 'POST', '/api/v1/vacancies', body)).body as { id: string }).id;
  await t.request(org.token, 'POST', `/api/v1/vacancies/${id}/publish`);
  if (!options.post) return { id, postingId: '' };
  const posted = await t.request(org.token, 'POST', `/api/v1/vacancies/${id}/postings`, {
    connectionId: org.nhs,
    fields: NHS_FIELDS,
  });
  expect(posted.status).toBe(202);
  return { id, postingId: (posted.body as { id: string }).id };
}

const list = async (query: string, org = ours) => {
  const res = await t.request(org.token, 'GET', `/api/v1/vacancies?${query}`);
  expect(res.status).toBe(200);
  return res.body as Page;
};
const refs = async (query: string) => (await list(query)).items.map((v) => v.reference).sort();

beforeAll(async () => {
  t = await createTestContext();
  ours = await organisation('Filter Trust');
  theirs = await organisation('Other Filter Trust');
  // The fake clock says 2026-11-23.
  await vacancy(ours, 'F-POSTED', { post: true });
  await vacancy(ours, 'F-SOON', { closingDate: '2026-11-27' });
  await vacancy(ours, 'F-LATER', { closingDate: '2026-12-01' });
  const drafted = validVacancy({ reference: 'F-DRAFT-SOON', closingDate: '2026-11-25' });
  await t.request(ours.token, 'POST', '/api/v1/vacancies', drafted);
  const stale = await vacancy(ours, 'F-STALE', { post: true });
  await t.request(ours.token, 'PATCH', `/api/v1/vacancies/${stale.id}`, { title: 'Senior Staff Nurse' });
  const closed = await vacancy(ours, 'F-CLOSED', { post: true });
  await t.request(ours.token, 'POST', `/api/v1/postings/${closed.postingId}/close`);
  const foreign = await vacancy(theirs, 'T-STALE', { post: true, closingDate: '2026-11-24' });
  await t.request(theirs.token, 'PATCH', `/api/v1/vacancies/${foreign.id}`, { title: 'Ward Sister' });
});
afterAll(async () => t.close());

describe('vacancy list filters', () => {
  it('pages a keyword search with a posting filter through many matches, newest first', async () => {
    const org = await organisation('Many Matches Trust');
    const started = t.clock.now();
    try {
      for (let i = 1; i <= 12; i++) {
        t.clock.set(new Date(Date.UTC(2026, 10, 23, 9, 0, i)));
        await vacancy(org, `MANY-${String(i).padStart(2, '0')}`, { post: i <= 3 });
      }
    } finally {
      t.clock.set(started);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`q=many-&board=nhs-jobs&limit=1${cursor ? `&cursor=${cursor}` : ''}`, org);
      seen.push(...page.items.map((v) => v.reference));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['MANY-03', 'MANY-02', 'MANY-01']);
    expect((await list('q=any-01&board=nhs-jobs', org)).items.map((v) => v.reference)).toEqual(['MANY-01']);
  });

  it('filters by board, posting state, out of date and closing within 7 days, in the organisation only', async () => {
    expect(await refs('board=nhs-jobs')).toEqual(['F-CLOSED', 'F-POSTED', 'F-STALE']);
    expect(await refs('board=s1jobs')).toEqual([]);
    expect(await refs('postingStatus=queued')).toEqual(['F-POSTED', 'F-STALE']);
    expect(await refs('postingStatus=closed')).toEqual(['F-CLOSED']);
    expect(await refs('board=nhs-jobs&postingStatus=closed')).toEqual(['F-CLOSED']);
    // A keyword search checks its candidates' postings the same way.
    expect(await refs('q=f-&postingStatus=queued')).toEqual(['F-POSTED', 'F-STALE']);
    expect(await refs('q=f-&board=nhs-jobs&postingStatus=closed')).toEqual(['F-CLOSED']);
    expect(await refs('q=f-s&board=nhs-jobs')).toEqual(['F-STALE']);
    expect(await refs('q=f-&board=s1jobs')).toEqual([]);
    expect(await refs('q=f-&status=draft')).toEqual(['F-DRAFT-SOON']);
    expect(await refs('q=f-draft&status=live')).toEqual([]);
    expect(await refs('outOfDate=true')).toEqual(['F-STALE']);
    expect(await refs('expiring=true')).toEqual(['F-SOON']);
    expect(await refs('outOfDate=false')).toHaveLength(6);
    expect(await refs('expiring=true&board=nhs-jobs')).toEqual([]);
  });

  it('counts a vacancy whose advert ends on its board within 7 days as expiring', async () => {
    const created = await t.request(ours.token, 'POST', '/api/v1/connections', {
      board: 's1jobs',
      name: 's1jobs',
      settings: { username: 'demo-api', password: 'demo-secret' },
    });
    const s1 = (created.body as { id: string }).id;
    const body = validVacancy({ reference: 'F-ADVERT', category: 'Nursing', closingDate: '2027-01-20' });
    const id = ((await t.request(ours.token, 'POST', '/api/v1/vacancies', body)).body as { id: string }).id;
    await t.request(ours.token, 'POST', `/api/v1/vacancies/${id}/publish`);
    const posted = await t.request(ours.token, 'POST', `/api/v1/vacancies/${id}/postings`, {
      connectionId: s1,
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(202);
    const postingId = (posted.body as { id: string }).id;
    // Posted 25 days ago: s1jobs keeps an advert 28 days at most, so it ends on 2026-11-26.
    const postedAt = new Date('2026-10-29T10:00:00Z');
    await t.deps.db.update(postings).set({ status: 'posted', postedAt }).where(eq(postings.id, postingId));
    expect(await refs('expiring=true')).toEqual(['F-ADVERT', 'F-SOON']);
    await t.deps.db
      .update(postings)
      .set({ postedAt: new Date('2026-11-20T10:00:00Z') })
      .where(eq(postings.id, postingId));
    expect(await refs('expiring=true')).toEqual(['F-SOON']);
  });

  it('sees a posting change at once (the page cache does not hold filtered lists)', async () => {
    const { postingId } = await vacancy(ours, 'F-LATE-CLOSE', { post: true });
    expect(await refs('postingStatus=closed')).toEqual(['F-CLOSED']);
    await t.request(ours.token, 'POST', `/api/v1/postings/${postingId}/close`);
    expect(await refs('postingStatus=closed')).toEqual(['F-CLOSED', 'F-LATE-CLOSE']);
  });

  it('pages through a filtered list', async () => {
    const first = await list('board=nhs-jobs&limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await list(`board=nhs-jobs&limit=2&cursor=${first.nextCursor}`);
    const all = [...first.items, ...second.items].map((v) => v.reference);
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual((await refs('board=nhs-jobs')).sort());
  });

  it('answers a bad filter value on its field', async () => {
    const res = await t.request(ours.token, 'GET', '/api/v1/vacancies?postingStatus=lost');
    expect(res.status).toBe(422);
    const issues = (res.body as { error: { issues: { path: string }[] } }).error.issues;
    expect(issues.map((i) => i.path)).toEqual(['postingStatus']);
    const flag = await t.request(ours.token, 'GET', '/api/v1/vacancies?outOfDate=yes');
    expect(flag.status).toBe(422);
  });

  it('has a keyword search follow each posting as it changes state', async () => {
    const { postingId } = await vacancy(ours, 'F-KEYWORD-CLOSE', { post: true });
    const search = (filter: string) => refs(`q=keyword-close&${filter}`);
    const setStatus = (status: 'failed' | 'queued') =>
      t.deps.db.update(postings).set({ status }).where(eq(postings.id, postingId));
    expect(await search('postingStatus=queued')).toEqual(['F-KEYWORD-CLOSE']);
    expect(await search('postingStatus=failed')).toEqual([]);
    // Only the posting changes (not the vacancy): each filter's answer follows it.
    await setStatus('failed');
    expect(await search('postingStatus=queued')).toEqual([]);
    expect(await search('postingStatus=failed')).toEqual(['F-KEYWORD-CLOSE']);
    await setStatus('queued');
    expect(await search('postingStatus=failed')).toEqual([]);
    expect(await search('postingStatus=queued')).toEqual(['F-KEYWORD-CLOSE']);
    await t.request(ours.token, 'POST', `/api/v1/postings/${postingId}/close`);
    expect(await search('postingStatus=queued')).toEqual([]);
    expect(await search('board=nhs-jobs&postingStatus=closed')).toEqual(['F-KEYWORD-CLOSE']);
  });

  it('has a keyword search follow a change made many changes before its filter was last asked for', async () => {
    const a = await vacancy(ours, 'F-LOG-A', { post: true });
    const b = await vacancy(ours, 'F-LOG-B', { post: true });
    const setStatus = (postingId: string, status: 'failed' | 'queued') =>
      t.deps.db.update(postings).set({ status }).where(eq(postings.id, postingId));
    await setStatus(a.postingId, 'failed');
    expect(await refs('q=f-log-&postingStatus=queued')).toEqual(['F-LOG-B']);
    await setStatus(a.postingId, 'queued');
    // More searches that see a change than the marks keep a record of, all on another filter.
    for (let i = 0; i < 70; i++) {
      await setStatus(b.postingId, i % 2 === 0 ? 'failed' : 'queued');
      await refs('q=f-log-&postingStatus=failed');
    }
    expect(await refs('q=f-log-&postingStatus=queued')).toEqual(['F-LOG-A', 'F-LOG-B']);
  });

  it('shows each vacancy as it is stored now, however it was changed since the list last showed it', async () => {
    const { id } = await vacancy(ours, 'F-RETITLED', { post: true });
    const titleIn = async (query: string) =>
      ((await list(query)).items as { id: string; title?: string }[]).find((v) => v.id === id)?.title;
    expect(await titleIn('board=nhs-jobs')).toBe('Staff Nurse');
    expect(await titleIn('q=f-retitled&board=nhs-jobs')).toBe('Staff Nurse');
    // As another process or an operator would: straight to the database, the version left as it was.
    await t.deps.db.update(vacancies).set({ title: 'Charge Nurse' }).where(eq(vacancies.id, id));
    expect(await titleIn('board=nhs-jobs')).toBe('Charge Nurse');
    expect(await titleIn('q=f-retitled&board=nhs-jobs')).toBe('Charge Nurse');
  });

  it.runIf(databaseMode === 'server')(
    'has a keyword search see a change committed after an earlier search began, behind later ones',
    async () => {
      const late = await vacancy(ours, 'F-TX-LATE', { post: true });
      const early = await vacancy(ours, 'F-TX-EARLY', { post: true });
      const client = new pg.Client({
        connectionString: (t.databaseConfig as { url: string }).url,
      });
      await client.connect();
      try {
        // A transaction that changes one posting and commits only after another change and a search.
        await client.query('begin');
        await client.query(`update postings set status = 'failed' where id = $1`, [late.postingId]);
        await t.deps.db.update(postings).set({ status: 'failed' }).where(eq(postings.id, early.postingId));
        expect(await refs('q=f-tx-&postingStatus=failed')).toEqual(['F-TX-EARLY']);
        await client.query('commit');
        expect(await refs('q=f-tx-&postingStatus=failed')).toEqual(['F-TX-EARLY', 'F-TX-LATE']);
      } finally {
        await client.end();
      }
    },
  );
});
