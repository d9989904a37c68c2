import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { html, jsonForScript, raw } from './html.js';

describe('html template', () => {
  it('escapes every interpolation, in text and in attributes', () => {
    const out = html`<a title="${'" onmouseover="x'}">${'<b>&</b>'}</a>`.value;
    expect(out).toBe('<a title="&quot; onmouseover=&quot;x">&lt;b&gt;&amp;&lt;/b&gt;</a>');
  });

  it('joins lists, skips null and false, and inserts raw() and nested templates as they are', () => {
    const items = ['a<', 'b'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${raw('<p>ok</p>')}${3}`.value).toBe(
      '<ul><li>a&lt;</li><li>b</li></ul><p>ok</p>3',
    );
  });

  it('never lets text open a tag', () => {
    fc.assert(fc.property(fc.string(), (s) => !/[<>"']/.test(html`${s}`.value)));
  });

  it('writes JSON that cannot close a script element and still parses to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = jsonForScript(value);
        return !/[<>&]/.test(text) && JSON.stringify(JSON.parse(text)) === JSON.stringify(value);
      }),
    );
    expect(jsonForScript({ t: '</script><script>' })).toBe(
      '{"t":"\\u003c/script\\u003e\\u003cscript\\u003e"}',
    );
  });
});
