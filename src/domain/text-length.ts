// Pure, with no imports: the web app's counters import it too, so the form counts as the server checks.

/**
 * The length of a value as a board that counts what it receives counts it: every Unicode code point
 * of the trimmed text (Postroom trims before sending), markup included, a "\r\n" line break as two.
 * s1jobs runs Python (the Eve framework), whose `len()` counts code points: "😀" is one character,
 * not the two UTF-16 units JavaScript's `.length` gives.
 */
export function countSentCharacters(text: string): number {
  let count = 0;
  for (const _ of text.trim()) count += 1;
  return count;
}
