import { describe, expect, it } from 'vitest';
import { loadSizes, parseOptions, UsageError } from '../bench/options.js';

describe('benchmark options', () => {
  it('runs every part by default, the load at 10,000 vacancies and growth up to 100,000', () => {
    const o = parseOptions([])!;
    expect(o.parts).toEqual(['fanout', 'load', 'growth', 'scaleout']);
    expect(o).toMatchObject({ vacancies: 100, clicks: 10, latencyMs: 50, loadSize: 10_000 });
    // The scale-out's own burst: 640 postings, a whole number of round trips of 1 and of 2 workers.
    expect(o).toMatchObject({
      scaleoutVacancies: 320,
      scaleoutRounds: 3,
      organisations: 20,
      scaleoutLatencyMs: 500,
    });
    expect(parseOptions(['--vacancies', '200'])!.scaleoutVacancies).toBe(320);
    expect(loadSizes(o)).toEqual([1_000, 10_000, 100_000]);
    expect(o.durationS).toEqual({ load: 10, other: 5 });
  });

  it('keeps --quick small and measures the load size once among the growth sizes', () => {
    const o = parseOptions(['--quick'])!;
    expect(o).toMatchObject({
      vacancies: 10,
      scaleoutVacancies: 10,
      scaleoutRounds: 1,
      clicks: 3,
      loadSize: 1_000,
    });
    expect(loadSizes(o)).toEqual([200, 1_000]);
    expect(loadSizes(parseOptions(['--quick', '--parts', 'load'])!)).toEqual([1_000]);
  });

  it('applies --duration at every size and keeps the parts in their running order', () => {
    const o = parseOptions(['--duration', '3', '--parts', 'scaleout,fanout', '--sizes', '2000,1_000'])!;
    expect(o.durationS).toEqual({ load: 3, other: 3 });
    expect(o.parts).toEqual(['fanout', 'scaleout']);
    expect(loadSizes(o)).toEqual([]);
    expect(o.sizes).toEqual([2_000, 1_000]);
  });

  it('posts to the two seed boards by default, to the boards named, or to every registered one', () => {
    expect(parseOptions([])!.boards).toEqual(['nhs-jobs', 's1jobs']);
    expect(parseOptions(['--boards', 's1jobs, reed,s1jobs'])!.boards).toEqual(['s1jobs', 'reed']);
    expect(parseOptions(['--boards', 'all'])!.boards).toContain('dwp-find-a-job');
    expect(() => parseOptions(['--boards', 'monster'])).toThrow(/unknown board "monster"/);
  });

  it('refuses unknown parts and numbers out of range, and answers --help with null', () => {
    expect(() => parseOptions(['--parts', 'fanout,careers'])).toThrow(UsageError);
    expect(() => parseOptions(['--vacancies', '0'])).toThrow(/--vacancies must be a whole number/);
    expect(() => parseOptions(['--scaleout-vacancies', '10001'])).toThrow(
      /--scaleout-vacancies must be a whole number from 1 to 10000; got 10001/,
    );
    expect(() => parseOptions(['--latency', '-5'])).toThrow();
    expect(parseOptions(['--help'])).toBeNull();
  });
});
