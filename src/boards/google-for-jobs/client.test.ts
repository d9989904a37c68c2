import { describe, expect, it } from 'vitest';
import type { BoardError, ClientDeps } from '../board.js';
import { errorFor, tokenErrorFor } from './answers.js';
import { googleClient } from './client.js';
import { SANDBOX_PRIVATE_KEY } from './sandbox-account.js';
import type { GoogleSettings } from './settings.js';

// Google's answers (as quoted in boards/google-for-jobs.md) mapped to BoardError reasons.

const NOW = new Date('2026-11-30T13:00:00Z'); // 05:00 in California: midnight is 19 hours away
const ctx = { clientEmail: 'sa@p.iam.gserviceaccount.com', siteUrl: 'https://jobs.example.org/', now: NOW };
const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  text: typeof body === 'string' ? body : JSON.stringify(body),
  headers: new Headers(headers),
});
const envelope = (code: number, message: string, status: string) => ({
  error: { code, message, errors: [{ message, domain: 'global', reason: 'x' }], status },
});

describe("Google's refusals", () => {
  it('403 ownership: auth, telling the admin to add the service account as an Owner', () => {
    const e = errorFor(
      answer(
        403,
        envelope(403, 'Permission denied. Failed to verify the URL ownership.', 'PERMISSION_DENIED'),
      ),
      ctx,
    );
    expect(e).toMatchObject({ reason: 'auth', status: 403, field: 'url' });
    expect(e.message).toContain(
      'Add sa@p.iam.gserviceaccount.com as an Owner of https://jobs.example.org/ in Search Console',
    );
  });

  it('403 API disabled: auth, naming the project to enable it in', () => {
    const text =
      'Indexing API has not been used in project 1234 before or it is disabled. Enable it by visiting …';
    const e = errorFor(answer(403, envelope(403, text, 'PERMISSION_DENIED')), ctx);
    expect(e).toMatchObject({ reason: 'auth' });
    expect(e.message).toContain('enable the Indexing API in Cloud project 1234');
  });

  it('429 per day: rate_limited until midnight Pacific Time; per minute: Retry-After or a minute', () => {
    const daily =
      "Quota exceeded for quota metric 'Publish requests' and limit 'Publish requests per day' of service 'indexing.googleapis.com' for consumer 'project_number:1'.";
    expect(errorFor(answer(429, envelope(429, daily, 'RESOURCE_EXHAUSTED')), ctx)).toMatchObject({
      reason: 'rate_limited',
      retryAfterMs: 19 * 3_600_000,
    });
    const minute = "Quota exceeded for quota metric 'All requests' and limit 'All requests per minute'";
    expect(
      errorFor(answer(429, envelope(429, minute, 'RESOURCE_EXHAUSTED'), { 'retry-after': '7' }), ctx),
    ).toMatchObject({
      reason: 'rate_limited',
      retryAfterMs: 7000,
    });
    const wait = errorFor(answer(429, envelope(429, minute, 'RESOURCE_EXHAUSTED')), ctx).retryAfterMs!;
    expect(wait).toBeGreaterThanOrEqual(60_000);
    expect(wait).toBeLessThan(70_000);
  });

  it('400 on the URL: invalid on the url field; 5xx unavailable; others unexpected', () => {
    const e = errorFor(
      answer(400, envelope(400, "Missing attribute. 'url' attribute is required.", 'INVALID_ARGUMENT')),
      ctx,
    );
    expect(e).toMatchObject({ reason: 'invalid', field: 'url' });
    expect(e.issues[0]?.message).toContain("'url' attribute is required");
    expect(errorFor(answer(503, '<html><title>Unavailable</title></html>'), ctx).reason).toBe('unavailable');
    expect(errorFor(answer(418, {}), ctx).reason).toBe('unexpected');
  });

  it('token: a bad signature is auth on the private key; other grant refusals auth too', () => {
    const bad = tokenErrorFor(
      answer(400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' }),
      NOW,
    );
    expect(bad).toMatchObject({ reason: 'auth', field: 'privateKey' });
    expect(bad.message).toContain('wrong, rotated or deleted');
    const unknown = tokenErrorFor(
      answer(400, { error: 'invalid_grant', error_description: 'Invalid grant: account not found' }),
      NOW,
    );
    expect(unknown).toMatchObject({ reason: 'auth', boardMessage: 'Invalid grant: account not found' });
  });
});

describe('the client', () => {
  const settings: GoogleSettings = {
    clientEmail: `c${Date.now()}@p.iam.gserviceaccount.com`,
    privateKey: SANDBOX_PRIVATE_KEY,
    siteUrl: 'https://jobs.example.org/',
    dailyQuota: 200,
    baseUrl: 'https://google.test',
  };
  /** A scripted Google: answers in order, and the requests it saw. */
  function scripted(...answers: [number, unknown][]) {
    const seen: { url: string; body: string; authorization: string | null }[] = [];
    const fetch = (async (url: string, init: RequestInit) => {
      seen.push({
        url,
        body: String(init.body),
        authorization: new Headers(init.headers).get('authorization'),
      });
      const [status, body] = answers.shift() ?? [500, {}];
      return new Response(JSON.stringify(body), { status });
    }) as unknown as typeof globalThis.fetch;
    const deps: ClientDeps = { fetch, now: () => new Date() };
    return {
      seen,
      client: googleClient({ ...settings, clientEmail: `${seen.length}${Math.random()}@p.example` }, deps),
    };
  }
  const url = 'https://jobs.example.org/careers/acme/N-1';
  const token = (t: string) =>
    [200, { access_token: t, expires_in: 3600, token_type: 'Bearer' }] as [number, unknown];

  it('retries once with a fresh JWT when Google calls the token not short-lived, then publishes', async () => {
    const shortLived =
      'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.';
    const { seen, client } = scripted(
      [400, { error: 'invalid_grant', error_description: shortLived }],
      token('t1'),
      [200, { urlNotificationMetadata: { url } }],
    );
    await client.create({ url });
    expect(seen.map((s) => s.url)).toEqual([
      'https://google.test/token',
      'https://google.test/token',
      'https://google.test/v3/urlNotifications:publish',
    ]);
    expect(seen[0]!.body).toMatch(
      /^grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=eyJ/,
    );
    expect(JSON.parse(seen[2]!.body)).toEqual({ url, type: 'URL_UPDATED' });
  });

  it('drops the token and gets a new one once after a 401, then gives up as auth', async () => {
    const { seen, client } = scripted(
      token('old'),
      [401, envelope(401, 'x', 'UNAUTHENTICATED')],
      token('new'),
      [200, {}],
    );
    await client.create({ url });
    expect(seen.map((s) => s.authorization)).toEqual([null, 'Bearer old', null, 'Bearer new']);
    const twice = scripted(token('a'), [401, {}], token('b'), [401, {}]);
    expect(await twice.client.create({ url }).catch((e: BoardError) => e.reason)).toBe('auth');
  });

  it('keeps the access token until five minutes before it expires', async () => {
    let at = Date.parse('2026-11-30T10:00:00Z');
    const seen: string[] = [];
    const fetch = (async (url: string) => {
      seen.push(url.endsWith('/token') ? 'token' : 'publish');
      const body = url.endsWith('/token') ? { access_token: `t${seen.length}`, expires_in: 3600 } : {};
      return new Response(JSON.stringify(body), { status: 200 });
    }) as unknown as typeof globalThis.fetch;
    const c = googleClient(
      { ...settings, clientEmail: `cache${Math.random()}@p.example` },
      { fetch, now: () => new Date(at) },
    );
    await c.create({ url });
    at += 54 * 60_000;
    await c.create({ url });
    at += 2 * 60_000;
    await c.create({ url });
    expect(seen).toEqual(['token', 'publish', 'publish', 'token', 'publish']);
  });

  it('sends URL_DELETED for the receipt URL on close', async () => {
    const { seen, client } = scripted(token('t'), [200, {}]);
    await client.close!({ externalId: url });
    expect(JSON.parse(seen[1]!.body)).toEqual({ url, type: 'URL_DELETED' });
  });
});
