import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../../test/support/app.js';
import { postings } from '../../db/schema.js';
import { createApiToken } from '../../services/api-tokens.js';
import { submitApplication } from '../../services/applications/submit-application.js';

// Budgets and the spend report on a pinned clock: no worker runs, so posts stay queued (accepted
// for sending: their cost counts) and the months are the test's own.

type Posting = { id: string; status: string; trackingToken: string; approval: { reason: string } | null };
type Failure = { error: { code: string; message: string; issues?: { path: string; message: string }[] } };

const DESCRIPTION = `<p>${'Cook fresh meals for residents and lead a small kitchen team in a friendly home. '.repeat(3)}</p>`;
const PDF = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

let t: TestContext;
let org: { id: string; token: string };
let recruiter: string;
let reed: string;

const as = (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
  t.request(token, method, url, body);
async function vacancy(reference: string) {
  const created = await as(
    org.token,
    'POST',
    '/api/v1/vacancies',
    validVacancy({ reference, description: DESCRIPTION, closingDate: '2027-01-20' }),
  );
  const id = (created.body as { id: string }).id;
  expect((await as(org.token, 'POST', `/api/v1/vacancies/${id}/publish`)).status).toBe(200);
  return id;
}
const post = async (token: string, reference: string) =>
  as(token, 'POST', `/api/v1/vacancies/${await vacancy(reference)}/postings`, { connectionId: reed });
async function apply(vacancyId: string, trackingToken: string, key: string) {
  const result = await submitApplication(
    t.deps,
    { uploadsDir: t.uploadsDir, uploadQuotaBytes: 100 * 1024 * 1024 },
    { organisationId: org.id, vacancyId },
    {
      name: 'Ada Lovelace',
      email: `${key}@example.org`,
      phone: '07700 900982',
      coverNote: '',
      cv: { bytes: PDF, type: 'pdf', originalName: 'cv.pdf' },
      submissionKey: key,
      sourceToken: trackingToken,
    },
  );
  expect(result.kind).toBe('stored');
}

beforeAll(async () => {
  t = await createTestContext();
  org = await t.organisation('Spend Trust');
  recruiter = (await createApiToken(t.deps, org.id, { name: 'recruiter', role: 'recruiter' }, null)).token;
  const connection = await as(org.token, 'POST', '/api/v1/connections', {
    board: 'reed',
    name: 'Reed',
    settings: {
      clientId: '1001',
      apiKey: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
      username: 'recruiter@demo-agency.example',
    },
    costPence: 5_000,
    monthlyBudgetPence: 12_000,
  });
  expect(connection.status, JSON.stringify(connection.body)).toBe(201);
  reed = (connection.body as { id: string }).id;
});
afterAll(async () => t?.close());

describe('a monthly budget', () => {
  let first: Posting;
  let second: Posting;
  let approvedLater: Posting;

  it('refuses a post that would go over it, on the connection field, and queues nothing', async () => {
    t.clock.set('2026-11-10T09:00:00Z');
    first = (await post(recruiter, 'SP-1')).body as Posting;
    second = (await post(recruiter, 'SP-2')).body as Posting;
    expect([first.status, second.status]).toEqual(['queued', 'queued']);
    const over = await post(recruiter, 'SP-3');
    expect(over.status).toBe(422);
    expect((over.body as Failure).error.message).toBe(
      'This post would take Reed over its monthly budget: £100.00 of £120.00 is spent this month, and a posting costs £50.00.',
    );
    expect((over.body as Failure).error.issues).toEqual([
      { path: 'connectionId', message: 'Over this month’s budget for this connection' },
    ]);
    const admins = await post(org.token, 'SP-3A');
    expect(admins.status).toBe(422);
    const all = await t.deps.db.select().from(postings).where(eq(postings.organisationId, org.id));
    expect(all).toHaveLength(2);
  });

  it('holds it for an approver when the organisation chooses so; an approver’s own post goes', async () => {
    const setting = await as(org.token, 'PATCH', '/api/v1/organisation', { overBudget: 'approve' });
    expect(setting.status, JSON.stringify(setting.body)).toBe(200);
    const held = await post(recruiter, 'SP-4');
    expect(held.status).toBe(202);
    expect(held.body).toMatchObject({
      status: 'awaiting_approval',
      approval: { reason: 'over_budget' },
      statusText: "Waiting for approval: it would take Reed over this month's budget",
    });
    const own = await post(org.token, 'SP-5');
    expect(own.body).toMatchObject({ status: 'queued', approval: null });
    approvedLater = held.body as Posting;
  });

  it('starts again in the next month', async () => {
    t.clock.set('2026-12-01T08:00:00Z');
    const approved = await as(org.token, 'POST', `/api/v1/postings/${approvedLater.id}/approve`);
    expect(approved.body).toMatchObject({ status: 'queued', costPence: 5_000 });
    const res = await post(recruiter, 'SP-6');
    expect(res.body).toMatchObject({ status: 'queued' });
  });

  it('reports spend per board, month and vacancy, and cost per application', async () => {
    // A posting that failed before the board ever held it costs nothing.
    await t.deps.db
      .update(postings)
      .set({ status: 'failed' })
      .where(and(eq(postings.id, second.id), eq(postings.organisationId, org.id)));
    const firstVacancy = (await as(org.token, 'GET', `/api/v1/postings/${first.id}`)).body as {
      vacancyId: string;
    };
    await apply(firstVacancy.vacancyId, first.trackingToken, 'a1');
    await apply(firstVacancy.vacancyId, first.trackingToken, 'a2');
    await apply(firstVacancy.vacancyId, 'unknown-token', 'a3');

    const res = await as(org.token, 'GET', '/api/v1/reports/spend?from=2026-11-01&to=2027-01-01');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      from: '2026-11-01',
      to: '2027-01-01',
      totalPence: 20_000,
      postings: 4,
      applications: 2,
      byMonth: [
        { month: '2026-11', postings: 2, spendPence: 10_000 },
        { month: '2026-12', postings: 2, spendPence: 10_000 },
      ],
      byBoard: [
        {
          connectionName: 'Reed',
          boardLabel: 'Reed',
          postings: 4,
          spendPence: 20_000,
          applications: 2,
          costPerApplicationPence: 10_000,
        },
      ],
    });
    const byVacancy = (res.body as { byVacancy: { reference: string; spendPence: number }[] }).byVacancy;
    expect(byVacancy.map((v) => v.reference).sort()).toEqual(['SP-1', 'SP-4', 'SP-5', 'SP-6']);

    const november = await as(org.token, 'GET', '/api/v1/reports/spend?from=2026-11-01&to=2026-12-01');
    expect(november.body).toMatchObject({ totalPence: 10_000, postings: 2 });
  });

  it('refuses a period that ends before it starts, on its field', async () => {
    const res = await as(org.token, 'GET', '/api/v1/reports/spend?from=2026-12-01&to=2026-11-01');
    expect(res.status).toBe(422);
    expect((res.body as Failure).error.issues).toEqual([{ path: 'to', message: 'Choose a day after From' }]);
    const bad = await as(org.token, 'GET', '/api/v1/reports/spend?from=yesterday');
    expect(bad.status).toBe(422);
  });

  it('is set by an admin on the connection, a bad amount refused on its field', async () => {
    const bad = await as(org.token, 'PATCH', `/api/v1/connections/${reed}`, { costPence: -5 });
    expect(bad.status).toBe(422);
    expect((bad.body as Failure).error.issues).toContainEqual({
      path: 'costPence',
      message: 'Cost per posting cannot be negative',
    });
    const byRecruiter = await as(recruiter, 'PATCH', `/api/v1/connections/${reed}`, {
      monthlyBudgetPence: null,
    });
    expect(byRecruiter.status).toBe(403);
    const cleared = await as(org.token, 'PATCH', `/api/v1/connections/${reed}`, { monthlyBudgetPence: null });
    expect(cleared.body).toMatchObject({
      costPence: 5_000,
      monthlyBudgetPence: null,
      requiresApproval: false,
    });
  });

  it('shows another organisation nothing of it', async () => {
    const other = await t.organisation('Other Spend Trust');
    const res = await as(other.token, 'GET', '/api/v1/reports/spend?from=2026-11-01&to=2027-01-01');
    expect(res.body).toMatchObject({ totalPence: 0, byBoard: [], byMonth: [], byVacancy: [] });
  });
});
