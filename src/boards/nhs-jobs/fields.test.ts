import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Vacancy } from '../../domain/vacancy.js';
import { type BoardField, type FieldIssue, isRequired, type PostingFields } from '../board.js';
import { checkNhsJobs, NHS_JOBS_FIELDS } from './fields.js';
import { nhsJobsBoard } from './index.js';

// The rules and messages are those of docs/boards/nhs-jobs.md ("Posting fields" and "Messages");
// messages are written out here as the board's document words them.

const TODAY = '2030-06-14';
const context = { today: TODAY };
const REQUIRED = 'Please fill the required fields';
const SALARY = 'The salary you have entered is not valid.';
const TOO_MANY_WORDS = 'You have exceeded the words max limit, max limit is 1000';

const chars = (n: number, unit = 'a') => unit.repeat(n);
const words = (n: number) => Array.from({ length: n }, () => 'care').join(' ');

/** Fields NHS Jobs accepts; each test changes one thing. */
const valid = (): PostingFields => ({
  jobTitle: 'Staff Nurse – Ward 7',
  jobReference: 'LTH-2030-117',
  contractType: 'PERMANENT',
  workingPatterns: ['FULL_TIME'],
  weeklyHours: 37.5,
  staffGroup: 'NURSING_AND_MIDWIFERY_REGISTERED',
  payScheme: 'AGENDA_FOR_CHANGE',
  payBand: 'BAND_5',
  salary: { type: 'RANGE', min: 29_970, max: 36_483, period: 'YEAR' },
  proRata: false,
  address: { line1: 'Leeds General Infirmary', town: 'Leeds', postcode: 'LS1 3EX' },
  closingDate: '2030-07-05',
  jobOverview: `Join the Ward 7 surgical team as a Staff Nurse. ${chars(80)}`,
  mainDuties: `Assess, plan and deliver care for surgical patients. ${chars(70)}`,
  aboutOrganisation: `One of the largest teaching trusts in England. ${chars(80)}`,
  jobDescription: '<h2>About the role</h2><p>You will lead a team of <strong>nurses</strong>.</p>',
  contactName: 'Sam Patel',
  contactEmail: 'recruitment@leedsth.example',
  contactPhone: '0113 243 3144',
  applyUrl: 'https://jobs.leedsth.example/careers/lth/vac_1/apply?src=tok',
  essentialQualifications: ['NMC registration'],
});

const check = (changes: PostingFields): FieldIssue[] => checkNhsJobs({ ...valid(), ...changes }, context);
const settings = { organisationId: 'DEMO-ORG', accountId: 'DEMO-ACCOUNT', apiKey: 'k', testMode: true };
const without = (...keys: string[]): PostingFields =>
  Object.fromEntries(Object.entries(valid()).filter(([key]) => !keys.includes(key)));
const issueOn = (field: string, message: string): FieldIssue => ({ field, message, severity: 'error' });
/** Issues on a field or on a part of it (`address.postcode`). */
const issuesOn = (issues: FieldIssue[], field: string) =>
  issues.filter((i) => i.field === field || i.field.startsWith(`${field}.`));

