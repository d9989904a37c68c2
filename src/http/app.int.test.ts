import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../test/support/app.js';

type ErrorBody = { error: { code: string; message: string; issues: { path: string; message: string }[] } };

let t: TestContext;
let org: { id: string; slug: string; token: string };

beforeAll(async () => {
  t = await createTestContext();
  org = await t.organisation('Errors Trust');
});
afterAll(async () => t.close());

describe('the HTTP edge', () => {
  it('reports health and readiness with the database state', async () => {
    const health = await t.request(null, 'GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok', database: 'ok' });
    expect((await t.request(null, 'GET', '/readyz')).status).toBe(200);
  });

  it('refuses a missing, malformed or unknown token with 401 and the error envelope', async () => {
    for (const header of [undefined, 'Basic abc', 'Bearer pr_unknown', 'Bearer ']) {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/vacancies',
        headers: header ? { authorization: header } : {},
      });
      expect(res.statusCode, String(header)).toBe(401);
      expect((res.json() as ErrorBody).error.code).toBe('unauthorized');
    }
  });

  it('answers malformed JSON with 400, a wrong content type with 415 and a body over 1 MB with 413', async () => {
    const bad = await t.request(org.token, 'POST', '/api/v1/vacancies', '{"title": ');
    expect(bad.status).toBe(400);
    expect((bad.body as ErrorBody).error.code).toBe('invalid_json');

    const xml = await t.request(org.token, 'POST', '/api/v1/vacancies', undefined, {
      'content-type': 'application/xml',
    });
    expect([415, 422]).toContain(xml.status);

    const huge = await t.request(
      org.token,
      'POST',
      '/api/v1/vacancies',
      validVacancy({ description: `<p>${'a'.repeat(1_100_000)}</p>` }),
    );
    expect(huge.status).toBe(413);
    expect((huge.body as ErrorBody).error.code).toBe('payload_too_large');
  });

  it('refuses hostile input without a 500: prototype pollution, deep nesting, wrong types', async () => {
    const proto = await t.request(
      org.token,
      'POST',
      '/api/v1/vacancies',
      '{"__proto__": {"admin": true}, "title": "x"}',
    );
    expect(proto.status).toBeLessThan(500);
    const types = await t.request(org.token, 'POST', '/api/v1/vacancies', {
      ...validVacancy(),
      title: 42,
      salary: 'lots',
      location: [],
    });
    expect(types.status).toBe(422);
    expect((types.body as ErrorBody).error.issues.map((i) => i.path).sort()).toEqual([
      'location',
      'salary',
      'title',
    ]);
    const array = await t.request(org.token, 'POST', '/api/v1/vacancies', [1, 2, 3]);
    expect(array.status).toBe(422);
  });

  it('gives unknown routes a 404 in the error envelope', async () => {
    const res = await t.request(org.token, 'GET', '/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect((res.body as ErrorBody).error.code).toBe('not_found');
  });

  it('echoes a sane request id and makes one otherwise', async () => {
    const given = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'bad id <script>' },
    });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('publishes an OpenAPI 3.1 document generated from the request schemas, and a docs page', async () => {
    const res = await t.request(null, 'GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown; summary?: string }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/vacancies',
        '/api/v1/vacancies/{id}',
        '/api/v1/vacancies/{id}/publish',
        '/api/v1/organisation',
        '/api/v1/tokens',
        '/api/v1/session',
        '/api/v1/users',
        '/api/v1/users/{id}',
        '/api/v1/applications/stats',
        '/api/v1/postings',
      ]),
    );
    const createBody = JSON.stringify(doc.paths['/api/v1/vacancies']?.post?.requestBody);
    expect(createBody).toContain('employmentType');
    expect(createBody).toContain('fixed_term');
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods))
        expect(op.summary, `${method} ${path}`).toBeTruthy();
    }
    const page = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger');
  });
});

