import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postings } from '../src/db/schema.js';
import { createTestContext, type TestContext, validVacancy } from './support/app.js';

type Change = { field: string; label: string; onBoard: unknown; now: unknown };
type Posting = {
  id: string;
  status: string;
  statusText: string;
  externalId: string | null;
  outOfDate: boolean;
  changes: Change[];
  currentFields: Record<string, unknown>;
  postedAt: string | null;
  advertEnd: { endsOn: string | null; text: string } | null;
  attempts?: { action: string; outcome: string }[];
};
type Outcome = {
  postingId: string;
  boardLabel: string;
  outcome: 'updated' | 'skipped';
  reason: string | null;
};
type Job = { id: string; fields: Record<string, unknown> };
type Draft = { id: string; body: Record<string, unknown> };

const ABOUT =
  'In Step NHS Trust provides acute, community and mental health services to 600,000 people across the west of Scotland.';
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

let t: TestContext;
let org: { token: string };
let s1: string;
let nhs: string;

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
  t.request(org.token, method, url, body);
const sandbox = async <T>(path: string): Promise<T> =>
  (await (await fetch(`${t.baseUrl}${path}`)).json()) as T;
const job = async (id: string | null) =>
  (await sandbox<{ jobs: Job[] }>('/sandbox/s1jobs/_inspect/jobs')).jobs.find((j) => j.id === id);
const draft = async (id: string | null) =>
  (await sandbox<{ drafts: Draft[] }>('/sandbox/nhs-jobs/_inspect/drafts')).drafts.find((d) => d.id === id);
const get = async (id: string) => (await api('GET', `/api/v1/postings/${id}`)).body as Posting;

