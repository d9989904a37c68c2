import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { cdata, escapeXml } from './xml.js';

const parser = new XMLParser({ cdataPropName: '#cdata', isArray: () => false });

describe('XML text', () => {
  it('keeps any text whole in CDATA, dropping only what XML forbids', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const doc = parser.parse(`<a>${cdata(s)}</a>`) as { a: { '#cdata': string | string[] } | string };
        const value = typeof doc.a === 'string' ? doc.a : doc.a['#cdata'];
        return (Array.isArray(value) ? value.join('') : value) === s;
      }),
    );
    expect(cdata('a]]>b\u0001')).toBe('<![CDATA[a]]]]><![CDATA[>b]]>');
  });

  it('escapes markup and drops control characters outside CDATA', () => {
    expect(escapeXml('a<b>&"\'\u0000c')).toBe('a&lt;b&gt;&amp;&quot;&apos;c');
  });
});
