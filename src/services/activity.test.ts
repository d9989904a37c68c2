import { describe, expect, it } from 'vitest';
import { diff } from './activity.js';

type Record = { title: string; hours: number | null; tags: string[]; note?: string };

describe('the activity diff', () => {
  it('lists each asked field whose value changed, with both values', () => {
    const before: Record = { title: 'Nurse', hours: 37.5, tags: ['a'] };
    const after: Record = { title: 'Staff nurse', hours: 37.5, tags: ['a', 'b'] };
    expect(diff(before, after, ['title', 'hours', 'tags'])).toEqual({
      title: { from: 'Nurse', to: 'Staff nurse' },
      tags: { from: ['a'], to: ['a', 'b'] },
    });
  });

  it('ignores fields it is not asked about', () => {
    expect(diff<Record>({ title: 'A' }, { title: 'B' }, ['hours'])).toEqual({});
  });

  it('treats a missing value and null alike, and shows either as null', () => {
    expect(diff<Record>({ hours: null }, {}, ['hours', 'note'])).toEqual({});
    expect(diff<Record>({}, { note: 'x' }, ['note'])).toEqual({ note: { from: null, to: 'x' } });
  });
});
