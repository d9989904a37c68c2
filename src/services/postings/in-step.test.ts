import { describe, expect, it } from 'vitest';
import { overridesOf, sameValue } from './in-step.js';

describe('equal as a person means it', () => {
  it('takes every kind of empty as the same', () => {
    for (const [a, b] of [
      [null, undefined],
      ['', null],
      ['  ', undefined],
      [[], null],
    ])
      expect(sameValue(a, b)).toBe(true);
  });

  it('compares values deeply, and an empty value with a filled one as different', () => {
    expect(sameValue(['A', 'B'], ['A', 'B'])).toBe(true);
    expect(sameValue({ min: 1, max: 2 }, { min: 1, max: 2 })).toBe(true);
    expect(sameValue(['A', 'B'], ['B', 'A'])).toBe(false);
    expect(sameValue(22.5, '22.5')).toBe(false);
    expect(sameValue(0, null)).toBe(false);
    expect(sameValue(false, null)).toBe(false);
  });
});

describe("the recruiter's overrides", () => {
  const prefill = { title: 'Staff nurse', hours: 37.5, tags: ['a'], reference: 'R-1' };

  it('are the given fields that differ from what the vacancy pre-fills', () => {
    const given = { title: 'Staff nurse (nights)', hours: 37.5, tags: ['a'], payBand: 'BAND_5' };
    expect(overridesOf(given, prefill, 'reference')).toEqual({
      title: 'Staff nurse (nights)',
      payBand: 'BAND_5',
    });
  });

  it('never include the reference field, and an emptied field equal to an empty pre-fill is none', () => {
    expect(overridesOf({ reference: 'OTHER', note: '' }, { ...prefill, note: null }, 'reference')).toEqual(
      {},
    );
  });

  it('keep a field the recruiter emptied where the vacancy gives a value', () => {
    expect(overridesOf({ title: '' }, prefill, 'reference')).toEqual({ title: '' });
  });
});
