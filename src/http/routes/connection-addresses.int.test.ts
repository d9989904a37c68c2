import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/support/app.js';

type Body = { id?: string; error?: { code: string; issues: { path: string; message: string }[] } };

let t: TestContext;
let acme: { token: string };

beforeAll(async () => {
  // The operator allows one loopback origin by its address, and a host *name* that is loopback.
  t = await createTestContext({ boardUrlAllow: ['http://127.0.0.1:9', 'localhost'] });
  acme = await t.organisation('Address Trust');
});
afterAll(async () => t.close());

const connect = (name: string, baseUrl: string) =>
  t.request(acme.token, 'POST', '/api/v1/connections', {
    board: 's1jobs',
    name,
    settings: { username: 'api-user', password: 'the-saved-secret', baseUrl },
  });

const issuesOf = (body: unknown) => (body as Body).error?.issues ?? [];

describe("a connection's base URL", () => {
  it('is refused on its field unless the operator allows it: cloud metadata, the database, anywhere else', async () => {
    for (const baseUrl of [
      'http://169.254.169.254/latest/meta-data/iam/',
      'http://127.0.0.1:5432',
      'http://[::1]:6379/',
      'http://10.0.0.8/admin?x=1',
      'https://boards.attacker.example/collect',
    ]) {
      const res = await connect(`probe ${baseUrl}`, baseUrl);
      expect(res.status, baseUrl).toBe(422);
      expect(issuesOf(res.body)).toEqual([
        { path: 'settings.baseUrl', message: expect.stringContaining('POSTROOM_BOARD_URL_ALLOW') },
      ]);
    }
    const list = await t.request(acme.token, 'GET', '/api/v1/connections');
    expect((list.body as { items: unknown[] }).items).toEqual([]);
  });

  it('is taken at an origin the operator lists, but a listed host name that resolves to loopback is not', async () => {
    expect((await connect('allowed', 'http://127.0.0.1:9/sandbox/s1jobs')).status).toBe(201);
    // "localhost" is listed, but what it resolves to is checked, and a name never vouches for 127.0.0.1.
    const byName = await connect('by name', 'http://localhost:9/sandbox/s1jobs');
    expect(byName.status).toBe(422);
    expect(issuesOf(byName.body)).toEqual([
      {
        path: 'settings.baseUrl',
        message: expect.stringMatching(/private, loopback or link-local address \((127\.0\.0\.1|::1)\)/),
      },
    ]);
  });

  it('cannot be changed without entering the secrets again, so a saved secret never goes to a new host', async () => {
    const created = await connect('moving', 'http://127.0.0.1:9/sandbox/s1jobs');
    const id = (created.body as Body).id!;
    const refused = await t.request(acme.token, 'PATCH', `/api/v1/connections/${id}`, {
      settings: { baseUrl: 'http://127.0.0.1:9/elsewhere' },
    });
    expect(refused.status).toBe(422);
    expect(issuesOf(refused.body)).toEqual([
      { path: 'settings.password', message: expect.stringContaining('Enter this again') },
    ]);
    const attack = await t.request(acme.token, 'PATCH', `/api/v1/connections/${id}`, {
      settings: { baseUrl: 'http://169.254.169.254/', password: 'typed again' },
    });
    expect(attack.status).toBe(422);
    expect(issuesOf(attack.body).map((issue) => issue.path)).toEqual(['settings.baseUrl']);

    const moved = await t.request(acme.token, 'PATCH', `/api/v1/connections/${id}`, {
      settings: { baseUrl: 'http://127.0.0.1:9/elsewhere', password: 'typed again' },
    });
    expect(moved.status).toBe(200);
    expect((moved.body as { settings: { baseUrl: string } }).settings.baseUrl).toBe(
      'http://127.0.0.1:9/elsewhere',
    );
    // A change that leaves the address alone keeps the saved secret, as before.
    const renamed = await t.request(acme.token, 'PATCH', `/api/v1/connections/${id}`, { name: 'renamed' });
    expect(renamed.status).toBe(200);
  });
});