/** Polls the posting until `done` holds (the worker runs in the background). */
async function until(id: string, done: (p: Posting) => boolean, timeoutMs = 15_000): Promise<Posting> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const posting = await get(id);
    if (done(posting)) return posting;
    if (Date.now() > end) throw new Error(`posting ${id} stayed ${posting.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const updated = (p: Posting) =>
  p.status === 'posted' && p.attempts?.some((a) => a.action === 'update') === true;

/** A live vacancy posted to both boards, with an override on s1jobs' salary text. */
async function postedOnBoth(reference: string) {
  const created = await api(
    'POST',
    '/api/v1/vacancies',
    validVacancy({
      reference,
      closingDate: inDays(20),
      summary: `${ABOUT} A friendly ward.`,
      category: 'Nursing',
    }),
  );
  const vacancyId = (created.body as { id: string }).id;
  expect((await api('POST', `/api/v1/vacancies/${vacancyId}/publish`)).status).toBe(200);
  const a = await api('POST', `/api/v1/vacancies/${vacancyId}/postings`, {
    connectionId: s1,
    fields: { salaryText: 'Band 5 plus weekend enhancements' },
  });
  const b = await api('POST', `/api/v1/vacancies/${vacancyId}/postings`, {
    connectionId: nhs,
    fields: {
      mainDuties: ABOUT,
      staffGroup: 'NURSING_AND_MIDWIFERY_REGISTERED',
      payScheme: 'AGENDA_FOR_CHANGE',
      payBand: 'BAND_5',
    },
  });
  expect([a.status, b.status]).toEqual([202, 202]);
  const onS1 = await until((a.body as Posting).id, (p) => p.status === 'posted');
  const onNhs = await until((b.body as Posting).id, (p) => p.status === 'posted');
  return { vacancyId, onS1, onNhs };
}

beforeAll(async () => {
  t = await createTestContext({ pipeline: true });
  org = await t.organisation('In Step Trust');
  await api('PATCH', '/api/v1/organisation', { about: ABOUT, replyToEmail: 'jobs@instep.example' });
  const a = await api('POST', '/api/v1/connections', {
    board: 's1jobs',
    name: 's1jobs',
    settings: { username: 'demo-api', password: 'demo-secret', baseUrl: `${t.baseUrl}/sandbox/s1jobs` },
  });
  s1 = (a.body as { id: string }).id;
  const b = await api('POST', '/api/v1/connections', {
    board: 'nhs-jobs',
    name: 'NHS Jobs',
    settings: {
      organisationId: 'DEMO-ORG',
      accountId: 'DEMO-ACCOUNT',
      apiKey: 'demo-nhs-key',
      testMode: true,
      baseUrl: `${t.baseUrl}/sandbox/nhs-jobs`,
    },
  });
  nhs = (b.body as { id: string }).id;
});
afterAll(async () => t.close());

/** The "out of date" of the vacancy's postings in the postings list (GET /postings). */
async function listedOutOfDate(vacancyId: string): Promise<boolean[]> {
  const listed = await api('GET', `/api/v1/postings?vacancyId=${vacancyId}`);
  expect(listed.status).toBe(200);
  return (listed.body as { items: Posting[] }).items.map((p) => p.outOfDate);
}

describe('keeping postings in step with the vacancy', () => {
  it('reports both postings out of date after a vacancy edit, and one update-all brings the boards in step, keeping an override', async () => {
    const { vacancyId, onS1, onNhs } = await postedOnBoth('STEP-1');
    expect(onS1.outOfDate).toBe(false);
    expect(onNhs.outOfDate).toBe(false);
    // The postings list works each answer out once per content version: asked before the edit, it
    // must still see the edit after.
    expect(await listedOutOfDate(vacancyId)).toEqual([false, false]);
    // Each board's own advert life: s1jobs ends it in the morning of the expiry date sent (the day
    // after the closing date); NHS Jobs keeps it until it is closed there.
    expect(onS1.advertEnd).toEqual({
      endsOn: inDays(21),
      text: `Ends on s1jobs in the morning of ${inDays(21)} (the expiry date sent)`,
    });
    expect(onNhs.advertEnd).toEqual({
      endsOn: null,
      text: 'Stays on NHS Jobs until it is closed in NHS Jobs',
    });

    const closing = inDays(25);
    const edit = await api('PATCH', `/api/v1/vacancies/${vacancyId}`, {
      title: 'Senior Staff Nurse',
      closingDate: closing,
      salary: { min: 31049, max: 37796, period: 'year', currency: 'GBP', text: 'From £31,049' },
    });
    expect(edit.status).toBe(200);

    const staleS1 = await get(onS1.id);
    const staleNhs = await get(onNhs.id);
    expect(staleS1.outOfDate).toBe(true);
    expect(staleS1.changes).toContainEqual(
      expect.objectContaining({ field: 'title', onBoard: 'Staff Nurse', now: 'Senior Staff Nurse' }),
    );
    expect(staleNhs.outOfDate).toBe(true);
    expect(staleNhs.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'jobTitle', onBoard: 'Staff Nurse', now: 'Senior Staff Nurse' }),
        expect.objectContaining({ field: 'closingDate', now: closing }),
      ]),
    );
    // The recruiter's own salary text on s1jobs wins over the vacancy's new one: no difference there.
    expect(staleS1.changes.map((c) => c.field)).not.toContain('salaryText');
    expect(staleS1.currentFields.title).toBe('Senior Staff Nurse');
    const listed = (await api('GET', `/api/v1/vacancies/${vacancyId}/postings`)).body as { items: Posting[] };
    expect(listed.items.filter((p) => p.outOfDate)).toHaveLength(2);
    expect(await listedOutOfDate(vacancyId)).toEqual([true, true]);

    const all = await api('POST', `/api/v1/vacancies/${vacancyId}/postings/update`);
    expect(all.status).toBe(202);
    expect(all.body).toMatchObject({ updated: 2, skipped: 0 });

    const nowS1 = await until(onS1.id, updated);
    const nowNhs = await until(onNhs.id, updated);
    expect(nowS1.outOfDate).toBe(false);
    expect(nowNhs.outOfDate).toBe(false);
    // The vacancy did not change, the postings did: the list's answers follow them.
    expect(await listedOutOfDate(vacancyId)).toEqual([false, false]);
    expect(nowS1.changes).toEqual([]);
    expect(nowS1.advertEnd?.endsOn).toBe(inDays(26));
    const onBoard = (await job(onS1.externalId))?.fields;
    expect(onBoard?.title).toBe('Senior Staff Nurse');
    expect(onBoard?.salary_text).toBe('Band 5 plus weekend enhancements');
    expect(await draft(onNhs.externalId)).toMatchObject({
      body: { jobTitle: 'Senior Staff Nurse', closingDate: closing },
    });

    // In step now: a second update-all has nothing to do.
    expect((await api('POST', `/api/v1/vacancies/${vacancyId}/postings/update`)).body).toMatchObject({
      updated: 0,
      skipped: 0,
      items: [],
    });
  });

  it("skips a draft published on the board, naming the board's own route, and still updates the rest", async () => {
    const { vacancyId, onS1, onNhs } = await postedOnBoth('STEP-2');
    await fetch(`${t.baseUrl}/sandbox/nhs-jobs/_inspect/drafts/${onNhs.externalId}/publish`, {
      method: 'POST',
    });
    expect((await api('POST', `/api/v1/postings/${onNhs.id}/refresh`)).status).toBe(202);
    await until(onNhs.id, (p) => p.statusText === 'Published in NHS Jobs');

    await api('PATCH', `/api/v1/vacancies/${vacancyId}`, { title: 'Ward Sister' });
    const all = await api('POST', `/api/v1/vacancies/${vacancyId}/postings/update`);
    expect(all.body).toMatchObject({ updated: 1, skipped: 1 });
    const skipped = (all.body as { items: Outcome[] }).items.find((i) => i.postingId === onNhs.id);
    expect(skipped?.reason).toContain(
      'already published in NHS Jobs; edit it there, or copy the vacancy and post the copy',
    );
    await until(onS1.id, updated);
    expect((await job(onS1.externalId))?.fields.title).toBe('Ward Sister');
    expect((await draft(onNhs.externalId))?.body.jobTitle).toBe('Staff Nurse');
  });

  it("starts a single posting's update from the vacancy's current values, never the stale ones", async () => {
    const { vacancyId, onS1 } = await postedOnBoth('STEP-3');
    await api('PATCH', `/api/v1/vacancies/${vacancyId}`, { title: 'Charge Nurse' });
    // Changing one other field sends the vacancy's new title too, never the stale one.
    const patched = await api('PATCH', `/api/v1/postings/${onS1.id}`, { fields: { salaryText: '£30,000' } });
    expect(patched.status).toBe(202);
    await until(onS1.id, updated);
    expect((await job(onS1.externalId))?.fields).toMatchObject({
      title: 'Charge Nurse',
      salary_text: '£30,000',
    });
    expect((await get(onS1.id)).outOfDate).toBe(false);
  });

  it('keeps everything sent on a posting made before overrides were kept, and answers 404 to another organisation', async () => {
    const { vacancyId, onNhs } = await postedOnBoth('STEP-4');
    await t.deps.db.update(postings).set({ overrides: null }).where(eq(postings.id, onNhs.id));
    await api('PATCH', `/api/v1/vacancies/${vacancyId}`, { title: 'Ward Manager' });
    const legacy = await get(onNhs.id);
    expect(legacy.outOfDate).toBe(false);
    expect(legacy.currentFields).toMatchObject({ jobTitle: 'Staff Nurse', payBand: 'BAND_5' });

    const other = await t.organisation('Other Trust');
    const foreign = await t.request(other.token, 'POST', `/api/v1/vacancies/${vacancyId}/postings/update`);
    expect(foreign.status).toBe(404);
  });
});
