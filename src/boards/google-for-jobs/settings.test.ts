import { describe, expect, it } from 'vitest';
import { SANDBOX_CLIENT_EMAIL, SANDBOX_PRIVATE_KEY } from './sandbox-account.js';
import { googleSettingsSchema } from './settings.js';

const valid = { clientEmail: SANDBOX_CLIENT_EMAIL, privateKey: SANDBOX_PRIVATE_KEY };

describe('the connection settings', () => {
  it('takes the private key however it was pasted: with \\n escapes from the JSON file, or on one line', () => {
    const escaped = `${SANDBOX_PRIVATE_KEY.replace(/\n/g, '\\n')}\\n`;
    const oneLine = SANDBOX_PRIVATE_KEY.replace(/\n/g, ' ');
    for (const privateKey of [escaped, oneLine, ` ${SANDBOX_PRIVATE_KEY}\n`]) {
      expect(googleSettingsSchema.parse({ ...valid, privateKey }).privateKey).toBe(SANDBOX_PRIVATE_KEY);
    }
    // Parsing stored settings again changes nothing.
    const once = googleSettingsSchema.parse({ ...valid, privateKey: escaped });
    expect(googleSettingsSchema.parse(once)).toEqual(once);
  });

  it('refuses what is not a key, on its field, and defaults the quota to 200', () => {
    const result = googleSettingsSchema.safeParse({
      ...valid,
      privateKey: 'AIzaSy-not-a-key',
      clientEmail: 'x',
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['clientEmail', 'privateKey']);
    expect(googleSettingsSchema.parse(valid).dailyQuota).toBe(200);
  });
});
