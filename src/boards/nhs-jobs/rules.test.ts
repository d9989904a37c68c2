import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUkPhoneNumber, salaryProblem } from './check.js';
import { checkNhsJobs } from './fields.js';
import { nhsJobsBoard } from './index.js';
import {
  countCharacters,
  countDescriptionCharacters,
  countWords,
  fieldLabel,
  MESSAGES,
  type NhsJobsDraft,
} from './rules.js';

// The board's rules as Postroom checks them: the declarations (fields.ts) and the board's own check
// (check.ts), through `checkNhsJobs`, on fields whose keys are NHS Jobs' wire keys.

const TODAY = '2030-06-14';
const SETTINGS = { organisationId: 'ORG', accountId: 'ACC', apiKey: 'key', testMode: true };
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
const chars = (n: number) => 'a'.repeat(n);

/** A draft NHS Jobs accepts; each test changes one thing. */
function validDraft(): NhsJobsDraft {
  return {
    jobTitle: 'Staff Nurse — Ward 7',
    jobReference: 'C9-2030-117',
    contractType: 'PERMANENT',
    workingPatterns: ['FULL_TIME'],
    staffGroup: 'NURSING_AND_MIDWIFERY_REGISTERED',
    payScheme: 'AGENDA_FOR_CHANGE',
    payBand: 'BAND_5',
    salary: { type: 'RANGE', min: 29_970, max: 36_483, period: 'YEAR' },
    proRata: false,
    address: { line1: 'Leeds General Infirmary', town: 'Leeds', postcode: 'LS1 3EX' },
    closingDate: '2030-07-01',
    jobOverview: `Join our friendly surgical ward team. ${chars(80)}`,
    mainDuties: `Deliver safe, compassionate care to adult patients. ${chars(60)}`,
    aboutOrganisation: `We are a large teaching hospital trust in West Yorkshire. ${chars(60)}`,
    jobDescription: '<h2>About the role</h2><p>You will lead a team of <strong>nurses</strong>.</p>',
    contactName: 'Sam Patel',
    contactEmail: 'recruitment@example.nhs.uk',
    contactPhone: '0113 243 3144',
    applyUrl: 'https://careers.example.org/jobs/C9-2030-117/apply?src=nhs-jobs',
    essentialQualifications: ['NMC registration'],
  };
}

interface DraftProblem {
  field: string;
  message: string;
}
const checkFields = (fields: Record<string, unknown>): DraftProblem[] =>
  checkNhsJobs(fields, { today: TODAY }).map(({ field, message }) => ({ field, message }));
const check = (changes: Record<string, unknown>): DraftProblem[] =>
  checkFields({ ...validDraft(), ...changes });

describe('character counting', () => {
  it('counts what a person sees: code points, trimmed, one per line break', () => {
    expect(countCharacters('  café  ')).toBe(4);
    expect(countCharacters('cafe\u0301')).toBe(4);
    expect(countCharacters('👩‍⚕️'.slice(0, 2))).toBe(1);
    expect(countCharacters('😀😀😀')).toBe(3);
    expect(countCharacters('Zoë Brontë')).toBe(10);
    expect(countCharacters('a\r\nb\nc')).toBe(5);
    expect(countCharacters('\n\n text \r\n')).toBe(4);
  });

  it('a 100-character overview of emoji and accents passes where UTF-16 length would refuse it', () => {
    const overview = '😀é'.repeat(50);
    expect(overview.length).toBe(150);
    expect(check({ jobOverview: overview })).toEqual([]);
  });

  it('does not count HTML tags in the job description', () => {
    expect(countDescriptionCharacters('<p>Hello <strong>wörld</strong></p>')).toBe(11);
    expect(countDescriptionCharacters('<p>fish &amp; chips</p>')).toBe(12);
    expect(countDescriptionCharacters('<script>alert(1)</script>ok')).toBe(2);
  });

  it('counts words of the visible text, with blocks apart even without spaces between them', () => {
    expect(countWords('<p>one</p><p>two</p>')).toBe(2);
    expect(countWords('<table><tr><td>one</td><td>two</td></tr></table>')).toBe(2);
    expect(countWords('<b>bo</b>ld move')).toBe(2);
    expect(countWords('  ')).toBe(0);
  });

  it('tags never count: wrapping the same text in markup leaves the counts unchanged', () => {
    const text = fc.stringMatching(/^[a-zA-Zéü😀 ]{0,200}$/u);
    fc.assert(
      fc.property(text, fc.constantFrom('p', 'strong', 'em', 'li', 'h2'), (t, tag) => {
        const html = `<${tag}>${t}</${tag}>`;
        expect(countDescriptionCharacters(html)).toBe(countCharacters(t.replace(/\s+/g, ' ')));
        expect(countWords(html)).toBe(countWords(t));
      }),
    );
  });
});

