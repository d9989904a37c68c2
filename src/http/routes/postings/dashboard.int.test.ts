import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../../../test/support/app.js';
import { postings } from '../../../db/schema.js';
import type { PostingStatus } from '../../../domain/posting.js';

type Counts = {
  connectionName: string;
  board: string;
  live: number;
  expiringSoon: number;
  failed: number;
  uncertain: number;
  outOfDate: number;
};
type Dashboard = { connections: Counts[]; partial: boolean };
type Org = { token: string; s1: string };

let t: TestContext;
let ours: Org;
let theirs: Org;

async function organisation(name: string): Promise<Org> {
  const { token } = await t.organisation(name);
  await t.request(token, 'POST', '/api/v1/connections', {
    board: 'nhs-jobs',
    name: 'NHS Jobs',
    settings: { organisationId: 'DEMO-ORG', accountId: 'DEMO-ACCOUNT', apiKey: 'k', testMode: true },
  });
  const s1 = await t.request(token, 'POST', '/api/v1/connections', {
    board: 's1jobs',
    name: 's1jobs',
    settings: { username: 'demo-api', password: 'demo-secret' },
  });
  return { token, s1: (s1.body as { id: string }).id };
}

/**
 * A live vacancy posted to s1jobs, its posting then set as the worker would leave it (no worker
 * runs here): `status`, first posted on `postedAt`.
 */
async function posted(org: Org, reference: string, status: PostingStatus, postedAt = '2026-11-22T10:00:00Z') {
  const body = validVacancy({ reference, closingDate: '2027-01-20' });
  const id = ((await t.request(org.token, 'POST', '/api/v1/vacancies', body)).body as { id: string }).id;
  await t.request(org.token, 'POST', `/api/v1/vacancies/${id}/publish`);
  const posting = await t.request(org.token, 'POST', `/api/v1/vacancies/${id}/postings`, {
    connectionId: org.s1,
    fields: { coreSkill: 'Medical / Dental / Health Care', specialisms: ['Nursing'] },
  });
  expect(posting.status).toBe(202);
  const postingId = (posting.body as { id: string }).id;
  const onBoard = status === 'posted' ? { externalId: `job-${reference}`, postedAt: new Date(postedAt) } : {};
  await t.database.db
    .update(postings)
    .set({ status, ...onBoard })
    .where(eq(postings.id, postingId));
  return id;
}

const dashboard = async (org = ours) => {
  const res = await t.request(org.token, 'GET', '/api/v1/dashboard');
  expect(res.status).toBe(200);
  return res.body as Dashboard;
};
const refs = async (query: string) => {
  const res = await t.request(ours.token, 'GET', `/api/v1/vacancies?${query}`);
  return (res.body as { items: { reference: string }[] }).items.map((v) => v.reference).sort();
};

beforeAll(async () => {
  t = await createTestContext();
  ours = await organisation('Dashboard Trust');
  theirs = await organisation('Other Dashboard Trust');
  // The fake clock says 2026-11-23: an advert first posted on 1 Nov ends on s1jobs on 29 Nov.
  await posted(ours, 'D-ENDING', 'posted', '2026-11-01T10:00:00Z');
  await posted(ours, 'D-FRESH', 'posted');
  const stale = await posted(ours, 'D-STALE', 'posted');
  await t.request(ours.token, 'PATCH', `/api/v1/vacancies/${stale}`, { title: 'Senior Staff Nurse' });
  await posted(ours, 'D-FAILED', 'failed');
  await posted(ours, 'D-UNSURE', 'uncertain');
  await posted(theirs, 'D-THEIRS', 'failed');
});
afterAll(async () => t.close());

describe("what's live where", () => {
  it('counts each connection’s adverts by state, an empty connection included', async () => {
    expect(await dashboard()).toEqual({
      connections: [
        expect.objectContaining({
          connectionName: 'NHS Jobs',
          live: 0,
          expiringSoon: 0,
          failed: 0,
          uncertain: 0,
          outOfDate: 0,
        }),
        expect.objectContaining({
          connectionName: 's1jobs',
          board: 's1jobs',
          live: 3,
          expiringSoon: 1,
          failed: 1,
          uncertain: 1,
          outOfDate: 1,
        }),
      ],
      partial: false,
    });
  });

  it('counts another organisation’s postings only there', async () => {
    const { connections } = await dashboard(theirs);
    expect(connections.find((c) => c.board === 's1jobs')).toMatchObject({ live: 0, failed: 1, outOfDate: 0 });
  });

  it('lists, for each count, the vacancies it counts', async () => {
    expect(await refs('board=s1jobs&postingStatus=posted')).toEqual(['D-ENDING', 'D-FRESH', 'D-STALE']);
    expect(await refs('board=s1jobs&expiring=true')).toEqual(['D-ENDING']);
    expect(await refs('board=s1jobs&postingStatus=failed')).toEqual(['D-FAILED']);
    expect(await refs('board=s1jobs&postingStatus=uncertain')).toEqual(['D-UNSURE']);
    expect(await refs('board=s1jobs&outOfDate=true')).toEqual(['D-STALE']);
  });

  it('has nothing to count before any connection is made', async () => {
    const { token } = await t.organisation('New Trust');
    const res = await t.request(token, 'GET', '/api/v1/dashboard');
    expect(res.body).toEqual({ connections: [], partial: false });
  });
});
