import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../../test/support/app.js';
import { keyIn, Visitor } from '../../../test/support/visitor.js';

type Org = { id: string; slug: string; token: string };
type Vacancy = { id: string; reference: string };

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
const pdf = { bytes: PDF, name: 'CV.pdf', type: 'application/pdf' };

let t: TestContext;
let acme: Org;

async function liveVacancy(org: Org, overrides: Record<string, unknown> = {}): Promise<Vacancy> {
  const created = await t.request(org.token, 'POST', '/api/v1/vacancies', validVacancy(overrides));
  expect(created.status).toBe(201);
  const v = created.body as Vacancy;
  expect((await t.request(org.token, 'POST', `/api/v1/vacancies/${v.id}/publish`)).status).toBe(200);
  return v;
}

const applyUrl = (v: Vacancy) => `/careers/${acme.slug}/${v.reference}/apply`;
const typed = (key: string, who: { name: string; email: string }) => ({
  submissionKey: key,
  name: who.name,
  email: who.email,
  phone: '07700 900982',
  coverNote: `Written by ${who.name}.`,
  consent: 'yes',
});

async function emailsOf(v: Vacancy): Promise<string[]> {
  const response = await t.request(acme.token, 'GET', `/api/v1/vacancies/${v.id}/applications`);
  expect(response.status).toBe(200);
  return (response.body as { items: { email: string }[] }).items.map((a) => a.email).sort();
}

beforeAll(async () => {
  t = await createTestContext();
  acme = await t.organisation('Abuse Trust');
});
afterAll(async () => t?.close());

describe('the submission key', () => {
  it("never shows an earlier applicant's details to someone who sends their key again", async () => {
    const v = await liveVacancy(acme);
    const alice = new Visitor(t.app);
    const key = keyIn((await alice.get(applyUrl(v))).body);
    const sent = await alice.apply(
      applyUrl(v),
      typed(key, { name: 'Alice', email: 'alice@example.com' }),
      pdf,
    );
    expect(sent.body).toContain('They will contact you at alice@example.com');

    const mallory = new Visitor(t.app, '192.0.2.7');
    const replay = await mallory.apply(
      applyUrl(v),
      typed(key, { name: 'Mallory', email: 'mallory@example.org' }),
      pdf,
    );
    expect(replay.statusCode).toBe(200);
    expect(replay.body).not.toContain('alice@example.com');
    expect(replay.body).toContain('They will contact you at mallory@example.org');
    // Her application is kept, not dropped as a "duplicate" of Alice's.
    expect(await emailsOf(v)).toEqual(['alice@example.com', 'mallory@example.org']);

    // Alice sending her own form again still gets her own confirmation and no second application.
    const again = await alice.apply(
      applyUrl(v),
      typed(key, { name: 'Alice', email: 'Alice@Example.com' }),
      pdf,
    );
    expect(again.body).toContain('They will contact you at alice@example.com');
    expect(await emailsOf(v)).toEqual(['alice@example.com', 'mallory@example.org']);
  });

  it('is issued by Postroom for one form: a made-up key or one from another vacancy is not taken', async () => {
    const v = await liveVacancy(acme, { title: 'Porter' });
    const other = await liveVacancy(acme, { title: 'Cook' });
    const visitor = new Visitor(t.app);
    const otherKey = keyIn((await visitor.get(applyUrl(other))).body);
    const bob = { name: 'Bob', email: 'bob@example.org' };
    const carol = { name: 'Carol', email: 'carol@example.org' };
    await visitor.apply(applyUrl(other), typed(otherKey, bob), pdf);

    for (const key of [otherKey, 'made-up-key-0123456789']) {
      const first = await new Visitor(t.app).apply(applyUrl(v), typed(key, carol), pdf);
      expect(first.statusCode).toBe(200);
      expect(first.body).toContain('They will contact you at carol@example.org');
    }
    // Neither key was kept as given: each is stored under a key Postroom issued for this form.
    const stored = await t.database.db.query.applications.findMany({
      where: (a, { eq }) => eq(a.vacancyId, v.id),
    });
    expect(stored).toHaveLength(2);
    for (const row of stored) expect(row.submissionKey).toMatch(/^[A-Za-z0-9_-]{24}\.[A-Za-z0-9_-]{43}$/);
  });
});
