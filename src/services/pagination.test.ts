import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors.js';
import { decodeCursor, escapeLike, pageOf } from './pagination.js';

const row = (n: number) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  createdAt: new Date(Date.UTC(2026, 10, 23, 10, 0, 60 - n)),
});

describe('pages and cursors', () => {
  it('gives the first `limit` rows and a cursor when one more row came back', () => {
    const rows = [row(1), row(2), row(3)];
    const page = pageOf(rows, 2);
    expect(page.items).toEqual([row(1), row(2)]);
    expect(page.nextCursor).not.toBeNull();
    expect(decodeCursor(page.nextCursor!)).toEqual(row(2));
  });

  it('gives no cursor on the last page', () => {
    expect(pageOf([row(1), row(2)], 2).nextCursor).toBeNull();
    expect(pageOf([], 10)).toEqual({ items: [], nextCursor: null });
  });

  it('refuses a cursor it did not make, on the cursor field', () => {
    const bad = [
      'not base64 at all!',
      Buffer.from('{"a":1}').toString('base64url'),
      Buffer.from(JSON.stringify(['2026-11-23T10:00:00Z', 'not-a-uuid'])).toString('base64url'),
      Buffer.from(JSON.stringify(['yesterday', row(1).id])).toString('base64url'),
    ];
    for (const cursor of bad) {
      let error: unknown;
      try {
        decodeCursor(cursor);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).issues.map((i) => i.path)).toEqual(['cursor']);
    }
  });

  it('escapes the LIKE wildcards and the escape character', () => {
    expect(escapeLike('50%_off\\now')).toBe('50\\%\\_off\\\\now');
    expect(escapeLike('Glasgow')).toBe('Glasgow');
  });
});
