import { describe, expect, it } from 'vitest';
import { excerpt } from './deliver.js';

describe("the excerpt of a receiver's answer", () => {
  it('is the whole of a short answer, and empty for none', async () => {
    expect(await excerpt(new Response('{"ok":true}'))).toBe('{"ok":true}');
    expect(await excerpt(new Response(null, { status: 204 }))).toBe('');
  });

  it('keeps the first 2,000 characters and stops reading an endless answer', async () => {
    let pulls = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        controller.enqueue(new TextEncoder().encode('x'.repeat(500)));
      },
    });
    const text = await excerpt(new Response(endless));
    expect(text).toBe('x'.repeat(2_000));
    expect(pulls).toBeLessThan(10);
  });

  it('does not break a character split across chunks', async () => {
    const bytes = new TextEncoder().encode('café');
    const split = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 4));
        controller.enqueue(bytes.slice(4));
        controller.close();
      },
    });
    expect(await excerpt(new Response(split))).toBe('café');
  });
});
