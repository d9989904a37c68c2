import { describe, expect, it } from 'vitest';
import { DailyQuota, nextPacificMidnight, pacificDay } from './quota.js';

describe("Google's quota day (midnight Pacific Time)", () => {
  it('finds the next midnight in winter (PST, UTC-8) and summer (PDT, UTC-7)', () => {
    expect(nextPacificMidnight(new Date('2026-11-30T13:00:00Z')).toISOString()).toBe(
      '2026-12-01T08:00:00.000Z',
    );
    expect(nextPacificMidnight(new Date('2026-07-01T06:59:59Z')).toISOString()).toBe(
      '2026-07-01T07:00:00.000Z',
    );
    expect(nextPacificMidnight(new Date('2026-07-01T07:00:00Z')).toISOString()).toBe(
      '2026-07-02T07:00:00.000Z',
    );
  });

  it('crosses the clock changes', () => {
    // 8 March 2026: PST until 02:00, so the midnight that ends it is still UTC-7 after it.
    expect(nextPacificMidnight(new Date('2026-03-08T09:00:00Z')).toISOString()).toBe(
      '2026-03-09T07:00:00.000Z',
    );
    expect(nextPacificMidnight(new Date('2026-11-01T08:00:00Z')).toISOString()).toBe(
      '2026-11-02T08:00:00.000Z',
    );
  });

  it('counts per account and per Pacific day, and gives back', () => {
    const quota = new DailyQuota();
    const at = new Date('2026-11-30T20:00:00Z');
    expect(pacificDay(at)).toBe('2026-11-30');
    expect([1, 2, 3].map(() => quota.take('a', 2, at))).toEqual([true, true, false]);
    expect(quota.take('b', 2, at)).toBe(true);
    quota.giveBack('a', at);
    expect(quota.take('a', 2, at)).toBe(true);
    expect(quota.take('a', 2, new Date('2026-12-01T08:00:00Z'))).toBe(true);
  });
});
