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

const applyUrl = (v: Vacancy, org: Org = acme) => `/careers/${org.slug}/${v.reference}/apply`;
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

const LIMITS = { perAddress: 3, perVacancy: 5, windowMinutes: 60, uploadQuotaBytes: 4000 };

beforeAll(async () => {
  t = await createTestContext({ applyLimits: LIMITS });
  acme = await t.organisation('Abuse Trust');
});

/** A visitor from an address of their own, so the per-address limit is theirs alone. */
let visitors = 0;
const someone = () => new Visitor(t.app, `203.0.113.${++visitors}`);
afterAll(async () => t?.close());

describe('the submission key', () => {
  it("never shows an earlier applicant's details to someone who sends their key again", async () => {
    const v = await liveVacancy(acme);
    const alice = someone();
    const key = keyIn((await alice.get(applyUrl(v))).body);
    const sent = await alice.apply(
      applyUrl(v),
      typed(key, { name: 'Alice', email: 'alice@example.com' }),
      pdf,
    );
    expect(sent.body).toContain('They will contact you at alice@example.com');

    const mallory = someone();
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
    const visitor = someone();
    const otherKey = keyIn((await visitor.get(applyUrl(other))).body);
    const bob = { name: 'Bob', email: 'bob@example.org' };
    const carol = { name: 'Carol', email: 'carol@example.org' };
    await visitor.apply(applyUrl(other), typed(otherKey, bob), pdf);

    for (const key of [otherKey, 'made-up-key-0123456789']) {
      const first = await someone().apply(applyUrl(v), typed(key, carol), pdf);
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

/** Opens the form as a person would, then sends it. */
async function applyAs(
  visitor: Visitor,
  v: Vacancy,
  who: { name: string; email: string },
  org: Org = acme,
  cv = pdf,
) {
  const key = keyIn((await visitor.get(applyUrl(v, org))).body);
  return visitor.apply(applyUrl(v, org), typed(key, who), cv);
}

/** What a refused form gives back: the values in its fields, so nothing typed is lost. */
function expectTypedValuesKept(body: string, who: { name: string; email: string }) {
  expect(body).toContain(`id="name" name="name" type="text" value="${who.name}"`);
  expect(body).toContain(`value="${who.email}"`);
  expect(body).toContain('value="07700 900982"');
  expect(body).toContain(`Written by ${who.name}.</textarea>`);
  expect(body).toMatch(/id="consent" name="consent" type="checkbox" value="yes" checked/);
  expect(body).toContain('Choose your CV again');
}

describe('a flood of applications', () => {
  it('is stopped per address with a page that says when to try again, keeping what was typed', async () => {
    const v = await liveVacancy(acme, { title: 'Flooded Nurse' });
    const flooder = new Visitor(t.app, '198.51.100.20');
    for (let i = 1; i <= LIMITS.perAddress; i++)
      expect((await applyAs(flooder, v, { name: `Bot ${i}`, email: `bot${i}@example.org` })).statusCode).toBe(
        200,
      );
    const who = { name: 'Dana Fourth', email: 'dana@example.org' };
    const refused = await applyAs(flooder, v, who);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('3600');
    expect(refused.body).toContain('Too many applications from your network');
    expect(refused.body).toContain('send the form in 60 minutes');
    expectTypedValuesKept(refused.body, who);
    expect(await emailsOf(v)).toHaveLength(LIMITS.perAddress);

    // Someone else is not affected; and after the wait the same address is taken again.
    expect((await applyAs(someone(), v, { name: 'Eve', email: 'eve@example.org' })).statusCode).toBe(200);
    const start = t.clock.now();
    t.clock.set(new Date(start.getTime() + 61 * 60_000));
    expect((await applyAs(flooder, v, who)).statusCode).toBe(200);
    t.clock.set(start);
    expect(await emailsOf(v)).toContain('dana@example.org');
  });

  it('is stopped per vacancy whatever the addresses it comes from', async () => {
    const v = await liveVacancy(acme, { title: 'Popular Porter' });
    for (let i = 1; i <= LIMITS.perVacancy; i++)
      expect(
        (await applyAs(someone(), v, { name: `Person ${i}`, email: `p${i}@example.org` })).statusCode,
      ).toBe(200);
    const refused = await applyAs(someone(), v, { name: 'Frank Late', email: 'frank@example.org' });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).toContain('This job has had a lot of applications in a short time');
    expectTypedValuesKept(refused.body, { name: 'Frank Late', email: 'frank@example.org' });
    // Other vacancies carry on.
    const other = await liveVacancy(acme, { title: 'Quiet Cook' });
    expect((await applyAs(someone(), other, { name: 'Gina', email: 'gina@example.org' })).statusCode).toBe(
      200,
    );
  });

  it('has a honeypot field people never meet; a robot that fills it is told nothing and nothing is kept', async () => {
    const v = await liveVacancy(acme, { title: 'Honeypot Clerk' });
    const visitor = someone();
    const form = await visitor.get(applyUrl(v));
    expect(form.body).toMatch(
      /<div class="vh" aria-hidden="true">\s*<label for="website">Leave this field empty<\/label>\s*<input id="website" name="website" type="text" value="" tabindex="-1" autocomplete="off">/,
    );
    const robot = await visitor.apply(
      applyUrl(v),
      {
        ...typed(keyIn(form.body), { name: 'Robot', email: 'robot@example.org' }),
        website: 'http://spam.example',
      },
      pdf,
    );
    expect(robot.statusCode).toBe(200);
    expect(robot.body).toContain('Application received');
    expect(await emailsOf(v)).toEqual([]);
  });

  it("refuses CVs beyond the organisation's upload quota, clearly, keeping what was typed", async () => {
    const full = await t.organisation('Full Trust');
    const v = await liveVacancy(full, { title: 'Storage Nurse' });
    const bigPdf = { ...pdf, bytes: Buffer.concat([PDF, Buffer.alloc(3000, 0x20)]) };
    expect(
      (await applyAs(someone(), v, { name: 'Hana', email: 'hana@example.org' }, full, bigPdf)).statusCode,
    ).toBe(200);
    const who = { name: 'Ivan Over', email: 'ivan@example.org' };
    const refused = await applyAs(someone(), v, who, full, bigPdf);
    expect(refused.statusCode).toBe(507);
    expect(refused.body).toContain('Your application could not be sent');
    expect(refused.body).toContain(
      'Full Trust cannot take more applications through this site at the moment',
    );
    expectTypedValuesKept(refused.body, who);
    const response = await t.request(full.token, 'GET', `/api/v1/vacancies/${v.id}/applications`);
    expect((response.body as { items: { email: string }[] }).items.map((a) => a.email)).toEqual([
      'hana@example.org',
    ]);
    // Another organisation's room is its own.
    expect(
      (await applyAs(someone(), await liveVacancy(acme, { title: 'Roomy' }), who, acme, bigPdf)).statusCode,
    ).toBe(200);
  });
});
