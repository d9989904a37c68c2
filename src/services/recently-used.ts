/**
 * Puts `key` last in `map` (the most recently used) with `value`, and drops the least recently used
 * keys while the map holds more than `most`: a Map keeps its keys in the order they were set. For
 * the caches each process keeps per organisation or per search.
 */
export function keepRecent<K, V>(map: Map<K, V>, key: K, value: V, most: number): V {
  map.delete(key);
  map.set(key, value);
  while (map.size > most) map.delete(map.keys().next().value as K);
  return value;
}

/**
 * Values by key up to a total size (`sizeOf` each: characters, positions…), the least recently
 * used dropped first when a new one would pass `most`. For caches whose entries differ in size.
 */
export class RecentlyUsed<K, V> {
  private readonly values = new Map<K, V>();
  private total = 0;

  constructor(
    private readonly most: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  /** The value of `key`, now the most recently used; undefined when not kept. */
  get(key: K): V | undefined {
    const value = this.values.get(key);
    if (value !== undefined) keepRecent(this.values, key, value, Number.POSITIVE_INFINITY);
    return value;
  }

  /** Keeps `value` as the most recently used, dropping the least recently used past the limit. */
  set(key: K, value: V): V {
    const before = this.values.get(key);
    if (before !== undefined) this.total -= this.sizeOf(before);
    keepRecent(this.values, key, value, Number.POSITIVE_INFINITY);
    this.total += this.sizeOf(value);
    for (const [oldest, kept] of this.values) {
      if (this.total <= this.most) break;
      this.values.delete(oldest);
      this.total -= this.sizeOf(kept);
    }
    return value;
  }

  /** The total size of the values kept. */
  get size(): number {
    return this.total;
  }
}
