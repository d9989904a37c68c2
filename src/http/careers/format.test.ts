import { describe, expect, it } from 'vitest';
import { employmentWords, endOfUkDay, hoursWords, longDate, salaryPhrase } from './format.js';

describe('careers wording', () => {
  it.each([
    [{ min: 24071, max: 25674, period: 'year' as const }, '£24,071 to £25,674 a year'],
    [{ min: 8.5, max: 8.5, period: 'hour' as const }, '£8.50 an hour'],
    [{ min: 30000, period: 'year' as const }, 'From £30,000 a year'],
    [{ max: 120.25, period: 'day' as const }, 'Up to £120.25 a day'],
    [{ min: 1, max: 2, period: 'month' as const, text: 'Negotiable' }, 'Negotiable'],
  ])('reads %j as %s', (salary, phrase) => {
    expect(salaryPhrase({ currency: 'GBP', ...salary })).toBe(phrase);
  });

  it('has no phrase without a salary', () => {
    expect(salaryPhrase(null)).toBeNull();
  });

  it('words the employment and hours', () => {
    expect(
      employmentWords({ employmentType: 'fixed_term', contractLength: { length: 12, unit: 'months' } }),
    ).toBe('Fixed term (12 months)');
    expect(employmentWords({ employmentType: 'permanent', contractLength: null })).toBe('Permanent');
    expect(hoursWords({ hours: 'part_time', weeklyHours: 22.5 })).toBe('Part time, 22.5 hours a week');
  });

  it('writes dates the UK way and ends the closing day in London time', () => {
    expect(longDate('2026-12-20')).toBe('20 December 2026');
    expect(endOfUkDay('2026-12-20')).toBe('2026-12-20T23:59:59+00:00');
    expect(endOfUkDay('2026-07-01')).toBe('2026-07-01T23:59:59+01:00');
    // The days the clocks change: the day's end is after the change.
    expect(endOfUkDay('2026-03-29')).toBe('2026-03-29T23:59:59+01:00');
    expect(endOfUkDay('2026-10-25')).toBe('2026-10-25T23:59:59+00:00');
  });
});
