import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../../test/support/app.js';
import { teachingVacanciesBoard as board } from './index.js';

// Teaching Vacancies through the whole pipeline (API, worker, real HTTP to the mounted sandbox).

type Posting = {
  id: string;
  status: string;
  externalId: string | null;
  lastError?: unknown;
  attempts?: { action: string; outcome: string }[];
};

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('Teaching Vacancies through the posting pipeline', () => {
  let t: TestContext;
  let token: string;
  let connectionId: string;
  let sandboxRoot: string;
  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
    t.request(token, method, url, body);
  const faults = (body: unknown) =>
    fetch(`${sandboxRoot}/_faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const adverts = async (reference: string) =>
    (await board.sandbox.adverts(sandboxRoot)).filter((a) => a.reference === reference);
  const until = async (id: string, done: (p: Posting) => boolean) => {
    const end = Date.now() + 15_000;
    for (;;) {
      const posting = (await api('GET', `/api/v1/postings/${id}`)).body as Posting;
      if (done(posting)) return posting;
      if (Date.now() > end)
        throw new Error(`posting stayed ${posting.status}: ${JSON.stringify(posting.lastError)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const post = async (reference: string, title: string) => {
    const created = await api(
      'POST',
      '/api/v1/vacancies',
      validVacancy({ reference, title, closingDate: inDays(20) }),
    );
    const vacancyId = (created.body as { id: string }).id;
    expect((await api('POST', `/api/v1/vacancies/${vacancyId}/publish`)).status).toBe(200);
    const posted = await api('POST', `/api/v1/vacancies/${vacancyId}/postings`, {
      connectionId,
      fields: { jobRoles: ['teacher'] },
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(202);
    return { vacancyId, postingId: (posted.body as Posting).id };
  };

  beforeAll(async () => {
    t = await createTestContext({ pipeline: true });
    token = (await t.organisation('Oak Trust')).token;
    sandboxRoot = `${t.baseUrl}/sandbox/teaching-vacancies`;
    const connection = await api('POST', '/api/v1/connections', {
      board: 'teaching-vacancies',
      name: 'Teaching Vacancies',
      settings: board.sandbox.demoSettings(sandboxRoot),
    });
    expect(connection.status, JSON.stringify(connection.body)).toBe(201);
    connectionId = (connection.body as { id: string }).id;
  });
  afterAll(async () => t?.close());

  it('is listed with its settings (the API key a secret) and its posting fields', async () => {
    const res = await api('GET', '/api/v1/boards');
    const items = (res.body as { items: Record<string, unknown>[] }).items;
    const tv = items.find((b) => b.id === board.id) as {
      connectionSettings: { properties: Record<string, unknown>; 'x-postroom': { secrets: string[] } };
      postingFields: { properties: Record<string, unknown> };
    };
    expect(Object.keys(tv.connectionSettings.properties)).toEqual(
      expect.arrayContaining(['apiKey', 'environment', 'baseUrl', 'schools', 'phases']),
    );
    expect(tv.connectionSettings['x-postroom'].secrets).toEqual(['apiKey']);
    expect(Object.keys(tv.postingFields.properties)).toEqual(
      expect.arrayContaining(['title', 'jobRoles', 'phases', 'schools', 'subjects', 'visaSponsorship']),
    );
  });

  it('posts, updates and closes an advert, each change arriving at Teaching Vacancies', async () => {
    const { vacancyId, postingId } = await post('TV-1', 'Year 3 Teacher');
    const live = await until(postingId, (p) => p.status === 'posted');
    expect((await api('PATCH', `/api/v1/postings/${live.id}`, { fields: { salary: 'UPS' } })).status).toBe(
      202,
    );
    await until(live.id, (p) => p.status === 'posted' && (p.attempts?.length ?? 0) >= 2);
    const [advert] = await adverts('TV-1');
    expect(advert).toMatchObject({ id: live.externalId, status: 'open', createCount: 1 });
    expect(advert?.body.salary).toBe('UPS');
    expect(advert?.body.phases).toEqual(['primary']);
    expect((await api('POST', `/api/v1/vacancies/${vacancyId}/close`)).status).toBe(200);
    await until(live.id, (p) => p.status === 'closed');
    expect((await adverts('TV-1'))[0]?.status).toBe('closed');
  });

  it('a lost create answer is settled by looking the advert up: posted, and one advert', async () => {
    await faults({ resetRate: 1 });
    const { postingId } = await post('TV-2', 'Year 4 Teacher');
    await until(postingId, (p) => (p.attempts?.length ?? 0) >= 1);
    await faults({});
    const posted = await until(postingId, (p) => p.status === 'posted');
    // Never a second create: the look-up found the advert the lost answer was about.
    const actions = posted.attempts?.map((a) => a.action) ?? [];
    expect(actions[0]).toBe('create');
    expect(actions.filter((a) => a === 'create')).toHaveLength(1);
    expect(actions).toContain('lookup');
    const stored = await adverts('TV-2');
    expect(stored).toHaveLength(1);
    expect(posted.externalId).toBe(stored[0]?.id);
  });

  it("an update of an advert deleted on Teaching Vacancies closes the posting, in the board's words", async () => {
    const { postingId } = await post('TV-4', 'Year 6 Teacher');
    const live = await until(postingId, (p) => p.status === 'posted');
    // Someone deletes the advert on Teaching Vacancies itself, with the same key.
    const { apiKey, baseUrl } = board.sandbox.demoSettings(sandboxRoot) as {
      apiKey: string;
      baseUrl: string;
    };
    const deleted = await fetch(`${baseUrl}/vacancies/${live.externalId}`, {
      method: 'DELETE',
      headers: { 'x-api-key': apiKey },
    });
    expect(deleted.status).toBe(204);
    expect((await api('PATCH', `/api/v1/postings/${live.id}`, { fields: { salary: 'MPS' } })).status).toBe(
      202,
    );
    const closed = await until(live.id, (p) => p.status === 'closed');
    expect(JSON.stringify(closed.lastError)).toContain('no longer on Teaching Vacancies');
  });

  it('waits out a 429 and posts: the posting does not fail', async () => {
    await faults({ rateLimitRate: 1, retryAfterSeconds: 1 });
    const { postingId } = await post('TV-3', 'Year 5 Teacher');
    const waiting = await until(postingId, (p) => p.status === 'retrying');
    expect(JSON.stringify(waiting.lastError)).toContain('slow down');
    await faults({});
    const posted = await until(postingId, (p) => p.status === 'posted');
    expect(posted.externalId).toBe((await adverts('TV-3'))[0]?.id);
  });
});
