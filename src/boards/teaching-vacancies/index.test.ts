import { describe, expect, it } from 'vitest';
import { teachingVacanciesBoard as board, tvSettingsSchema } from './index.js';
import { WIRE_KEYS } from './map.js';

describe('Teaching Vacancies board', () => {
  it('reads the connection settings, staging by default', () => {
    const parsed = tvSettingsSchema.parse({ apiKey: 'A'.repeat(40), schools: { schoolUrns: ['137138'] } });
    expect(parsed).toEqual({
      apiKey: 'A'.repeat(40),
      environment: 'staging',
      schools: { schoolUrns: ['137138'] },
    });
    expect(board.connection.secrets).toEqual(['apiKey']);
    expect(board.secretNames).toEqual(['X-Api-Key']);
  });

  it('says what is wrong with bad settings, on each setting', () => {
    const result = tvSettingsSchema.safeParse({
      apiKey: 'not-hex',
      environment: 'live',
      schools: { schoolUrns: ['URN 1'] },
      phases: ['Primary'],
      colour: 'red',
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join('.') || i.message);
    expect(paths).toEqual(
      expect.arrayContaining(['apiKey', 'environment', 'schools.schoolUrns.0', 'phases.0']),
    );
    expect(result.error?.issues.find((i) => i.path[0] === 'apiKey')?.message).toMatch(/40 hexadecimal/);
  });

  it('sends every declared field under a wire key (the closing time goes with the date)', () => {
    for (const field of board.fields) {
      if (field.key === 'closingTime') continue;
      expect(Object.keys(WIRE_KEYS), field.key).toContain(field.key);
    }
  });
});
