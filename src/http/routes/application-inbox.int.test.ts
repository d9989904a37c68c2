import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../../test/support/app.js';
import { applications } from '../../db/schema.js';
import { createApiToken } from '../../services/api-tokens.js';

type Item = {
  id: string;
  name: string;
  status: string;
  coverNote: string;
  phone: string;
  consentedAt: string;
};
type Page = { items: Item[]; nextCursor: string | null };

let t: TestContext;
let org: { id: string; token: string };
let recruiter: { token: string };
let other: { id: string; token: string };
let vacancyA: string;
let vacancyB: string;
let ids: Record<string, string>;

async function received(
  owner: { id: string },
  vacancyId: string,
  name: string,
  source: string,
  coverNote = '',
) {
  const [row] = await t.deps.db
    .insert(applications)
    .values({
      organisationId: owner.id,
      vacancyId,
      name,
      email: `${name.split(' ')[0]!.toLowerCase()}@example.org`,
      phone: '+44 7700 900123',
      coverNote,
      cvPath: 'x.pdf',
      cvType: 'pdf',
      cvSize: 100,
      cvOriginalName: 'cv.pdf',
      sourceKind: source === 'Careers site' ? 'careers' : 'board',
      sourceLabel: source,
      submissionKey: `${name}-${Math.random()}`,
    })
    .returning();
  return row!.id;
}

const vacancy = async (token: string) =>
  ((await t.request(token, 'POST', '/api/v1/vacancies', validVacancy())).body as { id: string }).id;

beforeAll(async () => {
  t = await createTestContext();
  org = await t.organisation('Inbox Trust');
  other = await t.organisation('Other Inbox Trust');
  recruiter = { token: (await t.organisation('Unused', 'recruiter')).token };
  vacancyA = await vacancy(org.token);
  vacancyB = await vacancy(org.token);
  ids = {
    ann: await received(org, vacancyA, 'Ann Able', 'NHS Jobs', 'I have, "ten" years, on wards\nand more'),
    bob: await received(org, vacancyA, 'Bob Baker', 'Careers site'),
    cat: await received(org, vacancyB, '=HYPERLINK("http://evil","Cat")', 'NHS Jobs'),
    theirs: await received(other, await vacancy(other.token), 'Dan Other', 'NHS Jobs'),
  };
});
afterAll(async () => t.close());

const list = async (query = '', token = org.token) =>
  (await t.request(token, 'GET', `/api/v1/applications${query}`)).body as Page;

describe('the applications inbox', () => {
  it('lists the organisation’s applications across vacancies, new, with what the candidate gave', async () => {
    const page = await list();
    expect(page.items.map((a) => a.id).sort()).toEqual([ids.ann, ids.bob, ids.cat].sort());
    const ann = page.items.find((a) => a.id === ids.ann)!;
    expect(ann).toMatchObject({
      status: 'new',
      phone: '+44 7700 900123',
      coverNote: expect.stringContaining('ten'),
    });
    expect(ann.consentedAt).toMatch(/^\d{4}-/);
  });

  it('filters by vacancy, source and status, combined', async () => {
    expect((await list(`?vacancyId=${vacancyA}`)).items.map((a) => a.name).sort()).toEqual([
      'Ann Able',
      'Bob Baker',
    ]);
    expect((await list('?source=NHS%20Jobs')).items).toHaveLength(2);
    expect((await list(`?vacancyId=${vacancyA}&source=NHS%20Jobs`)).items.map((a) => a.id)).toEqual([
      ids.ann,
    ]);
    expect((await list('?status=hired')).items).toEqual([]);
  });

  it('answers 422 on a bad filter, naming the field', async () => {
    const res = await t.request(org.token, 'GET', '/api/v1/applications?status=maybe&vacancyId=nope');
    expect(res.status).toBe(422);
    const paths = (res.body as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['status', 'vacancyId']));
  });
});

describe('an application’s status', () => {
  it('changes, and the activity log says who changed it and when', async () => {
    const res = await t.request(org.token, 'PATCH', `/api/v1/applications/${ids.bob}`, {
      status: 'shortlisted',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: ids.bob, status: 'shortlisted' });
    expect((await list('?status=shortlisted')).items.map((a) => a.id)).toEqual([ids.bob]);
    const log = (await t.request(org.token, 'GET', `/api/v1/applications/${ids.bob}/activity`)).body as {
      items: { action: string; actor: { type: string; label: string }; changes: unknown; at: string }[];
    };
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({
      action: 'status_changed',
      actor: { type: 'token' },
      changes: { status: { from: 'new', to: 'shortlisted' } },
    });
    // The same status again changes nothing and logs nothing.
    await t.request(org.token, 'PATCH', `/api/v1/applications/${ids.bob}`, { status: 'shortlisted' });
    const again = (await t.request(org.token, 'GET', `/api/v1/applications/${ids.bob}/activity`)).body as {
      items: unknown[];
    };
    expect(again.items).toHaveLength(1);
  });

  it('is changed by a recruiter too, named in the log', async () => {
    const { token } = await createApiToken(
      t.deps,
      org.id,
      { name: 'Rita Recruiter', role: 'recruiter' },
      null,
    );
    const res = await t.request(token, 'PATCH', `/api/v1/applications/${ids.cat}`, { status: 'reviewing' });
    expect(res.status).toBe(200);
    const log = (await t.request(org.token, 'GET', `/api/v1/applications/${ids.cat}/activity`)).body as {
      items: { actor: { label: string } }[];
    };
    expect(log.items.map((e) => e.actor.label)).toEqual([expect.stringContaining('Rita Recruiter')]);
  });

  it('refuses an unknown status on the field', async () => {
    const res = await t.request(org.token, 'PATCH', `/api/v1/applications/${ids.ann}`, { status: 'maybe' });
    expect(res.status).toBe(422);
    expect((res.body as { error: { issues: { path: string }[] } }).error.issues[0]!.path).toBe('status');
  });

  it('is another organisation’s business: 404, unchanged', async () => {
    const res = await t.request(org.token, 'PATCH', `/api/v1/applications/${ids.theirs}`, {
      status: 'hired',
    });
    expect(res.status).toBe(404);
    const theirs = (await list('', other.token)).items[0]!;
    expect(theirs.status).toBe('new');
    expect((await t.request(recruiter.token, 'GET', `/api/v1/applications/${ids.ann}/activity`)).status).toBe(
      404,
    );
  });
});

describe('the CSV export', () => {
  it('is what the filter shows, escaped, with formulas defused and no CV bytes', async () => {
    const res = await t.request(org.token, 'GET', '/api/v1/applications/export.csv?source=NHS%20Jobs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="applications-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const text = res.body as string;
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(
      'Applied at,Vacancy,Name,Email,Phone,Cover note,Source,Status,Consented at,CV file,Application id',
    );
    expect(text).toContain('"I have, ""ten"" years, on wards\nand more"');
    expect(text).toContain(`"'=HYPERLINK(""http://evil"",""Cat"")"`);
    expect(text).toContain("'+44 7700 900123");
    expect(text).not.toContain('Bob Baker');
    expect(text).not.toContain('Dan Other');
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('has only the header row when nothing matches', async () => {
    const res = await t.request(org.token, 'GET', '/api/v1/applications/export.csv?status=hired');
    expect(res.status).toBe(200);
    expect((res.body as string).split('\r\n').filter(Boolean)).toHaveLength(1);
  });
});
