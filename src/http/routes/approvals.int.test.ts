import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../../test/support/app.js';
import { mails } from '../../db/schema.js';
import { createApiToken } from '../../services/api-tokens.js';
import type { Actor } from '../../services/deps.js';
import { createPosting } from '../../services/postings/create-posting.js';
import { createUser } from '../../services/users.js';

// Approvals and budgets through the whole pipeline (API, worker, real HTTP to the mounted Reed
// sandbox): a held post reaches the board only once approved, a rejected one never.

type Posting = {
  id: string;
  status: string;
  statusText: string;
  costPence: number | null;
  approval: { reason: string; decision?: { outcome: string; by: string; reason?: string } } | null;
};
type Stored = { ownerRef: string; createCount: number };
type Failure = { error: { code: string; message: string; issues?: { path: string; message: string }[] } };

const DESCRIPTION = `<p>${'Cook fresh meals for residents and lead a small kitchen team in a friendly home. '.repeat(3)}</p>`;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

let t: TestContext;
let org: { id: string; token: string };
let recruiter: string;
let approver: string;
let connectionId: string;

const as = (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
  t.request(token, method, url, body);
const jobs = async () =>
  ((await (await fetch(`${t.baseUrl}/sandbox/reed/_inspect/jobs`)).json()) as { jobs: Stored[] }).jobs;
const onBoard = async (reference: string) => (await jobs()).filter((j) => j.ownerRef === reference);
const posting = async (id: string) => (await as(org.token, 'GET', `/api/v1/postings/${id}`)).body as Posting;
async function until(id: string, done: (p: Posting) => boolean) {
  const end = Date.now() + 60_000;
  for (;;) {
    const p = await posting(id);
    if (done(p)) return p;
    if (Date.now() > end) throw new Error(`posting stayed ${p.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
async function vacancy(reference: string) {
  const created = await as(
    org.token,
    'POST',
    '/api/v1/vacancies',
    validVacancy({ reference, description: DESCRIPTION, closingDate: inDays(20) }),
  );
  const id = (created.body as { id: string }).id;
  expect((await as(org.token, 'POST', `/api/v1/vacancies/${id}/publish`)).status).toBe(200);
  return id;
}
const post = (token: string, vacancyId: string) =>
  as(token, 'POST', `/api/v1/vacancies/${vacancyId}/postings`, { connectionId });
/** An admin's post through the same connection goes out: the worker is running, so a held post's silence means something. */
async function adminPostGoesLive(reference: string) {
  const res = await post(org.token, await vacancy(reference));
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  await until((res.body as Posting).id, (p) => p.status === 'posted');
}

beforeAll(async () => {
  t = await createTestContext({ pipeline: true });
  org = await t.organisation('Approvals Trust');
  recruiter = (await createApiToken(t.deps, org.id, { name: 'recruiter', role: 'recruiter' }, null)).token;
  approver = (await createApiToken(t.deps, org.id, { name: 'approver', role: 'approver' }, null)).token;
  const connection = await as(org.token, 'POST', '/api/v1/connections', {
    board: 'reed',
    name: 'Reed paid',
    settings: {
      clientId: '1001',
      apiKey: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
      username: 'recruiter@demo-agency.example',
      baseUrl: `${t.baseUrl}/sandbox/reed`,
    },
    requiresApproval: true,
    costPence: 12_500,
  });
  expect(connection.status, JSON.stringify(connection.body)).toBe(201);
  connectionId = (connection.body as { id: string }).id;
});
afterAll(async () => t?.close());

describe('a post to a connection that needs approval', { timeout: 120_000 }, () => {
  it('sends nothing to the board until an approver approves it, then goes live once', async () => {
    const vacancyId = await vacancy('HELD-1');
    const held = await post(recruiter, vacancyId);
    expect(held.status, JSON.stringify(held.body)).toBe(202);
    const id = (held.body as Posting).id;
    expect(held.body).toMatchObject({
      status: 'awaiting_approval',
      statusText: 'Waiting for approval before it is sent to Reed',
      costPence: null,
      approval: { reason: 'connection' },
    });
    await adminPostGoesLive('ADMIN-1');
    expect(await onBoard('HELD-1')).toEqual([]);
    expect((await posting(id)).status).toBe('awaiting_approval');

    const list = await as(approver, 'GET', '/api/v1/approvals');
    expect(list.status).toBe(200);
    expect((list.body as { items: unknown[] }).items).toEqual([
      expect.objectContaining({
        postingId: id,
        vacancyReference: 'HELD-1',
        requestedBy: 'API token "recruiter"',
        costPence: 12_500,
      }),
    ]);

    const approved = await as(approver, 'POST', `/api/v1/postings/${id}/approve`);
    expect(approved.status, JSON.stringify(approved.body)).toBe(202);
    expect(approved.body).toMatchObject({
      status: 'queued',
      costPence: 12_500,
      approval: { decision: { outcome: 'approved', by: 'API token "approver"' } },
    });
    await until(id, (p) => p.status === 'posted');
    expect(await onBoard('HELD-1')).toEqual([expect.objectContaining({ createCount: 1 })]);
    expect(((await as(approver, 'GET', '/api/v1/approvals')).body as { items: unknown[] }).items).toEqual([]);
  });

  it('sends nothing ever once rejected, and shows the reason', async () => {
    const vacancyId = await vacancy('HELD-2');
    const id = ((await post(recruiter, vacancyId)).body as Posting).id;
    const empty = await as(approver, 'POST', `/api/v1/postings/${id}/reject`, { reason: ' ' });
    expect(empty.status).toBe(422);
    expect((empty.body as Failure).error.issues).toContainEqual({
      path: 'reason',
      message: 'Give a reason for the rejection',
    });
    const rejected = await as(approver, 'POST', `/api/v1/postings/${id}/reject`, {
      reason: 'No budget for Reed this quarter',
    });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(202);
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      statusText:
        'Rejected by API token "approver": No budget for Reed this quarter; nothing was sent to Reed',
    });
    const late = await as(approver, 'POST', `/api/v1/postings/${id}/approve`);
    expect(late.status).toBe(409);
    await adminPostGoesLive('ADMIN-2');
    expect(await onBoard('HELD-2')).toEqual([]);
    expect((await posting(id)).status).toBe('rejected');
    const log = await as(recruiter, 'GET', `/api/v1/vacancies/${vacancyId}/activity`);
    expect((log.body as { items: { action: string }[] }).items.map((e) => e.action)).toContain(
      'rejected the post to Reed paid: No budget for Reed this quarter',
    );
    // Rejected is final: the vacancy can be posted to the connection again.
    expect((await post(recruiter, vacancyId)).status).toBe(202);
  });

  it('refuses a recruiter’s decision with 403 and a clear message', async () => {
    const id = ((await post(recruiter, await vacancy('HELD-3'))).body as Posting).id;
    for (const [method, url, body] of [
      ['GET', '/api/v1/approvals', undefined],
      ['POST', `/api/v1/postings/${id}/approve`, undefined],
      ['POST', `/api/v1/postings/${id}/reject`, { reason: 'no' }],
    ] as const) {
      const res = await as(recruiter, method, url, body);
      expect(res.status).toBe(403);
      expect((res.body as Failure).error.message).toBe(
        'Only an approver or an administrator can approve or reject a post.',
      );
    }
    expect((await posting(id)).status).toBe('awaiting_approval');
  });

  it('another organisation’s approver cannot see or decide it', async () => {
    const id = ((await post(recruiter, await vacancy('HELD-4'))).body as Posting).id;
    const other = await t.organisation('Other Trust');
    expect((await as(other.token, 'POST', `/api/v1/postings/${id}/approve`)).status).toBe(404);
    const list = await as(other.token, 'GET', '/api/v1/approvals');
    expect((list.body as { items: unknown[] }).items).toEqual([]);
    expect((await posting(id)).status).toBe('awaiting_approval');
  });

  it('holds a recruiter’s batch post the same way', async () => {
    const vacancyId = await vacancy('HELD-BATCH');
    const res = await as(recruiter, 'POST', '/api/v1/postings/batch', {
      items: [{ action: 'post', vacancyId, connectionId }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      succeeded: 1,
      results: [
        { status: 202, posting: { status: 'awaiting_approval', approval: { reason: 'connection' } } },
      ],
    });
  });

  it('an approver’s or admin’s own post needs no approval', async () => {
    const res = await post(approver, await vacancy('OWN-1'));
    expect(res.body).toMatchObject({ status: 'queued', approval: null, costPence: 12_500 });
  });

  it('e-mails the recruiter who posted the decision', async () => {
    const user = await createUser(
      t.deps,
      org.id,
      {
        email: `rec-${Date.now()}@example.org`,
        name: 'Robin Recruiter',
        role: 'recruiter',
        password: 'a long password 123',
      },
      null,
    );
    const actor: Actor = {
      organisationId: org.id,
      role: 'recruiter',
      type: 'user',
      id: user.id,
      label: user.name,
    };
    const held = await createPosting(t.deps, actor, await vacancy('HELD-5'), { connectionId });
    expect(held.status).toBe('awaiting_approval');
    await as(approver, 'POST', `/api/v1/postings/${held.id}/reject`, { reason: 'Use the careers site' });
    const sent = await t.deps.db.select().from(mails).where(eq(mails.to, user.email));
    expect(sent).toEqual([
      expect.objectContaining({
        kind: 'posting_rejected',
        subject: 'Posting rejected: Staff Nurse on Reed paid',
      }),
    ]);
    expect(sent[0]?.text).toContain('Reason: Use the careers site');
  });
});
