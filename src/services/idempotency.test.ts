import { describe, expect, it } from 'vitest';
import { IDEMPOTENCY_KEY_LIFETIME_MS, keyVerdict } from './idempotency.js';

const now = new Date('2026-11-23T10:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const MINUTE = 60_000;

/** A key taken `age` ms ago for the request with fingerprint "f1", answered or not. */
const key = (age: number, responseStatus: number | null) => ({
  fingerprint: 'f1',
  createdAt: ago(age),
  expiresAt: new Date(ago(age).getTime() + IDEMPOTENCY_KEY_LIFETIME_MS),
  responseStatus,
});

describe('a key already taken', () => {
  it('gives its answer again to the same request', () => {
    expect(keyVerdict(key(MINUTE, 201), 'f1', now)).toBe('answered');
    expect(keyVerdict(key(23 * 60 * MINUTE, 422), 'f1', now)).toBe('answered');
  });

  it('refuses another request under the same key', () => {
    expect(keyVerdict(key(MINUTE, 201), 'f2', now)).toBe('mismatch');
    expect(keyVerdict(key(MINUTE, null), 'f2', now)).toBe('mismatch');
  });

  it('says "in progress" while its first request runs', () => {
    expect(keyVerdict(key(0, null), 'f1', now)).toBe('in_progress');
    expect(keyVerdict(key(5 * MINUTE, null), 'f1', now)).toBe('in_progress');
  });

  it('is taken over once abandoned (over 5 minutes without an answer) or expired (24 hours)', () => {
    expect(keyVerdict(key(5 * MINUTE + 1, null), 'f1', now)).toBe('stale');
    expect(keyVerdict(key(IDEMPOTENCY_KEY_LIFETIME_MS, 201), 'f1', now)).toBe('stale');
    expect(keyVerdict(key(IDEMPOTENCY_KEY_LIFETIME_MS, 201), 'f2', now)).toBe('stale');
  });
});
