import { describe, expect, it } from 'vitest';
import { networkOf } from './apply-limits.js';

describe('networkOf', () => {
  it('counts an IPv4 address by itself, also when it comes as IPv6', () => {
    expect(networkOf('198.51.100.20')).toBe('198.51.100.20');
    expect(networkOf('::ffff:198.51.100.20')).toBe('198.51.100.20');
  });

  it('counts IPv6 addresses by their /64, however they are written', () => {
    expect(networkOf('2001:db8:1:2::a')).toBe('2001:db8:1:2::/64');
    expect(networkOf('2001:0db8:0001:0002:ffff:0:0:b')).toBe('2001:db8:1:2::/64');
    expect(networkOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(networkOf('::1')).toBe('0:0:0:0::/64');
  });
});
