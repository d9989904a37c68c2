import { describe, expect, it } from 'vitest';
import { s1jobsAdvertEnd } from './advert-life.js';

describe("s1jobs' advert life", () => {
  const posted = new Date('2026-11-30T09:00:00Z');
  it('ends 28 days after posting when no earlier expiry date was sent', () => {
    expect(s1jobsAdvertEnd({ title: 'Nurse' }, posted)).toEqual({
      endsOn: '2026-12-28',
      text: 'Ends on s1jobs on 2026-12-28: s1jobs keeps an advert 28 days at most',
    });
  });
  it('ends in the morning of an earlier expiry date', () => {
    expect(s1jobsAdvertEnd({ expiryDate: '2026-12-10' }, posted).endsOn).toBe('2026-12-10');
  });
  it('counts from the UK day of posting (British Summer Time)', () => {
    expect(s1jobsAdvertEnd({}, new Date('2026-06-30T23:30:00Z')).endsOn).toBe('2026-07-29');
  });
});
