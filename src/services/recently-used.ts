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
