import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizeAdvertHtml, visibleText } from './html.js';

const ALLOWED_TAGS = new Set([
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
]);
const ALLOWED_LINK_ATTRIBUTES = new Set(['href', 'title', 'rel']);
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);
const REL = 'noopener noreferrer nofollow';

const TAG = /<(\/?)([A-Za-z0-9]+)((?:\s+[^\s"'<>/=]+="[^"]*")*)\s*\/?>/g;
const ATTRIBUTE = /\s+([^\s"'<>/=]+)="([^"]*)"/g;

interface Tag {
  name: string;
  closing: boolean;
  attributes: [string, string][];
}

/** Splits sanitised output into its tags and the text between them. */
function parse(html: string): { tags: Tag[]; text: string } {
  const tags = [...html.matchAll(TAG)].map((m) => ({
    closing: m[1] === '/',
    name: m[2]!.toLowerCase(),
    attributes: [...m[3]!.matchAll(ATTRIBUTE)].map((a): [string, string] => [a[1]!.toLowerCase(), a[2]!]),
  }));
  return { tags, text: html.replace(TAG, '') };
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  colon: ':',
  tab: '\t',
  newline: '\n',
};

/** URL parsers drop spaces and control characters, so `java\tscript:` is `javascript:` to them. */
const isKeptInUrl = (code: number) => code > 0x20 && (code < 0x7f || code > 0x9f);

/** What a browser makes of an attribute value: entities decoded once, then the URL parser's stripping. */
function hrefAsBrowserSeesIt(value: string): string {
  return value
    .replace(
      /&(?:#x([0-9a-f]+)|#([0-9]+)|([a-z]+));?/gi,
      (all, hex?: string, dec?: string, name?: string) => {
        const code = hex ? Number.parseInt(hex, 16) : dec ? Number(dec) : undefined;
        if (code !== undefined) return code <= 0x10ffff ? String.fromCodePoint(code) : all;
        return NAMED[name!.toLowerCase()] ?? all;
      },
    )
    .split('')
    .filter((c) => isKeptInUrl(c.charCodeAt(0)))
    .join('');
}

/** Every way the output could run script: unknown tags, any attribute but a link's, unsafe URLs, stray `<`. */
function expectSafe(output: string) {
  expect(output).not.toMatch(/<\s*script/i);
  const { tags, text } = parse(output);
  // Every `<` and `>` is part of an allowed tag; text has them escaped.
  expect(text).not.toMatch(/[<>]/);
  for (const tag of tags) {
    expect(ALLOWED_TAGS).toContain(tag.name);
    for (const [name, value] of tag.attributes) {
      expect(name).not.toMatch(/^on/);
      expect(tag.name).toBe('a');
      expect(ALLOWED_LINK_ATTRIBUTES).toContain(name);
      if (name === 'href') {
        const href = hrefAsBrowserSeesIt(value);
        expect(href).not.toMatch(/^(?:javascript|data|vbscript):/i);
        const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href)?.[1];
        if (scheme !== undefined) expect(SAFE_SCHEMES).toContain(scheme.toLowerCase());
        expect(href).not.toMatch(/^\/\//);
      }
    }
  }
}

const FRAGMENTS = [
  '<scr',
  'ipt>',
  '<script>',
  '</script>',
  'alert(1)',
  'javascript:',
  'JaVaScRiPt:',
  'java\tscript:',
  '&#x6A;avascript:',
  '&#106;avascript:',
  'javascript&colon;',
  'data:text/html;base64,PHNjcmlwdD4=',
  'vbscript:',
  'onerror=',
  ' onclick="alert(1)"',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<svg/onload=alert(1)>',
  '<a href="JaVaScRiPt:alert(1)">',
  '<a href="',
  '<a href=',
  '<a title="x" href=\'',
  '">',
  "'>",
  '>',
  '<',
  '</a>',
  '<iframe>',
  '<iframe src="javascript:alert(1)">',
  '</iframe>',
  '<style>',
  '<!--',
  '-->',
  '<![CDATA[',
  ']]>',
  '<p>',
  '<h2>',
  '<ul><li>',
  '<math><mtext><table><mglyph><style>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<textarea>',
  '<xmp>',
  '<object data=',
  '<embed src=',
  '<form action=',
  '<base href=',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  'https://example.org/',
  '//evil.example',
  '&lt;script&gt;',
  '&amp;',
  '"',
  "'",
  ' ',
  '\n',
  '\u0000',
];

const randomCase = (s: string) =>
  fc
    .array(fc.boolean(), { minLength: s.length, maxLength: s.length })
    .map((upper) => s.replace(/./gs, (c, i: number) => (upper[i] ? c.toUpperCase() : c.toLowerCase())));

/** Hostile advert text: attack fragments in any order and case, with random text between them. */
const hostileHtml = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS).chain(randomCase), fc.string({ maxLength: 6 })), {
    maxLength: 16,
  })
  .map((parts) => parts.join(''));

describe('sanitizeAdvertHtml', () => {
  it.each([
    ['<script>alert(1)</script><p>Hi</p>', '<p>Hi</p>'],
    ['<p>Hi<script>alert(1)</script></p>', '<p>Hi</p>'],
    ['<SCRIPT SRC=//evil.example/x.js></SCRIPT><p>Hi</p>', '<p>Hi</p>'],
    ['<img src=x onerror=alert(1)><p>Hi</p>', '<p>Hi</p>'],
    ['<svg onload=alert(1)><p>Hi</p></svg>', '<p>Hi</p>'],
    ['<p onclick="alert(1)" style="color:red" class="x">Hi</p>', '<p>Hi</p>'],
    ['<iframe src="https://evil.example">framed</iframe><p>Hi</p>', '<p>Hi</p>'],
    ['<style>p{display:none}</style><p>Hi</p>', '<p>Hi</p>'],
    ['<div><span>Hi</span></div>', 'Hi'],
  ])('cleans %j to %j', (input, expected) => {
    expect(sanitizeAdvertHtml(input)).toBe(expected);
  });

  it.each([
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="&#106;&#97;vascript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="\u0001javascript:alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="//evil.example/">x</a>',
  ])('drops the unsafe link target in %j but keeps the text', (input) => {
    expect(sanitizeAdvertHtml(input)).toBe(`<a rel="${REL}">x</a>`);
  });

  it('keeps the markup an advert may use, and makes links safe to follow', () => {
    const advert =
      '<h2>The role</h2><p>Join <strong>our</strong> <em>ward</em> team.</p>' +
      '<ul><li>Pension</li><li>Parking</li></ul><ol><li>Apply</li></ol>' +
      '<h3>Contact</h3><p><a href="https://example.org/jobs?id=1&amp;src=web" title="Jobs">Apply online</a>, ' +
      '<a href="mailto:jobs@example.org">e-mail</a> or <a href="tel:+441234567890">call</a>.</p>' +
      '<blockquote><b>B</b> <i>I</i> <u>U</u><br />next</blockquote><h4>Small print</h4>';
    expect(sanitizeAdvertHtml(advert)).toBe(
      '<h2>The role</h2><p>Join <strong>our</strong> <em>ward</em> team.</p>' +
        '<ul><li>Pension</li><li>Parking</li></ul><ol><li>Apply</li></ol>' +
        `<h3>Contact</h3><p><a href="https://example.org/jobs?id=1&amp;src=web" title="Jobs" rel="${REL}">Apply online</a>, ` +
        `<a href="mailto:jobs@example.org" rel="${REL}">e-mail</a> or <a href="tel:+441234567890" rel="${REL}">call</a>.</p>` +
        '<blockquote><b>B</b> <i>I</i> <u>U</u><br />next</blockquote><h4>Small print</h4>',
    );
  });

  it('turns a top-level heading into the advert heading level', () => {
    expect(sanitizeAdvertHtml('<h1>Staff nurse</h1>')).toBe('<h2>Staff nurse</h2>');
  });

  it('replaces a link rel and drops target, so a new tab cannot reach back to the careers site', () => {
    expect(sanitizeAdvertHtml('<a href="https://example.org" target="_blank" rel="opener">x</a>')).toBe(
      `<a href="https://example.org" rel="${REL}">x</a>`,
    );
  });

  it('keeps text that only looks like markup as text', () => {
    expect(sanitizeAdvertHtml('Salary &lt;script&gt; &amp; 5 > 3')).toBe(
      'Salary &lt;script&gt; &amp; 5 &gt; 3',
    );
  });

  it('trims surrounding white space', () => {
    expect(sanitizeAdvertHtml('  \n<p>Hi</p>\n  ')).toBe('<p>Hi</p>');
  });

  it('lets no script, event handler or unsafe link through, whatever the input', () => {
    fc.assert(
      fc.property(hostileHtml, (input) => expectSafe(sanitizeAdvertHtml(input))),
      { numRuns: 300 },
    );
  });

  it('lets no script through arbitrary text either', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (input) => expectSafe(sanitizeAdvertHtml(input))),
      { numRuns: 300 },
    );
  });

  it('settles a heading left inside a paragraph, so a second cleaning changes nothing', () => {
    const once = sanitizeAdvertHtml('<p><scr"><h2>');
    expect(sanitizeAdvertHtml(once)).toBe(once);
  });

  it('is idempotent: cleaning clean HTML changes nothing', () => {
    fc.assert(
      fc.property(fc.oneof(hostileHtml, fc.string({ maxLength: 100 })), (input) => {
        const once = sanitizeAdvertHtml(input);
        expect(sanitizeAdvertHtml(once)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the text of allowed markup around any plain text', () => {
    const plain = fc.string({ maxLength: 40 }).filter((s) => !/[<>&]/.test(s) && s.trim() === s && s !== '');
    fc.assert(
      fc.property(plain, fc.constantFrom('p', 'h2', 'strong', 'em', 'li'), (text, tag) => {
        expect(sanitizeAdvertHtml(`<${tag}>${text}</${tag}>`)).toBe(`<${tag}>${text}</${tag}>`);
      }),
      { numRuns: 200 },
    );
  });
});

describe('visibleText', () => {
  it.each([
    ['<h2>Nurse</h2>\n<p>Fish &amp; chips</p>', 'Nurse Fish & chips'],
    ['<p>5 &lt; 6 &gt; 4</p>', '5 < 6 > 4'],
    ['<p>&quot;Kind&quot; &#39;caring&#39; &apos;calm&apos;</p>', "\"Kind\" 'caring' 'calm'"],
    ['<p>caf&eacute; &#x41;&#66;</p>', 'café AB'],
    ['a&nbsp;b', 'a b'],
    ['<p>&amp;lt;</p>', '&lt;'],
    ['<p>Hi</p><script>alert(1)</script><style>p{}</style>', 'Hi'],
    ['<ul>\n  <li>One</li>\n  <li>Two</li>\n</ul>', 'One Two'],
    ['<a href="https://example.org">Apply</a>', 'Apply'],
    ['   <p>  lots   of\n\tspace </p>  ', 'lots of space'],
    ['<p></p><br />', ''],
  ])('reads %j as %j', (html, text) => {
    expect(visibleText(html)).toBe(text);
  });

  it('is the plain text itself, white space collapsed, when there is no markup', () => {
    const plain = fc.string({ maxLength: 80 }).filter((s) => !/[<&]/.test(s));
    fc.assert(
      fc.property(plain, (text) => {
        expect(visibleText(text)).toBe(text.replace(/\s+/g, ' ').trim());
      }),
      { numRuns: 300 },
    );
  });
});
