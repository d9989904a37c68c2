import { describe, expect, it } from 'vitest';
import { csvCell, parseCsv, toCsv } from './csv.js';

describe('csv', () => {
  it('quotes a cell with a comma, a quote or a line break, doubling quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('Smith, Jo')).toBe('"Smith, Jo"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
  });

  it('defuses a cell a spreadsheet would read as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell('+44 7700 900123')).toBe("'+44 7700 900123");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('joins rows with CRLF', () => {
    expect(
      toCsv([
        ['a', 'b'],
        ['c', ''],
      ]),
    ).toBe('a,b\r\nc,\r\n');
  });

  it('reads quoted cells with commas, doubled quotes and line breaks, CRLF or LF', () => {
    const text = '\uFEFFreference,title\r\nA-1,"Nurse, ""Band 5"""\r\nA-2,"two\nlines"\nA-3,\n\n';
    expect(parseCsv(text)).toEqual([
      ['reference', 'title'],
      ['A-1', 'Nurse, "Band 5"'],
      ['A-2', 'two\nlines'],
      ['A-3', ''],
    ]);
  });

  it('reads back what it writes', () => {
    const rows = [['a', 'b, c', 'say "hi"', 'line\r\nbreak', '']];
    expect(parseCsv(toCsv(rows))).toEqual(rows);
  });

  it('refuses an unclosed quote rather than swallow the rest of the file', () => {
    expect(parseCsv('a,b\n"open,c\nd,e\n')).toBeNull();
  });
});
