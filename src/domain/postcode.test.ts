import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFullUkPostcode, normalisePostcode } from './postcode.js';

const CANONICAL = /^(?:[A-Z]{1,2}[0-9][0-9A-Z]?|GIR) [0-9][A-Z]{2}$/;

// Builders for each outward-code format in BS 7666, using only the letters allowed in each position.
const pick = (chars: string) => fc.constantFrom(...chars.split(''));
const AREA_FIRST = 'ABCDEFGHIJKLMNOPRSTUWYZ';
const AREA_SECOND = 'ABCDEFGHKLMNOPQRSTUVWXY';
const DIGIT = '0123456789';
const A9A_THIRD = 'ABCDEFGHJKPSTUW';
const AA9A_FOURTH = 'ABEHMNPRVWXY';
const INWARD_LETTER = 'ABDEFGHJLNPQRSTUWXYZ';

const outward = fc.oneof(
  fc.tuple(pick(AREA_FIRST), pick(DIGIT)),
  fc.tuple(pick(AREA_FIRST), pick(DIGIT), pick(DIGIT)),
  fc.tuple(pick(AREA_FIRST), pick(AREA_SECOND), pick(DIGIT)),
  fc.tuple(pick(AREA_FIRST), pick(AREA_SECOND), pick(DIGIT), pick(DIGIT)),
  fc.tuple(pick(AREA_FIRST), pick(DIGIT), pick(A9A_THIRD)),
  fc.tuple(pick(AREA_FIRST), pick(AREA_SECOND), pick(DIGIT), pick(AA9A_FOURTH)),
);
const inward = fc.tuple(pick(DIGIT), pick(INWARD_LETTER), pick(INWARD_LETTER));
const validPostcode = fc.tuple(outward, inward).map(([out, inw]) => `${out.join('')} ${inw.join('')}`);

/** The same postcode as a person might type it: any case, spaces anywhere or nowhere. */
const retyped = (postcode: string) =>
  fc
    .tuple(
      fc.array(fc.boolean(), { minLength: postcode.length, maxLength: postcode.length }),
      fc.array(fc.constantFrom('', '', ' ', '  ', '\t'), {
        minLength: postcode.length + 1,
        maxLength: postcode.length + 1,
      }),
    )
    .map(([lower, gaps]) =>
      postcode
        .replace(/ /g, '')
        .split('')
        .map((c, i) => `${gaps[i]}${lower[i] ? c.toLowerCase() : c}`)
        .join('')
        .concat(gaps.at(-1) ?? ''),
    );

describe('isFullUkPostcode', () => {
  it.each([
    'G2 1DY',
    'SW1A 1AA',
    'EC1A 1BB',
    'W1A 0AX',
    'M1 1AE',
    'B33 8TH',
    'CR2 6XH',
    'DN55 1PT',
    'N1C 4AA',
    'BT1 5GS',
    'GIR 0AA',
  ])('accepts the real postcode %s', (postcode) => {
    expect(isFullUkPostcode(postcode)).toBe(true);
  });

  it.each(['g21dy', ' sw1a1aa ', 'Ec1a 1bb', 'gir0aa'])(
    'accepts %j whatever the case and spacing',
    (postcode) => {
      expect(isFullUkPostcode(postcode)).toBe(true);
    },
  );

  it.each([
    ['', 'empty'],
    ['G2', 'an outcode alone'],
    ['SW1A', 'an outcode alone'],
    ['1DY', 'an inward code alone'],
    ['G2 1D', 'a short inward code'],
    ['G2 1DYY', 'a long inward code'],
    ['QA1 1AA', 'Q never starts a postcode'],
    ['VA1 1AA', 'V never starts a postcode'],
    ['XA1 1AA', 'X never starts a postcode'],
    ['AI1 1AA', 'I is never the second letter'],
    ['AZ1 1AA', 'Z is never the second letter'],
    ['G2 1CY', 'C is never in the inward code'],
    ['G2 1DK', 'K is never in the inward code'],
    ['G2 1OO', 'O is never in the inward code'],
    ['A1Q 1AA', 'Q is not a valid A9A letter'],
    ['AB1C 1AA', 'C is not a valid AA9A letter'],
    ['G2 ADY', 'the inward code starts with a digit'],
    ['G22 11DY', 'too many digits'],
    ['ABCD 1EF', 'no digit in the outward code'],
    ['G2-1DY', 'a hyphen is not a space'],
    ['G2 1DY!', 'trailing punctuation'],
  ])('refuses %j (%s)', (postcode) => {
    expect(isFullUkPostcode(postcode)).toBe(false);
  });

  it('accepts every postcode built from the BS 7666 formats, typed in any case and spacing', () => {
    fc.assert(
      fc.property(
        validPostcode.chain((p) => retyped(p).map((typed) => ({ p, typed }))),
        ({ p, typed }) => {
          expect(isFullUkPostcode(typed)).toBe(true);
          expect(normalisePostcode(typed)).toBe(p);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('only accepts inputs whose normal form is a canonical postcode', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (input) => {
        if (isFullUkPostcode(input)) expect(normalisePostcode(input)).toMatch(CANONICAL);
      }),
      { numRuns: 300 },
    );
  });
});

describe('normalisePostcode', () => {
  it.each([
    [' g2 1dy ', 'G2 1DY'],
    ['sw1a1aa', 'SW1A 1AA'],
    ['EC1A   1BB', 'EC1A 1BB'],
    ['d n 5 5 1 p t', 'DN55 1PT'],
    ['g2', 'G2'],
    ['', ''],
  ])('turns %j into %j', (input, expected) => {
    expect(normalisePostcode(input)).toBe(expected);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (input) => {
        const once = normalisePostcode(input);
        expect(normalisePostcode(once)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});
