import { createElement, type ReactNode } from 'react';

// Advert HTML typed in a board form is shown back as React elements built from an allow-list,
// never as markup: nothing in it can run, style the page or load anything.
const KEPT = new Set(['p', 'br', 'ul', 'ol', 'li', 'strong', 'b', 'em', 'i', 'u', 'h2', 'h3', 'h4', 'a']);
/** Board headings sit under the preview's own heading levels. */
const HEADING: Record<string, string> = { h2: 'h5', h3: 'h6', h4: 'h6' };

function convert(node: Node, key: number): ReactNode {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  if (!(node instanceof Element)) return null;
  const children = [...node.childNodes].map(convert);
  const tag = node.tagName.toLowerCase();
  if (!KEPT.has(tag)) return children.length ? createElement('span', { key }, ...children) : null;
  if (tag === 'a') {
    const href = node.getAttribute('href') ?? '';
    return /^(https?:|mailto:|tel:)/i.test(href)
      ? createElement('a', { key, href, rel: 'noopener noreferrer' }, ...children)
      : createElement('span', { key }, ...children);
  }
  return createElement(HEADING[tag] ?? tag, { key }, ...children);
}

/** Advert HTML as the candidate reads it: its structure (paragraphs, lists, links), nothing else. */
export function SafeHtml({ html }: { html: string }) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return <>{[...doc.body.childNodes].map(convert)}</>;
}