describe('checkNhsJobs, rule by rule', () => {
  it('accepts a complete draft', () => {
    expect(check({})).toEqual([]);
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.anything()), (fields) => {
        expect(Array.isArray(checkFields(fields))).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...Object.keys(validDraft())), fc.anything()), (changes) => {
        for (const problem of check(changes)) {
          expect(problem.field).toEqual(expect.any(String));
          expect(problem.message).not.toBe('');
        }
      }),
    );
  });

  it('marks each empty required field with "Please fill the required fields"', () => {
    const problems = checkFields({});
    const required = problems.filter((p) => p.message === MESSAGES.required).map((p) => p.field);
    expect(required.sort()).toEqual(
      [
        'jobTitle',
        'jobReference',
        'contractType',
        'workingPatterns',
        'staffGroup',
        'payScheme',
        'salary',
        'address',
        'closingDate',
        'jobOverview',
        'mainDuties',
        'aboutOrganisation',
        'jobDescription',
        'contactEmail',
        'applyUrl',
      ].sort(),
    );
    expect(check({ jobTitle: '   ' })).toEqual([{ field: 'jobTitle', message: MESSAGES.required }]);
  });

  it("gives the seed's too-few message for 99 characters, its too-many message for 1,001, and takes 100 and 1,000", () => {
    expect(check({ jobOverview: chars(99) })).toEqual([
      {
        field: 'jobOverview',
        message: 'Please Enter Job overview. Character minLength: 100, maxLength: 1000.',
      },
    ]);
    expect(check({ jobOverview: ` ${chars(100)} ` })).toEqual([]);
    expect(check({ jobOverview: chars(1000) })).toEqual([]);
    expect(check({ mainDuties: chars(1001) })).toEqual([
      {
        field: 'mainDuties',
        message: 'You have exceeded the words max limit, max limit is 1000',
      },
    ]);
  });

  it('limits the title to 70 and the reference to 50 characters', () => {
    expect(check({ jobTitle: chars(70) })).toEqual([]);
    expect(check({ jobTitle: chars(71) })).toEqual([
      { field: 'jobTitle', message: 'You have exceeded the words max limit, max limit is 70' },
    ]);
    expect(check({ jobReference: chars(51) })).toEqual([
      {
        field: 'jobReference',
        message: 'You have exceeded the words max limit, max limit is 50',
      },
    ]);
  });

  it('takes a 1,000-word description and refuses 1,001 words with the exact message', () => {
    expect(check({ jobDescription: `<p>${words(1000)}</p>` })).toEqual([]);
    expect(check({ jobDescription: `<p>${words(1001)}</p>` })).toEqual([
      { field: 'jobDescription', message: 'You have exceeded the words max limit, max limit is 1000' },
    ]);
  });

  it('limits the description to 10,000 visible characters, tags not counted', () => {
    const long = `<p>${'x'.repeat(5000)}</p><p>${'y'.repeat(4999)}</p>`;
    expect(countDescriptionCharacters(long)).toBe(10_000);
    expect(check({ jobDescription: long })).toEqual([]);
    expect(check({ jobDescription: `<p>${'x'.repeat(10_001)}</p>` })).toEqual([
      {
        field: 'jobDescription',
        message: 'You have exceeded the words max limit, max limit is 10000',
      },
    ]);
    expect(check({ jobDescription: '<p> </p>' })).toEqual([
      { field: 'jobDescription', message: MESSAGES.required },
    ]);
  });

  it('requires a duration with a fixed-length contract type, and checks and sends it only then', () => {
    for (const contractType of ['FIXED_TERM', 'LOCUM', 'SECONDMENT', 'APPRENTICESHIP']) {
      expect(check({ contractType })).toEqual([{ field: 'contractDuration', message: MESSAGES.required }]);
      expect(check({ contractType, contractDuration: { length: 12, unit: 'MONTHS' } })).toEqual([]);
    }
    // A field that does not apply is neither checked nor sent (the board would refuse it).
    const permanent = { ...validDraft(), contractType: 'PERMANENT', contractDuration: { length: 0 } };
    expect(checkFields(permanent)).toEqual([]);
    expect(nhsJobsBoard.map(permanent, SETTINGS)).not.toHaveProperty('contractDuration');
    for (const contractDuration of [
      { length: 61, unit: 'WEEKS' },
      { length: 0, unit: 'MONTHS' },
      { length: 1.5, unit: 'WEEKS' },
      { length: 6, unit: 'YEARS' },
    ]) {
      expect(check({ contractType: 'FIXED_TERM', contractDuration }).map((p) => p.field)).toEqual([
        'contractDuration',
      ]);
    }
  });

  it('requires a band with Agenda for Change, and checks and sends it only then', () => {
    expect(check({ payScheme: 'MEDICAL_AND_DENTAL', payBand: 'BAND_1' })).toEqual([]);
    expect(nhsJobsBoard.map({ ...validDraft(), payScheme: 'OTHER' }, SETTINGS)).not.toHaveProperty('payBand');
    expect(check({ payScheme: 'MEDICAL_AND_DENTAL', payBand: undefined })).toEqual([]);
    expect(check({ payBand: undefined })).toEqual([{ field: 'payBand', message: MESSAGES.required }]);
    expect(check({ payBand: 'BAND_1' }).map((p) => p.field)).toEqual(['payBand']);
  });

  it('requires hours per week with part time, more than 0 and at most 48', () => {
    expect(check({ workingPatterns: ['PART_TIME'] })).toEqual([
      { field: 'weeklyHours', message: MESSAGES.required },
    ]);
    expect(check({ workingPatterns: ['PART_TIME', 'JOB_SHARE'], weeklyHours: 22.5 })).toEqual([]);
    for (const weeklyHours of [0, 48.5, -1, '20']) {
      expect(check({ weeklyHours }).map((p) => p.field)).toEqual(['weeklyHours']);
    }
    expect(check({ workingPatterns: [] })).toEqual([
      { field: 'workingPatterns', message: MESSAGES.required },
    ]);
    expect(check({ workingPatterns: ['NIGHTS'] }).map((p) => p.field)).toEqual(['workingPatterns']);
  });

  it('refuses a salary with min above max with the salary message', () => {
    expect(check({ salary: { type: 'RANGE', min: 40_000, max: 30_000, period: 'YEAR' } })).toEqual([
      { field: 'salary', message: 'The salary you have entered is not valid.' },
    ]);
  });

  it('checks closing date, postcode, e-mail, phone and apply link', () => {
    expect(check({ closingDate: TODAY })).toEqual([
      { field: 'closingDate', message: 'Closing date must be after today.' },
    ]);
    expect(check({ closingDate: '2030-02-30' }).map((p) => p.field)).toEqual(['closingDate']);
    expect(check({ closingDate: '15/07/2030' }).map((p) => p.field)).toEqual(['closingDate']);
    expect(check({ address: { line1: 'x', town: 'Leeds', postcode: 'LS1' } }).map((p) => p.field)).toEqual([
      'address.postcode',
    ]);
    expect(check({ address: { line1: 'x', town: 'Leeds', postcode: 'ls13ex' } })).toEqual([]);
    expect(check({ contactEmail: 'recruitment at example' }).map((p) => p.field)).toEqual(['contactEmail']);
    expect(check({ contactPhone: '555-1234' }).map((p) => p.field)).toEqual(['contactPhone']);
    expect(check({ contactPhone: undefined, contactName: undefined })).toEqual([]);
    expect(check({ applyUrl: 'javascript:alert(1)' }).map((p) => p.field)).toEqual(['applyUrl']);
  });

  it('checks the person-specification lists: items of 1-255 characters, at most 20', () => {
    expect(check({ essentialSkills: Array.from({ length: 20 }, () => 'Teamwork') })).toEqual([]);
    expect(check({ essentialSkills: Array.from({ length: 21 }, () => 'Teamwork') })).toEqual([
      { field: 'essentialSkills', message: 'Essential skills can have at most 20 items.' },
    ]);
    expect(check({ desirableSkills: ['ok', ' ', chars(256)] })).toEqual([
      {
        field: 'desirableSkills.1',
        message: 'Please Enter Desirable skills (item 2). Character minLength: 1, maxLength: 255.',
      },
      {
        field: 'desirableSkills.2',
        message: 'You have exceeded the words max limit, max limit is 255',
      },
    ]);
  });

  it('refuses fields the board does not know, so a mapping typo shows', () => {
    expect(check({ jobtitle: 'Nurse' })).toEqual([
      { field: 'jobtitle', message: 'jobtitle is not a field of an NHS Jobs draft.' },
    ]);
  });
});

