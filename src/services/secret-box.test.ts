import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from './secret-box.js';

const key = randomBytes(32);
const box = createSecretBox(key);

describe('the secret box', () => {
  it('opens what it sealed, for the same context', () => {
    const sealed = box.seal({ apiKey: 'the-key' }, 'connection:org-1:c-1');
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('the-key');
    expect(box.open(sealed, 'connection:org-1:c-1')).toEqual({ apiKey: 'the-key' });
  });

  it('seals the same value differently each time', () => {
    expect(box.seal({ a: 'b' }, 'c')).not.toBe(box.seal({ a: 'b' }, 'c'));
  });

  it("refuses a sealed value moved to another owner's context", () => {
    const sealed = box.seal({ apiKey: 'the-key' }, 'connection:org-1:c-1');
    expect(() => box.open(sealed, 'connection:org-2:c-1')).toThrow();
  });

  it('refuses a changed value, another key and text that was never sealed', () => {
    const sealed = box.seal({ apiKey: 'the-key' }, 'c');
    const [version, iv, tag, body] = sealed.split(':');
    const flipped = Buffer.from(body!, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => box.open([version, iv, tag, flipped.toString('base64')].join(':'), 'c')).toThrow();
    expect(() => createSecretBox(randomBytes(32)).open(sealed, 'c')).toThrow();
    expect(() => box.open('plain text', 'c')).toThrow('Unreadable sealed value');
  });

  it('signs the same text and context alike, and anything else differently', () => {
    const signature = box.sign('text', 'ctx');
    expect(box.sign('text', 'ctx')).toBe(signature);
    expect(box.sign('text', 'other')).not.toBe(signature);
    expect(box.sign('text2', 'ctx')).not.toBe(signature);
    expect(createSecretBox(randomBytes(32)).sign('text', 'ctx')).not.toBe(signature);
  });

  it('takes only a 32-byte key', () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow('32 bytes');
  });
});
