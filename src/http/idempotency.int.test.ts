import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../test/support/app.js';
import { apiTokens, idempotencyKeys } from '../db/schema.js';
import { runSweep } from '../jobs/sweep.js';

type Body = Record<string, unknown> & {
  error?: { code: string; message: string; issues: { path: string; message: string }[] };
};

let t: TestContext;
let acme: { id: string; slug: string; token: string };
let other: { id: string; slug: string; token: string };

beforeAll(async () => {
  t = await createTestContext();
  acme = await t.organisation('Acme Health');
  other = await t.organisation('Other Trust');
});
afterAll(async () => t.close());

const createVacancy = (key: string, body: unknown = validVacancy(), token = acme.token) =>
  t.request(token, 'POST', '/api/v1/vacancies', body, { 'idempotency-key': key });

/** The organisation's vacancies with this title: what a recruiter would find in the list. */
async function vacanciesTitled(title: string, token = acme.token) {
  const res = await t.request(token, 'GET', `/api/v1/vacancies?q=${encodeURIComponent(title)}&limit=100`);
  return ((res.body as { items: { id: string; title: string }[] }).items ?? []).filter(
    (v) => v.title === title,
  );
}

describe('Idempotency-Key on API POSTs', () => {
  it('answers a repeated create with the first answer and makes one vacancy', async () => {
    const key = randomUUID();
    const body = validVacancy({ title: 'Ward Sister (sequential)' });
    const first = await createVacancy(key, body);
    const again = await createVacancy(key, body);

    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await vacanciesTitled('Ward Sister (sequential)')).toHaveLength(1);
  });

  it('does the work once for concurrent requests with one key, and all get the same answer', async () => {
    const key = randomUUID();
    const body = validVacancy({ title: 'Ward Sister (concurrent)' });
    // On PostgreSQL the later ones find the key in progress and wait; on PGlite, which runs one
    // statement at a time, they find it taken and read the answer once the first is done.
    const answers = await Promise.all(Array.from({ length: 4 }, () => createVacancy(key, body)));

    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    for (const answer of answers) expect(answer.body).toEqual(answers[0]!.body);
    expect(await vacanciesTitled('Ward Sister (concurrent)')).toHaveLength(1);
  });

  it('refuses the same key with a different body, naming the key', async () => {
    const key = `order-${randomUUID()}`;
    expect((await createVacancy(key, validVacancy({ title: 'Porter' }))).status).toBe(201);
    const res = await createVacancy(key, validVacancy({ title: 'Porter (night shifts)' }));

    expect(res.status).toBe(422);
    const error = (res.body as Body).error;
    expect(error?.code).toBe('idempotency_key_reused');
    expect(error?.message).toContain(key);
    expect(error?.issues).toEqual([{ path: 'Idempotency-Key', message: expect.any(String) }]);
    expect(await vacanciesTitled('Porter (night shifts)')).toHaveLength(0);
  });

  it('treats the same body in another key order as the same request', async () => {
    const key = randomUUID();
    const body = validVacancy({ title: 'Healthcare Assistant' });
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const first = await createVacancy(key, body);
    const again = await createVacancy(key, reordered);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await vacanciesTitled('Healthcare Assistant')).toHaveLength(1);
  });

  it('keeps nothing for a request the validation refused, so the corrected request may use the key', async () => {
    const key = randomUUID();
    const bad = await createVacancy(key, validVacancy({ title: 'Radiographer', closingDate: 'soon' }));
    expect(bad.status).toBe(422);
    expect((bad.body as Body).error?.code).toBe('validation_failed');

    const good = await createVacancy(key, validVacancy({ title: 'Radiographer' }));
    expect(good.status).toBe(201);
    expect(await vacanciesTitled('Radiographer')).toHaveLength(1);
  });

  it('keeps one caller’s keys apart from another organisation’s', async () => {
    const key = randomUUID();
    const body = validVacancy({ title: 'Pharmacist' });
    const mine = await createVacancy(key, body);
    const theirs = await createVacancy(key, body, other.token);
    expect(theirs.status).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect((theirs.body as Body).id).not.toBe((mine.body as Body).id);
    expect(await vacanciesTitled('Pharmacist', other.token)).toHaveLength(1);
  });

  it('forgets a key after 24 hours', async () => {
    const key = randomUUID();
    const body = validVacancy({ title: 'Midwife' });
    await createVacancy(key, body);
    const start = t.clock.now();
    try {
      t.clock.set(new Date(start.getTime() + 24 * 60 * 60 * 1000 + 1000));
      const later = await createVacancy(key, body);
      expect(later.status).toBe(201);
      expect(later.headers['idempotent-replayed']).toBeUndefined();
      expect(await vacanciesTitled('Midwife')).toHaveLength(2);

      // The sweep deletes what has expired, and only that.
      t.clock.set(new Date(start.getTime() + 48 * 60 * 60 * 1000 - 1000));
      await runSweep(t.deps, { statusPollMs: 15 * 60_000 });
      const left = await t.deps.db.select({ key: idempotencyKeys.key }).from(idempotencyKeys);
      expect(left.map((row) => row.key)).toEqual([key]);
    } finally {
      t.clock.set(start);
    }
  });

  it('takes over a key whose first request never finished (its process died)', async () => {
    const key = randomUUID();
    const [token] = await t.deps.db
      .select({ id: apiTokens.id })
      .from(apiTokens)
      .where(eq(apiTokens.organisationId, acme.id));
    const startedAt = new Date(t.clock.now().getTime() - 10 * 60_000);
    await t.deps.db.insert(idempotencyKeys).values({
      organisationId: acme.id,
      principal: `token:${token!.id}`,
      key,
      fingerprint: 'of the request that was cut short',
      createdAt: startedAt,
      expiresAt: new Date(startedAt.getTime() + 24 * 60 * 60_000),
    });

    const res = await createVacancy(key, validVacancy({ title: 'Phlebotomist' }));
    expect(res.status).toBe(201);
    expect(await vacanciesTitled('Phlebotomist')).toHaveLength(1);
  });

  it('refuses a malformed key on the header', async () => {
    const res = await createVacancy('x'.repeat(256));
    expect(res.status).toBe(422);
    expect((res.body as Body).error?.issues[0]?.path).toBe('Idempotency-Key');
  });

  it('gives a new API token again on a retry without keeping it readable in the database', async () => {
    const key = randomUUID();
    const first = await t.request(
      acme.token,
      'POST',
      '/api/v1/tokens',
      { name: 'ATS sync' },
      {
        'idempotency-key': key,
      },
    );
    const again = await t.request(
      acme.token,
      'POST',
      '/api/v1/tokens',
      { name: 'ATS sync' },
      {
        'idempotency-key': key,
      },
    );
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const token = (first.body as { token: string }).token;
    expect(token).toMatch(/^pr_/);

    const stored = await t.deps.db.select({ response: idempotencyKeys.response }).from(idempotencyKeys);
    expect(stored.length).toBeGreaterThan(0);
    for (const row of stored) expect(row.response ?? '').not.toContain(token);
  });
});
