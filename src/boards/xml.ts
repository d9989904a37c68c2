// A small, strict XML reader and writer: enough for a board’s XML job feed and its answer document (StepStone)
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

/** A cursor over a document; each method reads one construct or throws XmlError. */
class Reader {
  at = 0;
  constructor(private readonly source: string) {}

  fail(what: string): never {
    throw new XmlError(`${what} at character ${this.at}`);
  }
  sees(text: string): boolean {
    return this.source.startsWith(text, this.at);
  }
  /** Moves past `close`, which must come later; returns what came before it. */
  upTo(close: string, what: string): string {
    const end = this.source.indexOf(close, this.at);
    if (end < 0) this.fail(`an unclosed ${what}`);
    const text = this.source.slice(this.at, end);
    this.at = end + close.length;
    return text;
  }
  skipSpace() {
    while (this.at < this.source.length && /\s/.test(this.source[this.at] ?? '')) this.at += 1;
  }
  /** Space, comments and processing instructions around the root. */
  skipMisc() {
    for (;;) {
      this.skipSpace();
      if (this.sees('<!--')) this.upTo('-->', 'comment');
      else if (this.sees('<?') && !this.sees('<?xml')) this.upTo('?>', 'processing instruction');
      else return;
    }
  }
  name(): string {
    NAME.lastIndex = this.at;
    const match = NAME.exec(this.source);
    if (!match) return this.fail('a name expected');
    this.at += match[0].length;
    return match[0];
  }
  expect(char: string) {
    if (this.source[this.at] !== char) this.fail(`"${char}" expected`);
    this.at += 1;
  }

  attribute(node: XmlElement) {
    const key = this.name();
    this.skipSpace();
    this.expect('=');
    this.skipSpace();
    const quote = this.source[this.at];
    if (quote !== '"' && quote !== "'") this.fail('a quoted attribute value expected');
    this.at += 1;
    const raw = this.upTo(quote as string, 'attribute value');
    if (raw.includes('<')) this.fail('"<" in an attribute value');
    if (Object.hasOwn(node.attributes, key)) this.fail(`attribute ${key} given twice`);
    node.attributes[key] = decode(raw);
  }

  element(): XmlElement {
    this.expect('<');
    const node: XmlElement = { name: this.name(), attributes: {}, children: [], text: '' };
    for (;;) {
      const before = this.at;
      this.skipSpace();
      if (this.sees('/>')) {
        this.at += 2;
        return node;
      }
      if (this.sees('>')) break;
      if (this.at === before) this.fail('a space expected before an attribute');
      this.attribute(node);
    }
    this.at += 1;
    this.content(node);
    return node;
  }

  content(node: XmlElement) {
    for (;;) {
      if (this.at >= this.source.length) this.fail(`<${node.name}> is not closed`);
      if (this.sees('</')) {
        this.at += 2;
        if (this.name() !== node.name) this.fail(`</${node.name}> expected`);
        this.skipSpace();
        this.expect('>');
        return;
      }
      if (this.sees('<![CDATA[')) {
        this.at += 9;
        node.text += this.upTo(']]>', 'CDATA section');
      } else if (this.sees('<!--')) this.upTo('-->', 'comment');
      else if (this.sees('<!') || this.sees('<?')) this.fail('a declaration inside an element');
      else if (this.sees('<')) node.children.push(this.element());
      else {
        const end = this.source.indexOf('<', this.at);
        const raw = this.source.slice(this.at, end < 0 ? this.source.length : end);
        if (raw.includes(']]>')) this.fail('"]]>" in text');
        node.text += decode(raw);
        this.at += raw.length;
      }
    }
  }
}

/** Parses a whole document to its root element; throws XmlError for anything malformed. */
export function parseXml(source: string): XmlElement {
  if (INVALID_CHAR.test(source)) throw new XmlError('a character XML does not allow');
  const reader = new Reader(source);
  if (reader.sees('<?xml')) reader.upTo('?>', 'XML declaration');
  reader.skipMisc();
  if (reader.sees('<!DOCTYPE')) reader.fail('a DOCTYPE (not allowed)');
  const root = reader.element();
  reader.skipMisc();
  if (reader.at < source.length) reader.fail('content after the root element');
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
