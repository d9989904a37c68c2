import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestContext, type TestContext } from '../../../test/support/app.js';

type ErrorBody = { error: { code: string; message: string; issues: { path: string; message: string }[] } };
interface UserBody {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'recruiter';
  createdAt: string;
  lastSignInAt: string | null;
}

let t: TestContext;
let org: { id: string; slug: string; token: string; adminEmail: string };

beforeAll(async () => {
  t = await createTestContext();
  org = await t.organisation('Users Trust');
});
afterAll(async () => t.close());

/** A signed-in browser: cookie requests with the session's CSRF token. */
async function signedIn(email: string, password: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password } });
  expect(res.statusCode, res.body).toBe(201);
  const cookie = res.cookies.find((c) => c.name === 'postroom_session')!.value;
  const { csrfToken, user } = res.json() as { csrfToken: string; user: { id: string } };
  const send = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) => {
    const response = await t.app.inject({
      method,
      url,
      cookies: { postroom_session: cookie },
      headers: {
        'x-csrf-token': csrfToken,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    return { status: response.statusCode, body: response.body ? (response.json() as unknown) : null };
  };
  return { send, userId: user.id };
}

const newUser = (overrides: Record<string, unknown> = {}) => ({
  email: `person-${Math.random().toString(36).slice(2)}@users.example.org`,
  name: 'Priya Shah',
  role: 'recruiter',
  password: 'a long enough password',
  ...overrides,
});

describe('users', () => {
  it('lists the organisation’s users with no password in sight', async () => {
    const res = await t.request(org.token, 'GET', '/api/v1/users');
    expect(res.status).toBe(200);
    const { items } = res.body as { items: UserBody[] };
    expect(items).toEqual([
      {
        id: expect.any(String),
        email: org.adminEmail,
        name: org.adminEmail.split('@')[0],
        role: 'admin',
        createdAt: '2026-11-23T10:00:00.000Z',
        lastSignInAt: null,
      },
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/password|hash/i);
  });

  it('adds a user who can then sign in, and records when they did', async () => {
    const input = newUser({ email: 'Jo.Bloggs@Users.example.org', name: '  Jo Bloggs ' });
    const created = await t.request(org.token, 'POST', '/api/v1/users', input);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email: 'jo.bloggs@users.example.org',
      name: 'Jo Bloggs',
      role: 'recruiter',
    });

    const signIn = await signedIn('jo.bloggs@users.example.org', 'a long enough password');
    expect(signIn.userId).toBe((created.body as UserBody).id);
    const listed = (await t.request(org.token, 'GET', '/api/v1/users')).body as { items: UserBody[] };
    expect(listed.items.find((u) => u.name === 'Jo Bloggs')?.lastSignInAt).toBe('2026-11-23T10:00:00.000Z');
  });

  it('says which fields are wrong: short password, bad e-mail, missing name, unknown role', async () => {
    const res = await t.request(org.token, 'POST', '/api/v1/users', {
      email: 'not-an-email',
      name: '',
      role: 'owner',
      password: 'short',
    });
    expect(res.status).toBe(422);
    expect((res.body as ErrorBody).error.issues).toEqual([
      { path: 'email', message: 'E-mail must be a valid e-mail address, like name@example.org' },
      { path: 'name', message: 'Enter the person’s name' },
      { path: 'role', message: 'Choose a role: admin, recruiter or approver' },
      { path: 'password', message: 'Password must be at least 12 characters' },
    ]);
  });

  it('refuses an e-mail address that already has an account, on the field', async () => {
    const res = await t.request(
      org.token,
      'POST',
      '/api/v1/users',
      newUser({ email: org.adminEmail.toUpperCase() }),
    );
    expect(res.status).toBe(409);
    expect((res.body as ErrorBody).error.issues).toEqual([
      { path: 'email', message: 'This e-mail address already has an account' },
    ]);
  });

  it('renames, promotes and sets a new password, which signs the user out everywhere', async () => {
    const input = newUser();
    const { id } = (await t.request(org.token, 'POST', '/api/v1/users', input)).body as UserBody;
    const theirBrowser = await signedIn(input.email, input.password);
    expect((await theirBrowser.send('GET', '/api/v1/users')).status).toBe(403);

    const renamed = await t.request(org.token, 'PATCH', `/api/v1/users/${id}`, {
      name: 'Priya S.',
      role: 'admin',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Priya S.', role: 'admin' });
    // The new role applies to the session at once.
    expect((await theirBrowser.send('GET', '/api/v1/users')).status).toBe(200);

    const changed = await t.request(org.token, 'PATCH', `/api/v1/users/${id}`, {
      password: 'another long password',
    });
    expect(changed.status).toBe(200);
    expect((await theirBrowser.send('GET', '/api/v1/session')).status).toBe(401);
    const old = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: input.email, password: input.password },
    });
    expect(old.statusCode).toBe(401);
    await signedIn(input.email, 'another long password');

    const weak = await t.request(org.token, 'PATCH', `/api/v1/users/${id}`, { password: 'short' });
    expect(weak.status).toBe(422);
    expect((weak.body as ErrorBody).error.issues[0]).toEqual({
      path: 'password',
      message: 'Password must be at least 12 characters',
    });
  });

  it('removes a user and ends their sessions', async () => {
    const input = newUser();
    const { id } = (await t.request(org.token, 'POST', '/api/v1/users', input)).body as UserBody;
    const theirBrowser = await signedIn(input.email, input.password);
    const removed = await t.request(org.token, 'DELETE', `/api/v1/users/${id}`);
    expect(removed.status).toBe(204);
    expect((await theirBrowser.send('GET', '/api/v1/vacancies')).status).toBe(401);
    const listed = (await t.request(org.token, 'GET', '/api/v1/users')).body as { items: UserBody[] };
    expect(listed.items.map((u) => u.id)).not.toContain(id);
    expect((await t.request(org.token, 'DELETE', `/api/v1/users/${id}`)).status).toBe(404);
  });

  it('never leaves the organisation without an administrator, and nobody removes or demotes themselves', async () => {
    const solo = await t.organisation('Solo Trust');
    const admin = await signedIn(solo.adminEmail, ADMIN_PASSWORD);
    const self = await admin.send('DELETE', `/api/v1/users/${admin.userId}`);
    expect(self.status).toBe(409);
    expect((self.body as ErrorBody).error.message).toBe(
      'You cannot remove your own account; ask another administrator to do it.',
    );
    const demoteSelf = await admin.send('PATCH', `/api/v1/users/${admin.userId}`, { role: 'recruiter' });
    expect(demoteSelf.status).toBe(409);
    expect((demoteSelf.body as ErrorBody).error.issues).toEqual([
      { path: 'role', message: 'You cannot change your own role' },
    ]);

    // Through an API token there is no "yourself", but the last administrator stays.
    const last = await t.request(solo.token, 'PATCH', `/api/v1/users/${admin.userId}`, { role: 'recruiter' });
    expect(last.status).toBe(409);
    expect((last.body as ErrorBody).error.message).toContain('is the only administrator');
    expect((await t.request(solo.token, 'DELETE', `/api/v1/users/${admin.userId}`)).status).toBe(409);

    // With a second administrator, the first may go.
    const second = (
      await admin.send('POST', '/api/v1/users', newUser({ role: 'admin', name: 'Second Admin' }))
    ).body as UserBody;
    expect(
      (await t.request(solo.token, 'PATCH', `/api/v1/users/${admin.userId}`, { role: 'recruiter' })).status,
    ).toBe(200);
    expect((await t.request(solo.token, 'DELETE', `/api/v1/users/${second.id}`)).status).toBe(409);
    // A recruiter can no longer manage users.
    const refused = await admin.send('GET', '/api/v1/users');
    expect(refused.status).toBe(403);
  });

  it('keeps users to their own organisation: a foreign id is not found', async () => {
    const other = await t.organisation('Other Users Trust');
    const theirs = (await t.request(other.token, 'GET', '/api/v1/users')).body as { items: UserBody[] };
    const foreignId = theirs.items[0]!.id;
    expect((await t.request(org.token, 'PATCH', `/api/v1/users/${foreignId}`, { name: 'Mine' })).status).toBe(
      404,
    );
    expect((await t.request(org.token, 'DELETE', `/api/v1/users/${foreignId}`)).status).toBe(404);
    expect((await t.request(org.token, 'DELETE', '/api/v1/users/not-a-uuid')).status).toBe(404);
    const still = (await t.request(other.token, 'GET', '/api/v1/users')).body as { items: UserBody[] };
    expect(still.items[0]?.name).toBe(theirs.items[0]?.name);
    const mine = (await t.request(org.token, 'GET', '/api/v1/users')).body as { items: UserBody[] };
    expect(mine.items.map((u) => u.id)).not.toContain(foreignId);
  });
});

