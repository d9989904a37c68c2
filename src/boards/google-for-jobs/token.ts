import { createHash } from 'node:crypto';
import { z } from 'zod';
import { BoardError, type ClientDeps, REDACTED } from '../board.js';
import { callBoard, parseJson } from '../http.js';
import { isShortLivedRefusal, tokenErrorFor } from './answers.js';
import { assertionClaims, signJwt } from './jwt.js';
import { JWT_BEARER_GRANT, TOKEN_FORM } from './map.js';

/** Renew a cached token this long before it expires. */
const RENEW_BEFORE_MS = 5 * 60_000;

const tokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().positive() }).loose();

export interface TokenAccount {
  clientEmail: string;
  privateKey: string;
  tokenUrl: string;
}

/** Tokens by account, in this process: one token serves every call until shortly before it expires. */
const cache = new Map<string, { token: string; expiresAt: number }>();
const cacheKey = (a: TokenAccount) =>
  `${a.tokenUrl}\n${a.clientEmail}\n${createHash('sha256').update(a.privateKey).digest('hex')}`;

/** Forgets an account's token (Google answered 401 with it). */
export const forgetToken = (account: TokenAccount) => cache.delete(cacheKey(account));

/** `callBoard` sends a body as JSON; the token endpoint takes a form, encoded here on its way out. */
const formFetch =
  (inner: typeof fetch): typeof fetch =>
  (input, init) =>
    inner(input, {
      ...init,
      body: new URLSearchParams(JSON.parse(String(init?.body ?? '{}')) as Record<string, string>).toString(),
    });

/** The proof of a token exchange keeps neither the assertion nor the access token. */
const redactAnswer = (text: string | null) =>
  text === null ? null : text.replace(/("access_token"\s*:\s*")[^"]*"/g, `$1${REDACTED}"`);

async function requestToken(account: TokenAccount, deps: ClientDeps) {
  const form = (assertion: string) => ({
    [TOKEN_FORM.grantType]: JWT_BEARER_GRANT,
    [TOKEN_FORM.assertion]: assertion,
  });
  const headers = { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' };
  const tokenDeps: ClientDeps = {
    ...deps,
    fetch: formFetch(deps.fetch),
    onExchange: (e) => deps.onExchange?.({ ...e, responseBody: redactAnswer(e.responseBody) }),
  };
  let jwt: string;
  try {
    jwt = signJwt(assertionClaims(account.clientEmail, deps.now()), account.privateKey);
  } catch (error) {
    throw new BoardError(
      'auth',
      'The private key cannot sign: paste "private_key" from the JSON key file again',
      {
        field: 'privateKey',
        cause: error,
      },
    );
  }
  return callBoard(
    tokenDeps,
    'Google',
    { method: 'POST', url: account.tokenUrl, headers, body: form(jwt) },
    { method: 'POST', url: account.tokenUrl, headers, body: form(REDACTED) },
  );
}

/** An access token for the account: the cached one, or a new one from a signed JWT (retried once for the clock). */
export async function accessToken(account: TokenAccount, deps: ClientDeps): Promise<string> {
  const key = cacheKey(account);
  const cached = cache.get(key);
  if (cached && cached.expiresAt - RENEW_BEFORE_MS > deps.now().getTime()) return cached.token;
  let response = await requestToken(account, deps);
  if (response.status === 400 && isShortLivedRefusal(response.text))
    response = await requestToken(account, deps);
  if (response.status !== 200) throw tokenErrorFor(response, deps.now());
  const parsed = tokenSchema.safeParse(parseJson(response.text));
  if (!parsed.success) {
    throw new BoardError('unexpected', "Google's token service answered without an access token", {
      status: response.status,
    });
  }
  const expiresAt = deps.now().getTime() + parsed.data.expires_in * 1000;
  cache.set(key, { token: parsed.data.access_token, expiresAt });
  return parsed.data.access_token;
}
