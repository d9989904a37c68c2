import { describe, expect, it } from 'vitest';
import { benchArgs } from './bench.js';

describe('postroom bench', () => {
  it('passes the options given on as arguments', () => {
    expect(benchArgs({ quick: true, parts: 'fanout,load', sizes: undefined })).toEqual([
      '--quick',
      '--parts',
      'fanout,load',
    ]);
  });
});
