import { verify } from 'node:crypto';

// The sandbox's reading of Google's JWT bearer flow ("Using OAuth 2.0 for Server to Server
// Applications"): RS256, iss = the service account, scope, aud, iat/exp at most an hour apart.

const AUDIENCE = 'https://oauth2.googleapis.com/token';
const SCOPE = 'https://www.googleapis.com/auth/indexing';
const SKEW_S = 300;

export type JwtVerdict = { ok: true; email: string } | { ok: false; description: string };

const part = (text: string | undefined): Record<string, unknown> | null => {
  try {
    const value = JSON.parse(Buffer.from(text ?? '', 'base64url').toString('utf8')) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

/** Checks an assertion against the public keys the sandbox knows, by service account e-mail. */
export function verifyAssertion(jwt: string, keys: ReadonlyMap<string, string>, now: Date): JwtVerdict {
  const [h, p, s] = jwt.split('.');
  const header = part(h);
  const claims = part(p);
  if (!header || !claims || s === undefined)
    return { ok: false, description: 'Invalid JWT: could not be decoded.' };
  if (header.alg !== 'RS256') return { ok: false, description: 'Invalid JWT: unsupported algorithm.' };
  const email = typeof claims.iss === 'string' ? claims.iss : '';
  const key = keys.get(email);
  if (!key) return { ok: false, description: 'Invalid grant: account not found' };
  if (!verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url')))
    return { ok: false, description: 'Invalid JWT Signature.' };
  if (claims.aud !== AUDIENCE) return { ok: false, description: 'Invalid JWT: Failed audience check.' };
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  if (!scopes.includes(SCOPE))
    return { ok: false, description: 'Invalid OAuth scope or ID token audience provided.' };
  const iat = Number(claims.iat);
  const exp = Number(claims.exp);
  const at = now.getTime() / 1000;
  if (
    !Number.isFinite(iat) ||
    !Number.isFinite(exp) ||
    exp - iat > 3600 ||
    exp <= iat ||
    Math.abs(iat - at) > SKEW_S ||
    exp < at - SKEW_S
  ) {
    return {
      ok: false,
      description:
        'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
    };
  }
  return { ok: true, email };
}
