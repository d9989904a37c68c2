// Reed refuses e-mail addresses, URLs and phone numbers in the title, description and town
// (docs/boards/reed.md, "Body fields"). This finds them and says where.

import { visibleText } from '../../domain/html.js';

export type ContactKind = 'e-mail address' | 'web address' | 'phone number';

export interface ContactFound {
  kind: ContactKind;
  text: string;
  /** Where: the 1-based character in the visible text, or "a link" for an href. */
  where: string;
}

const PATTERNS: readonly { kind: ContactKind; pattern: RegExp }[] = [
  { kind: 'e-mail address', pattern: /[A-Z0-9._%+-]+@[A-Z0-9-]+(?:\.[A-Z0-9-]+)*\.[A-Z]{2,}/gi },
  { kind: 'web address', pattern: /\b(?:https?:\/\/|www\.)[^\s<>"']+/gi },
  // A UK number: 0 or +44 then 9 or 10 more digits, with spaces, dashes or brackets between.
  { kind: 'phone number', pattern: /(?:\+44[\s-]?(?:\(0\)[\s-]?)?|\b0)\d(?:[\s-]?\(?\d\)?){8,9}\b/g },
];

const snippet = (text: string, index: number, length: number) => {
  const start = Math.max(0, index - 20);
  const end = Math.min(text.length, index + length + 20);
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
};

/** Every e-mail address, web address and phone number in plain text. */
export function findContacts(text: string): ContactFound[] {
  const found: ContactFound[] = [];
  for (const { kind, pattern } of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      // An e-mail's domain is not a web address too.
      if (kind !== 'e-mail address' && found.some((f) => f.text.includes(match[0]))) continue;
      const index = match.index ?? 0;
      found.push({
        kind,
        text: match[0],
        where: `character ${index + 1}: "${snippet(text, index, match[0].length)}"`,
      });
    }
  }
  return found;
}

/** The same in HTML: in the text a reader sees, and in the addresses of its links. */
export function findContactsInHtml(html: string): ContactFound[] {
  const found = findContacts(visibleText(html));
  for (const match of html.matchAll(/\bhref\s*=\s*["']([^"']*)["']/gi)) {
    const href = (match[1] ?? '').replace(/^mailto:/i, '');
    const [first] = findContacts(href);
    if (first) found.push({ ...first, where: 'a link' });
    else if (href.trim() !== '' && !href.startsWith('#'))
      found.push({ kind: 'web address', text: href, where: 'a link' });
  }
  return found;
}

/** True when the text holds HTML markup (Reed refuses it in the title and town). */
export const hasHtml = (text: string) => /<\/?[a-z][^>]*>/i.test(text);
