import { createHash } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  createTestContext,
  type TestContext,
  validVacancy,
} from '../../../test/support/app.js';
import { sessions } from '../../db/schema.js';
import { REDACT_PATHS } from '../../main/logger.js';

type ErrorBody = { error: { code: string; message: string; issues: { path: string; message: string }[] } };
interface SessionBody {
  user: { id: string; email: string; name: string; role: string };
  organisation: { id: string; slug: string; name: string };
  csrfToken: string;
}

let t: TestContext;
let org: { id: string; slug: string; token: string; adminEmail: string };
const logLines: string[] = [];

beforeAll(async () => {
  t = await createTestContext({ logLines });
  org = await t.organisation('Session Trust');
});
afterAll(async () => t.close());

const signIn = (email: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password } });

/** Signs in and returns what a browser would keep: the cookie and the CSRF token. */
async function browser(email = org.adminEmail, password = ADMIN_PASSWORD) {
  const res = await signIn(email, password);
  expect(res.statusCode, res.body).toBe(201);
  const cookie = res.cookies.find((c) => c.name === 'postroom_session')!;
  const body = res.json() as SessionBody;
  const send = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    options: { body?: unknown; csrf?: string | null } = {},
  ) =>
    t.app.inject({
      method,
      url,
      cookies: { postroom_session: cookie.value },
      headers: {
        ...(options.csrf === null ? {} : { 'x-csrf-token': options.csrf ?? body.csrfToken }),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
    });
  return { cookie, body, send };
}

