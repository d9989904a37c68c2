import { sign } from 'node:crypto';
import { INDEXING_SCOPE, TOKEN_AUDIENCE } from './map.js';

/** A JWT lives at most one hour (Google's maximum). */
export const JWT_LIFETIME_SECONDS = 3600;

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** The claim set Google's token endpoint expects of a service account (docs/boards/google-for-jobs.md). */
export function assertionClaims(clientEmail: string, now: Date) {
  const iat = Math.floor(now.getTime() / 1000);
  return {
    iss: clientEmail,
    scope: INDEXING_SCOPE,
    aud: TOKEN_AUDIENCE,
    iat,
    exp: iat + JWT_LIFETIME_SECONDS,
  };
}

/** A compact JWS: header and claims signed with RS256 (RSASSA-PKCS1-v1_5 with SHA-256). */
export function signJwt(claims: Record<string, unknown>, privateKeyPem: string): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify(claims));
  const input = `${header}.${payload}`;
  const signature = sign('RSA-SHA256', Buffer.from(input), privateKeyPem);
  return `${input}.${base64url(signature)}`;
}