describe('salaryProblem', () => {
  it('takes the three salary shapes within the yearly and hourly bounds', () => {
    expect(salaryProblem({ type: 'NEGOTIABLE' })).toBeNull();
    expect(salaryProblem({ type: 'FIXED', amount: 1000, period: 'YEAR' })).toBeNull();
    expect(salaryProblem({ type: 'FIXED', amount: 500_000, period: 'YEAR' })).toBeNull();
    expect(salaryProblem({ type: 'RANGE', min: 12.5, max: 12.5, period: 'HOUR' })).toBeNull();
    expect(salaryProblem({ type: 'RANGE', min: 1, max: 500, period: 'HOUR' })).toBeNull();
  });

  it('refuses everything else with the one board message', () => {
    for (const salary of [
      null,
      'GBP 30k',
      { type: 'FIXED', amount: 999.99, period: 'YEAR' },
      { type: 'FIXED', amount: 500_000.01, period: 'YEAR' },
      { type: 'FIXED', amount: 501, period: 'HOUR' },
      { type: 'FIXED', amount: 0.5, period: 'HOUR' },
      { type: 'FIXED', amount: 12.345, period: 'HOUR' },
      { type: 'FIXED', amount: -20, period: 'HOUR' },
      { type: 'FIXED', amount: 30_000, period: 'MONTH' },
      { type: 'FIXED', amount: '30000', period: 'YEAR' },
      { type: 'RANGE', min: 30_000, period: 'YEAR' },
      { type: 'BETWEEN', min: 1, max: 2, period: 'HOUR' },
    ]) {
      expect(salaryProblem(salary)).toBe(MESSAGES.salary);
    }
  });

  it('a range is valid exactly when both ends are valid amounts and min <= max', () => {
    const amount = fc.integer({ min: 100, max: 60_000 }).map((pence) => pence / 100);
    fc.assert(
      fc.property(amount, amount, (min, max) => {
        const valid = min >= 1 && max >= 1 && max <= 500 && min <= max;
        expect(salaryProblem({ type: 'RANGE', min, max, period: 'HOUR' }) === null).toBe(valid);
      }),
    );
  });
});

describe('helpers', () => {
  it('recognises UK phone numbers as people write them', () => {
    for (const phone of [
      '0113 243 3144',
      '(0113) 2433144',
      '+44 113 243 3144',
      '+44 (0)113 243 3144',
      '07700 900123',
      '0800 123 456',
    ]) {
      expect(isUkPhoneNumber(phone)).toBe(true);
    }
    for (const phone of ['555-1234', '+1 202 555 0100', '0113 243 31445 1', 'call me']) {
      expect(isUkPhoneNumber(phone)).toBe(false);
    }
  });

  it('labels nested fields named in a 400 answer', () => {
    expect(fieldLabel('jobOverview')).toBe('Job overview');
    expect(fieldLabel('address.postcode')).toBe('Postcode');
    expect(fieldLabel('essentialSkills.0')).toBe('Essential skills (item 1)');
    expect(fieldLabel('constructor')).toBe('constructor');
  });
});
