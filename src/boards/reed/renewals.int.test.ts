import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../../test/support/app.js';
import { postings, vacancies } from '../../db/schema.js';
import { runSweep } from '../../jobs/sweep.js';

// Relist and extend on Reed, through the API, the worker and real HTTP to the mounted sandbox, which
// witnesses each call (its own reading of Reed's routes) and the credit it spends.

type Posting = {
  id: string;
  status: string;
  statusText: string;
  externalId: string | null;
  advertEnd: { endsOn: string | null; text: string } | null;
  capabilities: { relist: { description: string; costsCredit: boolean } | null; extend: unknown };
  lastError: { message: string; action?: string } | null;
  attempts?: { action: string; outcome: string }[];
};
type Job = { id: string; ownerRef: string; status: string; expires: string; creditsSpent: number };

const DESCRIPTION = `<p>${'Cook fresh meals for residents and lead a small kitchen team in a friendly home. '.repeat(3)}</p>`;
const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

describe('relist and extend a Reed advert', () => {
  let t: TestContext;
  let token: string;
  let connectionId: string;
  const api = (method: 'GET' | 'POST', url: string, body?: unknown) => t.request(token, method, url, body);
  const sandbox = async (path: string, body?: unknown) =>
    (
      await fetch(`${t.baseUrl}/sandbox/reed${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    ).json();
  const job = async (ref: string) =>
    ((await sandbox('/_inspect/jobs')) as { jobs: Job[] }).jobs.find((j) => j.ownerRef === ref)!;
  const until = async (id: string, done: (p: Posting) => boolean) => {
    const end = Date.now() + 40_000;
    for (;;) {
      const posting = (await api('GET', `/api/v1/postings/${id}`)).body as Posting;
      if (done(posting)) return posting;
      if (Date.now() > end) throw new Error(`posting stayed ${posting.status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const livePosting = async (reference: string) => {
    const created = await api(
      'POST',
      '/api/v1/vacancies',
      validVacancy({ reference, description: DESCRIPTION, closingDate: inDays(20) }),
    );
    const vacancyId = (created.body as { id: string }).id;
    expect((await api('POST', `/api/v1/vacancies/${vacancyId}/publish`)).status).toBe(200);
    const posted = await api('POST', `/api/v1/vacancies/${vacancyId}/postings`, { connectionId });
    return until((posted.body as Posting).id, (p) => p.status === 'posted');
  };
  const actions = (p: Posting) => p.attempts?.map((a) => `${a.action}:${a.outcome}`);

  beforeAll(async () => {
    t = await createTestContext({ pipeline: true });
    token = (await t.organisation('Reed Renewals')).token;
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

  it('extends a live advert: its run restarts from today at Reed, one credit spent, recorded as an attempt', async () => {
    const live = await livePosting('RENEW-1');
    expect(live.capabilities.relist?.description).toMatch(/spends one Reed credit/);
    const before = await job('RENEW-1');
    // Relist is for an expired advert only.
    const early = await api('POST', `/api/v1/postings/${live.id}/relist`);
    expect(early.status).toBe(409);
    expect(JSON.stringify(early.body)).toMatch(
      /Only an expired advert can be relisted; this posting is posted/,
    );

    const asked = await api('POST', `/api/v1/postings/${live.id}/extend`);
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ status: 'updating', statusText: 'Extending on Reed' });
    const extended = await until(live.id, (p) => p.status === 'posted' && actions(p)?.length === 2);
    expect(actions(extended)).toEqual(['create:succeeded', 'extend:succeeded']);
    const after = await job('RENEW-1');
    expect(after.creditsSpent).toBe(before.creditsSpent + 1);
    expect(after.status).toBe('live');
    expect(new Date(after.expires).getTime()).toBeGreaterThan(new Date(before.expires).getTime());
  });

  it('an advert whose run ended on Reed expires in Postroom, and is relisted there with one credit', async () => {
    const live = await livePosting('RENEW-2');
    await sandbox(`/_inspect/jobs/${live.externalId}/expire`, {});
    // Its days on Reed have passed: the sweep sees the computed end day behind it.
    const longAgo = new Date(Date.now() - 30 * DAY);
    await t.database.db.update(postings).set({ postedAt: longAgo }).where(eq(postings.id, live.id));
    expect(await runSweep(t.deps, { statusPollMs: 15 * 60_000 })).toBe(true);
    const expired = (await api('GET', `/api/v1/postings/${live.id}`)).body as Posting;
    expect(expired).toMatchObject({
      status: 'expired',
      statusText: "Expired: the advert's run on Reed ended",
    });
    expect((await api('POST', `/api/v1/postings/${live.id}/extend`)).status).toBe(409);

    const before = await job('RENEW-2');
    expect(before.status).toBe('expired');
    expect((await api('POST', `/api/v1/postings/${live.id}/relist`)).status).toBe(202);
    const relisted = await until(live.id, (p) => p.status === 'posted');
    expect(actions(relisted)).toEqual(['create:succeeded', 'relist:succeeded']);
    // The run starts again today: the advert ends its days on Reed from now, not from the first post.
    expect(relisted.advertEnd?.endsOn).toBe(inDays(20));
    const after = await job('RENEW-2');
    expect(after).toMatchObject({ status: 'live', creditsSpent: before.creditsSpent + 1 });
  });

  it('an advert that ran out as the closing date passed is not ended on Reed again, nor relisted', async () => {
    const live = await livePosting('RENEW-5');
    await sandbox(`/_inspect/jobs/${live.externalId}/expire`, {});
    const longAgo = new Date(Date.now() - 30 * DAY);
    await t.database.db.update(postings).set({ postedAt: longAgo }).where(eq(postings.id, live.id));
    const [row] = await t.database.db.select().from(postings).where(eq(postings.id, live.id));
    await t.database.db
      .update(vacancies)
      .set({ closingDate: inDays(-1) })
      .where(eq(vacancies.id, row!.vacancyId));
    await runSweep(t.deps, { statusPollMs: 15 * 60_000 });
    const expired = (await api('GET', `/api/v1/postings/${live.id}`)).body as Posting;
    expect(expired.statusText).toBe("Expired: the advert's run on Reed ended");
    expect(actions(expired)).toEqual(['create:succeeded']);
    const refused = await api('POST', `/api/v1/postings/${live.id}/relist`);
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toMatch(/closing date \([0-9-]+\) has passed: move it later first/);
  });

  it('an advert that ran out is not relisted while the vacancy has a newer posting through the connection', async () => {
    const live = await livePosting('RENEW-6');
    await sandbox(`/_inspect/jobs/${live.externalId}/expire`, {});
    const longAgo = new Date(Date.now() - 30 * DAY);
    await t.database.db.update(postings).set({ postedAt: longAgo }).where(eq(postings.id, live.id));
    await runSweep(t.deps, { statusPollMs: 15 * 60_000 });
    const [row] = await t.database.db.select().from(postings).where(eq(postings.id, live.id));
    const again = await api('POST', `/api/v1/vacancies/${row!.vacancyId}/postings`, {
      connectionId,
      fields: { reference: 'RENEW-6B' },
    });
    expect(again.status, JSON.stringify(again.body)).toBe(202);
    const refused = await api('POST', `/api/v1/postings/${live.id}/relist`);
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toMatch(/another open posting through this connection/);
  });

  it('a closed posting is never relisted', async () => {
    const live = await livePosting('RENEW-3');
    await api('POST', `/api/v1/postings/${live.id}/close`);
    await until(live.id, (p) => p.status === 'closed');
    const refused = await api('POST', `/api/v1/postings/${live.id}/relist`);
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toMatch(/ran out on the board/);
  });

  it('a lost answer to an extend is not sent again: the posting stays live and says to look on Reed', async () => {
    const live = await livePosting('RENEW-4');
    const before = await job('RENEW-4');
    await sandbox('/_faults', { resetRate: 1 });
    try {
      await api('POST', `/api/v1/postings/${live.id}/extend`);
      const after = await until(live.id, (p) => p.status === 'posted' && p.lastError !== null);
      expect(after.lastError?.message).toMatch(/could not find out whether Reed extended the advert/);
      expect(actions(after)).toEqual(['create:succeeded', 'extend:unknown']);
    } finally {
      await sandbox('/_faults', {});
    }
    // Reed did extend it, once: one credit, no second extend.
    expect((await job('RENEW-4')).creditsSpent).toBe(before.creditsSpent + 1);
  });
});
