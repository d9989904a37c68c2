import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../src/boards/s1jobs/fields.js';
import { ukDate } from '../src/domain/vacancy.js';
import { createTestContext, type TestContext, validVacancy } from './support/app.js';

// s1jobs through the whole pipeline: what the board ends up with, and the proof Postroom keeps.

type Exchange = {
  method: string;
  status: number | null;
  requestHeaders?: Record<string, string>;
  requestBody: unknown;
};
type Posting = {
  id: string;
  status: string;
  externalId: string | null;
  attempts?: { action: string; outcome: string; exchanges: Exchange[] }[];
};
type Job = { id: string; etag: string; fields: Record<string, unknown> };

const CREDENTIALS = { username: 'demo-api', password: 'demo-secret' };

let t: TestContext;
let token: string;
let s1: string;

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
  t.request(token, method, url, body);
const board = (path: string, init?: RequestInit) => fetch(`${t.baseUrl}/sandbox/s1jobs${path}`, init);
const job = async (id: string | null) => {
  const { jobs } = (await (await board('/_inspect/jobs')).json()) as { jobs: Job[] };
  return jobs.find((j) => j.id === id);
};

/** Polls the posting until `done` holds (the worker runs in the background). */
async function until(id: string, done: (p: Posting) => boolean): Promise<Posting> {
  const end = Date.now() + 15_000;
  for (;;) {
    const posting = (await api('GET', `/api/v1/postings/${id}`)).body as Posting;
    if (done(posting)) return posting;
    if (Date.now() > end) throw new Error(`posting ${id} stayed ${posting.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  t = await createTestContext({ pipeline: true });
  token = (await t.organisation('Clyde Health')).token;
  const connection = await api('POST', '/api/v1/connections', {
    board: 's1jobs',
    name: 's1jobs',
    settings: { ...CREDENTIALS, baseUrl: `${t.baseUrl}/sandbox/s1jobs` },
  });
  s1 = (connection.body as { id: string }).id;
});
afterAll(async () => t.close());

describe('s1jobs through the pipeline', () => {
  it("keeps an edit made on s1jobs when Postroom's update meets a stale ETag, and proves it with the headers", async () => {
    const closingDate = addDays(ukDate(new Date()), 10);
    const created = await api(
      'POST',
      '/api/v1/vacancies',
      validVacancy({ reference: 'S1-EDIT', closingDate, category: 'Nursing' }),
    );
    const vacancyId = (created.body as { id: string }).id;
    expect((await api('POST', `/api/v1/vacancies/${vacancyId}/publish`)).status).toBe(200);
    const posted = await api('POST', `/api/v1/vacancies/${vacancyId}/postings`, { connectionId: s1 });
    expect(posted.status).toBe(202);
    const live = await until((posted.body as Posting).id, (p) => p.status === 'posted');

    // The board closes the advert in the morning of expiry_date: it is the day after the closing date.
    const stored = await job(live.externalId);
    expect(stored?.fields.expiry_date).toBe(addDays(closingDate, 1));
    expect(stored?.fields).not.toHaveProperty('site');

    // Someone edits the description on s1jobs itself: the board's ETag moves on.
    const edit = await board(`/api/job/${live.externalId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'if-match': stored?.etag ?? '' },
      body: JSON.stringify({ ...CREDENTIALS, description: '<p>Edited on s1jobs.</p>' }),
    });
    expect(edit.status).toBe(200);

    const update = await api('PATCH', `/api/v1/postings/${live.id}`, {
      fields: { title: 'Senior Staff Nurse' },
    });
    expect(update.status).toBe(202);
    const updated = await until(
      live.id,
      (p) => p.status === 'posted' && p.attempts?.some((a) => a.action === 'update') === true,
    );

    expect((await job(live.externalId))?.fields).toMatchObject({
      title: 'Senior Staff Nurse',
      description: '<p>Edited on s1jobs.</p>',
    });

    // The proof: the stale If-Match refused, the ETag re-read, the change alone sent with the fresh one.
    const exchanges = updated.attempts?.find((a) => a.action === 'update')?.exchanges ?? [];
    expect(exchanges.map((e) => [e.method, e.status])).toEqual([
      ['PATCH', 428],
      ['GET', 200],
      ['PATCH', 200],
    ]);
    const [stale, , fresh] = exchanges;
    expect(stale?.requestHeaders?.['if-match']).toBe(stored?.etag);
    expect(fresh?.requestHeaders?.['if-match']).toMatch(/^[0-9a-f]{40}$/);
    expect(fresh?.requestHeaders?.['if-match']).not.toBe(stored?.etag);
    expect(fresh?.requestHeaders?.['content-type']).toBe('application/json');
    expect(fresh?.requestBody).toEqual({
      username: 'demo-api',
      password: '[redacted]',
      title: 'Senior Staff Nurse',
    });
    expect(JSON.stringify(updated.attempts)).not.toContain('demo-secret');
  });
});