describe('administrator-only routes', () => {
  it('refuse a recruiter with 403 "Only an administrator can …", and let them do recruiter work', async () => {
    const input = newUser({ role: 'recruiter' });
    await t.request(org.token, 'POST', '/api/v1/users', input);
    const recruiter = await signedIn(input.email, input.password);
    const refused = [
      await recruiter.send('GET', '/api/v1/users'),
      await recruiter.send('POST', '/api/v1/users', newUser()),
      await recruiter.send('PATCH', '/api/v1/organisation', { name: 'Mine now' }),
      await recruiter.send('GET', '/api/v1/tokens'),
      await recruiter.send('POST', '/api/v1/tokens', { name: 'mine' }),
      await recruiter.send('POST', '/api/v1/connections', {
        board: 's1jobs',
        name: 'Mine',
        settings: { site: 's1jobs', username: 'x', password: 'y' },
      }),
    ];
    for (const res of refused) {
      expect(res.status).toBe(403);
      expect((res.body as ErrorBody).error.code).toBe('forbidden');
      expect((res.body as ErrorBody).error.message).toMatch(/^Only an administrator can /);
    }
    expect((refused[2]!.body as ErrorBody).error.message).toBe(
      "Only an administrator can change the organisation's settings.",
    );
    expect((await recruiter.send('GET', '/api/v1/organisation')).status).toBe(200);
    expect((await recruiter.send('GET', '/api/v1/vacancies')).status).toBe(200);
    expect((await t.request(org.token, 'GET', '/api/v1/organisation')).body).toMatchObject({
      name: 'Users Trust',
    });
  });
});
