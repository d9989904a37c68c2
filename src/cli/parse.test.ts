import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseFaults, parseField, parsePort, parsePositive } from './parse.js';
import { UsageError } from './usage-error.js';

describe('command-line values', () => {
  it('takes ports from 0 to 65535 and nothing else', () => {
    expect(parsePort('0')).toBe(0);
    expect(parsePort('65535')).toBe(65535);
    for (const bad of ['65536', '-1', '80.5', 'http', ''])
      expect(() => parsePort(bad)).toThrow(InvalidArgumentError);
  });

  it('takes whole numbers of 1 or more', () => {
    expect(parsePositive('1')).toBe(1);
    for (const bad of ['0', '1.5', '-3', 'ten'])
      expect(() => parsePositive(bad)).toThrow(InvalidArgumentError);
  });

  it('reads a field value as JSON when it parses, else as text', () => {
    expect(parseField('weeklyHours=22.5')).toEqual(['weeklyHours', 22.5]);
    expect(parseField('tags=["A","B"]')).toEqual(['tags', ['A', 'B']]);
    expect(parseField('payBand=BAND_5')).toEqual(['payBand', 'BAND_5']);
    expect(parseField('note=a=b')).toEqual(['note', 'a=b']);
    expect(parseField('empty=')).toEqual(['empty', '']);
  });

  it('refuses a field without a key', () => {
    expect(() => parseField('=5')).toThrow(UsageError);
    expect(() => parseField('payBand')).toThrow('--field must look like key=value; got: payBand');
  });

  it('takes faults as a JSON object only', () => {
    expect(parseFaults('{"errorRate":0.2}')).toEqual({ errorRate: 0.2 });
    for (const bad of ['[1]', 'null', '0.2', '{']) expect(() => parseFaults(bad)).toThrow(UsageError);
  });
});
