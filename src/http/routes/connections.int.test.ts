import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../../test/support/app.js';
import { boardConnections } from '../../db/schema.js';

type Body = Record<string, unknown> & {
  error?: { code: string; message: string; issues: { path: string; message: string }[] };
};
type Preview = {
  fields: Record<string, unknown>;
  prefilled: string[];
  issues: { path: string; message: string; severity: string }[];
  blocked: boolean;
  request: { method: string; url: string; body: Record<string, unknown> };
};

const SECRET = 'sup3r-s3cret-pa55word';
let t: TestContext;
let acme: { id: string; slug: string; token: string };
let other: { id: string; slug: string; token: string };
let connectionId: string;
let vacancyId: string;

beforeAll(async () => {
  // Nothing listens on the discard port: these tests never call the board.
  t = await createTestContext({ boardUrlAllow: ['http://127.0.0.1:9'] });
  acme = await t.organisation('Acme Health');
  other = await t.organisation('Other Trust');
  const res = await t.request(acme.token, 'POST', '/api/v1/connections', {
    board: 's1jobs',
    name: 's1jobs (sandbox)',
    settings: { username: 'demo-api', password: SECRET, baseUrl: 'http://127.0.0.1:9/sandbox/s1jobs' },
  });
  expect(res.status).toBe(201);
  connectionId = (res.body as Body).id as string;
  const vacancy = await t.request(
    acme.token,
    'POST',
    '/api/v1/vacancies',
    validVacancy({
      reference: 'RN-42',
      category: 'nursing',
      salary: { min: 31049, max: 37796, period: 'year' },
      closingDate: '2026-12-10',
    }),
  );
  vacancyId = (vacancy.body as Body).id as string;
});
afterAll(async () => t.close());