describe('checkNhsJobs', () => {
  it('passes fields that follow every rule', () => {
    expect(checkNhsJobs(valid(), context)).toEqual([]);
  });

  it.each([
    ['jobOverview', 'Job overview'],
    ['mainDuties', 'Main duties of the job'],
    ['aboutOrganisation', 'About your organisation'],
  ])(
    "gives the seed's too-few message for a %s under 100 characters, its too-many one over 1,000",
    (field, label) => {
      const tooShort = `Please Enter ${label}. Character minLength: 100, maxLength: 1000.`;
      expect(check({ [field]: chars(99) })).toEqual([issueOn(field, tooShort)]);
      expect(check({ [field]: chars(1001) })).toEqual([
        issueOn(field, 'You have exceeded the words max limit, max limit is 1000'),
      ]);
      expect(check({ [field]: chars(100) })).toEqual([]);
      expect(check({ [field]: chars(1000) })).toEqual([]);
    },
  );

  it('counts characters after trimming, with a line break as one character', () => {
    expect(check({ jobOverview: `   ${chars(99)}\n   ` })).toEqual([
      issueOn('jobOverview', 'Please Enter Job overview. Character minLength: 100, maxLength: 1000.'),
    ]);
    expect(check({ jobOverview: `${chars(499)}\r\n${chars(500)}` })).toEqual([]);
  });

  it('refuses a job description of more than 1,000 words, in the board words', () => {
    expect(check({ jobDescription: `<p>${words(1001)}</p>` })).toEqual([
      issueOn('jobDescription', TOO_MANY_WORDS),
    ]);
    expect(check({ jobDescription: `<p>${words(1000)}</p>` })).toEqual([]);
  });

  it('counts words split only by block tags, as a reader sees them', () => {
    const cells = Array.from({ length: 1001 }, () => '<li>care</li>').join('');
    expect(check({ jobDescription: `<ul>${cells}</ul>` })).toEqual([
      issueOn('jobDescription', TOO_MANY_WORDS),
    ]);
  });

  it('refuses a fixed-length contract without its duration, and never sends a duration with a permanent one', () => {
    expect(check({ contractType: 'FIXED_TERM' })).toEqual([issueOn('contractDuration', REQUIRED)]);
    for (const contractType of ['FIXED_TERM', 'LOCUM', 'SECONDMENT', 'APPRENTICESHIP']) {
      expect(check({ contractType, contractDuration: { length: 12, unit: 'MONTHS' } })).toEqual([]);
    }
    expect(
      issuesOn(
        check({ contractType: 'FIXED_TERM', contractDuration: { length: 61, unit: 'MONTHS' } }),
        'contractDuration',
      ),
    ).toHaveLength(1);
    expect(
      issuesOn(
        check({ contractType: 'FIXED_TERM', contractDuration: { length: 0, unit: 'WEEKS' } }),
        'contractDuration',
      ),
    ).toHaveLength(1);
    // A duration left over after switching to PERMANENT does not apply: it is neither checked nor sent.
    expect(check({ contractType: 'PERMANENT', contractDuration: { length: 12, unit: 'MONTHS' } })).toEqual(
      [],
    );
    const fields = {
      ...valid(),
      contractType: 'PERMANENT',
      contractDuration: { length: 12, unit: 'MONTHS' },
    };
    expect(nhsJobsBoard.map(fields, settings)).not.toHaveProperty('contractDuration');
    expect(check({ contractType: 'BANK', contractDuration: { length: 12, unit: 'MONTHS' } })).toEqual([]);
  });

  it.each<[string, unknown]>([
    [
      'a range with the minimum above the maximum',
      { type: 'RANGE', min: 36_000, max: 30_000, period: 'YEAR' },
    ],
    ['a yearly amount under £1,000', { type: 'FIXED', amount: 999.99, period: 'YEAR' }],
    ['a yearly amount over £500,000', { type: 'FIXED', amount: 500_000.01, period: 'YEAR' }],
    ['an hourly amount over £500', { type: 'RANGE', min: 400, max: 501, period: 'HOUR' }],
    ['an amount with three decimals', { type: 'FIXED', amount: 14.125, period: 'HOUR' }],
    ['a negative amount', { type: 'FIXED', amount: -20, period: 'HOUR' }],
    ['a daily period', { type: 'FIXED', amount: 250, period: 'DAY' }],
    ['negotiable with figures', { type: 'NEGOTIABLE', amount: 30_000 }],
    ['an unknown type', { type: 'COMPETITIVE' }],
    ['a text', '£30,000 a year'],
  ])('refuses %s with the board salary message', (_, salary) => {
    expect(check({ salary })).toEqual([issueOn('salary', SALARY)]);
  });

  it.each<[string, unknown]>([
    ['a yearly range', { type: 'RANGE', min: 1000, max: 500_000, period: 'YEAR' }],
    ['a range of one amount', { type: 'RANGE', min: 30_000, max: 30_000, period: 'YEAR' }],
    ['a fixed hourly amount in pence', { type: 'FIXED', amount: 12.45, period: 'HOUR' }],
    ['an hourly range', { type: 'RANGE', min: 1, max: 500, period: 'HOUR' }],
    ['negotiable', { type: 'NEGOTIABLE' }],
  ])('accepts %s', (_, salary) => {
    expect(check({ salary })).toEqual([]);
  });

  it.each(NHS_JOBS_FIELDS.filter((field) => isRequired(field, valid())).map((field) => field.key))(
    'marks an empty %s with "Please fill the required fields"',
    (key) => {
      // Fields that hang on this one (a band on the pay scheme) may be refused too, nothing else.
      const dependents = NHS_JOBS_FIELDS.filter(
        (field) => field.shownWhen?.field === key || field.requiredWhen?.field === key,
      ).map((field) => field.key);
      const blank: unknown = Array.isArray(valid()[key])
        ? []
        : typeof valid()[key] === 'string'
          ? '   '
          : undefined;
      for (const issues of [
        checkNhsJobs(without(key), context),
        check({ [key]: null }),
        check({ [key]: blank }),
      ]) {
        expect(issuesOn(issues, key)).toEqual([issueOn(key, REQUIRED)]);
        expect(issues.filter((i) => i.field !== key).every((i) => dependents.includes(i.field))).toBe(true);
      }
    },
  );

  it('marks every empty required field of an empty form, and nothing else', () => {
    const required = NHS_JOBS_FIELDS.filter((field) => isRequired(field, {})).map((field) => field.key);
    expect(required).toEqual(
      expect.arrayContaining([
        'jobTitle',
        'jobReference',
        'contractType',
        'salary',
        'jobDescription',
        'applyUrl',
      ]),
    );
    const issues = checkNhsJobs({}, context);
    expect(issues.map((i) => i.field).sort()).toEqual([...required].sort());
    expect(issues.every((i) => i.message === REQUIRED && i.severity === 'error')).toBe(true);
  });

  it('marks the empty parts of the job address', () => {
    expect(check({ address: { line1: ' ', town: '', postcode: 'LS1 3EX' } })).toEqual([
      issueOn('address.line1', REQUIRED),
      issueOn('address.town', REQUIRED),
    ]);
    expect(check({ address: { line1: 'Leeds General Infirmary', town: 'Leeds', postcode: '' } })).toEqual([
      issueOn('address.postcode', REQUIRED),
    ]);
    expect(
      issuesOn(check({ address: { line1: 'LGI', town: 'Leeds', postcode: 'LS1' } }), 'address.postcode'),
    ).toHaveLength(1);
  });

  it('sends a band only with the Agenda for Change pay scheme, and needs one with it', () => {
    expect(check({ payScheme: 'MEDICAL_AND_DENTAL', payBand: 'BAND_5' })).toEqual([]);
    expect(
      nhsJobsBoard.map({ ...valid(), payScheme: 'MEDICAL_AND_DENTAL', payBand: 'BAND_5' }, settings),
    ).not.toHaveProperty('payBand');
    expect(checkNhsJobs({ ...without('payBand'), payScheme: 'OTHER' }, context)).toEqual([]);
    expect(checkNhsJobs(without('payBand'), context)).toEqual([issueOn('payBand', REQUIRED)]);
  });

  it('needs the hours per week of a part-time post, up to 48', () => {
    expect(checkNhsJobs({ ...without('weeklyHours'), workingPatterns: ['PART_TIME'] }, context)).toEqual([
      issueOn('weeklyHours', REQUIRED),
    ]);
    expect(checkNhsJobs({ ...without('weeklyHours'), workingPatterns: ['FULL_TIME'] }, context)).toEqual([]);
    expect(check({ workingPatterns: ['PART_TIME', 'JOB_SHARE'], weeklyHours: 22.5 })).toEqual([]);
    expect(check({ weeklyHours: 48 })).toEqual([]);
    for (const weeklyHours of [48.5, 0, -1, '20']) {
      expect(issuesOn(check({ weeklyHours }), 'weeklyHours')).toHaveLength(1);
    }
  });

  it('needs a closing date after today', () => {
    expect(check({ closingDate: '2030-06-15' })).toEqual([]);
    expect(issuesOn(check({ closingDate: TODAY }), 'closingDate')).toHaveLength(1);
    expect(issuesOn(check({ closingDate: '2030-02-30' }), 'closingDate')).toHaveLength(1);
    expect(issuesOn(check({ closingDate: '15/07/2030' }), 'closingDate')).toHaveLength(1);
  });

  it('refuses a job title over 70 characters, a bad e-mail and a non-UK phone number', () => {
    expect(check({ jobTitle: chars(70) })).toEqual([]);
    expect(check({ jobTitle: chars(71) })).toEqual([
      issueOn('jobTitle', 'You have exceeded the words max limit, max limit is 70'),
    ]);
    expect(issuesOn(check({ contactEmail: 'recruitment at leedsth' }), 'contactEmail')).toHaveLength(1);
    expect(issuesOn(check({ contactPhone: '+1 212 555 0100' }), 'contactPhone')).toHaveLength(1);
  });

  it('refuses a person-specification list of more than 20 items, or an item over 255 characters', () => {
    const items = (n: number) => Array.from({ length: n }, (_, i) => `Item ${i + 1}`);
    expect(check({ essentialSkills: items(20) })).toEqual([]);
    expect(issuesOn(check({ essentialSkills: items(21) }), 'essentialSkills')).toHaveLength(1);
    expect(check({ desirableSkills: ['IV cannulation', chars(256)] })).toEqual([
      issueOn('desirableSkills.1', 'You have exceeded the words max limit, max limit is 255'),
    ]);
  });

  // A key named like an Object.prototype member must not pick that member up (map.ts uses Object.hasOwn).
  it('names an unknown key as it was given, even one named like a built-in', () => {
    expect(check({ constructor: 'x' })).toEqual([
      issueOn('constructor', 'constructor is not a field of an NHS Jobs draft.'),
    ]);
  });
});

