import { describe, expect, it } from 'vitest';
import { rememberedSource, trackVisit } from './attribution.js';

const options = { vacancyPath: '/careers/acme/REF-1', secure: false };

describe('trackVisit', () => {
  it('remembers the first src in an HttpOnly, SameSite=Lax cookie on the vacancy path', () => {
    const t = trackVisit({ headers: {}, query: { src: 'abc_123' } }, options);
    expect(t).toEqual({
      token: 'abc_123',
      tracked: true,
      setCookie: 'postroom_src=abc_123; Path=/careers/acme/REF-1; HttpOnly; SameSite=Lax',
    });
    expect(trackVisit({ headers: {}, query: { src: 'x' } }, { ...options, secure: true }).setCookie).toMatch(
      /; Secure$/,
    );
  });

  it('keeps the first touch over a later src and over a visit without one', () => {
    const headers = { cookie: 'other=1; postroom_src=first' };
    expect(trackVisit({ headers, query: { src: 'second' } }, options)).toEqual({
      token: 'first',
      tracked: true,
      setCookie: null,
    });
    expect(trackVisit({ headers, query: {} }, options)).toEqual({
      token: 'first',
      tracked: false,
      setCookie: null,
    });
  });

  it('ignores values that are not tokens', () => {
    expect(trackVisit({ headers: {}, query: { src: '<script>' } }, options).token).toBeNull();
    expect(trackVisit({ headers: {}, query: { src: ['a', 'b'] } }, options).token).toBeNull();
    expect(rememberedSource('postroom_src=a%20b')).toBeNull();
  });
});