describe('signing in and out', () => {
  it('signs in with e-mail and password, sets a safe cookie, and tells who is signed in', async () => {
    const res = await signIn(org.adminEmail.toUpperCase(), ADMIN_PASSWORD);
    expect(res.statusCode).toBe(201);
    const body = res.json() as SessionBody;
    expect(body.user).toMatchObject({
      email: org.adminEmail,
      role: 'admin',
      name: org.adminEmail.split('@')[0],
    });
    expect(body.organisation).toEqual({ id: org.id, slug: 'session-trust', name: 'Session Trust' });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);

    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^postroom_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain('Secure');

    const cookie = res.cookies.find((c) => c.name === 'postroom_session')!;
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/session',
      cookies: { postroom_session: cookie.value },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual(body);

    // The session works on every API route, with no token.
    const vacancies = await t.app.inject({
      method: 'GET',
      url: '/api/v1/vacancies',
      cookies: { postroom_session: cookie.value },
    });
    expect(vacancies.statusCode).toBe(200);
  });

  it('keeps only a hash of the session id', async () => {
    const { cookie } = await browser();
    const rows = await t.deps.db.select().from(sessions);
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(cookie.value);
    expect(rows.map((r) => r.tokenHash)).toContain(createHash('sha256').update(cookie.value).digest('hex'));
  });

  it('signs out: the session is gone and the cookie cleared', async () => {
    const { send } = await browser();
    const out = await send('DELETE', '/api/v1/session');
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/postroom_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await send('GET', '/api/v1/session')).statusCode).toBe(401);
    expect((await send('GET', '/api/v1/vacancies')).statusCode).toBe(401);
    // Signing out again (or without a session) is harmless.
    expect((await send('DELETE', '/api/v1/session')).statusCode).toBe(204);
  });

  it('answers GET /session with 401 when not signed in', async () => {
    const res = await t.request(null, 'GET', '/api/v1/session');
    expect(res.status).toBe(401);
    expect((res.body as ErrorBody).error.message).toBe('You are not signed in.');
    const unknown = await t.app.inject({
      method: 'GET',
      url: '/api/v1/vacancies',
      cookies: { postroom_session: 'made-up' },
    });
    expect(unknown.statusCode).toBe(401);
    expect((unknown.json() as ErrorBody).error.message).toBe('Your session has ended. Sign in again.');
  });

  it('gives one message for a wrong password and an unknown e-mail', async () => {
    const wrongPassword = await signIn(org.adminEmail, 'not the password at all');
    const unknownEmail = await signIn('nobody@example.org', ADMIN_PASSWORD);
    for (const res of [wrongPassword, unknownEmail]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({
        error: { code: 'unauthorized', message: 'The e-mail address or password is not right.', issues: [] },
      });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    const empty = await t.request(null, 'POST', '/api/v1/session', { email: '', password: '' });
    expect(empty.status).toBe(422);
    expect((empty.body as ErrorBody).error.issues).toEqual([
      { path: 'email', message: 'Enter your e-mail address' },
      { path: 'password', message: 'Enter your password' },
    ]);
  });

  it('locks an account after 5 failures in a row, for longer each time, and lets it in after the wait', async () => {
    const victim = await t.organisation('Lockout Trust');
    for (let i = 1; i <= 4; i++)
      expect((await signIn(victim.adminEmail, 'wrong password!')).statusCode).toBe(401);
    const fifth = await signIn(victim.adminEmail, 'wrong password!');
    expect(fifth.statusCode).toBe(429);
    expect(fifth.headers['retry-after']).toBe('60');
    expect((fifth.json() as ErrorBody).error).toMatchObject({
      code: 'too_many_attempts',
      message: 'Too many failed sign-ins for this account. Try again in 1 minute.',
    });
    // Even the right password waits.
    const right = await signIn(victim.adminEmail, ADMIN_PASSWORD);
    expect(right.statusCode).toBe(429);
    expect(right.headers['set-cookie']).toBeUndefined();
    // Other accounts are not affected.
    expect((await signIn(org.adminEmail, ADMIN_PASSWORD)).statusCode).toBe(201);

    const start = t.clock.now();
    t.clock.set(new Date(start.getTime() + 61_000));
    const sixth = await signIn(victim.adminEmail, 'wrong password!');
    expect(sixth.statusCode).toBe(429);
    expect(sixth.headers['retry-after']).toBe('120');
    t.clock.set(new Date(start.getTime() + 61_000 + 121_000));
    expect((await signIn(victim.adminEmail, ADMIN_PASSWORD)).statusCode).toBe(201);
    // A success starts the count again.
    expect((await signIn(victim.adminEmail, 'wrong password!')).statusCode).toBe(401);
    t.clock.set(start);
  });

  it('verifies at most 5 wrong passwords however many sign-ins arrive at once', async () => {
    const victim = await t.organisation('Parallel Guess Trust');
    const guesses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => signIn(victim.adminEmail, `guess number ${i}`)),
    );
    const statuses = guesses.map((res) => res.statusCode).sort();
    // Four plain refusals, the fifth wrong password locks, and the other fifteen are never checked.
    expect(statuses).toEqual([...Array(4).fill(401), ...Array(16).fill(429)]);

    // Only five failures were counted, so the lock is the first one (a minute), not an hour's.
    const right = await signIn(victim.adminEmail, ADMIN_PASSWORD);
    expect(right.statusCode).toBe(429);
    expect(right.headers['retry-after']).toBe('60');
    const start = t.clock.now();
    t.clock.set(new Date(start.getTime() + 61_000));
    expect((await signIn(victim.adminEmail, ADMIN_PASSWORD)).statusCode).toBe(201);
    t.clock.set(start);
  });

  it('locks an unknown e-mail address the same way, so the lock-out says nothing about accounts', async () => {
    for (let i = 1; i <= 4; i++)
      expect((await signIn('ghost@example.org', 'wrong password!')).statusCode).toBe(401);
    expect((await signIn('ghost@example.org', 'wrong password!')).statusCode).toBe(429);
  });
});

describe('session expiry', () => {
  it('ends a session after 30 minutes without a request', async () => {
    const start = t.clock.now();
    const { send } = await browser();
    t.clock.set(new Date(start.getTime() + 29 * 60_000));
    expect((await send('GET', '/api/v1/session')).statusCode).toBe(200);
    // Activity moves the idle limit on.
    t.clock.set(new Date(start.getTime() + 58 * 60_000));
    expect((await send('GET', '/api/v1/vacancies')).statusCode).toBe(200);
    t.clock.set(new Date(start.getTime() + (58 + 31) * 60_000));
    const ended = await send('GET', '/api/v1/vacancies');
    expect(ended.statusCode).toBe(401);
    expect((ended.json() as ErrorBody).error.message).toBe('Your session has ended. Sign in again.');
    expect(String(ended.headers['set-cookie'])).toContain('postroom_session=;');
    t.clock.set(start);
  });

  it('ends a session 12 hours after sign-in however active it is', async () => {
    const start = t.clock.now();
    const { send } = await browser();
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      t.clock.set(new Date(start.getTime() + minutes * 60_000));
      expect((await send('GET', '/api/v1/session')).statusCode, `after ${minutes} min`).toBe(200);
    }
    t.clock.set(new Date(start.getTime() + 12 * 60 * 60_000));
    expect((await send('GET', '/api/v1/session')).statusCode).toBe(401);
    t.clock.set(start);
  });
});

