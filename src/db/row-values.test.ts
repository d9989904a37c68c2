import { describe, expect, it } from 'vitest';
import { placeholders, rowValues } from './client.js';
import { postings } from './schema.js';

describe('a row written through a statement built once', () => {
  it('sends null as SQL NULL (not JSON null), a date as ISO text and JSON as text, and leaves out undefined', () => {
    const at = new Date('2026-12-02T10:00:00Z');
    const row = { lastError: null, fields: { a: 1 }, updatedAt: at, status: 'posted', externalId: undefined };
    expect(rowValues(postings, row, 'x_')).toEqual({
      shape: 'lastError,fields,updatedAt,status',
      values: {
        x_lastError: null,
        x_fields: '{"a":1}',
        x_updatedAt: '2026-12-02T10:00:00.000Z',
        x_status: 'posted',
      },
    });
    expect(Object.keys(placeholders('lastError,fields', 'x_'))).toEqual(['lastError', 'fields']);
    expect(placeholders('', 'x_')).toEqual({});
  });

  it('refuses a key that is not a column', () => {
    expect(() => rowValues(postings, { nope: 1 }, 'x_')).toThrow('nope is not a column');
  });
});
