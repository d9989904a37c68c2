import { describe, expect, it } from 'vitest';
import { advertOf, codeOf } from './advert.js';
import { checkDwp } from './check.js';
import {
  expireXml,
  expiryFor,
  fieldOfReason,
  fileNameOf,
  isUploadFile,
  parseVersionTag,
  uploadedOnOf,
  uploadXml,
  vacancyRefCode,
  versionTag,
} from './map.js';
import { plainText } from './plain-text.js';

const today = '2026-11-30';
const fields = {
  title: 'Care Assistant & Cook',
  reference: 'CARE/2026 07',
  description:
    '<p>Join our <strong>friendly</strong> team.</p><ul><li>Paid training</li><li>Free meals</li></ul><ol><li>Apply</li><li>Visit us</li></ol><p>Line one<br>line two\u0001</p>',
  street: '84 Castle Street',
  city: 'Glasgow',
  postcode: 'g4 0sf',
  closingDate: '2026-12-20',
  vacancyType: 'temporary',
  hours: 'part_time',
  applyUrl: 'https://jobs.example.org/careers/acme/CARE/apply?src=abc&x=1',
};

describe('the upload file (golden)', () => {
  it('writes every element in order, text escaped, the description as plain text', () => {
    const xml = uploadXml([advertOf(fields, { categoryId: 27 }, today, today)]);
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<Vacancies>',
        '  <Vacancy vacancyRefCode="CARE-2026-07">',
        '    <Title>Care Assistant &amp; Cook</Title>',
        '    <Description>Join our friendly team.',
        '',
        '• Paid training',
        '• Free meals',
        '',
        '1. Apply',
        '2. Visit us',
        '',
        'Line one',
        'line two</Description>',
        '    <Location><StreetAddress>84 Castle Street</StreetAddress><City>Glasgow</City><PostalCode>G4 0SF</PostalCode></Location>',
        '    <VacancyExpiry>2026-12-20</VacancyExpiry>',
        '    <VacancyType id="3"/><VacancyStatus id="2"/><VacancyCategory id="27"/>',
        '    <ApplyMethod id="2"/><ApplyUrl>https://jobs.example.org/careers/acme/CARE/apply?src=abc&amp;x=1</ApplyUrl>',
        '  </Vacancy>',
        '</Vacancies>',
        '',
      ].join('\n'),
    );
  });

  it('an expire file names the code', () => {
    expect(expireXml(['CARE-2026-07-1'])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<ExpireVacancies>\n  <ExpireVacancy vacancyRefCode="CARE-2026-07-1"/>\n</ExpireVacancies>\n',
    );
  });

  it("uses the posting's category, else the connection's", () => {
    expect(advertOf({ ...fields, category: 14 }, { categoryId: 27 }, today, today).categoryId).toBe(14);
  });
});

describe('the advert code', () => {
  it.each([
    ['REF-123', 0, 'REF-123'],
    ['acme/Nurse 12', 0, 'acme-Nurse-12'],
    ['REF-123', 2, 'REF-123-2'],
  ])('%s, re-post %i: %s', (reference, version, code) => {
    expect(vacancyRefCode(reference, version)).toBe(code);
    expect(codeOf({ reference, version })).toBe(code);
  });
});

describe('VacancyExpiry inside DWP’s window, else left out', () => {
  it.each([
    ['a new advert closing in 20 days', '2026-12-20', today, '2026-12-20'],
    ['a new advert closing on upload day + 29', '2026-12-29', today, '2026-12-29'],
    [
      'a new advert closing on upload day + 30 (the import may fall the next day)',
      '2026-12-30',
      today,
      undefined,
    ],
    ['closing tomorrow (the import may fall then)', '2026-12-01', today, undefined],
    ['an update: up to the posting date + 30', '2026-12-29', '2026-11-29', '2026-12-29'],
    ['an update past the posting date + 30', '2026-12-30', '2026-11-29', undefined],
  ])('%s', (_name, closing, postedOn, expected) => {
    expect(expiryFor(closing, today, postedOn)).toBe(expected);
  });
});

it('names files in the order they are sent, and reads the day back', () => {
  const first = fileNameOf('acme', 'upload', new Date('2026-11-30T09:59:59.998Z'), 'ff');
  const then = fileNameOf('acme', 'expire', new Date('2026-11-30T09:59:59.999Z'), '00');
  expect(first).toBe('acme-20261130-095959-998-ff-upload.xml');
  expect([then, first].sort()).toEqual([first, then]);
  expect(uploadedOnOf(first)).toBe('2026-11-30');
  expect(isUploadFile('acme', first)).toBe(true);
  expect(isUploadFile('acme', then)).toBe(false);
});

it('keeps the version of the advert between calls', () => {
  const tag = { postedOn: '2026-11-30', endsOn: '2026-12-30', file: 'demo-upload-20261130-100000-ab.xml' };
  expect(parseVersionTag(versionTag(tag))).toEqual(tag);
  expect(parseVersionTag(null)).toBeNull();
});

it.each([
  ['Closing date must be between posting/editing date +1 day and posting date +30 days', 'closingDate'],
  ['PostalCode is mandatory', 'postcode'],
  ['VacancyType id is not a known value', 'vacancyType'],
  ['Something else', undefined],
])('a report reason names its field: %s', (reason, field) => {
  expect(fieldOfReason(reason)).toBe(field);
});

describe('the pre-flight check', () => {
  const ok = (changes: Record<string, unknown> = {}) => checkDwp({ ...fields, ...changes }, { today });
  it('passes good fields', () => {
    expect(ok()).toEqual([]);
  });
  it.each([
    [{ postcode: '' }, 'postcode', /Find a job requires it/],
    [{ postcode: 'G4' }, 'postcode', /full UK postcode/],
    [{ closingDate: today }, 'closingDate', /after today/],
    [{ vacancyType: 'gig' }, 'vacancyType', /not one of Find a job's values/],
    [{ reference: '///' }, 'reference', /letter or digit/],
    [{ description: '<p> </p>' }, 'description', /no text/],
    [{ category: 1.5 }, 'category', /.+/],
  ])('%o: refused on %s', (changes, field, message) => {
    const issues = ok(changes).filter((i) => i.field === field);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]?.message).toMatch(message);
  });
});

it('turns HTML into the plain text DWP shows', () => {
  expect(plainText('<h2>About</h2><p>A &amp; B</p><p></p><ul><li>one</li></ul>')).toBe(
    'About\n\nA & B\n\n• one',
  );
});
