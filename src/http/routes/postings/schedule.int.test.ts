import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../../../test/support/app.js';
import { formatUkTime } from '../../../domain/uk-time.js';

type Posting = { id: string; status: string; statusText: string; scheduledAt: string | null };
type ErrorBody = { error: { code: string; message: string; issues: { path: string; message: string }[] } };
type Job = { id: string; fields: Record<string, unknown> };

const ABOUT =
  'Demo NHS Trust provides acute, community and mental health services to 600,000 people across the west of Scotland.';
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const fromNow = (ms: number) => new Date(Date.now() + ms).toISOString();

let t: TestContext;
let org: { id: string; slug: string; token: string };
let s1: string;

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
  t.request(org.token, method, url, body);
const boardJobs = async () =>
  ((await (await fetch(`${t.baseUrl}/sandbox/s1jobs/_inspect/jobs`)).json()) as { jobs: Job[] }).jobs;

/** Polls the posting until `done` holds (the worker runs in the background). */
async function until(id: string, done: (p: Posting) => boolean, timeoutMs = 15_000): Promise<Posting> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const posting = (await api('GET', `/api/v1/postings/${id}`)).body as Posting;
    if (done(posting)) return posting;
    if (Date.now() > end) throw new Error(`posting ${id} stayed ${posting.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A live vacancy posted to s1jobs `inMs` after the vacancy is ready. */
async function scheduled(reference: string, inMs: number, closingDate = inDays(20)): Promise<Posting> {
  const created = await api(
    'POST',
    '/api/v1/vacancies',
    validVacancy({ reference, closingDate, summary: `${ABOUT} A friendly ward.`, category: 'Nursing' }),
  );
  const vacancyId = (created.body as { id: string }).id;
  await api('POST', `/api/v1/vacancies/${vacancyId}/publish`);
  const res = await api('POST', `/api/v1/vacancies/${vacancyId}/postings`, {
    connectionId: s1,
    scheduleAt: fromNow(inMs),
  });
  expect(res.status).toBe(202);
  return res.body as Posting;
}

const reschedule = (id: string, scheduleAt: string) =>
  api('POST', `/api/v1/postings/${id}/reschedule`, { scheduleAt });

beforeAll(async () => {
  t = await createTestContext({ pipeline: true });
  org = await t.organisation('Schedule Trust');
  await api('PATCH', '/api/v1/organisation', { about: ABOUT, replyToEmail: 'jobs@schedule.example' });
  const a = await api('POST', '/api/v1/connections', {
    board: 's1jobs',
    name: 's1jobs',
    settings: { username: 'demo-api', password: 'demo-secret', baseUrl: `${t.baseUrl}/sandbox/s1jobs` },
  });
  s1 = (a.body as { id: string }).id;
});
afterAll(async () => t.close());

describe('changing or cancelling a scheduled posting', () => {
  it('posts at the new time when brought forward, once', async () => {
    const posting = await scheduled('SCHED-1', 3_600_000);
    const res = await reschedule(posting.id, fromNow(300));
    expect(res.status).toBe(202);
    expect((res.body as Posting).status).toBe('scheduled');
    await until(posting.id, (p) => p.status === 'posted');
    expect((await boardJobs()).filter((j) => j.fields.reference === 'SCHED-1')).toHaveLength(1);
  });

  it('does not post at the old time when put back', async () => {
    const later = fromNow(3_600_000);
    const moved = await scheduled('SCHED-2', 2_000);
    const res = await reschedule(moved.id, later);
    expect((res.body as Posting).scheduledAt).toBe(later);
    expect((res.body as Posting).statusText).toBe(`Scheduled for ${formatUkTime(new Date(later))} (UK time)`);
    // A posting scheduled just after the old time: once it is posted, the old time has passed too.
    const witness = await scheduled('SCHED-3', 2_200);
    await until(witness.id, (p) => p.status === 'posted');
    expect(((await api('GET', `/api/v1/postings/${moved.id}`)).body as Posting).status).toBe('scheduled');
    expect((await boardJobs()).map((j) => j.fields.reference)).not.toContain('SCHED-2');
  });

  it('refuses a time in the past or after the closing date, on the field', async () => {
    const posting = await scheduled('SCHED-4', 3_600_000, inDays(3));
    const past = await reschedule(posting.id, '2020-01-01T09:00:00Z');
    expect(past.status).toBe(422);
    expect((past.body as ErrorBody).error.issues).toEqual([
      { path: 'scheduleAt', message: 'Choose a time in the future, or leave it out to post now' },
    ]);
    const late = await reschedule(posting.id, `${inDays(5)}T09:00:00Z`);
    expect(late.status).toBe(422);
    expect((late.body as ErrorBody).error.issues[0]?.message).toBe(
      `Choose a time on or before the closing date, ${inDays(3)}`,
    );
    const bad = await reschedule(posting.id, 'tomorrow');
    expect(bad.status).toBe(422);
    expect((bad.body as ErrorBody).error.issues[0]?.path).toBe('scheduleAt');
  });

  it('cancels a scheduled posting by closing it: nothing reaches the board', async () => {
    const posting = await scheduled('SCHED-5', 2_000);
    const closed = await api('POST', `/api/v1/postings/${posting.id}/close`);
    expect(closed.status).toBe(202);
    expect((closed.body as Posting).status).toBe('closed');
    const witness = await scheduled('SCHED-6', 2_200);
    await until(witness.id, (p) => p.status === 'posted');
    expect((await boardJobs()).map((j) => j.fields.reference)).not.toContain('SCHED-5');
    const again = await reschedule(posting.id, fromNow(3_600_000));
    expect(again.status).toBe(409);
    expect((again.body as ErrorBody).error.message).toBe(
      'Only a scheduled posting can be given a new time; this one is closed.',
    );
  });
});
