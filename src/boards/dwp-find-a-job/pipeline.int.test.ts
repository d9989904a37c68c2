import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  FakeClock,
  TEST_WORKER_CONFIG,
  type TestContext,
  validVacancy,
} from '../../../test/support/app.js';
import { runSweep } from '../../jobs/sweep.js';
import type { RunningWorker } from '../../jobs/worker.js';
import { startPostingWorker } from '../../main/worker.js';
import { dwpFindAJobBoard as board } from './index.js';

// DWP Find a job through the whole pipeline: the API, the real worker (on a clock the test moves),
// real SFTP to the mounted sandbox, its import on demand, and the report read back.

type Posting = {
  id: string;
  status: string;
  statusText: string;
  externalId: string | null;
  lastError?: { field?: string; boardMessage?: string; message: string } | null;
  attempts?: { action: string; outcome: string }[];
};

const DAY = 86_400_000;
const start = new Date();
const dayOf = (at: Date) => at.toISOString().slice(0, 10);
const inDays = (days: number) => dayOf(new Date(start.getTime() + days * DAY));

describe('DWP Find a job through the posting pipeline', () => {
  let t: TestContext;
  let token: string;
  let connectionId: string;
  let sandbox: string;
  let worker: RunningWorker;
  const clock = new FakeClock(start);
  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
    t.request(token, method, url, body);
  const control = (path: string, body: unknown = {}) =>
    fetch(`${sandbox}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const advert = async (code: string) => {
    const answer = await fetch(`${sandbox}/_adverts?vacancyRefCode=${encodeURIComponent(code)}`);
    return (
      (await answer.json()) as {
        adverts: { status: string; uploads: number; body: Record<string, string> }[];
      }
    ).adverts[0];
  };
  const until = async (id: string, done: (p: Posting) => boolean) => {
    const end = Date.now() + 20_000;
    for (;;) {
      const posting = (await api('GET', `/api/v1/postings/${id}`)).body as Posting;
      if (done(posting)) return posting;
      if (Date.now() > end)
        throw new Error(`posting stayed ${posting.status}: ${JSON.stringify(posting.lastError)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  /** The sandbox imports on the day the test chose; the posting then reads its report. */
  const importAndRead = async (id: string, day: string) => {
    await control('/_settings', { today: day });
    await control('/_import');
    expect((await api('POST', `/api/v1/postings/${id}/refresh`)).status).toBe(202);
    return until(id, (p) => p.status !== 'sent');
  };
  const post = async (reference: string, closingDate: string) => {
    const created = await api('POST', '/api/v1/vacancies', validVacancy({ reference, closingDate }));
    const vacancyId = (created.body as { id: string }).id;
    expect((await api('POST', `/api/v1/vacancies/${vacancyId}/publish`)).status).toBe(200);
    const posted = await api('POST', `/api/v1/vacancies/${vacancyId}/postings`, { connectionId });
    expect(posted.status, JSON.stringify(posted.body)).toBe(202);
    return { vacancyId, postingId: (posted.body as Posting).id };
  };

  beforeAll(async () => {
    // Each call opens an SSH session: a slow machine needs more than the suite's 1 s per call.
    t = await createTestContext({ pipeline: true, worker: { boardTimeoutMs: 5_000 } });
    // The worker runs on the test's clock, so that an advert's 30 days can pass.
    await t.worker?.stop();
    worker = startPostingWorker({ ...t.deps, clock }, TEST_WORKER_CONFIG);
    token = (await t.organisation('Glasgow Care')).token;
    sandbox = `${t.baseUrl}/sandbox/dwp-find-a-job`;
    await control('/_settings', { importIntervalMs: 0 });
    const connection = await api('POST', '/api/v1/connections', {
      board: board.id,
      name: 'Find a job',
      settings: board.sandbox.demoSettings(sandbox),
    });
    expect(connection.status, JSON.stringify(connection.body)).toBe(201);
    connectionId = (connection.body as { id: string }).id;
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
  });

  it('is listed with its settings (the SFTP password a secret, never shown again)', async () => {
    const items = ((await api('GET', '/api/v1/boards')).body as { items: Record<string, unknown>[] }).items;
    const dwp = items.find((b) => b.id === board.id) as {
      connectionSettings: { properties: Record<string, unknown>; 'x-postroom': { secrets: string[] } };
    };
    expect(Object.keys(dwp.connectionSettings.properties)).toEqual(
      expect.arrayContaining(['host', 'port', 'username', 'password', 'hostKey', 'filePrefix', 'categoryId']),
    );
    expect(dwp.connectionSettings['x-postroom'].secrets).toEqual(['password']);
    const shown = await api('GET', `/api/v1/connections/${connectionId}`);
    expect(JSON.stringify(shown.body)).not.toContain(board.sandbox.demoSettings(sandbox).password as string);
    // The saved password never goes to another SFTP server without being typed again.
    const sftp = (await fetch(`${sandbox}/_sftp`).then((r) => r.json())) as Record<string, unknown>;
    const { baseUrl: _sandbox, ...login } = board.sandbox.demoSettings(sandbox);
    const direct = await api('POST', '/api/v1/connections', {
      board: board.id,
      name: 'Find a job, direct',
      settings: { ...login, ...sftp },
    });
    expect(direct.status, JSON.stringify(direct.body)).toBe(201);
    const directId = (direct.body as { id: string }).id;
    const moved = await api('PATCH', `/api/v1/connections/${directId}`, {
      settings: { host: 'sftp.example.org' },
    });
    expect(moved.status).toBe(422);
    expect(JSON.stringify(moved.body)).toContain('settings.password');
  });

  it('posts (sent, then posted on the report), updates and closes an advert, each seen at Find a job', async () => {
    clock.set(start);
    const { vacancyId, postingId } = await post('DWP-1', inDays(20));
    const sent = await until(postingId, (p) => p.status === 'sent');
    expect(sent.statusText).toMatch(/^Delivered to DWP Find a job/);
    expect(await advert('DWP-1')).toBeUndefined();
    const posted = await importAndRead(postingId, inDays(0));
    expect(posted).toMatchObject({ status: 'posted', externalId: 'DWP-1' });
    expect(await advert('DWP-1')).toMatchObject({
      status: 'live',
      body: { Title: 'Staff Nurse', PostalCode: 'G4 0SF' },
    });

    const patched = await api('PATCH', `/api/v1/postings/${postingId}`, {
      fields: { title: 'Senior Staff Nurse' },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(202);
    await until(postingId, (p) => p.status === 'sent');
    expect(await importAndRead(postingId, inDays(1))).toMatchObject({ status: 'posted' });
    expect(await advert('DWP-1')).toMatchObject({ uploads: 2, body: { Title: 'Senior Staff Nurse' } });

    expect((await api('POST', `/api/v1/vacancies/${vacancyId}/close`)).status).toBe(200);
    await until(postingId, (p) => p.status === 'closed');
    await control('/_import');
    expect(await advert('DWP-1')).toMatchObject({ status: 'closed' });
  });

  it('previews the exact upload file, and refuses a vacancy without what Find a job needs, on its field', async () => {
    const created = await api(
      'POST',
      '/api/v1/vacancies',
      validVacancy({ reference: 'DWP-P', closingDate: inDays(20) }),
    );
    const id = (created.body as { id: string }).id;
    const preview = await api('POST', `/api/v1/vacancies/${id}/postings/preview`, { connectionId });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    const { request } = preview.body as { request: { method: string; url: string; body: string } };
    expect(request.method).toBe('PUT');
    expect(request.body).toContain('<Vacancy vacancyRefCode="DWP-P">');
    expect(request.body).toContain(`<VacancyExpiry>${inDays(20)}</VacancyExpiry>`);
    expect(JSON.stringify(preview.body)).not.toContain(
      board.sandbox.demoSettings(sandbox).password as string,
    );
    const refused = await api('POST', `/api/v1/vacancies/${id}/postings/preview`, {
      connectionId,
      fields: { postcode: 'G4' },
    });
    expect(JSON.stringify(refused.body)).toContain('full UK postcode');
  });

  it("a report rejecting the advert shows DWP's message on the posting's field", async () => {
    clock.set(start);
    const { postingId } = await post('DWP-2', inDays(3));
    await until(postingId, (p) => p.status === 'sent');
    // The daily import runs late, on day 5: the closing date sent is no longer a day ahead.
    const failed = await importAndRead(postingId, inDays(5));
    expect(failed.status).toBe('failed');
    expect(failed.lastError).toMatchObject({
      field: 'closingDate',
      boardMessage: 'Closing date must be between posting/editing date +1 day and posting date +30 days',
    });
    expect(failed.statusText).toContain('Closing date must be between posting/editing date +1 day');
    expect(await advert('DWP-2')).toBeUndefined();

    // Fixed and tried again: a new file, not the refused one found again.
    const retried = await api('POST', `/api/v1/postings/${postingId}/retry`, {
      fields: { closingDate: inDays(20) },
    });
    expect(retried.status, JSON.stringify(retried.body)).toBe(202);
    await until(postingId, (p) => p.status === 'sent');
    expect(await importAndRead(postingId, inDays(5))).toMatchObject({
      status: 'posted',
      externalId: 'DWP-2',
    });
    expect(await advert('DWP-2')).toMatchObject({
      status: 'live',
      uploads: 1,
      body: { VacancyExpiry: inDays(20) },
    });
  });

  it('a 60-day vacancy is re-posted once, under a new code, after its first 30 days', async () => {
    clock.set(start);
    const { postingId } = await post('DWP-3', inDays(60));
    await until(postingId, (p) => p.status === 'sent');
    await importAndRead(postingId, inDays(0));
    const sweepAt = async (day: number) => {
      clock.set(new Date(start.getTime() + day * DAY));
      return runSweep({ ...t.deps, clock }, { statusPollMs: 15 * 60_000 });
    };
    // Still within its 30 days: nothing to do.
    await sweepAt(29);
    expect(((await api('GET', `/api/v1/postings/${postingId}`)).body as Posting).status).toBe('posted');
    // Day 31: the first advert has expired; the vacancy is open until day 60.
    await sweepAt(31);
    const reposted = await until(postingId, (p) => p.status === 'sent');
    expect(reposted.externalId).toBe('DWP-3-1');
    expect(await importAndRead(postingId, inDays(31))).toMatchObject({
      status: 'posted',
      externalId: 'DWP-3-1',
    });
    expect(await advert('DWP-3')).toMatchObject({ status: 'expired' });
    expect(await advert('DWP-3-1')).toMatchObject({ status: 'live', body: { VacancyExpiry: inDays(60) } });
    // The second advert runs to the closing date: no third one.
    await sweepAt(45);
    await sweepAt(60);
    const last = (await api('GET', `/api/v1/postings/${postingId}`)).body as Posting;
    expect(last).toMatchObject({ status: 'posted', externalId: 'DWP-3-1' });
    expect(await advert('DWP-3-2')).toBeUndefined();
  });
});
