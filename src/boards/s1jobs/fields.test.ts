import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FieldIssue, isEmpty, type PostingFields } from '../board.js';
import { CORE_SKILLS } from './coreskills-data.js';
import {
  checkS1jobs,
  HOURS_VALUES,
  JOB_TYPE_VALUES,
  S1JOBS_FIELDS,
  SALARY_PERIOD_VALUES,
  STRING_MAX,
  TEXT_MAX,
  WORKING_LOCATION_VALUES,
} from './fields.js';
import { mapS1jobs, WIRE_KEYS } from './map.js';

// The rules are those of docs/boards/s1jobs.md ("Every rule, in the board's words").

const TODAY = '2030-06-14';
const context = { today: TODAY };

const daysFrom = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** Fields s1jobs accepts; each test changes one thing. */
const valid = (): PostingFields => ({
  title: 'Trainee Solicitor',
  reference: 'CH-2030-117',
  description: '<p>Join our litigation team.</p>',
  coreSkill: 'Legal',
  specialisms: ['Trainee solicitor', 'Legal Secretary'],
  location: 'G2 1DY',
  salaryLow: 28_000,
  salaryHigh: 32_000,
  salaryPeriod: 'yearly',
  hours: 'Full',
  jobType: 'Permanent',
  workingLocation: 'Hybrid working',
  applyUrl: 'https://jobs.example.org/careers/clyde/vac_1/apply?src=tok',
});

const check = (changes: PostingFields): FieldIssue[] => checkS1jobs({ ...valid(), ...changes }, context);
const without = (...keys: string[]): PostingFields =>
  Object.fromEntries(Object.entries(valid()).filter(([key]) => !keys.includes(key)));
const errorsOn = (issues: FieldIssue[], field: string) =>
  issues.filter((i) => i.field === field && i.severity === 'error');

