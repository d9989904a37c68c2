import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../../test/support/app.js';
import { vacancies } from '../../db/schema.js';
import { loadVacancyIndex } from './vacancy-index.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

describe("an organisation's vacancy index", () => {
  it('reads every vacancy once, in list order, a batch at a time, though they were created at the same instant', async () => {
    const org = await t.organisation('Index Trust');
    const other = await t.organisation('Other Index Trust');
    // The test clock stands still: every vacancy has the same created_at, so the id orders them.
    for (let i = 1; i <= 7; i++) {
      const res = await t.request(
        org.token,
        'POST',
        '/api/v1/vacancies',
        validVacancy({ reference: `IX-${i}` }),
      );
      expect(res.status).toBe(201);
    }
    await t.request(other.token, 'POST', '/api/v1/vacancies', validVacancy({ reference: 'OTHER-1' }));
    const listed = await t.database.db
      .select({ id: vacancies.id })
      .from(vacancies)
      .where(eq(vacancies.organisationId, org.id))
      .orderBy(desc(vacancies.createdAt), desc(vacancies.id));
    for (const batch of [2, 3, 7, 100]) {
      const index = await loadVacancyIndex(t.database.db, org.id, batch);
      expect(index.entries.map((e) => e.id)).toEqual(listed.map((r) => r.id));
    }
    expect((await loadVacancyIndex(t.database.db, org.id)).entries).toHaveLength(7);
  });
});
