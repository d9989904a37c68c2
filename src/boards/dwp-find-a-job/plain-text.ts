// DWP shows the description as plain text: tags broke TV's adverts, so TV turns HTML into text
// (docs/boards/dwp-find-a-job.md, "Body": a blank line between paragraphs, "• " items, "1. " ordered).
import { visibleText } from '../../domain/html.js';

const BLOCK_END = /<\/(?:p|h[1-6]|blockquote|div)\s*>/gi;

/** One list's items, bulleted or numbered. */
function listText(items: string, ordered: boolean): string {
  const parts = items.split(/<li\b[^>]*>/i).slice(1);
  return parts
    .map((item, i) => `${ordered ? `${i + 1}. ` : '• '}${visibleText(item)}`)
    .join('\n')
    .concat('\n\n');
}

/** The advert's HTML as plain text for Find a job. */
export function plainText(html: string): string {
  const lists = html.replace(
    /<(ul|ol)\b[^>]*>([\s\S]*?)<\/\1\s*>/gi,
    (_all, tag: string, items: string) => `\u0000${listText(items, tag.toLowerCase() === 'ol')}\u0000`,
  );
  return lists
    .split('\u0000')
    .map((chunk, i) =>
      i % 2 === 1
        ? chunk
        : chunk
            .replace(/<br\s*\/?>/gi, '\u0001')
            .replace(BLOCK_END, '\u0002')
            .split('\u0002')
            .map((block) => block.split('\u0001').map(visibleText).join('\n'))
            .filter((block) => block.trim() !== '')
            .join('\n\n')
            .concat('\n\n'),
    )
    .join('')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
