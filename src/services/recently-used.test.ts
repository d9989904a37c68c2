import { describe, expect, it } from 'vitest';
import { keepRecent } from './recently-used.js';

describe('keepRecent', () => {
  it('keeps the most recently used keys, dropping the least recently used past the limit', () => {
    const map = new Map<string, number>();
    keepRecent(map, 'a', 1, 2);
    keepRecent(map, 'b', 2, 2);
    keepRecent(map, 'a', 3, 2); // used again: now the most recent
    keepRecent(map, 'c', 4, 2);
    expect([...map]).toEqual([
      ['a', 3],
      ['c', 4],
    ]);
  });
});
