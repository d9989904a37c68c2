import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatUkTime, fromUkWallTime, toUkWallTime } from './uk-time.js';

describe('UK wall-clock time', () => {
  it.each([
    ['winter (GMT)', '2026-12-01T09:30', '2026-12-01T09:30:00.000Z'],
    ['summer (BST)', '2026-07-01T09:30', '2026-07-01T08:30:00.000Z'],
    ['the first minute after the clocks go forward', '2027-03-28T02:00', '2027-03-28T01:00:00.000Z'],
    ['just before midnight in summer: the day before in UTC', '2026-06-01T00:15', '2026-05-31T23:15:00.000Z'],
  ])('%s: %s is %s', (_name, wall, iso) => {
    expect(fromUkWallTime(wall)?.toISOString()).toBe(iso);
    expect(toUkWallTime(new Date(iso))).toBe(wall);
  });

  it.each(['', 'tomorrow', '2026-13-01T09:30', '2026-12-01 09:30', '2026-12-01T09:30:00'])(
    'is not fooled by %j',
    (wall) => {
      expect(fromUkWallTime(wall)).toBeNull();
    },
  );

  // The hour the clocks go back happens twice: reading it back gives the same wall time, not always the same instant.
  it('reads back every wall time it writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2040, 0, 1) }), (ms) => {
        const wall = toUkWallTime(new Date(ms));
        expect(toUkWallTime(fromUkWallTime(wall)!)).toBe(wall);
      }),
      { numRuns: 2000 },
    );
  });

  it('takes the later (GMT) instant of the hour the clocks go back', () => {
    expect(fromUkWallTime('2026-10-25T01:30')?.toISOString()).toBe('2026-10-25T01:30:00.000Z');
  });

  it('shows a time as a UK reader expects it', () => {
    expect(formatUkTime(new Date('2026-07-01T08:30:00Z'))).toBe('1 Jul 2026, 09:30');
  });
});