describe('nhsJobsBoard.precondition', () => {
  const vacancy = (status: Vacancy['status']): Vacancy => ({
    id: 'vac_1',
    reference: 'LTH-2030-117',
    title: 'Staff Nurse',
    employmentType: 'permanent',
    contractLength: null,
    hours: 'full_time',
    weeklyHours: null,
    workplace: 'onsite',
    location: { line1: 'Leeds General Infirmary', town: 'Leeds', postcode: 'LS1 3EX', country: 'GB' },
    salary: null,
    summary: null,
    description: '<p>Join us.</p>',
    replyToEmail: null,
    closingDate: '2030-07-05',
    category: null,
    videoUrl: null,
    personSpecification: {
      essential: { qualifications: [], experience: [], skills: [] },
      desirable: { qualifications: [], experience: [], skills: [] },
    },
    status,
    version: 1,
    createdAt: new Date('2030-06-01T09:00:00Z'),
    updatedAt: new Date('2030-06-01T09:00:00Z'),
    publishedAt: status === 'draft' ? null : new Date('2030-06-02T09:00:00Z'),
    closedAt: status === 'closed' ? new Date('2030-06-10T09:00:00Z') : null,
  });

  it.each(['draft', 'closed'] as const)('refuses a %s vacancy: it must be advertised first', (status) => {
    expect(nhsJobsBoard.precondition?.(vacancy(status))).toEqual({
      code: 'not_advertised',
      message: 'Please advertise the job externally before posting to NHS Jobs',
    });
  });

  it('lets a live vacancy through', () => {
    expect(nhsJobsBoard.precondition).toBeDefined();
    expect(nhsJobsBoard.precondition?.(vacancy('live'))).toBeNull();
  });
});

