import { describe, expect, it } from 'vitest';
import { locationMatcher } from './live-vacancies.js';

const at = (town: string, postcode = '') => ({ town: town.toLowerCase(), postcode });

describe("a candidate's location search", () => {
  it('finds a town containing the text, in any case, wildcards taken literally', () => {
    expect(locationMatcher('glas')(at('Glasgow'))).toBe(true);
    expect(locationMatcher('GLASGOW')(at('Glasgow'))).toBe(true);
    expect(locationMatcher('Edinburgh')(at('Glasgow'))).toBe(false);
    expect(locationMatcher('50%_off')(at('Shop 50%_off'))).toBe(true);
    expect(locationMatcher('50%_off')(at('Shop 50 off'))).toBe(false);
  });

  it('takes an outward code alone as that district, not the districts that start with it', () => {
    expect(locationMatcher('g4')(at('Glasgow', 'G4 0SF'))).toBe(true);
    expect(locationMatcher('G4')(at('Glasgow', 'G40 1AB'))).toBe(false);
    expect(locationMatcher('EH12')(at('Edinburgh', 'EH12 5AB'))).toBe(true);
    expect(locationMatcher('w1a')(at('London', 'W1A 1AA'))).toBe(true);
  });

  it('takes more of a postcode as the start of one, spaces ignored', () => {
    expect(locationMatcher('G4 0S')(at('Glasgow', 'G4 0SF'))).toBe(true);
    expect(locationMatcher('g4  0sf')(at('Glasgow', 'G4 0SF'))).toBe(true);
    expect(locationMatcher('G40S')(at('Glasgow', 'G4 0SF'))).toBe(true);
    expect(locationMatcher('G4 0T')(at('Glasgow', 'G4 0SF'))).toBe(false);
  });

  it('finds a town whose name looks like the start of a postcode too', () => {
    expect(locationMatcher('G4')(at('Block G4 Estate', ''))).toBe(true);
  });
});