describe('board connections', () => {
  it('lists the boards with their settings and fields as JSON Schema', async () => {
    const res = await t.request(acme.token, 'GET', '/api/v1/boards');
    expect(res.status).toBe(200);
    const s1 = (res.body as { items: Record<string, Record<string, unknown>>[] }).items.find(
      (b) => b.id === ('s1jobs' as unknown),
    );
    expect(s1).toBeDefined();
    const settings = s1!.connectionSettings as {
      properties: Record<string, unknown>;
      'x-postroom': { secrets: string[] };
    };
    expect(Object.keys(settings.properties)).toEqual(
      expect.arrayContaining(['username', 'password', 'site', 'baseUrl']),
    );
    expect(settings['x-postroom'].secrets).toEqual(['password']);
    const fields = s1!.postingFields as {
      properties: Record<
        string,
        { enum?: string[]; maxLength?: number; 'x-postroom': Record<string, unknown> }
      >;
      required: string[];
    };
    expect(fields.properties.coreSkill?.enum).toContain('Accountancy');
    expect(fields.properties.title?.maxLength).toBe(255);
    expect(fields.properties.specialisms?.['x-postroom'].optionsFrom).toBeDefined();
    expect(fields.required).toEqual(
      expect.arrayContaining(['title', 'description', 'coreSkill', 'location']),
    );
  });

  it('stores credentials encrypted and never returns them', async () => {
    const read = await t.request(acme.token, 'GET', `/api/v1/connections/${connectionId}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      board: 's1jobs',
      name: 's1jobs (sandbox)',
      secretsSet: { password: true },
      settings: { username: 'demo-api', site: 's1jobs' },
    });
    const list = await t.request(acme.token, 'GET', '/api/v1/connections');
    const log = await t.database.db.execute('select changes from activity');
    const stored = await t.database.db.execute('select settings, secrets from board_connections');
    for (const text of [
      JSON.stringify(read.body),
      JSON.stringify(list.body),
      JSON.stringify(log),
      JSON.stringify(stored),
    ]) {
      expect(text).not.toContain(SECRET);
    }
    expect(JSON.stringify(stored)).toContain('v1:');
  });

  it('refuses bad settings on their field, an unknown board, and a duplicate name', async () => {
    const bad = await t.request(acme.token, 'POST', '/api/v1/connections', {
      board: 's1jobs',
      name: 'Bad',
      settings: { username: '', site: 'z1jobs', baseUrl: 'ftp://x' },
    });
    expect(bad.status).toBe(422);
    expect((bad.body as Body).error?.issues.map((i) => i.path).sort()).toEqual([
      'settings.baseUrl',
      'settings.password',
      'settings.site',
      'settings.username',
    ]);
    const unknown = await t.request(acme.token, 'POST', '/api/v1/connections', {
      board: 'monster',
      name: 'M',
      settings: {},
    });
    expect(unknown.status).toBe(422);
    expect((unknown.body as Body).error?.issues[0]?.path).toBe('board');
    const dup = await t.request(acme.token, 'POST', '/api/v1/connections', {
      board: 's1jobs',
      name: 'S1JOBS (Sandbox)',
      settings: { username: 'a', password: 'b' },
    });
    expect(dup.status).toBe(409);
    expect((dup.body as Body).error?.issues[0]?.path).toBe('name');
  });

  it('keeps a secret that a change leaves out, replaces one that it gives, and removes a connection', async () => {
    const created = await t.request(acme.token, 'POST', '/api/v1/connections', {
      board: 's1jobs',
      name: 'x1jobs',
      settings: { username: 'u1', password: 'first-secret', site: 'x1jobs' },
    });
    const id = (created.body as Body).id as string;
    const previewed = () =>
      t.request(acme.token, 'POST', `/api/v1/vacancies/${vacancyId}/postings/preview`, { connectionId: id });
    // Opened once before the change: the change must not be hidden by the settings opened then.
    expect(((await previewed()).body as Preview).request.body.username).toBe('u1');
    const renamed = await t.request(acme.token, 'PATCH', `/api/v1/connections/${id}`, {
      name: 'x1jobs live',
      settings: { username: 'u2' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      name: 'x1jobs live',
      settings: { username: 'u2', site: 'x1jobs' },
      secretsSet: { password: true },
    });
    expect(((await previewed()).body as Preview).request.body.username).toBe('u2');

    const emptied = await t.request(acme.token, 'PATCH', `/api/v1/connections/${id}`, {
      settings: { password: '' },
    });
    expect(emptied.status).toBe(422);
    expect((emptied.body as Body).error?.issues[0]?.path).toBe('settings.password');

    expect((await t.request(acme.token, 'DELETE', `/api/v1/connections/${id}`)).status).toBe(204);
    expect((await t.request(acme.token, 'GET', `/api/v1/connections/${id}`)).status).toBe(404);
    const again = await t.request(acme.token, 'POST', '/api/v1/connections', {
      board: 's1jobs',
      name: 'x1jobs live',
      settings: { username: 'u', password: 'p' },
    });
    expect(again.status).toBe(201);
  });

  it('lets recruiters list connections but not change them, and hides them from other organisations', async () => {
    const recruiter = await t.request(acme.token, 'POST', '/api/v1/tokens', {
      name: 'recruiter',
      role: 'recruiter',
    });
    const token = (recruiter.body as { token: string }).token;
    expect((await t.request(token, 'GET', '/api/v1/connections')).status).toBe(200);
    expect(
      (
        await t.request(token, 'POST', '/api/v1/connections', {
          board: 's1jobs',
          name: 'n',
          settings: { username: 'a', password: 'b' },
        })
      ).status,
    ).toBe(403);
    expect(
      (await t.request(token, 'PATCH', `/api/v1/connections/${connectionId}`, { name: 'mine' })).status,
    ).toBe(403);
    expect((await t.request(token, 'DELETE', `/api/v1/connections/${connectionId}`)).status).toBe(403);

    expect((await t.request(other.token, 'GET', `/api/v1/connections/${connectionId}`)).status).toBe(404);
    expect(
      (await t.request(other.token, 'PATCH', `/api/v1/connections/${connectionId}`, { name: 'x' })).status,
    ).toBe(404);
    expect(
      ((await t.request(other.token, 'GET', '/api/v1/connections')).body as { items: unknown[] }).items,
    ).toEqual([]);
  });
});

describe('posting preview (s1jobs)', () => {
  it('pre-fills the fields from the vacancy and shows the request without the password', async () => {
    const res = await t.request(acme.token, 'POST', `/api/v1/vacancies/${vacancyId}/postings/preview`, {
      connectionId,
    });
    expect(res.status).toBe(200);
    const preview = res.body as Preview;
    expect(preview.fields).toMatchObject({
      title: 'Staff Nurse',
      reference: 'RN-42',
      coreSkill: 'Medical / Dental / Health Care',
      specialisms: ['Nursing'],
      location: 'G4 0SF',
      jobType: 'Permanent',
      hours: 'Full',
      workingLocation: 'Onsite working',
      salaryLow: 31049,
      salaryHigh: 37796,
      salaryPeriod: 'yearly',
      // The day after the closing date: s1jobs closes an advert in the morning of the date sent.
      expiryDate: '2026-12-11',
      applyUrl: 'http://localhost:3000/careers/acme-health/RN-42/apply?src=preview',
    });
    expect(preview.prefilled).toEqual(expect.arrayContaining(['title', 'coreSkill', 'applyUrl']));
    expect(preview.request.method).toBe('POST');
    expect(preview.request.url).toBe('http://127.0.0.1:9/sandbox/s1jobs/api/job');
    expect(preview.request.body).toMatchObject({
      username: 'demo-api',
      password: '[redacted]',
      coreskill: 'Medical / Dental / Health Care',
      specialisms: ['Nursing'],
      salary_low: 31049,
    });
    // The API user decides the site: no request names it.
    expect(preview.request.body).not.toHaveProperty('site');
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
  });

  it('parses the stored settings again whenever a connection is loaded, with issues on the setting', async () => {
    const created = await t.request(acme.token, 'POST', '/api/v1/connections', {
      board: 's1jobs',
      name: 's1jobs (stored)',
      settings: { username: 'demo-api', password: SECRET, baseUrl: 'http://127.0.0.1:9/sandbox/s1jobs' },
    });
    const id = (created.body as Body).id as string;
    const previewed = () =>
      t.request(acme.token, 'POST', `/api/v1/vacancies/${vacancyId}/postings/preview`, { connectionId: id });
    expect((await previewed()).status).toBe(200);
    // A setting the board's schema no longer accepts (an older version stored it, or a hand edit).
    await t.database.db
      .update(boardConnections)
      .set({
        settings: { username: 'demo-api', site: 'y1jobs', baseUrl: 'http://127.0.0.1:9/sandbox/s1jobs' },
      })
      .where(eq(boardConnections.id, id));
    const res = await previewed();
    expect(res.status).toBe(422);
    const error = (res.body as Body).error!;
    expect(error.message).toBe(
      'The settings of the s1jobs connection "s1jobs (stored)" are no longer valid: change them on the connection.',
    );
    expect(error.issues.map((i) => i.path)).toEqual(['settings.site']);
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
  });

  it('blocks a wrong specialism, no way to apply and an over-long description, and warns about pence', async () => {
    const res = await t.request(acme.token, 'POST', `/api/v1/vacancies/${vacancyId}/postings/preview`, {
      connectionId,
      fields: {
        specialisms: ['Audit'],
        applyUrl: '',
        description: `<p>${'a'.repeat(60_000)}</p>`,
        salaryLow: 7.5,
        salaryHigh: null,
      },
    });
    expect(res.status).toBe(200);
    const preview = res.body as Preview;
    expect(preview.blocked).toBe(true);
    const byPath = (path: string) => preview.issues.filter((i) => i.path === path);
    expect(byPath('fields.specialisms')).toEqual([
      {
        path: 'fields.specialisms',
        severity: 'error',
        message: "Specialism 'Audit' does not belong to core skill 'Medical / Dental / Health Care'",
      },
    ]);
    expect(byPath('fields.applyUrl')[0]?.severity).toBe('error');
    expect(byPath('fields.description')[0]?.severity).toBe('error');
    expect(byPath('fields.salaryLow')).toEqual([
      expect.objectContaining({ severity: 'warning', message: expect.stringContaining('will show as 8') }),
    ]);
  });

  it('is not blocked by warnings alone', async () => {
    const res = await t.request(acme.token, 'POST', `/api/v1/vacancies/${vacancyId}/postings/preview`, {
      connectionId,
      fields: { salaryLow: 7.5, salaryHigh: 9, salaryPeriod: 'hourly' },
    });
    const preview = res.body as Preview;
    expect(preview.issues.every((i) => i.severity === 'warning')).toBe(true);
    expect(preview.blocked).toBe(false);
  });

  it("answers 404 for another organisation's vacancy or connection", async () => {
    const theirs = await t.request(other.token, 'POST', '/api/v1/vacancies', validVacancy());
    const theirId = (theirs.body as Body).id as string;
    expect(
      (await t.request(acme.token, 'POST', `/api/v1/vacancies/${theirId}/postings/preview`, { connectionId }))
        .status,
    ).toBe(404);
    expect(
      (
        await t.request(other.token, 'POST', `/api/v1/vacancies/${theirId}/postings/preview`, {
          connectionId,
        })
      ).status,
    ).toBe(404);
  });
});
