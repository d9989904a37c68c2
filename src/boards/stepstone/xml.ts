// A small, strict XML reader and writer: enough for StepStone's job feed and its answer document
// (elements, attributes, text, CDATA, comments, the XML declaration). No DTDs, no namespaces'
// meaning, no external entities. Generic: it knows no StepStone name, so the sandbox may use it too.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (text and CDATA, entities decoded), untrimmed. */
  text: string;
}

export class XmlError extends Error {}

const NAME = /[A-Za-z_][\w.-]*(?::[\w.-]+)?/y;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
// Characters XML 1.0 allows (tab, line feed, carriage return and the printable planes).
const INVALID_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);|&/g, (whole, body: string | undefined) => {
    if (!body) throw new XmlError('a bare "&" in text');
    if (body.startsWith('#')) {
      const code = body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      if (!Number.isInteger(code) || code > 0x10ffff) throw new XmlError(`bad character reference ${whole}`);
      return String.fromCodePoint(code);
    }
    const value = ENTITIES[body];
    if (value === undefined) throw new XmlError(`unknown entity ${whole}`);
    return value;
  });
}

/** Parses a whole document to its root element; throws XmlError for anything malformed. */
export function parseXml(source: string): XmlElement {
  if (INVALID_CHAR.test(source)) throw new XmlError('a character XML does not allow');
  let at = 0;
  const fail = (what: string): never => {
    throw new XmlError(`${what} at character ${at}`);
  };
  const skipSpace = () => {
    while (at < source.length && /\s/.test(source[at] ?? '')) at += 1;
  };
  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (source.startsWith('<!--', at)) {
        const end = source.indexOf('-->', at + 4);
        if (end < 0) fail('an unclosed comment');
        at = end + 3;
      } else if (source.startsWith('<?', at) && !source.startsWith('<?xml', at)) {
        const end = source.indexOf('?>', at);
        if (end < 0) fail('an unclosed processing instruction');
        at = end + 2;
      } else return;
    }
  };
  const name = () => {
    NAME.lastIndex = at;
    const match = NAME.exec(source);
    if (!match) return fail('a name expected');
    at += match[0].length;
    return match[0];
  };
  const element = (): XmlElement => {
    if (source[at] !== '<') fail('"<" expected');
    at += 1;
    const node: XmlElement = { name: name(), attributes: {}, children: [], text: '' };
    for (;;) {
      const before = at;
      skipSpace();
      if (source.startsWith('/>', at)) {
        at += 2;
        return node;
      }
      if (source[at] === '>') break;
      if (at === before) fail('a space expected before an attribute');
      const key = name();
      skipSpace();
      if (source[at] !== '=') fail('"=" expected');
      at += 1;
      skipSpace();
      const quote = source[at];
      if (quote !== '"' && quote !== "'") return fail('a quoted attribute value expected');
      const end = source.indexOf(quote, at + 1);
      if (end < 0) fail('an unclosed attribute value');
      const raw = source.slice(at + 1, end);
      if (raw.includes('<')) fail('"<" in an attribute value');
      if (Object.hasOwn(node.attributes, key)) fail(`attribute ${key} given twice`);
      node.attributes[key] = decode(raw);
      at = end + 1;
    }
    at += 1;
    content(node);
    return node;
  };
  const content = (node: XmlElement) => {
    for (;;) {
      if (at >= source.length) fail(`<${node.name}> is not closed`);
      if (source.startsWith('</', at)) {
        at += 2;
        if (name() !== node.name) fail(`</${node.name}> expected`);
        skipSpace();
        if (source[at] !== '>') fail('">" expected');
        at += 1;
        return;
      }
      if (source.startsWith('<![CDATA[', at)) {
        const end = source.indexOf(']]>', at);
        if (end < 0) fail('an unclosed CDATA section');
        node.text += source.slice(at + 9, end);
        at = end + 3;
      } else if (source.startsWith('<!--', at)) {
        const end = source.indexOf('-->', at + 4);
        if (end < 0) fail('an unclosed comment');
        at = end + 3;
      } else if (source.startsWith('<!', at) || source.startsWith('<?', at)) {
        fail('a declaration inside an element');
      } else if (source[at] === '<') {
        node.children.push(element());
      } else {
        const end = source.indexOf('<', at);
        const raw = source.slice(at, end < 0 ? source.length : end);
        if (raw.includes(']]>')) fail('"]]>" in text');
        node.text += decode(raw);
        at += raw.length;
      }
    }
  };

  if (source.startsWith('<?xml', at)) {
    const end = source.indexOf('?>', at);
    if (end < 0) fail('an unclosed XML declaration');
    at = end + 2;
  }
  skipMisc();
  if (source.startsWith('<!DOCTYPE', at)) fail('a DOCTYPE (not allowed)');
  const root = element();
  skipMisc();
  if (at < source.length) fail('content after the root element');
  return root;
}

/** The first child with this name, if any. */
export const child = (node: XmlElement | undefined, name: string): XmlElement | undefined =>
  node?.children.find((c) => c.name === name);

/** The text of the element at this path of child names (e.g. `contract/credits`), trimmed. */
export function textAt(node: XmlElement | undefined, path: string): string | undefined {
  let current = node;
  for (const part of path.split('/')) current = child(current, part);
  return current?.text.trim();
}

/** Text safe in an attribute value or in element text. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Text in CDATA, as StepStone's examples send it; a "]]>" inside is split over two sections. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** Removes what XML cannot carry and what StepStone asks to leave out (BOM, non-breaking spaces). */
export function cleanText(text: string): string {
  return text
    .replace(/\uFEFF/g, '')
    .replace(/\u00A0/g, ' ')
    .replace(new RegExp(INVALID_CHAR.source, 'gu'), '');
}