describe('checkS1jobs', () => {
  it('passes fields that follow every rule', () => {
    expect(checkS1jobs(valid(), context)).toEqual([]);
  });

  it('refuses a specialism of another core skill, in plain words', () => {
    expect(CORE_SKILLS.Accountancy).toContain('Audit');
    expect(check({ coreSkill: 'Legal', specialisms: ['Audit'] })).toEqual([
      {
        field: 'specialisms',
        message: "Specialism 'Audit' does not belong to core skill 'Legal'",
        severity: 'error',
      },
    ]);
  });

  it('refuses any specialism for a core skill that has none', () => {
    expect(CORE_SKILLS['Customer Services']).toEqual([]);
    expect(check({ coreSkill: 'Customer Services', specialisms: ['Admin'] })).toEqual([
      {
        field: 'specialisms',
        message: "Specialism 'Admin' does not belong to core skill 'Customer Services'",
        severity: 'error',
      },
    ]);
    expect(check({ coreSkill: 'Customer Services', specialisms: [] })).toEqual([]);
  });

  it('refuses a core skill in the wrong case: the board compares values exactly', () => {
    expect(check({ coreSkill: 'legal', specialisms: [] })).toEqual([
      {
        field: 'coreSkill',
        message: '"legal" is not an s1jobs core skill (values are case-sensitive)',
        severity: 'error',
      },
    ]);
    expect(errorsOn(check({ coreSkill: 'LEGAL' }), 'coreSkill')).toHaveLength(1);
  });

  it.each([
    ['hours', 'full'],
    ['jobType', 'permanent'],
    ['salaryPeriod', 'Yearly'],
    ['workingLocation', 'hybrid working'],
  ])('refuses %s %j in the wrong case', (field, value) => {
    expect(errorsOn(check({ [field]: value }), field)).toHaveLength(1);
  });

  it('needs the core skill, title, reference, description and location', () => {
    const issues = checkS1jobs(
      without('coreSkill', 'title', 'reference', 'description', 'location'),
      context,
    );
    expect(issues.map((i) => i.field).sort()).toEqual(
      ['coreSkill', 'description', 'location', 'reference', 'specialisms', 'specialisms', 'title'].sort(),
    );
    expect(issues).toContainEqual({
      field: 'coreSkill',
      message: 'Enter the core skill: s1jobs requires it',
      severity: 'error',
    });
    expect(issues).toContainEqual({
      field: 'specialisms',
      message: "Choose a core skill before the specialism 'Trainee solicitor'",
      severity: 'error',
    });
  });

  describe('how to apply', () => {
    it('needs at least one of the apply link, the x1jobs form and a phone number', () => {
      expect(checkS1jobs(without('applyUrl'), context)).toEqual([
        {
          field: 'applyUrl',
          message:
            "Give at least one way to apply: the apply link, x1jobs' application form, or a phone number",
          severity: 'error',
        },
      ]);
      expect(
        errorsOn(checkS1jobs({ ...without('applyUrl'), x1Apply: false, phone: ' ' }, context), 'applyUrl'),
      ).toHaveLength(1);
    });

    it.each([
      ['the x1jobs application form', { x1Apply: true }],
      ['a phone number', { phone: '0141 555 0100' }],
    ])('accepts %s alone', (_, method) => {
      expect(checkS1jobs({ ...without('applyUrl'), ...method }, context)).toEqual([]);
    });

    it('refuses an apply link that is not a web address', () => {
      expect(errorsOn(check({ applyUrl: 'jobs.example.org/apply' }), 'applyUrl')).toHaveLength(1);
    });
  });

  describe('lengths', () => {
    it('allows a description of 60,000 characters and refuses 60,001', () => {
      const markup = (n: number) => `<p>${'a'.repeat(n - 7)}</p>`;
      expect(check({ description: markup(TEXT_MAX) })).toEqual([]);
      expect(check({ description: markup(TEXT_MAX + 1) })).toEqual([
        {
          field: 'description',
          message: 'Description is 60,001 characters; s1jobs allows at most 60,000',
          severity: 'error',
        },
      ]);
    });

    it('allows a title of 255 characters and refuses 256', () => {
      expect(check({ title: 'T'.repeat(STRING_MAX) })).toEqual([]);
      expect(check({ title: 'T'.repeat(STRING_MAX + 1) })).toEqual([
        {
          field: 'title',
          message: 'Job title is 256 characters; s1jobs allows at most 255',
          severity: 'error',
        },
      ]);
    });

    it('counts an emoji as one character, as the board does', () => {
      expect(check({ title: '😀'.repeat(STRING_MAX) })).toEqual([]);
    });

    // The board counts what it receives: a Windows line break is two characters.
    it('counts a description as it is sent, line breaks included', () => {
      const description = `<p>${'a'.repeat(TEXT_MAX - 12)}</p>\r\n<br>`;
      const sent = mapS1jobs({ description }).description as string;
      expect([...sent].length).toBe(TEXT_MAX + 1);
      expect(errorsOn(check({ description }), 'description')).toHaveLength(1);
    });
  });

  describe('salary', () => {
    it('needs a salary from or to figure', () => {
      expect(checkS1jobs(without('salaryLow', 'salaryHigh'), context)).toEqual([
        {
          field: 'salaryLow',
          message:
            'Give a salary from or to figure: s1jobs needs at least one (a salary text can be shown instead of them)',
          severity: 'error',
        },
      ]);
      expect(checkS1jobs(without('salaryLow'), context)).toEqual([]);
      expect(checkS1jobs(without('salaryHigh'), context)).toEqual([]);
    });

    // An empty form field ('') is no value, as everywhere else.
    it('needs a salary figure when the figures are empty text', () => {
      expect(
        errorsOn(checkS1jobs({ ...without('salaryHigh'), salaryLow: '' }, context), 'salaryLow'),
      ).toHaveLength(1);
    });

    it('warns, without blocking, that 7.50 will show as 8 unless a salary text is given', () => {
      const issues = check({ salaryLow: 7.5, salaryHigh: 9, salaryPeriod: 'hourly' });
      expect(issues).toEqual([
        { field: 'salaryLow', severity: 'warning', message: expect.stringMatching(/will show as 8\b/) },
      ]);
      expect(issues[0]?.message).toContain('£7.50');
      expect(check({ salaryLow: 7.5, salaryHigh: 9, salaryText: '£7.50 an hour' })).toEqual([]);
    });

    it('refuses a salary from figure above the salary to figure, and a negative or non-number figure', () => {
      expect(errorsOn(check({ salaryLow: 40_000, salaryHigh: 30_000 }), 'salaryLow')).toHaveLength(1);
      expect(errorsOn(check({ salaryLow: -1 }), 'salaryLow')).toHaveLength(1);
      expect(errorsOn(check({ salaryHigh: '32000' }), 'salaryHigh')).toHaveLength(1);
      expect(errorsOn(check({ salaryHigh: Number.NaN }), 'salaryHigh')).toHaveLength(1);
    });
  });

  describe('expiry date', () => {
    it.each([1, 27, 28])('accepts a date %i days ahead', (days) => {
      expect(check({ expiryDate: daysFrom(TODAY, days) })).toEqual([]);
    });

    it('refuses a date 29 days ahead, naming the last allowed date', () => {
      expect(check({ expiryDate: daysFrom(TODAY, 29) })).toEqual([
        {
          field: 'expiryDate',
          message:
            's1jobs keeps adverts at most 28 days: choose an expiry date on or before 2030-07-12, or leave it empty',
          severity: 'error',
        },
      ]);
    });

    it.each([0, -1])('refuses a date %i days ahead: it must be in the future', (days) => {
      expect(check({ expiryDate: daysFrom(TODAY, days) })).toEqual([
        { field: 'expiryDate', message: 'Expiry date must be in the future', severity: 'error' },
      ]);
    });

    it.each(['14/07/2030', '2030-7-1', 'next week'])('refuses %j, which is not a date', (expiryDate) => {
      expect(errorsOn(check({ expiryDate }), 'expiryDate')).toHaveLength(1);
    });

    // 30 February does not exist.
    it('refuses a calendar date that does not exist', () => {
      expect(
        errorsOn(
          checkS1jobs({ ...valid(), expiryDate: '2031-02-30' }, { today: '2031-02-10' }),
          'expiryDate',
        ),
      ).toHaveLength(1);
    });
  });

  // The seed: "Go to your youtube video, click 'Share' and copy the link here."
  it.each([
    'https://youtu.be/dQw4w9WgXcQ?si=Xy3k_9-Qa1bC2dEf',
    'https://youtu.be/dQw4w9WgXcQ?si=Xy3k_9-Qa1bC2dEf&t=42',
    'https://youtu.be/dQw4w9WgXcQ',
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    'https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s',
  ])('accepts the YouTube link %s', (youtubeUrl) => {
    expect(check({ youtubeUrl })).toEqual([]);
  });

  it.each([
    'http://youtu.be/dQw4w9WgXcQ',
    'https://youtu.be/dQw4w9WgXc',
    'https://youtu.be/dQw4w9WgXcQ?list=PL123',
    'https://vimeo.com/123456',
    'youtu.be/dQw4w9WgXcQ',
  ])('refuses %s, which is not a YouTube share or watch link', (youtubeUrl) => {
    expect(check({ youtubeUrl })).toEqual([
      {
        field: 'youtubeUrl',
        message:
          "Use the link YouTube's Share button gives, like https://youtu.be/dQw4w9WgXcQ (or the video's youtube.com/watch?v=… address)",
        severity: 'error',
      },
    ]);
  });

  // The seed: "Preferably full postcode but outcode is accepted".
  it.each(['G2 1DY', 'g21dy', 'G2', 'EH12', 'PA1 1AA'])('accepts the location %s', (location) => {
    expect(check({ location })).toEqual([]);
  });

  it.each(['Glasgow city centre', 'G2 1D', '12345', 'G2 1DY, Glasgow'])(
    'refuses the location %s, on the field',
    (location) => {
      expect(check({ location })).toEqual([
        {
          field: 'location',
          message: `"${location}" is not a UK postcode: s1jobs takes a full postcode, like G2 1DY, or its first part, like G2`,
          severity: 'error',
        },
      ]);
    },
  );

  it('reports a field s1jobs does not have', () => {
    expect(check({ salaryCurrency: 'GBP' })).toEqual([
      { field: 'salaryCurrency', message: 'Unknown field "salaryCurrency"', severity: 'error' },
    ]);
  });

  // A core skill that names a property of every object is reported, never thrown on.
  it.each(['constructor', 'toString', '__proto__'])(
    'reports the core skill %j instead of throwing',
    (coreSkill) => {
      expect(errorsOn(check({ coreSkill, specialisms: ['Audit'] }), 'coreSkill')).toHaveLength(1);
    },
  );
});

