import { describe, expect, it } from 'vitest';
import { cdata, cleanText, escapeXml, parseXml, textAt, XmlError } from './xml.js';

describe('parseXml: strict', () => {
  it('reads elements, attributes, entities, CDATA and comments', () => {
    const root = parseXml(
      `<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><a x="1 &amp; 2" y='&#x41;'><b>t &lt;&#233;&gt;</b><c><![CDATA[<p>&amp;</p>]]></c><d/></a>`,
    );
    expect(root.name).toBe('a');
    expect(root.attributes).toEqual({ x: '1 & 2', y: 'A' });
    expect(textAt(root, 'b')).toBe('t <é>');
    expect(textAt(root, 'c')).toBe('<p>&amp;</p>');
    expect(root.children.map((c) => c.name)).toEqual(['b', 'c', 'd']);
  });

  const bad: [string, string][] = [
    ['an unclosed element', '<a><b></a>'],
    ['a mismatched end tag', '<a></b>'],
    ['two roots', '<a/><b/>'],
    ['a bare ampersand', '<a>x & y</a>'],
    ['an unknown entity', '<a>&nbsp;</a>'],
    ['a DOCTYPE', '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>'],
    ['an unquoted attribute', '<a x=1/>'],
    ['a repeated attribute', '<a x="1" x="2"/>'],
    ['a control character', '<a>\u0001</a>'],
    ['text before the root', 'hello<a/>'],
    ['an unclosed CDATA', '<a><![CDATA[x</a>'],
  ];
  for (const [name, source] of bad) {
    it(`refuses ${name}`, () => {
      expect(() => parseXml(source)).toThrow(XmlError);
    });
  }
});

describe('writing XML', () => {
  it('escapes attribute text and splits "]]>" across CDATA sections', () => {
    expect(escapeXml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
    const xml = `<a>${cdata('x]]>y')}</a>`;
    expect(parseXml(xml).text).toBe('x]]>y');
  });

  it('drops what StepStone asks to leave out and what XML cannot carry', () => {
    expect(cleanText('\uFEFFa\u00A0b\u0007c')).toBe('a bc');
  });
});
