import { describe, expect, it } from 'vitest';
import { AppError } from '../../domain/errors.js';
import { statsRange, statsSeries } from './application-stats.js';

const day = (range: { from: Date; to: Date }) =>
  [range.from, range.to].map((d) => d.toISOString().slice(0, 10));

const issuesOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).issues.map((i) => i.path);
  }
  return [];
};

describe('the range of application statistics', () => {
  it('defaults to the last 30 days, today included', () => {
    const range = statsRange({ interval: 'day' }, '2026-11-30');
    expect(day(range)).toEqual(['2026-11-01', '2026-11-30']);
    expect(range.periods).toBe(30);
  });

  it('counts weeks from the Monday of the week `from` falls in, 12 by default', () => {
    const range = statsRange({ interval: 'week' }, '2026-11-30');
    expect(day(range)).toEqual(['2026-09-14', '2026-11-30']);
    expect(range.periods).toBe(12);
    expect(day(statsRange({ from: '2026-11-26', to: '2026-11-30', interval: 'week' }, '2027-01-01'))).toEqual(
      ['2026-11-23', '2026-11-30'],
    );
  });

  it('refuses a range backwards, on from', () => {
    expect(
      issuesOf(() => statsRange({ from: '2026-11-30', to: '2026-11-01', interval: 'day' }, 'x')),
    ).toEqual(['from']);
  });

  it('takes a year of days or three years of weeks at most, on to', () => {
    expect(statsRange({ from: '2025-01-01', to: '2026-01-01', interval: 'day' }, 'x').periods).toBe(366);
    expect(
      issuesOf(() => statsRange({ from: '2025-01-01', to: '2026-01-02', interval: 'day' }, 'x')),
    ).toEqual(['to']);
    expect(
      issuesOf(() => statsRange({ from: '2020-01-01', to: '2026-01-01', interval: 'week' }, 'x')),
    ).toEqual(['to']);
  });
});

describe('the series', () => {
  it('has every period of the range for each source, zero where none came, most applications first', () => {
    const range = statsRange({ from: '2026-11-01', to: '2026-11-03', interval: 'day' }, 'x');
    const series = statsSeries(
      [
        { source: 'Careers site', period: '2026-11-02', count: 1 },
        { source: 'NHS Jobs', period: '2026-11-01', count: 2 },
        { source: 'NHS Jobs', period: '2026-11-03', count: 1 },
      ],
      range,
    );
    expect(series).toEqual([
      {
        source: 'NHS Jobs',
        total: 3,
        points: [
          { period: '2026-11-01', count: 2 },
          { period: '2026-11-02', count: 0 },
          { period: '2026-11-03', count: 1 },
        ],
      },
      {
        source: 'Careers site',
        total: 1,
        points: [
          { period: '2026-11-01', count: 0 },
          { period: '2026-11-02', count: 1 },
          { period: '2026-11-03', count: 0 },
        ],
      },
    ]);
  });

  it('orders sources with as many applications by name', () => {
    const range = statsRange({ from: '2026-11-01', to: '2026-11-01', interval: 'day' }, 'x');
    const rows = ['b', 'a'].map((source) => ({ source, period: '2026-11-01', count: 1 }));
    expect(statsSeries(rows, range).map((s) => s.source)).toEqual(['a', 'b']);
  });
});
