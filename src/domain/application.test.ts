import { describe, expect, it } from 'vitest';
import { cvDownloadName, sniffCv } from './application.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');
const zip = (name: string) =>
  Buffer.concat([
    Buffer.from([0x50, 0x4b, 0x03, 0x04]),
    Buffer.alloc(26),
    bytes(name),
    bytes('<w:document/>'),
  ]);

describe('sniffCv', () => {
  it('knows a PDF by its header, whatever it is called', () => {
    expect(sniffCv(bytes('%PDF-1.7\n%âãÏÓ\n'))).toBe('pdf');
  });

  it('knows a Word document by the ZIP holding word/document.xml', () => {
    expect(sniffCv(zip('word/document.xml'))).toBe('docx');
  });

  it('refuses a renamed PNG, a plain ZIP, an old .doc, text and an empty file', () => {
    expect(sniffCv(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBeNull();
    expect(sniffCv(zip('xl/workbook.xml'))).toBeNull();
    expect(sniffCv(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBeNull();
    expect(sniffCv(bytes('word/document.xml %PDF-'))).toBeNull();
    expect(sniffCv(Buffer.alloc(0))).toBeNull();
  });
});

describe('cvDownloadName', () => {
  it('keeps a harmless name and forces the true extension', () => {
    expect(cvDownloadName('Jane Smith CV.pdf', 'pdf')).toBe('Jane Smith CV.pdf');
    expect(cvDownloadName('C:\\Users\\jane\\cv.docx', 'docx')).toBe('cv.docx');
    expect(cvDownloadName('photo.png', 'pdf')).toBe('photo.png.pdf');
    expect(cvDownloadName('"\r\n.pdf', 'pdf')).toBe('cv.pdf');
  });
});
