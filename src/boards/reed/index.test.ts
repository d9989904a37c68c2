import { describe, expect, it } from 'vitest';
import { reedBoard, reedSettingsSchema } from './index.js';
import { CODES, WIRE_KEYS } from './map.js';

describe('Reed board', () => {
  it('reads the connection settings, with the user agent and test mode defaulted', () => {
    const parsed = reedSettingsSchema.parse({
      clientId: '1001',
      apiKey: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
      username: 'recruiter@demo-agency.example',
    });
    expect(parsed).toEqual({
      clientId: '1001',
      apiKey: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
      username: 'recruiter@demo-agency.example',
      userAgent: 'Postroom/1.0',
      testMode: false,
    });
    expect(reedBoard.connection.secrets).toEqual(['apiKey', 'postingKey']);
  });

  it('says what is wrong with bad settings, on each setting', () => {
    const result = reedSettingsSchema.safeParse({ clientId: '', username: 'not-an-email', colour: 1 });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join('.') || i.message);
    expect(paths).toEqual(expect.arrayContaining(['clientId', 'apiKey', 'username']));
  });

  it('sends every declared field under a wire key, and every choice has a code for each option', () => {
    for (const field of reedBoard.fields) {
      expect(Object.keys(WIRE_KEYS), field.key).toContain(field.key);
      if (field.options) {
        expect(Object.keys(CODES[field.key] ?? {}).sort(), field.key).toEqual(
          field.options.map((o) => o.value).sort(),
        );
      }
    }
  });

  it('flags, through the board, an edit that costs a credit when given the fields Reed accepted', () => {
    const fields = { title: 'Chef', productId: 'premium' };
    const previous = { title: 'Chef', productId: 'standard' };
    const warnings = (context: Parameters<typeof reedBoard.check>[1]) =>
      reedBoard.check(fields, context).filter((i) => i.severity === 'warning' && i.field === 'productId');
    expect(warnings({ today: '2026-11-30', previous })).toHaveLength(1);
    expect(warnings({ today: '2026-11-30' })).toEqual([]);
  });
});
