import { describe, expect, it } from 'vitest';
import { pinboardBoard } from '../../test/fixtures/example-board/index.js';
import { registerBoard } from '../boards/registry.js';
import { redactUrl } from './log.js';

describe('redactUrl', () => {
  it('hides the usual credential parameters of a query string', () => {
    expect(redactUrl('/api/job?username=u&password=p4ss&x=1')).toBe(
      '/api/job?username=u&password=[redacted]&x=1',
    );
    expect(redactUrl('/search?q=nurse')).toBe('/search?q=nurse');
  });

  it("hides each registered board's secret names, as soon as the board is registered", () => {
    const url = '/sandbox/pinboard/adverts?x-pinboard-key=abc123&ref=R1';
    expect(redactUrl(url)).toBe(url);
    registerBoard(pinboardBoard);
    expect(redactUrl(url)).toBe('/sandbox/pinboard/adverts?x-pinboard-key=[redacted]&ref=R1');
  });
});
