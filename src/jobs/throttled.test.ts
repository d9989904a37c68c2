import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttled } from './throttled.js';

describe('throttled', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('calls at once when nothing came just before', () => {
    const run = vi.fn();
    throttled(run, 20)();
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('gathers the calls made during the wait into one, at its end', () => {
    const run = vi.fn();
    const call = throttled(run, 20);
    call();
    vi.advanceTimersByTime(5);
    call();
    call();
    call();
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(15);
    expect(run).toHaveBeenCalledTimes(2);
    // The gathered call starts a wait of its own.
    call();
    expect(run).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(20);
    expect(run).toHaveBeenCalledTimes(3);
    vi.advanceTimersByTime(100);
    expect(run).toHaveBeenCalledTimes(3);
  });

  it('calls at once again once a wait has passed with no call', () => {
    const run = vi.fn();
    const call = throttled(run, 20);
    call();
    vi.advanceTimersByTime(20);
    call();
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('drops a gathered call when cancelled', () => {
    const run = vi.fn();
    const call = throttled(run, 20);
    call();
    call();
    call.cancel();
    vi.advanceTimersByTime(100);
    expect(run).toHaveBeenCalledTimes(1);
    call();
    expect(run).toHaveBeenCalledTimes(2);
  });
});
