import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findUnstorableText, isStorableText } from './storable-text.js';

describe('storable text', () => {
  it('refuses NUL and lone surrogate halves, keeps whole pairs and ordinary text', () => {
    expect(isStorableText('Staff Nurse – Band 5 😀')).toBe(true);
    expect(isStorableText('a\u0000b')).toBe(false);
    expect(isStorableText('\ud800')).toBe(false);
    expect(isStorableText('x\udc00')).toBe(false);
    expect(isStorableText('\udc00\ud800')).toBe(false);
  });

  it('finds the first unstorable string or key anywhere in a body, with its path', () => {
    expect(findUnstorableText({ title: 'ok', location: { town: 'G\u0000' } })).toEqual(['location', 'town']);
    expect(findUnstorableText({ fields: { 'key\ud800': 1 } })).toEqual(['fields', 'key\ud800']);
    expect(findUnstorableText({ tags: ['a', 'b\u0000'] })).toEqual(['tags', 1]);
    expect(findUnstorableText({ a: 1, b: [true, null, 'fine'] })).toBeNull();
  });

  it('walks a very deeply nested value without overflowing the stack', () => {
    let deep: unknown = 'bad\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnstorableText(deep)).toHaveLength(100_000);
  });

  it('agrees with UTF-8 round-tripping for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const roundTrips = Buffer.from(text, 'utf8').toString('utf8') === text;
        expect(isStorableText(text)).toBe(roundTrips && !text.includes('\u0000'));
      }),
    );
  });
});
