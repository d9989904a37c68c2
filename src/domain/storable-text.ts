/**
 * Text PostgreSQL cannot store: a NUL character ("invalid byte sequence for encoding UTF8: 0x00")
 * or half of a UTF-16 surrogate pair, which has no UTF-8 form (drivers would swap it for U+FFFD,
 * silently changing what was typed). With the `u` flag a whole pair is one code point, so only a
 * lone half matches.
 */
const LONE_SURROGATE = /[\ud800-\udfff]/u;

export const isStorableText = (text: string) => !text.includes('\u0000') && !LONE_SURROGATE.test(text);

/** The text with what cannot be stored shown as U+FFFD, for echoing a refused input back safely. */
export const storableForm = (text: string) =>
  text.replaceAll('\u0000', '\uFFFD').replace(new RegExp(LONE_SURROGATE, 'gu'), '\uFFFD');

/** What the caller is told about such text, on its field. */
export const UNSTORABLE_MESSAGE =
  'Contains a NUL character or broken Unicode (half of a surrogate pair), which cannot be stored; remove it and try again.';

interface Visit {
  value: unknown;
  key: string | number | null;
  parent: Visit | null;
}

const pathOf = (visit: Visit) => {
  const path: (string | number)[] = [];
  for (let at: Visit | null = visit; at?.key != null; at = at.parent) path.push(at.key);
  return path.reverse();
};

/**
 * The path of the first string (value or object key) in `value` that cannot be stored, or null.
 * Walks with its own stack and parent links, so a deeply nested body can neither overflow the call
 * stack nor cost a copy of its path at every level.
 */
export function findUnstorableText(value: unknown): (string | number)[] | null {
  const pending: Visit[] = [{ value, key: null, parent: null }];
  for (let visit = pending.pop(); visit; visit = pending.pop()) {
    const current = visit.value;
    if (typeof current === 'string') {
      if (!isStorableText(current)) return pathOf(visit);
    } else if (Array.isArray(current)) {
      for (let index = 0; index < current.length; index++)
        pending.push({ value: current[index], key: index, parent: visit });
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        if (!isStorableText(key)) return [...pathOf(visit), key];
        pending.push({ value: item, key, parent: visit });
      }
    }
  }
  return null;
}