// Properties: the posting form takes any JSON a client sends.

/** Every key a posting can have, so generated objects hit the real rules. */
const KEYS = NHS_JOBS_FIELDS.map((field) => field.key);

const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
});

const expectWellFormed = (issues: FieldIssue[]) => {
  expect(Array.isArray(issues)).toBe(true);
  for (const issue of issues) {
    expect(typeof issue.field).toBe('string');
    expect(issue.message).toMatch(/\S/);
    expect(issue.severity).toBe('error');
  }
};

// Characters a person types that are more than one byte (and some more than one UTF-16 unit), each
// its own NFC form so each is one character as a person sees it.
const MULTI_BYTE = [
  'é',
  'ü',
  'ñ',
  'ß',
  'Å',
  'ø',
  'ł',
  'ç',
  '中',
  '医',
  '院',
  '看',
  '護',
  'ア',
  '😀',
  '🩺',
  '💉',
  '🏥',
];
const multiByteText = (n: number) =>
  fc.array(fc.constantFrom(...MULTI_BYTE), { minLength: n, maxLength: n }).map((a) => a.join(''));

describe('checkNhsJobs properties', () => {
  it('never throws on any object, and every issue names a field', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.oneof(fc.string(), fc.constantFrom(...KEYS, '__proto__', 'toString')), anything),
        (fields) => {
          expectWellFormed(checkNhsJobs(fields, context));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never throws when the real keys hold arbitrary values', () => {
    const record = Object.fromEntries(KEYS.map((key) => [key, anything]));
    fc.assert(
      fc.property(fc.record(record, { requiredKeys: [] }), (changes) => {
        expectWellFormed(check(changes));
        expectWellFormed(checkNhsJobs(changes, context));
      }),
      { numRuns: 200 },
    );
  });

  it('counts a multi-byte character (accents, CJK, emoji) as one against the job overview limits', () => {
    const tooShort = 'Please Enter Job overview. Character minLength: 100, maxLength: 1000.';
    const tooLong = 'You have exceeded the words max limit, max limit is 1000';
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 1000 }).chain((n) => multiByteText(n)),
        (jobOverview) => {
          expect(issuesOn(check({ jobOverview }), 'jobOverview')).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.oneof(multiByteText(99), multiByteText(1001)), (jobOverview) => {
        const message = [...jobOverview].length < 100 ? tooShort : tooLong;
        expect(issuesOn(check({ jobOverview }), 'jobOverview')).toEqual([issueOn('jobOverview', message)]);
      }),
      { numRuns: 100 },
    );
  });

  it('does not count HTML tags in the job description', () => {
    const word = fc
      .array(fc.constantFrom('a', 'b', 'z', ...MULTI_BYTE), { minLength: 1, maxLength: 16 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(fc.array(word, { minLength: 900, maxLength: 1100 }), (list) => {
        const html = list.map((w) => `<p><strong>${w}</strong></p>`).join('\n');
        const visible = [...list.join(' ')].length;
        const expected: FieldIssue[] = [];
        if (list.length > 1000) expected.push(issueOn('jobDescription', TOO_MANY_WORDS));
        if (visible > 10_000) {
          expected.push(
            issueOn('jobDescription', 'You have exceeded the words max limit, max limit is 10000'),
          );
        }
        expect(issuesOn(check({ jobDescription: html }), 'jobDescription')).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('takes 10,000 visible characters in far more markup, and refuses 10,001', () => {
    // 1,000 words: 999 of 9 letters and one of 10, with 999 spaces between them.
    const list = [...Array.from({ length: 999 }, () => 'abcdefghi'), 'abcdefghij'];
    const wrap = (l: string[]) => l.map((w) => `<p><strong><em>${w}</em></strong></p>`).join('');
    expect(wrap(list).length).toBeGreaterThan(30_000);
    expect(issuesOn(check({ jobDescription: wrap(list) }), 'jobDescription')).toEqual([]);
    const longer = [...list.slice(0, 998), 'abcdefghij', 'abcdefghij'];
    expect(issuesOn(check({ jobDescription: wrap(longer) }), 'jobDescription')).toEqual([
      issueOn('jobDescription', 'You have exceeded the words max limit, max limit is 10000'),
    ]);
  });

  const withOptions = NHS_JOBS_FIELDS.filter(
    (field): field is BoardField & { options: NonNullable<BoardField['options']> } =>
      field.options !== undefined,
  );

  it('covers every field with options', () => {
    expect(withOptions.map((field) => field.key).sort()).toEqual(
      ['contractType', 'payBand', 'payScheme', 'staffGroup', 'workingPatterns'].sort(),
    );
  });

  describe.each(withOptions.map((field) => [field.key, field] as const))('%s', (key, field) => {
    const listed = field.options.map((option) => option.value);
    const asValue = (value: unknown) => (field.type === 'multiselect' ? [value] : value);
    // A value is listed when the trimmed text sent is one of the options.
    const isListed = (value: unknown) => typeof value === 'string' && listed.includes(value.trim());
    const notListed = fc
      .oneof(
        fc.string(),
        fc.constantFrom(...listed.map((v) => v.toLowerCase())),
        fc.constantFrom(...field.options.map((option) => option.label)),
        fc.constantFrom(...listed.map((v) => `${v}_X`)),
        anything,
      )
      .filter((value) => !isListed(value));

    it('accepts each listed value', () => {
      for (const value of listed) {
        expect(issuesOn(check({ [key]: asValue(value) }), key)).toEqual([]);
      }
    });

    it('refuses any other value', () => {
      fc.assert(
        fc.property(notListed, (value) => {
          expect(issuesOn(check({ [key]: asValue(value) }), key).length).toBeGreaterThan(0);
        }),
        { numRuns: 200 },
      );
    });
  });

  it('refuses values outside the options of the parts of salary and contract duration', () => {
    const parts = NHS_JOBS_FIELDS.flatMap((field) =>
      (field.properties ?? [])
        .filter((part) => part.options)
        .map((part) => ({
          key: field.key,
          part: part.key,
          listed: (part.options ?? []).map((o) => o.value),
        })),
    );
    expect(parts.map((p) => `${p.key}.${p.part}`).sort()).toEqual([
      'contractDuration.unit',
      'salary.period',
      'salary.type',
    ]);
    const bases: Record<string, PostingFields> = {
      contractDuration: { contractType: 'FIXED_TERM', contractDuration: { length: 12, unit: 'MONTHS' } },
      salary: { salary: { type: 'FIXED', amount: 30_000, period: 'YEAR' } },
    };
    for (const { key, part, listed } of parts) {
      const base = bases[key] ?? {};
      const object = base[key] as Record<string, unknown>;
      expect(check(base)).toEqual([]);
      fc.assert(
        fc.property(
          fc
            .oneof(fc.string(), anything)
            .filter((value) => !(typeof value === 'string' && listed.includes(value))),
          (value) => {
            expect(
              issuesOn(check({ ...base, [key]: { ...object, [part]: value } }), key).length,
            ).toBeGreaterThan(0);
          },
        ),
        { numRuns: 100 },
      );
    }
  });
});
