import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../../test/support/app.js';
import { googleForJobsBoard } from './index.js';

// Google for Jobs through the whole pipeline (API, worker, real HTTP to the mounted sandbox):
// URL_UPDATED when posted and when the vacancy changes, URL_DELETED when it closes.

type Posting = { id: string; status: string; externalId: string | null; attempts?: { action: string }[] };
type Notified = { url: string; createCount: number; updates: number; removes: number };

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('Google for Jobs through the posting pipeline', () => {
  let t: TestContext;
  let token: string;
  let slug: string;
  let connectionId: string;
  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
    t.request(token, method, url, body);
  const notified = async () =>
    (
      (await (await fetch(`${t.baseUrl}/sandbox/google-for-jobs/_inspect/urls`)).json()) as {
        urls: Notified[];
      }
    ).urls;
  const until = async (id: string, done: (p: Posting) => boolean) => {
    const end = Date.now() + 15_000;
    for (;;) {
      const posting = (await api('GET', `/api/v1/postings/${id}`)).body as Posting;
      if (done(posting)) return posting;
      if (Date.now() > end) throw new Error(`posting stayed ${posting.status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    t = await createTestContext({ pipeline: true });
    const org = await t.organisation('Google Pipeline');
    token = org.token;
    slug = org.slug;
    const connection = await api('POST', '/api/v1/connections', {
      board: 'google-for-jobs',
      name: 'Google',
      // The demo's settings, as the demo organisation gets them (no site URL).
      settings: googleForJobsBoard.sandbox.demoSettings(`${t.baseUrl}/sandbox/google-for-jobs`),
    });
    expect(connection.status).toBe(201);
    connectionId = (connection.body as { id: string }).id;
  });
  afterAll(async () => t?.close());

  it('announces the advert page, announces it again after an edit, and withdraws it on close', async () => {
    const created = await api(
      'POST',
      '/api/v1/vacancies',
      validVacancy({ reference: 'GFJ-1', closingDate: inDays(20) }),
    );
    const vacancyId = (created.body as { id: string }).id;
    const early = await api('POST', `/api/v1/vacancies/${vacancyId}/postings`, { connectionId });
    expect(early.status).toBe(409);
    expect(JSON.stringify(early.body)).toContain('Publish the vacancy on the careers site first');
    expect((await api('POST', `/api/v1/vacancies/${vacancyId}/publish`)).status).toBe(200);
    const posted = await api('POST', `/api/v1/vacancies/${vacancyId}/postings`, { connectionId });
    expect(posted.status, JSON.stringify(posted.body)).toBe(202);
    const url = `http://localhost:3000/careers/${slug}/GFJ-1`;
    const live = await until((posted.body as Posting).id, (p) => p.status === 'posted');
    expect(live.externalId).toBe(url);
    expect((await notified()).find((n) => n.url === url)).toMatchObject({
      createCount: 1,
      updates: 1,
      removes: 0,
    });

    expect(
      (await api('PATCH', `/api/v1/vacancies/${vacancyId}`, { title: 'Senior Staff Nurse' })).status,
    ).toBe(200);
    const outOfDate = (await api('GET', `/api/v1/postings/${live.id}`)).body as { outOfDate?: boolean };
    // The advert page changed: the posting is out of date, and an update tells Google again.
    expect(outOfDate.outOfDate).toBe(true);
    expect((await api('PATCH', `/api/v1/postings/${live.id}`, { fields: {} })).status).toBe(202);
    await until(live.id, (p) => p.status === 'posted' && (p.attempts?.length ?? 0) >= 2);
    expect((await notified()).find((n) => n.url === url)).toMatchObject({ createCount: 1, updates: 2 });

    expect((await api('POST', `/api/v1/vacancies/${vacancyId}/close`)).status).toBe(200);
    await until(live.id, (p) => p.status === 'closed');
    expect((await notified()).find((n) => n.url === url)).toMatchObject({ removes: 1 });
  });
});
