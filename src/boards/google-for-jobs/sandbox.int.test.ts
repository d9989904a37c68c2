import { generateKeyPairSync, sign } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { googleSandbox } from './sandbox.js';
import { SANDBOX_CLIENT_EMAIL, SANDBOX_PRIVATE_KEY } from './sandbox-account.js';

// The sandbox answers as the contract describes (boards/google-for-jobs.md), over real HTTP. The
// JWTs here are built by hand, not with the adapter's jwt.ts.

interface Notice {
  type: string;
}
/** The parts of the sandbox's answers these tests read. */
interface GoogleAnswer {
  urlNotificationMetadata: { url: string; latestUpdate: Notice; latestRemove: Notice };
  error: { message: string };
}

let app: FastifyInstance;
let base: string;
const NOW_S = Math.floor(Date.now() / 1000);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function jwt(claims: Record<string, unknown>, key = SANDBOX_PRIVATE_KEY) {
  const input = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), key).toString('base64url')}`;
}
const claims = (changes: Record<string, unknown> = {}) => {
  const iat = Math.floor(Date.now() / 1000);
  return {
    iss: SANDBOX_CLIENT_EMAIL,
    scope: 'https://www.googleapis.com/auth/indexing',
    aud: 'https://oauth2.googleapis.com/token',
    iat,
    exp: iat + 3600,
    ...changes,
  };
};
const tokenAnswer = async (assertion: string) => {
  const response = await fetch(`${base}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const token = async () => String((await tokenAnswer(jwt(claims()))).body.access_token);
const publish = async (body: unknown, bearer?: string) => {
  const response = await fetch(`${base}/v3/urlNotifications:publish`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer ?? (await token())}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as GoogleAnswer };
};
const configure = (settings: Record<string, unknown>) =>
  fetch(`${base}/_inspect/settings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(settings),
  });

beforeAll(async () => {
  app = Fastify();
  await app.register(googleSandbox, { prefix: '/sandbox/g' });
  base = `${await app.listen({ port: 0, host: '127.0.0.1' })}/sandbox/g`;
});
afterAll(() => app.close());
beforeEach(async () => {
  await configure({ dailyLimit: 200 });
  await fetch(`${base}/_inspect/reset`, { method: 'POST' });
});

describe('the token endpoint', () => {
  it('exchanges an RS256 assertion of its service account for a bearer token', async () => {
    const { status, body } = await tokenAnswer(jwt(claims()));
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    expect(body.access_token).toMatch(/^ya29\./);
  });

  it('refuses a signature made with another key', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const { status, body } = await tokenAnswer(
      jwt(claims(), other.export({ type: 'pkcs8', format: 'pem' }) as string),
    );
    expect(status).toBe(400);
    expect(body).toEqual({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
  });

  it.each([
    ['a JWT longer than an hour', { iat: NOW_S, exp: NOW_S + 3601 }, /short-lived token/],
    ['an iat far in the past', { iat: 1_700_000_000, exp: 1_700_003_600 }, /short-lived token/],
    ['the token URL of the sandbox as aud', { aud: 'http://127.0.0.1/token' }, /audience/],
    ['another scope', { scope: 'https://www.googleapis.com/auth/cloud-platform' }, /scope/],
  ])('refuses %s', async (_name, changes, text) => {
    const { status, body } = await tokenAnswer(jwt(claims(changes)));
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_grant');
    expect(String(body.error_description)).toMatch(text);
  });
});

describe('the Indexing API', () => {
  it('records URL_UPDATED and URL_DELETED and tells them from metadata', async () => {
    const url = 'https://jobs.example.org/careers/acme/NUR-1';
    const updated = await publish({ url, type: 'URL_UPDATED' });
    expect(updated.status).toBe(200);
    expect(updated.body.urlNotificationMetadata).toMatchObject({
      url,
      latestUpdate: { url, type: 'URL_UPDATED' },
    });
    const removed = await publish({ url, type: 'URL_DELETED' });
    expect(removed.body.urlNotificationMetadata.latestRemove.type).toBe('URL_DELETED');
    const response = await fetch(`${base}/v3/urlNotifications/metadata?url=${encodeURIComponent(url)}`, {
      headers: { authorization: `Bearer ${await token()}` },
    });
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(metadata).sort()).toEqual(['latestRemove', 'latestUpdate', 'url']);
  });

  it('answers the URL only when switched to, as Google often does', async () => {
    await configure({ urlOnly: true });
    const url = 'https://jobs.example.org/careers/acme/ONLY';
    expect((await publish({ url, type: 'URL_UPDATED' })).body).toEqual({ urlNotificationMetadata: { url } });
  });

  it("answers Google's errors in Google's envelope", async () => {
    expect(await publish({ url: 'https://x.example/a', type: 'URL_UPDATED' }, 'nope')).toMatchObject({
      status: 401,
      body: { error: { code: 401, status: 'UNAUTHENTICATED' } },
    });
    expect(await publish({ type: 'URL_UPDATED' })).toMatchObject({
      status: 400,
      body: {
        error: { message: "Missing attribute. 'url' attribute is required.", status: 'INVALID_ARGUMENT' },
      },
    });
    await configure({ owners: ['https://jobs.example.org/'] });
    expect(
      await publish({ url: 'https://other.example.org/careers/a/1', type: 'URL_UPDATED' }),
    ).toMatchObject({
      status: 403,
      body: {
        error: {
          message: 'Permission denied. Failed to verify the URL ownership.',
          errors: [{ reason: 'forbidden', domain: 'global' }],
          status: 'PERMISSION_DENIED',
        },
      },
    });
    const missing = await fetch(`${base}/v3/urlNotifications/metadata?url=https%3A%2F%2Fnever.example%2F`, {
      headers: { authorization: `Bearer ${await token()}` },
    });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as GoogleAnswer).error.message).toBe('Requested entity was not found.');
  });

  it('limits metadata requests a minute apart from the rest', async () => {
    await configure({ metadataPerMinuteLimit: 2 });
    const bearer = await token();
    const ask = () =>
      fetch(`${base}/v3/urlNotifications/metadata?url=https%3A%2F%2Fnever.example%2F`, {
        headers: { authorization: `Bearer ${bearer}` },
      }).then((r) => r.status);
    expect([await ask(), await ask(), await ask()]).toEqual([404, 404, 429]);
    expect(
      (await publish({ url: 'https://jobs.example.org/careers/acme/M', type: 'URL_UPDATED' }, bearer)).status,
    ).toBe(200);
  });

  it('counts publish requests per Pacific day and refuses past the limit until midnight', async () => {
    await configure({ dailyLimit: 2 });
    const bearer = await token();
    const url = 'https://jobs.example.org/careers/acme/Q';
    for (let i = 0; i < 2; i++)
      expect((await publish({ url, type: 'URL_UPDATED' }, bearer)).status).toBe(200);
    const refused = await publish({ url, type: 'URL_UPDATED' }, bearer);
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toMatch(/limit 'Publish requests per day'/);
    // A day later (the sandbox's clock moved; the JWT made on the same clock).
    await configure({ dailyLimit: 2, clockOffsetMs: 86_400_000 });
    const later = Math.floor(Date.now() / 1000) + 86_400;
    const next = String(
      (await tokenAnswer(jwt(claims({ iat: later, exp: later + 3600 })))).body.access_token,
    );
    expect((await publish({ url, type: 'URL_UPDATED' }, next)).status).toBe(200);
  });
});
