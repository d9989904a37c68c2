import { describe, expect, it } from 'vitest';
import { ContentCache } from './content-cache.js';

const ORG = 'org-a';

function counter() {
  let calls = 0;
  return {
    load: (value: string) => async () => {
      calls++;
      return value;
    },
    get calls() {
      return calls;
    },
  };
}

describe('ContentCache', () => {
  it('reuses a result while the version is unchanged and loads again when it changes', async () => {
    const cache = new ContentCache();
    const c = counter();
    expect(await cache.get(ORG, 1, 'list', c.load('first'))).toBe('first');
    expect(await cache.get(ORG, 1, 'list', c.load('ignored'))).toBe('first');
    expect(c.calls).toBe(1);
    expect(await cache.get(ORG, 2, 'list', c.load('second'))).toBe('second');
    expect(c.calls).toBe(2);
  });

  it('does not keep what a request that read an older version loaded', async () => {
    const cache = new ContentCache();
    const c = counter();
    await cache.get(ORG, 5, 'list', c.load('new'));
    expect(await cache.get(ORG, 4, 'list', c.load('old'))).toBe('old');
    expect(await cache.get(ORG, 5, 'list', c.load('again'))).toBe('new');
  });

  it('always loads when the version is not known, and keeps organisations apart', async () => {
    const cache = new ContentCache();
    const c = counter();
    await cache.get(ORG, undefined, 'list', c.load('a'));
    await cache.get(ORG, undefined, 'list', c.load('b'));
    expect(c.calls).toBe(2);
    await cache.get(ORG, 1, 'list', c.load('a1'));
    expect(await cache.get('org-b', 1, 'list', c.load('b1'))).toBe('b1');
  });

  it('shares one load between concurrent requests and forgets a failed one', async () => {
    const cache = new ContentCache();
    const c = counter();
    const [x, y] = await Promise.all([
      cache.get(ORG, 1, 'k', c.load('one')),
      cache.get(ORG, 1, 'k', c.load('two')),
    ]);
    expect([x, y, c.calls]).toEqual(['one', 'one', 1]);
    await expect(
      cache.get(ORG, 1, 'bad', async () => {
        throw new Error('database unreachable');
      }),
    ).rejects.toThrow('database unreachable');
    expect(await cache.get(ORG, 1, 'bad', c.load('recovered'))).toBe('recovered');
  });

  it('holds at most the configured number of entries, dropping the least recently used', async () => {
    const cache = new ContentCache({ entriesPerOrganisation: 2, organisations: 2 });
    const c = counter();
    await cache.get(ORG, 1, 'a', c.load('a'));
    await cache.get(ORG, 1, 'b', c.load('b'));
    await cache.get(ORG, 1, 'a', c.load('a again')); // a is now the most recent
    await cache.get(ORG, 1, 'c', c.load('c')); // b goes
    expect(cache.size).toBe(2);
    expect(await cache.get(ORG, 1, 'a', c.load('reloaded a'))).toBe('a');
    expect(await cache.get(ORG, 1, 'b', c.load('reloaded b'))).toBe('reloaded b');
    await cache.get('org-b', 1, 'x', c.load('x'));
    await cache.get('org-c', 1, 'y', c.load('y')); // org-a is the least recently used organisation
    expect(await cache.get(ORG, 1, 'a', c.load('after eviction'))).toBe('after eviction');
  });
});
