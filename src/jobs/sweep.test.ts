import { describe, expect, it } from 'vitest';
import type { Board } from '../boards/board.js';
import { pollIntervals } from './sweep.js';

const board = (id: string, readsStatus: boolean, pollMs?: number) =>
  ({ id, readsStatus, ...(pollMs !== undefined ? { pollMs } : {}) }) as Board;

describe('pollIntervals', () => {
  it('asks only the boards that report the advert state', () => {
    const intervals = pollIntervals([board('a', true), board('b', false)], { statusPollMs: 900_000 });
    expect([...intervals]).toEqual([['a', 900_000]]);
  });

  it("uses a board's own interval over the default", () => {
    const intervals = pollIntervals([board('a', true, 60_000), board('c', true)], { statusPollMs: 900_000 });
    expect(Object.fromEntries(intervals)).toEqual({ a: 60_000, c: 900_000 });
  });

  it('asks none when no board reports its state', () => {
    expect(pollIntervals([board('b', false, 60_000)], { statusPollMs: 1 }).size).toBe(0);
  });
});
