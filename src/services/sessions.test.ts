import { describe, expect, it } from 'vitest';
import { csrfTokenFor, LOCK_AFTER_FAILURES, lockDurationMs } from './sessions.js';

describe('sign-in locks', () => {
  it('locks nobody before the fifth failure in a row', () => {
    for (let n = 0; n < LOCK_AFTER_FAILURES; n++) expect(lockDurationMs(n)).toBe(0);
  });

  it('then locks for 1, 2, 4 … minutes, at most an hour', () => {
    const minutes = [5, 6, 7, 8, 9, 10, 11, 12, 50].map((n) => lockDurationMs(n) / 60_000);
    expect(minutes).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });
});

describe('CSRF tokens', () => {
  it('are stable for a session, differ between sessions and do not show the session id', () => {
    const token = csrfTokenFor('session-a');
    expect(csrfTokenFor('session-a')).toBe(token);
    expect(csrfTokenFor('session-b')).not.toBe(token);
    expect(token).not.toContain('session-a');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
