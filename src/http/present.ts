/** A value as it travels in JSON: dates become ISO strings. */
export type Json<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

/** Converts dates to ISO strings, so a record matches its documented response schema. */
export function present<T>(value: T): Json<T> {
  if (value instanceof Date) return value.toISOString() as Json<T>;
  if (Array.isArray(value)) return value.map(present) as Json<T>;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = present(v);
    return out as Json<T>;
  }
  return value as Json<T>;
}
