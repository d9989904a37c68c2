import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../../test/support/app.js';
import { applications } from '../../db/schema.js';

type ErrorBody = { error: { code: string; message: string; issues: { path: string; message: string }[] } };
interface Stats {
  from: string;
  to: string;
  interval: string;
  series: { source: string; total: number; points: { period: string; count: number }[] }[];
}

let t: TestContext;
let org: { id: string; token: string };
let other: { id: string; token: string };

/** An application received at `at` from `source`, straight into the database. */
async function received(owner: { id: string }, vacancyId: string, at: string, source: string) {
  await t.deps.db.insert(applications).values({
    organisationId: owner.id,
    vacancyId,
    name: 'Sam Candidate',
    email: 'sam@example.org',
    phone: '07700 900123',
    cvPath: 'x.pdf',
    cvType: 'pdf',
    cvSize: 100,
    cvOriginalName: 'cv.pdf',
    sourceKind: source === 'Careers site' ? 'careers' : source === 'Unknown' ? 'unknown' : 'board',
    sourceLabel: source,
    submissionKey: `${at}-${Math.random()}`,
    createdAt: new Date(at),
  });
}

beforeAll(async () => {
  t = await createTestContext();
  org = await t.organisation('Stats Trust');
  other = await t.organisation('Other Stats Trust');
  const a = ((await t.request(org.token, 'POST', '/api/v1/vacancies', validVacancy())).body as { id: string })
    .id;
  const b = ((await t.request(org.token, 'POST', '/api/v1/vacancies', validVacancy())).body as { id: string })
    .id;
  const theirs = (
    (await t.request(other.token, 'POST', '/api/v1/vacancies', validVacancy())).body as { id: string }
  ).id;
  // Week of Monday 2 November: 2 NHS Jobs, 1 careers site. Week of 9 November: 1 NHS Jobs, 1 s1jobs.
  await received(org, a, '2026-11-02T00:00:00Z', 'NHS Jobs');
  await received(org, b, '2026-11-08T23:59:59Z', 'NHS Jobs');
  await received(org, a, '2026-11-05T12:00:00Z', 'Careers site');
  await received(org, b, '2026-11-09T09:00:00Z', 'NHS Jobs');
  await received(org, a, '2026-11-10T09:00:00Z', 's1jobs');
  // Outside the range, and another organisation's.
  await received(org, a, '2026-10-20T09:00:00Z', 'Unknown');
  await received(other, theirs, '2026-11-03T09:00:00Z', 'NHS Jobs');
});
afterAll(async () => t.close());

describe('applications over time', () => {
  it('counts the organisation’s applications per source and week, every week present', async () => {
    const res = await t.request(
      org.token,
      'GET',
      '/api/v1/applications/stats?from=2026-11-04&to=2026-11-22&interval=week',
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      from: '2026-11-02',
      to: '2026-11-22',
      interval: 'week',
      series: [
        {
          source: 'NHS Jobs',
          total: 3,
          points: [
            { period: '2026-11-02', count: 2 },
            { period: '2026-11-09', count: 1 },
            { period: '2026-11-16', count: 0 },
          ],
        },
        {
          source: 'Careers site',
          total: 1,
          points: [
            { period: '2026-11-02', count: 1 },
            { period: '2026-11-09', count: 0 },
            { period: '2026-11-16', count: 0 },
          ],
        },
        {
          source: 's1jobs',
          total: 1,
          points: [
            { period: '2026-11-02', count: 0 },
            { period: '2026-11-09', count: 1 },
            { period: '2026-11-16', count: 0 },
          ],
        },
      ],
    } satisfies Stats);
  });

  it('counts per day, the last day whole', async () => {
    const res = await t.request(
      org.token,
      'GET',
      '/api/v1/applications/stats?from=2026-11-08&to=2026-11-09&interval=day',
    );
    expect((res.body as Stats).series).toEqual([
      {
        source: 'NHS Jobs',
        total: 2,
        points: [
          { period: '2026-11-08', count: 1 },
          { period: '2026-11-09', count: 1 },
        ],
      },
    ]);
  });

  it('defaults to the last 12 weeks up to today, and keeps to the organisation', async () => {
    const mine = (await t.request(org.token, 'GET', '/api/v1/applications/stats')).body as Stats;
    expect(mine.to).toBe('2026-11-23');
    expect(mine.from).toBe('2026-09-07');
    expect(mine.series.find((s) => s.source === 'Unknown')?.total).toBe(1);
    expect(mine.series[0]?.points).toHaveLength(12);
    const theirs = (await t.request(other.token, 'GET', '/api/v1/applications/stats')).body as Stats;
    expect(theirs.series).toEqual([expect.objectContaining({ source: 'NHS Jobs', total: 1 })]);
  });

  it('says what is wrong with a bad range', async () => {
    const backwards = await t.request(
      org.token,
      'GET',
      '/api/v1/applications/stats?from=2026-11-10&to=2026-11-01&interval=day',
    );
    expect(backwards.status).toBe(422);
    expect((backwards.body as ErrorBody).error.issues).toEqual([
      { path: 'from', message: 'From must be on or before To' },
    ]);
    const long = await t.request(
      org.token,
      'GET',
      '/api/v1/applications/stats?from=2024-01-01&to=2026-11-01&interval=day',
    );
    expect((long.body as ErrorBody).error.issues).toEqual([
      { path: 'to', message: 'Choose at most 366 days, or count by week' },
    ]);
    const bad = await t.request(org.token, 'GET', '/api/v1/applications/stats?from=yesterday&interval=month');
    expect(bad.status).toBe(422);
    expect((bad.body as ErrorBody).error.issues.map((i) => i.path).sort()).toEqual(['from', 'interval']);
  });
});
