import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../../test/support/app.js';
import { keyIn, Visitor } from '../../../test/support/visitor.js';
import { activity, applications, vacancies } from '../../db/schema.js';
import { startRetention } from '../../jobs/retention.js';
import { runRetention } from '../../services/privacy/retention.js';
import { dispatchEvents } from '../../services/webhooks/dispatch.js';

type Org = { id: string; slug: string; token: string };
type Vacancy = { id: string; reference: string };
type Found = {
  applications: { id: string; email: string; vacancy: { id: string }; cv: { base64?: string | null } }[];
  activity: { id: number }[];
  mails: { to: string }[];
};

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
let t: TestContext;
let acme: Org;
let other: Org;
const v: Record<'past' | 'recent' | 'held' | 'soon' | 'theirs', Vacancy> = {} as never;

async function liveVacancy(org: Org): Promise<Vacancy> {
  const created = await t.request(org.token, 'POST', '/api/v1/vacancies', validVacancy());
  const vacancy = created.body as Vacancy;
  expect((await t.request(org.token, 'POST', `/api/v1/vacancies/${vacancy.id}/publish`)).status).toBe(200);
  return vacancy;
}

async function apply(org: Org, vacancy: Vacancy, email: string, src?: string) {
  const visitor = new Visitor(
    t.app,
    `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
  );
  const url = `/careers/${org.slug}/${vacancy.reference}/apply${src ? `?src=${src}` : ''}`;
  const form = await visitor.get(url);
  expect(form.body).toContain('We keep your application and CV for 6 months after this vacancy closes');
  const fields = {
    submissionKey: keyIn(form.body),
    name: `${email.split('@')[0]} Candidate`,
    email,
    phone: '07700 900111',
  };
  const sent = await visitor.apply(
    url,
    { ...fields, coverNote: 'Hello', consent: 'yes' },
    {
      bytes: PDF,
      name: `${email.split('@')[0]}-cv.pdf`,
      type: 'application/pdf',
    },
  );
  expect(sent.statusCode).toBe(200);
  expect(sent.body).toContain('We keep your application and CV for 6 months');
}

/** Closes a vacancy at a chosen time, as if it had closed then. */
async function closedAt(vacancy: Vacancy, at: string) {
  await t.database.db
    .update(vacancies)
    .set({ status: 'closed', closedAt: new Date(at), closingDate: at.slice(0, 10) })
    .where(eq(vacancies.id, vacancy.id));
}

const put = (token: string, url: string, body: unknown) =>
  t.app.inject({
    method: 'PUT',
    url,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });

const files = async (org: Org) => (await readdir(join(t.uploadsDir, org.id)).catch(() => [])).length;
const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** The rows of every table that could hold a candidate's data, as text (one organisation's). */
async function everything(org: Org = acme): Promise<string> {
  const tables = ['applications', 'activity', 'mails', 'events', 'webhook_deliveries', 'erasures'];
  const parts = await Promise.all(
    tables.map(async (name) =>
      JSON.stringify(
        await t.database.db.execute(
          sql`select * from ${sql.identifier(name)} where organisation_id = ${org.id}`,
        ),
      ),
    ),
  );
  return parts.join('\n').toLowerCase();
}

const bySource = async () =>
  t.database.db
    .select({ source: applications.sourceLabel, count: sql<number>`count(*)::int` })
    .from(applications)
    .groupBy(applications.sourceLabel)
    .orderBy(applications.sourceLabel);

beforeAll(async () => {
  t = await createTestContext();
  acme = await t.organisation('Retention Trust');
  other = await t.organisation('Other Retention Trust');
  for (const key of ['past', 'recent', 'held', 'soon'] as const) v[key] = await liveVacancy(acme);
  v.theirs = await liveVacancy(other);
  await apply(acme, v.past, 'ann@example.org');
  await apply(acme, v.past, 'bob@example.org');
  await apply(acme, v.recent, 'cat@example.org');
  await apply(acme, v.held, 'dan@example.org');
  await apply(acme, v.soon, 'grace@example.org');
  await apply(acme, v.recent, 'GRACE@example.org');
  await apply(other, v.theirs, 'grace@example.org');
  // The candidates' confirmations and the recruiters' notices, queued as the worker would.
  await dispatchEvents(t.deps);
  await closedAt(v.past, '2026-03-01T12:00:00Z');
  await closedAt(v.recent, '2026-10-01T12:00:00Z');
  await closedAt(v.held, '2026-03-02T12:00:00Z');
  await closedAt(v.soon, '2026-06-05T12:00:00Z');
  await closedAt(v.theirs, '2026-03-01T12:00:00Z');
});
afterAll(async () => t.close());

describe('retention setting', () => {
  it('is 6 months by default and takes 1 to 24, with a clear error on the field', async () => {
    const got = await t.request(acme.token, 'GET', '/api/v1/organisation');
    expect((got.body as { retentionMonths: number }).retentionMonths).toBe(6);
    const bad = await t.request(acme.token, 'PATCH', '/api/v1/organisation', { retentionMonths: 25 });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain('retentionMonths');
    const ok = await t.request(other.token, 'PATCH', '/api/v1/organisation', { retentionMonths: 24 });
    expect((ok.body as { retentionMonths: number }).retentionMonths).toBe(24);
  });
});

describe('retention', () => {
  it('previews, then erases exactly the applications past the period and spares a legal hold', async () => {
    const hold = await put(acme.token, `/api/v1/vacancies/${v.held.id}/legal-hold`, {
      reason: 'Tribunal claim',
    });
    expect(hold.statusCode).toBe(200);
    const empty = await put(acme.token, `/api/v1/vacancies/${v.held.id}/legal-hold`, { reason: '' });
    expect(empty.statusCode).toBe(422);
    const preview = await t.request(acme.token, 'GET', '/api/v1/privacy/retention');
    const items = (
      preview.body as { items: { vacancyId: string; applications: number; legalHoldReason: string | null }[] }
    ).items;
    expect(items.map((i) => [i.vacancyId, i.applications, i.legalHoldReason])).toEqual([
      [v.past.id, 2, null],
      [v.held.id, 1, 'Tribunal claim'],
      [v.soon.id, 1, null],
    ]);

    const before = await bySource();
    const [pastRow] = await t.database.db
      .select()
      .from(applications)
      .where(eq(applications.vacancyId, v.past.id));
    const pastFile = join(t.uploadsDir, acme.id, pastRow!.cvPath);
    expect(await exists(pastFile)).toBe(true);
    expect(await files(acme)).toBe(6);

    const run = await runRetention(t.deps, { uploadsDir: t.uploadsDir }, new Date('2026-11-23T10:00:00Z'));
    expect(run).toEqual({ organisations: 1, applications: 2, cvFiles: 2 });
    expect(await exists(pastFile)).toBe(false);
    expect(await files(acme)).toBe(4);
    expect(await files(other)).toBe(1);
    const rows = await t.database.db.select().from(applications).where(eq(applications.vacancyId, v.past.id));
    for (const row of rows) {
      expect(row).toMatchObject({ name: 'Erased', email: '', phone: '', coverNote: '', cvOriginalName: '' });
      expect(row.anonymisedAt).not.toBeNull();
      expect(row.sourceLabel).toBe('Careers site');
    }
    expect(await bySource()).toEqual(before);
    const text = await everything();
    expect(text).toContain('dan candidate');
    expect(text).not.toContain('ann candidate');
    expect(text).not.toContain('ann@example.org');
    expect(text).not.toContain('bob@example.org');
    expect(text).toContain('dan@example.org');

    const again = await runRetention(t.deps, { uploadsDir: t.uploadsDir }, new Date('2026-11-23T10:00:00Z'));
    expect(again.applications).toBe(0);
    const erasures = await t.request(acme.token, 'GET', '/api/v1/privacy/erasures');
    expect((erasures.body as { items: unknown[] }).items).toEqual([
      expect.objectContaining({
        kind: 'retention',
        rule: 'Kept 6 months after the vacancy closed',
        applications: 2,
        cvFiles: 2,
      }),
    ]);
  });

  it('lifting the hold lets the next daily run erase', async () => {
    await put(acme.token, `/api/v1/vacancies/${v.held.id}/legal-hold`, { reason: null });
    t.clock.set('2026-11-24T10:00:00Z');
    // The job runs once as it starts; stopping waits for that run.
    await startRetention(t.deps, { uploadsDir: t.uploadsDir }).stop();
    t.clock.set('2026-11-23T10:00:00Z');
    expect(await everything()).not.toContain('dan@example.org');
    const record = (await t.request(acme.token, 'GET', '/api/v1/privacy/erasures')).body as {
      items: { at: string; applications: number }[];
    };
    expect(record.items[0]).toMatchObject({ at: '2026-11-24T10:00:00.000Z', applications: 1 });
  });

  it('is for admins only', async () => {
    const recruiter = await t.organisation('Recruiter Trust', 'recruiter');
    expect((await t.request(recruiter.token, 'GET', '/api/v1/privacy/retention')).status).toBe(403);
    const find = await t.request(recruiter.token, 'POST', '/api/v1/privacy/subject/find', {
      email: 'a@b.org',
    });
    expect(find.status).toBe(403);
  });
});

describe("candidates' rights", () => {
  it('finds and exports everything held about an address, then erases all of it', async () => {
    await t.database.db.insert(activity).values({
      organisationId: acme.id,
      subjectType: 'vacancy',
      subjectId: v.soon.id,
      action: 'note',
      actorType: 'system',
      actorLabel: 'Test',
      changes: { contact: { from: null, to: 'Grace@Example.org' } },
    });
    const bad = await t.request(acme.token, 'POST', '/api/v1/privacy/subject/find', { email: 'nope' });
    expect(bad.status).toBe(422);
    const found = (
      await t.request(acme.token, 'POST', '/api/v1/privacy/subject/find', { email: 'grace@example.org' })
    ).body as Found;
    expect(found.applications.map((a) => a.vacancy.id).sort()).toEqual([v.recent.id, v.soon.id].sort());
    expect(found.activity).toHaveLength(1);
    expect(found.applications[0]!.cv.base64).toBeUndefined();

    const exported = await t.request(acme.token, 'POST', '/api/v1/privacy/subject/export', {
      email: 'grace@example.org',
    });
    expect(exported.status).toBe(200);
    expect(exported.headers['content-disposition']).toContain('attachment');
    const data = exported.body as Found;
    expect(data.applications).toHaveLength(2);
    for (const a of data.applications) expect(Buffer.from(a.cv.base64!, 'base64').equals(PDF)).toBe(true);
    // Their two confirmations, and the two notices that named them to the recruiter.
    const to = data.mails.map((m) => m.to.toLowerCase());
    expect(to.filter((address) => address === 'grace@example.org')).toHaveLength(2);
    expect(to).toHaveLength(4);

    const paths = (
      await t.database.db
        .select()
        .from(applications)
        .where(sql`lower(${applications.email}) = 'grace@example.org'`)
    )
      .filter((a) => a.organisationId === acme.id)
      .map((a) => join(t.uploadsDir, acme.id, a.cvPath));
    const erased = await t.request(acme.token, 'POST', '/api/v1/privacy/subject/erase', {
      email: 'grace@example.org',
    });
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({
      applications: 2,
      cvFiles: 2,
      activityEntries: 1,
      mails: data.mails.length,
    });
    for (const path of paths) expect(await exists(path)).toBe(false);

    const after = (
      await t.request(acme.token, 'POST', '/api/v1/privacy/subject/find', { email: 'grace@example.org' })
    ).body as Found;
    expect(after).toMatchObject({ applications: [], activity: [], mails: [] });
    expect(await everything()).not.toContain('grace');
    expect(await everything(other)).toContain('grace@example.org');
    // The other organisation's application from the same address is not theirs to erase.
    const theirs = (
      await t.request(other.token, 'POST', '/api/v1/privacy/subject/find', { email: 'grace@example.org' })
    ).body as Found;
    expect(theirs.applications).toHaveLength(1);
    expect(await files(other)).toBe(1);
  });
});
