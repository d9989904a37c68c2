import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../test/support/app.js';

type Envelope = { error: { code: string; message: string; issues: { path: string; message: string }[] } };

let t: TestContext;
let org: { id: string; slug: string; token: string };
const logLines: string[] = [];
const errorLogs = () => logLines.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);

beforeAll(async () => {
  t = await createTestContext({ logLines });
  org = await t.organisation('Edge Health');
});

afterAll(async () => {
  await t?.close();
});

/** A JSON body with a lone surrogate half: JSON.stringify would escape it, so it is spliced in. */
const withLoneSurrogate = (body: Record<string, unknown>, field: string) =>
  JSON.stringify({ ...body, [field]: 'SPLICE' }).replace('"SPLICE"', '"Ward \\ud800 7"');

describe('text the database cannot store', () => {
  it('is refused with 422 on its field, never a 500, and nothing is logged as an error', async () => {
    const cases: [string, string, string, unknown, string][] = [
      ['POST', '/api/v1/vacancies', org.token, validVacancy({ title: 'Nurse\u0000' }), 'title'],
      [
        'POST',
        '/api/v1/vacancies',
        org.token,
        validVacancy({ location: { town: 'Glas\u0000gow', postcode: 'G4 0SF' } }),
        'location.town',
      ],
      ['POST', '/api/v1/vacancies', org.token, withLoneSurrogate(validVacancy(), 'summary'), 'summary'],
      ['POST', '/api/v1/tokens', org.token, { name: 'HR\u0000', role: 'admin' }, 'name'],
      ['PATCH', '/api/v1/organisation', org.token, { about: '\udc00' }, 'about'],
      ['POST', '/api/v1/session', '', { email: '\u0000', password: 'whatever it is' }, 'email'],
      ['GET', '/api/v1/vacancies?q=%00', org.token, undefined, 'q'],
      ['GET', '/api/v1/postings?vacancyReference=A%00', org.token, undefined, 'vacancyReference'],
    ];
    for (const [method, url, token, body, path] of cases) {
      const payload = typeof body === 'string' || body === undefined ? body : JSON.stringify(body);
      const response = await t.request(token || null, method as 'GET', url, payload);
      expect({ url, path, status: response.status }).toEqual({ url, path, status: 422 });
      const { error } = response.body as Envelope;
      expect(error.code).toBe('validation_failed');
      expect(error.issues).toEqual([
        { path, message: expect.stringContaining('NUL character or broken Unicode') },
      ]);
    }
    expect(errorLogs()).toEqual([]);
  });

  it('keeps the vacancy that was refused unsaved, and stores the same text once it is fixed', async () => {
    const refused = await t.request(
      org.token,
      'POST',
      '/api/v1/vacancies',
      validVacancy({ title: 'Porter\u0000' }),
    );
    expect(refused.status).toBe(422);
    const fixed = await t.request(
      org.token,
      'POST',
      '/api/v1/vacancies',
      validVacancy({ title: 'Porter 😀' }),
    );
    expect(fixed.status).toBe(201);
    const list = await t.request(org.token, 'GET', '/api/v1/vacancies?q=Porter');
    expect((list.body as { items: { title: string }[] }).items.map((v) => v.title)).toEqual(['Porter 😀']);
  });

  it('answers careers addresses and searches with such text with a careers page, not a 500', async () => {
    const cases: [string, number][] = [
      ['/careers/%00', 404],
      [`/careers/${org.slug}/REF%00`, 404],
      [`/careers/${org.slug}?q=%00`, 400],
      [`/careers/${org.slug}?location=Glas%00gow`, 400],
      [`/careers/${org.slug}/REF/apply?src=%00`, 400],
    ];
    for (const [url, status] of cases) {
      const response = await t.app.inject({ method: 'GET', url });
      expect({ url, status: response.statusCode }).toEqual({ url, status });
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toContain('<h1>');
    }
    expect(errorLogs()).toEqual([]);
  });

  it('answers a malformed percent-encoding in Postroom’s own shape, not Fastify’s', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/careers/${org.slug}/%ED%A0%80` });
    expect(page.statusCode).toBe(400);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('Web address not recognised');
    expect(page.body).not.toContain('FST_ERR');

    const api = await t.request(org.token, 'GET', '/api/v1/vacancies/%ED%A0%80');
    expect(api.status).toBe(400);
    expect(api.body).toEqual({
      error: { code: 'bad_request', message: expect.stringContaining('percent-encoding'), issues: [] },
    });
    expect(api.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('security headers', () => {
  it('sends nosniff on every response: API JSON, errors, careers pages and the web app', async () => {
    for (const url of [
      '/api/v1/vacancies',
      '/api/v1/nothing-here',
      '/healthz',
      `/careers/${org.slug}`,
      '/app/',
    ]) {
      const response = await t.request(org.token, 'GET', url);
      expect({ url, nosniff: response.headers['x-content-type-options'] }).toEqual({
        url,
        nosniff: 'nosniff',
      });
      // PUBLIC_URL is http:// here: HSTS would only be ignored by browsers, or pin a test host.
      expect(response.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('serves the API docs under a policy that no other site may frame', async () => {
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(docs.statusCode).toBe(200);
    const csp = String(docs.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('tells browsers to use https only when PUBLIC_URL is https', async () => {
    const secure = await createTestContext({ publicUrl: 'https://jobs.example.org' });
    try {
      for (const url of ['/healthz', '/api/v1/vacancies', '/careers/nobody']) {
        const response = await secure.app.inject({ method: 'GET', url });
        expect({ url, hsts: response.headers['strict-transport-security'] }).toEqual({
          url,
          hsts: 'max-age=31536000',
        });
      }
    } finally {
      await secure.close();
    }
  });
});