describe('CSRF protection of cookie requests', () => {
  it('refuses a state-changing cookie request without or with a wrong X-CSRF-Token, and changes nothing', async () => {
    const { send } = await browser();
    const before = (await send('GET', '/api/v1/vacancies')).json() as { items: unknown[] };
    for (const csrf of [null, 'wrong-token', '']) {
      const res = await send('POST', '/api/v1/vacancies', { body: validVacancy(), csrf });
      expect(res.statusCode, String(csrf)).toBe(403);
      expect((res.json() as ErrorBody).error.code).toBe('csrf_failed');
      expect((res.json() as ErrorBody).error.message).toContain('X-CSRF-Token');
    }
    // A cross-site form post (no token, form encoding) is refused before its body is read.
    const form = await t.app.inject({
      method: 'POST',
      url: '/api/v1/vacancies',
      cookies: { postroom_session: (await browser()).cookie.value },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'title=Pwned',
    });
    expect(form.statusCode).toBe(403);
    const patch = await send('PATCH', '/api/v1/organisation', { body: { name: 'Hijacked' }, csrf: null });
    expect(patch.statusCode).toBe(403);
    const after = (await send('GET', '/api/v1/vacancies')).json() as { items: unknown[] };
    expect(after.items.length).toBe(before.items.length);
    expect(((await send('GET', '/api/v1/organisation')).json() as { name: string }).name).toBe(
      'Session Trust',
    );
    // Signing out needs the token too.
    expect((await send('DELETE', '/api/v1/session', { csrf: null })).statusCode).toBe(403);
    expect((await send('GET', '/api/v1/session')).statusCode).toBe(200);

    const created = await send('POST', '/api/v1/vacancies', { body: validVacancy() });
    expect(created.statusCode).toBe(201);
    const vacancy = created.json() as { id: string };
    const activity = (await send('GET', `/api/v1/vacancies/${vacancy.id}/activity`)).json() as {
      items: { actor: { type: string; label: string } }[];
    };
    // The activity log names the person.
    expect(activity.items[0]?.actor).toEqual({ type: 'user', label: org.adminEmail.split('@')[0] });
  });

  it('needs no CSRF token with an API token', async () => {
    const res = await t.request(org.token, 'POST', '/api/v1/vacancies', validVacancy());
    expect(res.status).toBe(201);
  });
});

describe('the Secure cookie flag', () => {
  it('is set when PUBLIC_URL is https', async () => {
    const secure = await createTestContext({ publicUrl: 'https://jobs.example.org' });
    try {
      const o = await secure.organisation('Secure Trust');
      const res = await secure.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email: o.adminEmail, password: ADMIN_PASSWORD },
      });
      expect(res.statusCode).toBe(201);
      const setCookie = String(res.headers['set-cookie']);
      expect(setCookie).toContain('Secure');
      expect(setCookie).toContain('HttpOnly');
      expect(setCookie).toContain('SameSite=Strict');
    } finally {
      await secure.close();
    }
  });
});

describe('logs', () => {
  it('never contain a password, a session id or a CSRF token', async () => {
    const { cookie, body, send } = await browser();
    await send('POST', '/api/v1/vacancies', { body: validVacancy() });
    await send('POST', '/api/v1/vacancies', { body: validVacancy(), csrf: 'wrong-token' });
    await signIn(org.adminEmail, 'a wrong password to log');
    await send('DELETE', '/api/v1/session');
    expect(logLines.length).toBeGreaterThan(10);
    for (const secret of [ADMIN_PASSWORD, 'a wrong password to log', cookie.value, body.csrfToken])
      expect(logLines.filter((l) => l.includes(secret)).map((l) => l.slice(0, 600))).toEqual([]);
  });
});

describe('log redaction', () => {
  it('hides cookies, CSRF tokens and passwords even when a request is logged whole', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'trace', redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
      { write: (line: string) => lines.push(line) },
    );
    logger.info({
      req: { headers: { cookie: 'postroom_session=s3cret-session', 'x-csrf-token': 's3cret-csrf' } },
      res: { headers: { 'set-cookie': 'postroom_session=s3cret-session; HttpOnly' } },
      body: { email: 'a@b.org', password: 's3cret-password' },
      session: { csrfToken: 's3cret-csrf', sessionId: 's3cret-session' },
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/s3cret/);
    expect(lines[0]).toContain('a@b.org');
  });
});
