import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postings } from '../src/db/schema.js';
import { runSweep } from '../src/jobs/sweep.js';
import { createApiToken } from '../src/services/api-tokens.js';
import { createTestContext, type TestContext, validVacancy } from './support/app.js';

type Posting = {
  id: string;
  vacancyId: string;
  status: string;
  externalId: string | null;
  fields: Record<string, unknown>;
  overrides: Record<string, unknown>;
  advertEnd: { endsOn: string | null } | null;
  renewal: { warning: string | null; canRenew: boolean; text: string | null };
  autoRenew: boolean;
  renewedFrom: string | null;
  attempts?: { action: string; outcome: string }[];
};
type Job = { id: string; status: string; fields: Record<string, unknown> };

const DAY = 86_400_000;
const ukDay = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(at);
const inDays = (days: number) => ukDay(new Date(Date.now() + days * DAY));
const shortDay = (day: string) =>
  new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });

let t: TestContext;
let org: { id: string; token: string };
let s1: string;

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
  t.request(org.token, method, url, body);
const put = async (url: string, body: unknown) =>
  t.app.inject({
    method: 'PUT',
    url,
    headers: { authorization: `Bearer ${org.token}`, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
const get = async (id: string) => (await api('GET', `/api/v1/postings/${id}`)).body as Posting;
const jobs = async () =>
  ((await (await fetch(`${t.baseUrl}/sandbox/s1jobs/_inspect/jobs`)).json()) as { jobs: Job[] }).jobs;

async function until(id: string, done: (p: Posting) => boolean, timeoutMs = 15_000): Promise<Posting> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const posting = await get(id);
    if (done(posting)) return posting;
    if (Date.now() > end) throw new Error(`posting ${id} stayed ${posting.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const faults = async (set: Record<string, number>) => {
  const response = await fetch(`${t.baseUrl}/sandbox/s1jobs/_faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(set),
  });
  expect(response.status).toBe(200);
};

/** The postings of a vacancy on s1jobs that renew the given one. */
const renewalsOf = (id: string) => t.database.db.select().from(postings).where(eq(postings.renewedFrom, id));

/** Seeds the advert as posted `days` ago: s1jobs keeps it 28 days, so it then ends in 28 - days days. */
const postedDaysAgo = (id: string, days: number) =>
  t.database.db
    .update(postings)
    .set({ postedAt: new Date(Date.now() - days * DAY) })
    .where(eq(postings.id, id));

/** A live vacancy closing in 40 days, posted to s1jobs with an override, and its posting once posted. */
async function postedOnS1jobs(reference: string, closingInDays = 40, connectionId = s1): Promise<Posting> {
  const created = await api(
    'POST',
    '/api/v1/vacancies',
    validVacancy({ reference, closingDate: inDays(closingInDays) }),
  );
  const vacancyId = (created.body as { id: string }).id;
  expect((await api('POST', `/api/v1/vacancies/${vacancyId}/publish`)).status).toBe(200);
  const posted = await api('POST', `/api/v1/vacancies/${vacancyId}/postings`, {
    connectionId,
    fields: { coreSkill: 'Medical / Dental / Health Care', specialisms: ['Nursing'], salaryText: 'Band 5' },
  });
  expect(posted.status).toBe(202);
  return until((posted.body as Posting).id, (p) => p.status === 'posted');
}

beforeAll(async () => {
  t = await createTestContext({ pipeline: true });
  org = await t.organisation('Renewal Trust');
  const a = await api('POST', '/api/v1/connections', {
    board: 's1jobs',
    name: 's1jobs',
    settings: { username: 'demo-api', password: 'demo-secret', baseUrl: `${t.baseUrl}/sandbox/s1jobs` },
  });
  s1 = (a.body as { id: string }).id;
});
afterAll(async () => t.close());

describe('renewing an s1jobs advert before its 28 days end', () => {
  it('warns near the end, and renewing (asked twice) closes the old advert and posts exactly one new one', async () => {
    const first = await postedOnS1jobs('RENEW-1');
    expect(first.renewal.warning).toBeNull();
    await postedDaysAgo(first.id, 25);
    const near = await get(first.id);
    const endsOn = near.advertEnd?.endsOn ?? '';
    expect(endsOn).toBe(inDays(3));
    expect(near.renewal).toMatchObject({
      warning: `The s1jobs advert ends on ${shortDay(endsOn)}; the vacancy closes on ${shortDay(inDays(40))}`,
      canRenew: true,
    });

    // A double click: both answer with the same renewal.
    const [a, b] = await Promise.all([
      api('POST', `/api/v1/postings/${first.id}/renew`),
      api('POST', `/api/v1/postings/${first.id}/renew`),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    const renewal = a.body as Posting;
    expect((b.body as Posting).id).toBe(renewal.id);
    expect(renewal.renewedFrom).toBe(first.id);
    expect(renewal.overrides).toEqual(first.overrides);
    expect(renewal.overrides).toMatchObject({ salaryText: 'Band 5' });
    expect(await renewalsOf(first.id)).toHaveLength(1);

    const posted = await until(renewal.id, (p) => p.status === 'posted');
    const old = await until(first.id, (p) => p.status === 'closed');
    expect(posted.externalId).not.toBe(old.externalId);
    const held = await jobs();
    expect(held.find((j) => j.id === old.externalId)?.status).toBe('closed');
    const fresh = held.filter((j) => j.id === posted.externalId);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).toMatchObject({
      status: 'live',
      fields: expect.objectContaining({ salary_text: 'Band 5' }),
    });
    // The new advert has its full 28 days again.
    expect(posted.advertEnd?.endsOn).toBe(inDays(28));
    expect(posted.renewal.warning).toBeNull();

    const again = await api('POST', `/api/v1/postings/${first.id}/renew`);
    expect((again.body as Posting).id).toBe(renewal.id);
    const log = await api('GET', `/api/v1/vacancies/${first.vacancyId}/activity`);
    const actions = (log.body as { items: { action: string }[] }).items.map((i) => i.action);
    expect(actions.filter((x) => x === 'renewed on s1jobs')).toHaveLength(1);
  });

  it('finds the renewal, not the old advert with the same reference, when the answer to its create is lost', async () => {
    const first = await postedOnS1jobs('RENEW-5');
    await postedDaysAgo(first.id, 25);
    // s1jobs stores the job, then the connection drops before it answers.
    await faults({ resetRate: 1 });
    const renewal = (await api('POST', `/api/v1/postings/${first.id}/renew`)).body as Posting;
    await until(
      renewal.id,
      (p) => p.attempts?.some((a) => a.action === 'create' && a.outcome === 'unknown') === true,
    );
    await faults({});

    const posted = await until(renewal.id, (p) => p.status === 'posted');
    expect(posted.attempts?.filter((a) => a.action === 'create')).toHaveLength(1);
    expect(posted.attempts?.some((a) => a.action === 'lookup' && a.outcome === 'succeeded')).toBe(true);
    const old = await until(first.id, (p) => p.status === 'closed');
    expect(posted.externalId).not.toBe(old.externalId);
    const withReference = (await jobs()).filter((j) => j.fields.reference === 'RENEW-5');
    expect(withReference.map((j) => [j.id, j.status]).sort()).toEqual(
      [
        [old.externalId, 'closed'],
        [posted.externalId, 'live'],
      ].sort(),
    );
  });

  it('renews as a new post: charged at the connection’s cost, and only by someone who may post there without approval', async () => {
    const paid = await api('POST', '/api/v1/connections', {
      board: 's1jobs',
      name: 's1jobs approved',
      settings: { username: 'demo-api', password: 'demo-secret', baseUrl: `${t.baseUrl}/sandbox/s1jobs` },
      requiresApproval: true,
      costPence: 900,
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    const first = await postedOnS1jobs('RENEW-6', 40, (paid.body as { id: string }).id);
    await postedDaysAgo(first.id, 25);
    const recruiter = (await createApiToken(t.deps, org.id, { name: 'recruiter', role: 'recruiter' }, null))
      .token;

    const refused = await t.request(recruiter, 'POST', `/api/v1/postings/${first.id}/renew`);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      error: {
        message:
          'A new post on s1jobs approved needs an approver, and renewing posts the advert again: ask an approver or an administrator to renew it.',
      },
    });
    expect(await renewalsOf(first.id)).toHaveLength(0);
    expect((await get(first.id)).status).toBe('posted');

    const renewed = await api('POST', `/api/v1/postings/${first.id}/renew`);
    expect(renewed.status).toBe(202);
    expect(renewed.body).toMatchObject({ status: 'queued', costPence: 900, renewedFrom: first.id });
  });

  it('does not offer to renew an advert that lasts until the vacancy closes', async () => {
    // Closing in 20 days: s1jobs is sent the day after as the expiry date, within its 28 days.
    const first = await postedOnS1jobs('RENEW-4', 20);
    expect(first.advertEnd?.endsOn).toBe(inDays(21));
    expect(first.renewal).toMatchObject({ warning: null, canRenew: false });
    const refused = await api('POST', `/api/v1/postings/${first.id}/renew`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      error: {
        code: 'invalid_state',
        message: 'The advert already stays on the board until the vacancy closes: there is nothing to renew.',
      },
    });
    expect(await renewalsOf(first.id)).toHaveLength(0);
  });

  it('refuses to renew a closed posting, saying why', async () => {
    const first = await postedOnS1jobs('RENEW-2');
    await api('POST', `/api/v1/postings/${first.id}/close`);
    await until(first.id, (p) => p.status === 'closed');
    const refused = await api('POST', `/api/v1/postings/${first.id}/renew`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      error: {
        code: 'invalid_state',
        message: 'Only a posted advert can be renewed; this posting is closed.',
      },
    });
  });

  it('renews automatically once when due, and stops when the vacancy closes', async () => {
    const first = await postedOnS1jobs('RENEW-3');
    const bad = await put(`/api/v1/postings/${first.id}/auto-renew`, { autoRenew: 'yes' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ error: { issues: [expect.objectContaining({ path: 'autoRenew' })] } });
    const on = await put(`/api/v1/postings/${first.id}/auto-renew`, { autoRenew: true });
    expect(on.statusCode).toBe(200);
    expect(on.json()).toMatchObject({
      autoRenew: true,
      attempts: [expect.objectContaining({ action: 'create' })],
    });

    // Not due yet (ends in 3 days): the pass leaves it.
    await postedDaysAgo(first.id, 25);
    await runSweep(t.deps, { statusPollMs: 3_600_000 });
    expect(await renewalsOf(first.id)).toHaveLength(0);

    // Ends tomorrow: renewed once, however many passes run.
    await postedDaysAgo(first.id, 27);
    await runSweep(t.deps, { statusPollMs: 3_600_000 });
    await runSweep(t.deps, { statusPollMs: 3_600_000 });
    const [renewal] = await renewalsOf(first.id);
    expect(await renewalsOf(first.id)).toHaveLength(1);
    const posted = await until(renewal!.id, (p) => p.status === 'posted');
    expect(posted.autoRenew).toBe(true);
    await until(first.id, (p) => p.status === 'closed');

    // The vacancy closes: its advert is closed, and nothing renews it again.
    await postedDaysAgo(posted.id, 27);
    expect((await api('POST', `/api/v1/vacancies/${first.vacancyId}/close`)).status).toBe(200);
    await runSweep(t.deps, { statusPollMs: 3_600_000 });
    expect(await renewalsOf(posted.id)).toHaveLength(0);
    await until(posted.id, (p) => p.status === 'closed');
  });
});