describe('organisation settings and API tokens', () => {
  it('reads and changes the settings, with issues on bad fields', async () => {
    const read = await t.request(org.token, 'GET', '/api/v1/organisation');
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ name: 'Errors Trust', slug: 'errors-trust', locations: [] });

    const about =
      'We are a teaching hospital trust serving half a million people, with a strong record in research and staff development.';
    const changed = await t.request(org.token, 'PATCH', '/api/v1/organisation', {
      about,
      replyToEmail: 'jobs@errors.example.org',
      locations: [{ name: 'Main site', line1: '1 Road', town: 'Leeds', postcode: 'ls1 4ap' }],
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      about,
      replyToEmail: 'jobs@errors.example.org',
      locations: [{ name: 'Main site', postcode: 'LS1 4AP', country: 'GB' }],
    });

    const bad = await t.request(org.token, 'PATCH', '/api/v1/organisation', {
      name: '',
      replyToEmail: 'nope',
      locations: [{ name: 'A', line1: '1', town: 'X', postcode: 'ZZ' }],
    });
    expect(bad.status).toBe(422);
    expect((bad.body as ErrorBody).error.issues.map((i) => i.path).sort()).toEqual([
      'locations.0.postcode',
      'name',
      'replyToEmail',
    ]);
    const still = await t.request(org.token, 'GET', '/api/v1/organisation');
    expect((still.body as { about: string }).about).toBe(about);
  });

  it('gives the admin page NHS Jobs\' limits on "About organisation", and warns once NHS Jobs is connected', async () => {
    const trust = await t.organisation('About Trust');
    const first = await t.request(trust.token, 'GET', '/api/v1/organisation');
    expect(first.body).toMatchObject({
      about: '',
      replyToEmail: null,
      locations: [],
      aboutLimits: [{ board: 'nhs-jobs', boardLabel: 'NHS Jobs', min: 100, max: 1000, connected: false }],
      warnings: [],
    });
    const connected = await t.request(trust.token, 'POST', '/api/v1/connections', {
      board: 'nhs-jobs',
      name: 'NHS Jobs',
      settings: { organisationId: 'ORG', accountId: 'ACC', apiKey: 'key', testMode: true },
    });
    expect(connected.status).toBe(201);
    const short = await t.request(trust.token, 'PATCH', '/api/v1/organisation', { about: 'We care.' });
    expect(short.status).toBe(200);
    expect(short.body).toMatchObject({
      about: 'We care.',
      aboutLimits: [{ connected: true }],
      warnings: [
        {
          path: 'about',
          message:
            'NHS Jobs needs "About organisation" to be 100 to 1,000 characters; it is 8. Postings to NHS Jobs will ask for it until then.',
        },
      ],
    });
    const fine = await t.request(trust.token, 'PATCH', '/api/v1/organisation', { about: 'é'.repeat(1000) });
    expect((fine.body as { warnings: unknown[] }).warnings).toEqual([]);
    const long = await t.request(trust.token, 'PATCH', '/api/v1/organisation', { about: 'a'.repeat(1001) });
    expect((long.body as { warnings: { message: string }[] }).warnings[0]?.message).toContain('it is 1,001');
  });

  it('lets a recruiter token read but not change settings or manage tokens', async () => {
    const recruiter = await t.organisation('Recruiter Trust', 'recruiter');
    expect((await t.request(recruiter.token, 'GET', '/api/v1/organisation')).status).toBe(200);
    const patch = await t.request(recruiter.token, 'PATCH', '/api/v1/organisation', { name: 'Mine now' });
    expect(patch.status).toBe(403);
    expect((patch.body as ErrorBody).error.code).toBe('forbidden');
    expect((await t.request(recruiter.token, 'GET', '/api/v1/tokens')).status).toBe(403);
    expect((await t.request(recruiter.token, 'POST', '/api/v1/tokens', { name: 'x' })).status).toBe(403);
    expect((await t.request(recruiter.token, 'POST', '/api/v1/vacancies', validVacancy())).status).toBe(201);
  });

  it('shows a new token once, keeps only its hash, records its use and revokes it', async () => {
    const created = await t.request(org.token, 'POST', '/api/v1/tokens', { name: 'HR system' });
    expect(created.status).toBe(201);
    const { token, apiToken } = created.body as {
      token: string;
      apiToken: { id: string; prefix: string; role: string; lastUsedAt: string | null };
    };
    expect(token).toMatch(/^pr_[A-Za-z0-9_-]{43}$/);
    expect(token.startsWith(apiToken.prefix)).toBe(true);
    expect(apiToken.role).toBe('recruiter');

    expect((await t.request(token, 'GET', '/api/v1/vacancies')).status).toBe(200);
    const listed = (await t.request(org.token, 'GET', '/api/v1/tokens')).body as {
      items: Record<string, unknown>[];
    };
    const entry = listed.items.find((i) => i.id === apiToken.id);
    expect(entry?.lastUsedAt).toBe('2026-11-23T10:00:00.000Z');
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(JSON.stringify(listed)).not.toMatch(/hash/i);

    const revoked = await t.request(org.token, 'DELETE', `/api/v1/tokens/${apiToken.id}`);
    expect(revoked.status).toBe(200);
    expect((revoked.body as { revokedAt: string }).revokedAt).toBeTruthy();
    expect((await t.request(token, 'GET', '/api/v1/vacancies')).status).toBe(401);
  });

  it("cannot revoke another organisation's token", async () => {
    const stranger = await t.organisation('Stranger Trust');
    const theirs = (await t.request(stranger.token, 'GET', '/api/v1/tokens')).body as {
      items: { id: string }[];
    };
    const res = await t.request(org.token, 'DELETE', `/api/v1/tokens/${theirs.items[0]?.id}`);
    expect(res.status).toBe(404);
    expect((await t.request(stranger.token, 'GET', '/api/v1/vacancies')).status).toBe(200);
  });
});
