import { verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assertionClaims, signJwt } from './jwt.js';
import { SANDBOX_CLIENT_EMAIL, SANDBOX_PRIVATE_KEY, SANDBOX_PUBLIC_KEY } from './sandbox-account.js';

// Made once with openssl, independently of jwt.ts: the header and claims below, base64url-encoded,
// signed with `openssl dgst -sha256 -sign` and the sandbox's demo private key.
const GOLDEN =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJwb3N0cm9vbS1kZW1vQHBvc3Ryb29tLXNhbmRib3guaWFtLmdzZXJ2aWNlYWNjb3VudC5jb20iLCJzY29wZSI6Imh0dHBzOi8vd3d3Lmdvb2dsZWFwaXMuY29tL2F1dGgvaW5kZXhpbmciLCJhdWQiOiJodHRwczovL29hdXRoMi5nb29nbGVhcGlzLmNvbS90b2tlbiIsImlhdCI6MTc5NjA0MDAwMCwiZXhwIjoxNzk2MDQzNjAwfQ.l3rVWovBSOGTUyQYlSQZvGOwLlDhu8g90izc3oM8YYzg_KtYPW9lLCzbjxEOHnCKiKeYXCr0_7WI3CFKsWOmNsJghxiGM72znkEsHF1GfiXdwZxxW7QaHtYB2g4vlQc0-2Qomy8ld08KutYc5XKuBmD9GU2JRlN-vzCXxo842kdSU64az8MWeQsExDEFYAthAltgYz-2hVBup_1s3-dPn7-qT04jhKiycH7Ro4qkFydhjXH39Wts9I_JtR6PNyI29oIq4HVCkCT1t-B4-aBUNjAW2mxtcr9xrQ2E_vyHM6ped-83m6KWZvZgVhjLQTCI4778z-sB1YTfp19zXsdy8w';

describe('the service account JWT', () => {
  const at = new Date(1_796_040_000_000);

  it('carries the claims Google asks for, an hour at most', () => {
    expect(assertionClaims('sa@project.iam.gserviceaccount.com', at)).toEqual({
      iss: 'sa@project.iam.gserviceaccount.com',
      scope: 'https://www.googleapis.com/auth/indexing',
      aud: 'https://oauth2.googleapis.com/token',
      iat: 1_796_040_000,
      exp: 1_796_043_600,
    });
  });

  it('is signed RS256 exactly as openssl signs it (golden)', () => {
    expect(signJwt(assertionClaims(SANDBOX_CLIENT_EMAIL, at), SANDBOX_PRIVATE_KEY)).toBe(GOLDEN);
  });

  it('verifies with the public key, and not once a byte of the claims changes', () => {
    const [h, p, s] = signJwt({ iss: 'x', n: 1 }, SANDBOX_PRIVATE_KEY).split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT' });
    const signature = Buffer.from(s, 'base64url');
    expect(verify('RSA-SHA256', Buffer.from(`${h}.${p}`), SANDBOX_PUBLIC_KEY, signature)).toBe(true);
    const forged = Buffer.from(JSON.stringify({ iss: 'x', n: 2 })).toString('base64url');
    expect(verify('RSA-SHA256', Buffer.from(`${h}.${forged}`), SANDBOX_PUBLIC_KEY, signature)).toBe(false);
  });
});
