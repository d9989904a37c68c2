import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../../test/support/app.js';
import { findBoard } from '../registry.js';
import { SANDBOXES } from '../sandboxes.js';

// Reed through the whole pipeline (API, worker, real HTTP to the mounted sandbox). It runs once the
// board is registered (src/boards/registry.ts) and its sandbox mounted (src/boards/sandboxes.ts).
const registered = findBoard('reed') !== undefined && 'reed' in SANDBOXES;

type Posting = {
  id: string;
  status: string;
  externalId: string | null;
  uncertainReason: string | null;
  attempts?: { action: string; outcome: string }[];
};
type Stored = {
  id: string;
  ownerRef: string;
  status: string;
  createCount: number;
  values: Record<string, unknown>;
};

const DESCRIPTION = `<p>${'Cook fresh meals for residents and lead a small kitchen team in a friendly home. '.repeat(3)}</p>`;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe.runIf(registered)('Reed through the posting pipeline', () => {
  let t: TestContext;
  let token: string;
  let connectionId: string;
  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
    t.request(token, method, url, body);
  const sandbox = (path: string, body?: unknown) =>
    fetch(`${t.baseUrl}/sandbox/reed${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const jobs = async () => ((await (await sandbox('/_inspect/jobs')).json()) as { jobs: Stored[] }).jobs;
  const until = async (id: string, done: (p: Posting) => boolean) => {
    const end = Date.now() + 15_000;
    for (;;) {
      const posting = (await api('GET', `/api/v1/postings/${id}`)).body as Posting;
      if (done(posting)) return posting;
      if (Date.now() > end) throw new Error(`posting stayed ${posting.status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const vacancy = async (reference: string) => {
    const created = await api(
      'POST',
      '/api/v1/vacancies',
      validVacancy({ reference, description: DESCRIPTION, closingDate: inDays(20) }),
    );
    const id = (created.body as { id: string }).id;
    expect((await api('POST', `/api/v1/vacancies/${id}/publish`)).status).toBe(200);
    return id;
  };

  beforeAll(async () => {
    t = await createTestContext({ pipeline: true });
    token = (await t.organisation('Reed Pipeline')).token;
    const connection = await api('POST', '/api/v1/connections', {
      board: 'reed',
      name: 'Reed',
      settings: {
        clientId: '1001',
        apiKey: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
        username: 'recruiter@demo-agency.example',
        baseUrl: `${t.baseUrl}/sandbox/reed`,
      },
    });
    expect(connection.status).toBe(201);
    connectionId = (connection.body as { id: string }).id;
  });
  afterAll(async () => t?.close());

  it('posts, updates and closes an advert, each change arriving at Reed', async () => {
    const vacancyId = await vacancy('REED-1');
    const posted = await api('POST', `/api/v1/vacancies/${vacancyId}/postings`, { connectionId });
    expect(posted.status).toBe(202);
    const live = await until((posted.body as Posting).id, (p) => p.status === 'posted');
    const patch = { fields: { title: 'Senior Head Chef' } };
    expect((await api('PATCH', `/api/v1/postings/${live.id}`, patch)).status).toBe(202);
    await until(live.id, (p) => p.status === 'posted' && (p.attempts?.length ?? 0) >= 2);
    const [job] = (await jobs()).filter((j) => j.ownerRef === 'REED-1');
    expect(job).toMatchObject({ id: live.externalId, status: 'live', createCount: 1 });
    expect(job?.values.title).toBe('Senior Head Chef');
    expect((await api('POST', `/api/v1/vacancies/${vacancyId}/close`)).status).toBe(200);
    await until(live.id, (p) => p.status === 'closed');
    expect((await jobs()).find((j) => j.ownerRef === 'REED-1')?.status).toBe('ended');
  });

  it('an update changing the advert type is flagged as costing a credit before it is sent, and still goes', async () => {
    const vacancyId = await vacancy('REED-CREDIT');
    const posted = await api('POST', `/api/v1/vacancies/${vacancyId}/postings`, { connectionId });
    const live = await until((posted.body as Posting).id, (p) => p.status === 'posted');
    const fields = { productId: 'standard' };
    const preview = await api('POST', `/api/v1/vacancies/${vacancyId}/postings/preview`, {
      connectionId,
      fields,
      postingId: live.id,
    });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    const body = preview.body as {
      issues: { path: string; severity: string; message: string }[];
      blocked: boolean;
    };
    expect(body.issues).toContainEqual({
      path: 'fields.productId',
      severity: 'warning',
      message: 'Reed charges a credit to change the advert type',
    });
    // The posting's own reference is not taken for an earlier posting's.
    expect(body.issues.filter((i) => i.path === 'fields.reference')).toEqual([]);
    expect(body.blocked).toBe(false);
    // A new posting's preview (no postingId) knows nothing of a change: no credit warning.
    const fresh = await api('POST', `/api/v1/vacancies/${vacancyId}/postings/preview`, {
      connectionId,
      fields,
    });
    const freshIssues = (fresh.body as { issues: { path: string }[] }).issues;
    expect(freshIssues.filter((i) => i.path === 'fields.productId')).toEqual([]);

    expect((await api('PATCH', `/api/v1/postings/${live.id}`, { fields })).status).toBe(202);
    await until(live.id, (p) => p.status === 'posted' && (p.attempts?.length ?? 0) >= 2);
  });

  it('a lost create answer (the connection dropped after Reed stored it) leaves the posting uncertain, never a second advert', async () => {
    const vacancyId = await vacancy('REED-2');
    await sandbox('/_faults', { resetRate: 1 });
    const posted = await api('POST', `/api/v1/vacancies/${vacancyId}/postings`, { connectionId });
    const uncertain = await until((posted.body as Posting).id, (p) => p.status === 'uncertain');
    await sandbox('/_faults', {});
    expect(uncertain.uncertainReason).toMatch(
      /Reed may have created it, and Reed has no way to find an advert by its reference/,
    );
    expect(uncertain.uncertainReason).toMatch(/reference REED-2/);
    expect((await jobs()).filter((j) => j.ownerRef === 'REED-2')).toHaveLength(1);
    expect(uncertain.attempts?.map((a) => a.action)).toEqual(['create', 'lookup']);
  });
});
