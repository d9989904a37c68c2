import sanitizeHtml from 'sanitize-html';

/** The rich text a recruiter may use in an advert: what job boards and the careers site can show. */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'h2',
    'h3',
    'h4',
    'p',
    'br',
    'ul',
    'ol',
    'li',
    'strong',
    'b',
    'em',
    'i',
    'u',
    'a',
    'blockquote',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Script and style bodies are dropped with their tags, never turned into visible text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed'],
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow' }),
    h1: 'h2',
  },
  allowedSchemesAppliedToAttributes: ['href'],
};

/** Keeps headings, paragraphs, lists, emphasis and safe links; drops scripts, handlers and unsafe URLs. */
export function sanitizeAdvertHtml(html: string): string {
  // A second pass settles markup the first left nested where HTML does not allow it (a heading
  // inside a paragraph), so that cleaning clean HTML changes nothing.
  return sanitizeHtml(sanitizeHtml(html, OPTIONS), OPTIONS).trim();
}

/** The visible text of the HTML read last: a post's checks read one description several times. */
const seen = new Map<string, string>();
const MOST_SEEN = 64;
/** Longer HTML is read each time, so that what is kept stays within a few megabytes. */
const LONGEST_SEEN = 20_000;

/** The text a reader sees, without tags, with entities decoded and white space collapsed. */
export function visibleText(html: string): string {
  const found = seen.get(html);
  if (found !== undefined) return found;
  const text = readVisibleText(html);
  if (html.length > LONGEST_SEEN) return text;
  if (seen.size >= MOST_SEEN) seen.clear();
  seen.set(html, text);
  return text;
}

function readVisibleText(html: string): string {
  // A block's end separates words: "<p>one</p><p>two</p>" reads "one two".
  const spaced = html.replace(/<\/(?:p|h[1-6]|li|blockquote|div|ul|ol)\s*>|<br\s*\/?>/gi, '$& ');
  const text = sanitizeHtml(spaced, { allowedTags: [], allowedAttributes: {} });
  return text
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
