import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../secret-box.js';
import { newSigningSecret, rotatedSecrets, sealSecrets, signatureHeader, signingSecrets } from './signing.js';

describe('Standard Webhooks signatures', () => {
  it('reproduces the reference vector published with the Standard Webhooks specification', () => {
    expect(
      signatureHeader(
        ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
        'msg_p5jXN8AQM9LWM0D4loKWxJek',
        1614265330,
        '{"test": 2432232314}',
      ),
    ).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('makes secrets of 24 random bytes after whsec_', () => {
    const secret = newSigningSecret();
    expect(secret).toMatch(/^whsec_/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(24);
    expect(newSigningSecret()).not.toBe(secret);
  });

  it('signs with the new and the old secret for 24 hours after a rotation, then with the new one only', () => {
    const box = createSecretBox(randomBytes(32));
    const row = { organisationId: 'org', id: 'hook' };
    const first = newSigningSecret();
    const sealed = sealSecrets(box, row, { keys: [{ secret: first, until: null }] });
    const now = new Date('2026-11-30T10:00:00Z');
    const second = newSigningSecret();
    const rotated = {
      ...row,
      secrets: sealSecrets(box, row, rotatedSecrets(box, { ...row, secrets: sealed }, second, now)),
    };
    expect(signingSecrets(box, rotated, new Date('2026-12-01T09:59:00Z'))).toEqual([second, first]);
    expect(signingSecrets(box, rotated, new Date('2026-12-01T10:01:00Z'))).toEqual([second]);
    expect(signatureHeader([second, first], 'msg_1', 1, '{}').split(' ')).toHaveLength(2);
  });
});