describe('checkS1jobs properties', () => {
  const STRING_FIELDS = S1JOBS_FIELDS.filter((f) => f.maxLength === STRING_MAX).map((f) => f.key);
  const CHOICES: Record<string, readonly string[]> = {
    coreSkill: Object.keys(CORE_SKILLS),
    jobType: JOB_TYPE_VALUES,
    hours: HOURS_VALUES,
    salaryPeriod: SALARY_PERIOD_VALUES,
    workingLocation: WORKING_LOCATION_VALUES,
  };
  const fieldKeys = S1JOBS_FIELDS.map((f) => f.key);

  /** Values near the real ones, and anything at all. */
  const anyValueFor = (key: string): fc.Arbitrary<unknown> => {
    const choices = CHOICES[key];
    const near = choices
      ? fc.oneof(
          fc.constantFrom(...choices),
          fc.constantFrom(...choices).map((v) => v.toLowerCase()),
          fc.string(),
        )
      : fc.oneof(fc.string(), fc.double(), fc.array(fc.string()), fc.boolean());
    const value = fc.oneof(near, fc.anything());
    return value;
  };
  const realKeyFields = fc.record(Object.fromEntries(fieldKeys.map((key) => [key, anyValueFor(key)])), {
    requiredKeys: [],
  });

  it('never throws on an object of any keys and values', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.anything()), (fields) => {
        expect(Array.isArray(checkS1jobs(fields, context))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on the real field keys with any values, and names only real fields or unknown keys', () => {
    fc.assert(
      fc.property(realKeyFields, fc.dictionary(fc.string(), fc.anything()), (known, extra) => {
        const fields = { ...extra, ...known };
        const issues = checkS1jobs(fields, context);
        for (const issue of issues) {
          expect(Object.keys(fields).includes(issue.field) || fieldKeys.includes(issue.field)).toBe(true);
          expect(issue.message).not.toBe('');
        }
      }),
      { numRuns: 200 },
    );
  });

  // Characters a person types, line breaks included.
  const character = fc.constantFrom('a', 'Z', '9', 'é', '😀', '👩‍⚕️', ' ', '\n', '\r\n', '\t', '<', '&', '£');
  /** What s1jobs receives for the field, measured as the board measures it (characters, not UTF-16 units). */
  const sentLength = (key: string, fields: PostingFields) => {
    const wireKey = WIRE_KEYS[key as keyof typeof WIRE_KEYS];
    const sent = mapS1jobs(fields)[wireKey];
    return typeof sent === 'string' ? [...sent].length : 0;
  };

  it('never lets a String field over 255 characters through', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STRING_FIELDS),
        fc.string({ unit: character, minLength: 230, maxLength: 290 }),
        (key, value) => {
          const fields = { ...valid(), [key]: value };
          if (sentLength(key, fields) > STRING_MAX) {
            expect(errorsOn(checkS1jobs(fields, context), key)).not.toEqual([]);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never lets a description over 60,000 characters through', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: character, maxLength: 30 }),
        fc.integer({ min: TEXT_MAX - 40, max: TEXT_MAX + 40 }),
        fc.string({ unit: character, maxLength: 30 }),
        (before, length, after) => {
          const fields = { ...valid(), description: `${before}<p>${'x'.repeat(length)}</p>${after}` };
          if (sentLength('description', fields) > TEXT_MAX) {
            expect(errorsOn(checkS1jobs(fields, context), 'description')).not.toEqual([]);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it("never lets a value outside the board's list through", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(CHOICES)),
        fc.oneof(fc.string(), fc.constantFrom(...Object.values(CHOICES).flat())),
        (key, value) => {
          const fields = { ...valid(), specialisms: [], [key]: value };
          const errors = errorsOn(checkS1jobs(fields, context), key);
          if (isEmpty(value)) return;
          if (CHOICES[key]?.includes(value)) expect(errors).toEqual([]);
          else expect(errors).not.toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
