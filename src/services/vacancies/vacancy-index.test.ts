import { describe, expect, it } from 'vitest';
import { buildVacancyIndex, type IndexRow, mayContain } from './vacancy-index.js';

const row = (id: string, text: string, town: string | null = 'Glasgow', postcode: string | null = 'G4 0SF') =>
  ({
    id,
    status: 'live',
    closingDate: '2026-12-31',
    text,
    town,
    postcode,
    employmentType: 'permanent',
  }) as IndexRow;

/** The ids of the entries that contain `text` (lower case), found as a search finds them. */
const found = (rows: IndexRow[], text: string) => {
  const index = buildVacancyIndex(rows);
  return mayContain(index, text)
    .map((i) => index.entries[i]!)
    .filter((e) => e.text.includes(text))
    .map((e) => e.id);
};

describe('the vacancy index', () => {
  const rows = [
    row('a', 'Staff Nurse - Surgery A full-time post SN-1'),
    row('b', 'Senior STAFF NURSE\tnights NS-2'),
    row('c', 'Porter A part-time post in Leeds P-3'),
    row('d', 'Nursery\u00a0Nurse Ünïcode ÉCOLE N-4'),
  ];

  it('finds every vacancy containing the text, in list order, whatever its case or white space', () => {
    expect(found(rows, 'nurse')).toEqual(['a', 'b', 'd']);
    expect(found(rows, 'urs')).toEqual(['a', 'b', 'd']);
    expect(found(rows, 'ff nu')).toEqual(['a', 'b']);
    expect(found(rows, 'nurse\tnights')).toEqual(['b']);
    expect(found(rows, 'école')).toEqual(['d']);
    expect(found(rows, 'p-3')).toEqual(['c']);
    expect(found(rows, 'staff')).toEqual(['a', 'b']);
    expect(found(rows, 'n-4')).toEqual(['d']);
    expect(found(rows, '-')).toEqual(['a', 'b', 'c', 'd']);
    expect(found(rows, 'astronaut')).toEqual([]);
  });

  it('keeps each distinct place once, in lower case, and where each vacancy is', () => {
    const index = buildVacancyIndex([
      row('a', 'x'),
      row('b', 'y', 'Leeds', 'LS1 4AP'),
      row('c', 'z'),
      row('d', 'w', null, null),
    ]);
    expect(index.places).toEqual([
      { town: 'glasgow', postcode: 'G4 0SF' },
      { town: 'leeds', postcode: 'LS1 4AP' },
      { town: '', postcode: '' },
    ]);
    expect(index.entries.map((e) => e.place)).toEqual([0, 1, 0, 2]);
  });
});
