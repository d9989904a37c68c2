import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../../test/support/app.js';
import { stepstoneBoard } from './index.js';
import type { SandboxListing } from './sandbox.js';

// StepStone through the whole pipeline: the API, the worker and real HTTP to the mounted sandbox.

type Posting = {
  id: string;
  status: string;
  statusText: string;
  externalId: string | null;
  attempts?: { action: string; outcome: string }[];
};

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const PERSON = {
  essential: { qualifications: ['NMC registration'], experience: [], skills: ['Clinical assessment'] },
  desirable: { qualifications: [], experience: [], skills: [] },
};

describe('StepStone through the posting pipeline', () => {
  let t: TestContext;
  let token: string;
  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
    t.request(token, method, url, body);
  const listings = async (reference: string) =>
    (
      (await (await fetch(`${t.baseUrl}/sandbox/stepstone/_inspect/listings`)).json()) as {
        listings: SandboxListing[];
      }
    ).listings.filter((l) => l.reference.startsWith(reference));
  const until = async (id: string, done: (p: Posting) => boolean) => {
    const end = Date.now() + 20_000;
    for (;;) {
      const posting = (await api('GET', `/api/v1/postings/${id}`)).body as Posting;
      if (done(posting)) return posting;
      if (Date.now() > end) throw new Error(`posting stayed ${posting.status}: ${posting.statusText}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const connect = async (name: string, settings: Record<string, unknown> = {}) => {
    const demo = stepstoneBoard.sandbox.demoSettings(`${t.baseUrl}/sandbox/stepstone`);
    const created = await api('POST', '/api/v1/connections', {
      board: 'stepstone',
      name,
      settings: { ...demo, ...settings },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return (created.body as { id: string }).id;
  };
  const vacancy = async (reference: string) => {
    const created = await api(
      'POST',
      '/api/v1/vacancies',
      validVacancy({ reference, closingDate: inDays(20), personSpecification: PERSON }),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = (created.body as { id: string }).id;
    expect((await api('POST', `/api/v1/vacancies/${id}/publish`)).status).toBe(200);
    return id;
  };

  beforeAll(async () => {
    t = await createTestContext({ pipeline: true });
    token = (await t.organisation('StepStone Pipeline')).token;
  });
  afterAll(async () => t?.close());

  it('posts, updates and closes a listing, then a re-post goes out under a fresh reference', async () => {
    const connectionId = await connect('StepStone');
    const vacancyId = await vacancy('SS-PIPE-1');
    const posted = await api('POST', `/api/v1/vacancies/${vacancyId}/postings`, { connectionId });
    expect(posted.status, JSON.stringify(posted.body)).toBe(202);
    const live = await until((posted.body as Posting).id, (p) => p.status === 'posted');
    expect((await listings('SS-PIPE-1'))[0]).toMatchObject({ listingId: live.externalId, state: 'online' });

    const patch = { fields: { title: 'Senior Staff Nurse' } };
    expect((await api('PATCH', `/api/v1/postings/${live.id}`, patch)).status).toBe(202);
    await until(live.id, (p) => p.status === 'posted' && (p.attempts?.length ?? 0) >= 2);
    expect((await listings('SS-PIPE-1'))[0]?.requests.map((r) => r.action)).toEqual(['INSERT', 'UPDATE']);

    expect((await api('POST', `/api/v1/postings/${live.id}/close`)).status).toBe(202);
    await until(live.id, (p) => p.status === 'closed');
    expect((await listings('SS-PIPE-1'))[0]?.state).toBe('offline');

    // StepStone never takes a reference again, even offline: the preview suggests the next one.
    const preview = await api('POST', `/api/v1/vacancies/${vacancyId}/postings/preview`, { connectionId });
    const fresh = (preview.body as { fields: { reference: string } }).fields.reference;
    expect(fresh).not.toBe('SS-PIPE-1');
    const again = await api('POST', `/api/v1/vacancies/${vacancyId}/postings`, { connectionId });
    expect(again.status, JSON.stringify(again.body)).toBe(202);
    await until((again.body as Posting).id, (p) => p.status === 'posted');
    const both = await listings('SS-PIPE-1');
    expect(both.map((l) => l.reference).sort()).toEqual(['SS-PIPE-1', fresh].sort());
  });

  it('categories are frozen after INSERT: a change is refused on the field and nothing is sent', async () => {
    const connectionId = await connect('StepStone frozen');
    const vacancyId = await vacancy('SS-FROZEN-1');
    const posted = await api('POST', `/api/v1/vacancies/${vacancyId}/postings`, { connectionId });
    const live = await until((posted.body as Posting).id, (p) => p.status === 'posted');
    const sent = (await api('GET', `/api/v1/postings/${live.id}`)).body as {
      fields: Record<string, unknown>;
    };
    const hours = sent.fields.hours === 'part_time' ? 'full_time' : 'part_time';
    const change = { fields: { hours, sectorId: '4242' } };

    const preview = await api('POST', `/api/v1/vacancies/${vacancyId}/postings/preview`, {
      connectionId,
      postingId: live.id,
      ...change,
    });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    const issues = (preview.body as { issues: { path: string; severity: string }[] }).issues;
    expect(
      issues
        .filter((i) => i.severity === 'error')
        .map((i) => i.path)
        .sort(),
    ).toEqual(['fields.hours', 'fields.sectorId']);

    const refused = await api('PATCH', `/api/v1/postings/${live.id}`, change);
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    const paths = (refused.body as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path);
    expect(paths.sort()).toEqual(['fields.hours', 'fields.sectorId']);
    expect(((await api('GET', `/api/v1/postings/${live.id}`)).body as Posting).status).toBe('posted');
    expect((await listings('SS-FROZEN-1'))[0]?.requests.map((r) => r.action)).toEqual(['INSERT']);

    // Other fields still change (an UPDATE is free).
    expect(
      (await api('PATCH', `/api/v1/postings/${live.id}`, { fields: { title: 'Ward Sister' } })).status,
    ).toBe(202);
    await until(live.id, (p) => p.status === 'posted' && (p.attempts?.length ?? 0) >= 2);
    expect((await listings('SS-FROZEN-1'))[0]?.requests.map((r) => r.action)).toEqual(['INSERT', 'UPDATE']);
  });

  it('an account without credits: the posting quotes StepStone’s 210 and waits to try again', async () => {
    const connectionId = await connect('StepStone (no credits)', {
      username: '3rdFeedNoCredits',
      senderId: '8813',
      organisationId: '12346',
    });
    const vacancyId = await vacancy('SS-PIPE-2');
    const posted = await api('POST', `/api/v1/vacancies/${vacancyId}/postings`, { connectionId });
    const waiting = await until((posted.body as Posting).id, (p) => p.status === 'retrying');
    expect(waiting.statusText).toMatch(/^StepStone answered: .*no credits.*; Postroom will try again at /);
    expect(await listings('SS-PIPE-2')).toEqual([]);
  });
});
