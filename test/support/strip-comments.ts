/**
 * The source with its comments blanked out (newlines kept, so lines still count), and strings,
 * templates and regular expressions kept as they are. A small scanner, enough for this repo's
 * TypeScript and TSX: a quote in JSX text is read as a string up to the end of its line.
 */
export function stripComments(src: string): string {
  let out = '';
  let i = 0;
  let prev = '';
  // For each template literal we are inside an expression of, the depth of its braces.
  const templates: number[] = [];
  const blank = (stop: number) => {
    out += src.slice(i, stop).replace(/[^\n]/g, ' ');
    i = stop;
  };
  const keep = (stop: number) => {
    out += src.slice(i, stop);
    i = stop;
  };
  while (i < src.length) {
    const c = src[i]!;
    const next = src[i + 1];
    if (c === '/' && next === '/') blank(endOf(src, '\n', i));
    else if (c === '/' && next === '*') blank(Math.min(src.length, endOf(src, '*/', i + 2) + 2));
    else if (c === '"' || c === "'") keep(endOfQuoted(src, i, c));
    else if (c === '`' || (c === '}' && templates.at(-1) === 0)) {
      if (c === '}') templates.pop();
      const stop = endOfTemplatePart(src, i + 1);
      if (src.startsWith('${', stop - 2)) templates.push(0);
      keep(stop);
    } else if (c === '/' && regexMayStart(prev)) keep(endOfRegex(src, i));
    else {
      if (templates.length > 0 && c === '{') templates[templates.length - 1]! += 1;
      if (templates.length > 0 && c === '}') templates[templates.length - 1]! -= 1;
      keep(i + 1);
      if (!/\s/.test(c)) prev = c;
      continue;
    }
    prev = 'x';
  }
  return out;
}

const endOf = (src: string, what: string, from: number) => {
  const at = src.indexOf(what, from);
  return at === -1 ? src.length : at;
};

function endOfQuoted(src: string, start: number, quote: string): number {
  for (let i = start + 1; i < src.length; i += 1) {
    if (src[i] === '\\') i += 1;
    else if (src[i] === quote) return i + 1;
    else if (src[i] === '\n') return i;
  }
  return src.length;
}

/** The end of a template's text part: after its closing backtick, or after the `${` that opens an expression. */
function endOfTemplatePart(src: string, from: number): number {
  for (let i = from; i < src.length; i += 1) {
    if (src[i] === '\\') i += 1;
    else if (src[i] === '`') return i + 1;
    else if (src[i] === '$' && src[i + 1] === '{') return i + 2;
  }
  return src.length;
}

const regexMayStart = (prev: string) => prev === '' || '(,=:[!&|?{};+-*%<>~^'.includes(prev);

function endOfRegex(src: string, start: number): number {
  let inClass = false;
  for (let i = start + 1; i < src.length; i += 1) {
    const c = src[i];
    if (c === '\\') i += 1;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) return i + 1;
    else if (c === '\n') return i;
  }
  return src.length;
}
