import { describe, expect, it } from 'vitest';
import { locationPatterns } from './live-vacancies.js';

describe("a candidate's location search", () => {
  it('looks for a town containing the text, wildcards taken literally', () => {
    expect(locationPatterns('Glasgow')).toEqual({ town: '%Glasgow%' });
    expect(locationPatterns('50%_off')).toEqual({ town: '%50\\%\\_off%' });
  });

  it('takes an outward code alone as that district, not the districts that start with it', () => {
    expect(locationPatterns('g4')).toEqual({ town: '%g4%', postcodeDistrict: 'G4 %' });
    expect(locationPatterns('EH12')).toEqual({ town: '%EH12%', postcodeDistrict: 'EH12 %' });
    expect(locationPatterns('w1a')).toEqual({ town: '%w1a%', postcodeDistrict: 'W1A %' });
  });

  it('takes more of a postcode as the start of one, spaces ignored', () => {
    expect(locationPatterns('G4 0S')).toEqual({ town: '%G4 0S%', postcodeStart: 'G40S%' });
    expect(locationPatterns('g4  0sf')).toEqual({ town: '%g4  0sf%', postcodeStart: 'G40SF%' });
  });
});
