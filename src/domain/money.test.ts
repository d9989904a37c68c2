import { describe, expect, it } from 'vitest';
import { formatPence, monthOf } from './money.js';

describe('money', () => {
  it.each([
    [0, '£0.00'],
    [5, '£0.05'],
    [12345, '£123.45'],
    [123456789, '£1,234,567.89'],
  ])('%i pence reads %s', (pence, text) => {
    expect(formatPence(pence)).toBe(text);
  });

  it('a month runs from its first day to the next month’s, in UTC', () => {
    expect(monthOf(new Date('2026-12-31T23:59:59Z'))).toEqual({
      start: new Date('2026-12-01T00:00:00Z'),
      end: new Date('2027-01-01T00:00:00Z'),
    });
  });
});
