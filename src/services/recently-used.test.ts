import { describe, expect, it } from 'vitest';
import { keepRecent, RecentlyUsed } from './recently-used.js';

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

describe('RecentlyUsed', () => {
  it('keeps values up to a total size, dropping the least recently used first', () => {
    const kept = new RecentlyUsed<string, string>(6, (s) => s.length);
    kept.set('a', 'aa');
    kept.set('b', 'bb');
    expect(kept.get('a')).toBe('aa'); // used again: now the most recent
    kept.set('c', 'ccc'); // 7 characters: 'b' goes
    expect([kept.get('a'), kept.get('b'), kept.get('c')]).toEqual(['aa', undefined, 'ccc']);
    expect(kept.size).toBe(5);
    kept.set('a', 'a'); // replaced: counted once, at its new size
    expect(kept.size).toBe(4);
  });

  it('keeps nothing larger than its limit', () => {
    const kept = new RecentlyUsed<string, string>(3, (s) => s.length);
    kept.set('a', 'aaaa');
    expect([kept.get('a'), kept.size]).toEqual([undefined, 0]);
  });
});
