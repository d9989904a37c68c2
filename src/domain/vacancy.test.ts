import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { issuesFromZod } from './errors.js';
import {
  crossFieldIssues,
  EMPLOYMENT_TYPES,
  FIXED_LENGTH_TYPES,
  ukDate,
  vacancyFieldsSchema,
} from './vacancy.js';

const TODAY = '2030-06-15';
const schema = vacancyFieldsSchema(() => TODAY);

/** The fewest fields a recruiter must fill in, all valid. */
const validVacancy = (): Record<string, unknown> => ({
  title: 'Staff nurse',
  employmentType: 'permanent',
  hours: 'full_time',
  workplace: 'onsite',
  location: { line1: '1 Hospital Road', town: 'Glasgow', postcode: 'g2 1dy' },
  description: '<p>Join our ward team.</p>',
  closingDate: '2030-06-16',
});

/** The API issues for a vacancy, or [] when it parses. */
function issuesOf(input: unknown, s = schema) {
  const result = s.safeParse(input);
  return result.success ? [] : issuesFromZod(result.error.issues);
}

const withField = (path: string, value: unknown) => {
  const vacancy = validVacancy();
  const [head, tail] = path.split('.') as [string, string | undefined];
  if (tail === undefined) vacancy[head] = value;
  else vacancy[head] = { ...(vacancy[head] as Record<string, unknown>), [tail]: value };
  return vacancy;
};

const without = (key: string) => {
  const vacancy = validVacancy();
  delete vacancy[key];
  return vacancy;
};

describe('vacancyFieldsSchema', () => {
  it('parses a valid vacancy, normalising the postcode and filling defaults', () => {
    const result = schema.safeParse({ ...validVacancy(), title: '  Staff nurse  ' });
    expect(result.success).toBe(true);
    expect(result.data).toEqual({
      title: 'Staff nurse',
      employmentType: 'permanent',
      hours: 'full_time',
      workplace: 'onsite',
      location: { line1: '1 Hospital Road', town: 'Glasgow', postcode: 'G2 1DY', country: 'GB' },
      description: '<p>Join our ward team.</p>',
      closingDate: '2030-06-16',
      personSpecification: {
        essential: { qualifications: [], experience: [], skills: [] },
        desirable: { qualifications: [], experience: [], skills: [] },
      },
    });
  });

  it('parses a vacancy with every optional field set', () => {
    const full = {
      ...validVacancy(),
      reference: 'NUR-2030.01_a',
      employmentType: 'fixed_term',
      contractLength: { length: 12, unit: 'months' },
      weeklyHours: 37.5,
      salary: { min: 28407.5, max: 34581, period: 'year', text: 'Band 5' },
      summary: 'A ward nurse',
      replyToEmail: 'jobs@example.org',
      category: 'Nursing',
      videoUrl: 'https://youtu.be/dQw4w9WgXcQ',
      personSpecification: { essential: { skills: ['Kindness'] } },
    };
    const result = schema.safeParse(full);
    expect(issuesOf(full)).toEqual([]);
    expect(result.data?.salary).toEqual({
      min: 28407.5,
      max: 34581,
      period: 'year',
      currency: 'GBP',
      text: 'Band 5',
    });
    expect(result.data?.personSpecification).toEqual({
      essential: { qualifications: [], experience: [], skills: ['Kindness'] },
      desirable: { qualifications: [], experience: [], skills: [] },
    });
  });

  it.each([
    ['location.postcode', withField('location.postcode', 'G2'), 'Enter a full UK postcode, like G2 1DY'],
    ['location.postcode', withField('location.postcode', 'QQ1 1AA'), 'Enter a full UK postcode, like G2 1DY'],
    ['location.town', withField('location.town', ''), 'Enter the town or city'],
    ['location.country', withField('location.country', 'FR'), 'Country must be GB'],
    ['location', withField('location', 'Glasgow'), 'Location must be an address'],
    ['location', without('location'), 'Enter the job location'],
    ['title', without('title'), 'Enter the job title'],
    ['title', withField('title', '   '), 'Enter the job title'],
    ['title', withField('title', 42), 'Job title must be text'],
    ['title', withField('title', 'x'.repeat(256)), 'Job title must be 255 characters or fewer'],
    ['employmentType', without('employmentType'), 'Choose the employment type'],
    [
      'employmentType',
      withField('employmentType', 'zero_hours'),
      `Employment type must be one of: ${EMPLOYMENT_TYPES.join(', ')}`,
    ],
    ['hours', withField('hours', 'sometimes'), 'Hours must be one of: full_time, part_time'],
    ['workplace', without('workplace'), 'Choose the workplace'],
    ['weeklyHours', withField('weeklyHours', 169), 'Weekly hours must be at most 168'],
    ['weeklyHours', withField('weeklyHours', 0), 'Weekly hours must be more than 0'],
    [
      'reference',
      withField('reference', 'NUR 1'),
      "Reference may use only letters, digits, '.', '_' and '-'",
    ],
    ['reference', withField('reference', '-NUR'), "Reference may use only letters, digits, '.', '_' and '-'"],
    ['reference', withField('reference', 'R'.repeat(51)), 'Reference must be 50 characters or fewer'],
    [
      'salary.min',
      withField('salary', { min: 30000, max: 25000, period: 'year' }),
      'Minimum salary must not be more than the maximum',
    ],
    [
      'salary.min',
      withField('salary', { min: 12.345, period: 'hour' }),
      'Minimum salary may have at most 2 decimal places',
    ],
    [
      'salary.max',
      withField('salary', { max: 12.345, period: 'hour' }),
      'Maximum salary may have at most 2 decimal places',
    ],
    [
      'salary.max',
      withField('salary', { max: 10_000_000.01, period: 'year' }),
      'Maximum salary must be at most 10,000,000',
    ],
    ['salary.min', withField('salary', { min: '30000', period: 'year' }), 'Minimum salary must be a number'],
    [
      'salary.min',
      withField('salary', { period: 'year' }),
      'Give a minimum or maximum salary, or a salary text',
    ],
    ['salary.period', withField('salary', { min: 30000 }), 'Choose the salary period'],
    [
      'salary.currency',
      withField('salary', { min: 30000, period: 'year', currency: 'EUR' }),
      'Salary currency must be GBP',
    ],
    ['closingDate', withField('closingDate', TODAY), 'Closing date must be after today'],
    ['closingDate', withField('closingDate', '2030-06-14'), 'Closing date must be after today'],
    ['closingDate', withField('closingDate', '2030-13-01'), 'Closing date must be a date like 2026-12-31'],
    ['closingDate', withField('closingDate', '2031-02-29'), 'Closing date must be a date like 2026-12-31'],
    // A day that no calendar has, before today, is only malformed: not also "after today".
    ['closingDate', withField('closingDate', '2026-02-30'), 'Closing date must be a date like 2026-12-31'],
    ['closingDate', without('closingDate'), 'Enter a closing date'],
    [
      'videoUrl',
      withField('videoUrl', 'https://vimeo.com/76979871'),
      'Video must be a YouTube link, like https://youtu.be/dQw4w9WgXcQ',
    ],
    [
      'contractLength.length',
      withField('contractLength', { length: 0, unit: 'weeks' }),
      'Contract length must be at least 1',
    ],
    [
      'contractLength.length',
      withField('contractLength', { length: 1.5, unit: 'months' }),
      'Contract length must be a whole number',
    ],
    [
      'contractLength.length',
      withField('contractLength', { length: 61, unit: 'months' }),
      'Contract length must be at most 260 weeks or 60 months',
    ],
    [
      'contractLength.unit',
      withField('contractLength', { length: 2, unit: 'years' }),
      'Contract length unit must be weeks or months',
    ],
    [
      'replyToEmail',
      withField('replyToEmail', 'jobs at example.org'),
      'Reply-to e-mail must be a valid e-mail address, like name@example.org',
    ],
    ['description', without('description'), 'Enter the advert text'],
    ['description', withField('description', '<script>alert(1)</script>'), 'Enter the advert text'],
    ['description', withField('description', '<p> </p><br>'), 'Enter the advert text'],
    [
      'personSpecification.essential.skills.0',
      withField('personSpecification', { essential: { skills: [''] } }),
      'essential skills items must not be empty',
    ],
  ])('puts the problem with %s on that field', (path, input, message) => {
    expect(issuesOf(input)).toEqual([{ path, message }]);
  });

  // A blank or malformed value gets one message, not a second misleading one from a later check.
  it.each([
    ['location.postcode', 'blank', withField('location.postcode', '  '), 'Enter a postcode'],
    ['reference', 'empty', withField('reference', ''), 'Enter a reference'],
    [
      'closingDate',
      '15/06/2030',
      withField('closingDate', '15/06/2030'),
      'Closing date must be a date like 2026-12-31',
    ],
    ['closingDate', 'empty', withField('closingDate', ''), 'Closing date must be a date like 2026-12-31'],
    [
      'salary.min',
      '-1',
      withField('salary', { min: -1, period: 'year' }),
      'Minimum salary must be more than 0',
    ],
  ])('gives one issue on %s when it is %s ', (path, _label, input, message) => {
    expect(issuesOf(input)).toEqual([{ path, message }]);
  });

  it('refuses a negative or zero salary as not more than 0', () => {
    for (const min of [-1, -25000.5, 0]) {
      expect(issuesOf(withField('salary', { min, period: 'year' }))).toContainEqual({
        path: 'salary.min',
        message: 'Minimum salary must be more than 0',
      });
    }
  });

  it('accepts salaries with up to 2 decimal places and min equal to max', () => {
    for (const salary of [
      { min: 12.5, max: 12.5, period: 'hour' },
      { min: 0.01, period: 'hour' },
      { max: 10_000_000, period: 'year' },
      { text: 'Negotiable', period: 'year' },
    ]) {
      expect(issuesOf(withField('salary', salary))).toEqual([]);
    }
  });

  it('accepts a title of 255 characters', () => {
    expect(issuesOf(withField('title', 'x'.repeat(255)))).toEqual([]);
  });

  it('accepts a closing date of tomorrow and refuses today or earlier, whatever today is', () => {
    const day = fc
      .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (today, closingDate) => {
        const issues = issuesOf(
          { ...validVacancy(), closingDate },
          vacancyFieldsSchema(() => today),
        );
        expect(issues).toEqual(
          closingDate > today ? [] : [{ path: 'closingDate', message: 'Closing date must be after today' }],
        );
      }),
      { numRuns: 200 },
    );
  });

  it('accepts a past closing date when no today is given (stored vacancies)', () => {
    expect(issuesOf({ ...validVacancy(), closingDate: '2001-01-01' }, vacancyFieldsSchema())).toEqual([]);
  });

  it.each([
    'https://youtu.be/dQw4w9WgXcQ',
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    'https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ',
    'https://m.youtube.com/watch?v=dQw4w9WgXcQ&t=42s',
    'https://www.youtube.com/embed/dQw4w9WgXcQ',
    'https://www.youtube.com/shorts/aBcD_-12345',
    'https://youtu.be/dQw4w9WgXcQ?si=abc',
  ])('accepts the YouTube link %s', (videoUrl) => {
    expect(issuesOf(withField('videoUrl', videoUrl))).toEqual([]);
  });

  it('trims a pasted YouTube link', () => {
    const result = schema.safeParse(withField('videoUrl', '  https://youtu.be/dQw4w9WgXcQ\n'));
    expect(result.data?.videoUrl).toBe('https://youtu.be/dQw4w9WgXcQ');
  });

  it.each([
    'https://vimeo.com/76979871',
    'http://youtu.be/dQw4w9WgXcQ',
    'http://www.youtube.com/watch?v=dQw4w9WgXcQ',
    'javascript:alert(1)',
    'javascript://youtu.be/dQw4w9WgXcQ',
    'https://youtu.be/dQw4w9WgXc',
    'https://youtu.be/dQw4w9WgXcQx',
    'https://youtu.be/dQw4w9Wg<cQ',
    'https://www.youtube.com/watch?x=dQw4w9WgXcQ',
    'https://www.youtube.com/channel/dQw4w9WgXcQ',
    'https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ',
    'https://youtu.be.evil.example/dQw4w9WgXcQ',
    'https://evil.example/?u=https://youtu.be/dQw4w9WgXcQ',
    'https://notyoutube.com/watch?v=dQw4w9WgXcQ',
    'https://youtu.be/dQw4w9WgXcQ@evil.example',
  ])('refuses %s as a video', (videoUrl) => {
    expect(issuesOf(withField('videoUrl', videoUrl))).toEqual([
      { path: 'videoUrl', message: 'Video must be a YouTube link, like https://youtu.be/dQw4w9WgXcQ' },
    ]);
  });

  it('gives an unknown field its own issue, at the top level and inside the location', () => {
    const result = schema.safeParse({
      ...withField('location.floor', 3),
      salaryBand: 5,
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.code)).toEqual(['unrecognized_keys', 'unrecognized_keys']);
    expect(issuesFromZod(result.error?.issues ?? [])).toEqual(
      expect.arrayContaining([
        { path: 'salaryBand', message: 'Unknown field "salaryBand"' },
        { path: 'location.floor', message: 'Unknown field "floor"' },
      ]),
    );
  });

  it('sanitises the description on parse', () => {
    const result = schema.safeParse(
      withField(
        'description',
        '<h1 onclick="x()">Nurse</h1><p>Apply <a href="javascript:alert(1)">here</a>' +
          '<img src=x onerror=alert(1)></p><script>steal()</script><a href="https://example.org/apply">now</a>',
      ),
    );
    expect(result.data?.description).toBe(
      '<h2>Nurse</h2><p>Apply <a rel="noopener noreferrer nofollow">here</a></p>' +
        '<a href="https://example.org/apply" rel="noopener noreferrer nofollow">now</a>',
    );
  });

  it('never throws, whatever JSON or value it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (input) => {
        const result = schema.safeParse(input);
        expect(typeof result.success).toBe('boolean');
        if (!result.success) expect(issuesFromZod(result.error.issues).length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('puts every issue from a bad value on the field that holds it', () => {
    const field = fc.constantFrom(...Object.keys(validVacancy()), 'salary', 'videoUrl', 'contractLength');
    fc.assert(
      fc.property(field, fc.jsonValue(), (key, value) => {
        const issues = issuesOf(withField(key, value));
        for (const issue of issues) expect(issue.path.split('.')[0]).toBe(key);
      }),
      { numRuns: 300 },
    );
  });
});

describe('crossFieldIssues', () => {
  const twelveMonths = { length: 12, unit: 'months' as const };

  it('refuses a contract length on a permanent vacancy, on the contractLength field', () => {
    const issues = crossFieldIssues({ employmentType: 'permanent', contractLength: twelveMonths });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('contractLength');
    expect(issues[0]?.message).toContain('not to permanent');
  });

  it.each(EMPLOYMENT_TYPES.filter((t) => !FIXED_LENGTH_TYPES.includes(t)))(
    'refuses a contract length for %s',
    (employmentType) => {
      expect(crossFieldIssues({ employmentType, contractLength: twelveMonths }).map((i) => i.path)).toEqual([
        'contractLength',
      ]);
    },
  );

  it.each(FIXED_LENGTH_TYPES)('accepts a contract length for %s', (employmentType) => {
    expect(crossFieldIssues({ employmentType, contractLength: twelveMonths })).toEqual([]);
  });

  it('accepts a permanent vacancy without a contract length', () => {
    expect(crossFieldIssues({ employmentType: 'permanent' })).toEqual([]);
    expect(crossFieldIssues({ employmentType: 'permanent', contractLength: null })).toEqual([]);
  });
});

describe('ukDate', () => {
  it('turns at UK midnight, in summer time and out of it, however the calls follow each other', () => {
    const days = (...at: string[]) => at.map((iso) => ukDate(new Date(iso)));
    // Summer time: the UK day starts at 23:00 UTC.
    expect(days('2026-06-30T22:59:59.999Z', '2026-06-30T23:00:00.000Z', '2026-06-30T22:59:00.000Z')).toEqual([
      '2026-06-30',
      '2026-07-01',
      '2026-06-30',
    ]);
    // Winter: at 00:00 UTC; and the same minute asked again after another day.
    expect(days('2026-12-01T23:59:30.000Z', '2026-12-02T00:00:00.000Z', '2026-12-01T23:59:59.999Z')).toEqual([
      '2026-12-01',
      '2026-12-02',
      '2026-12-01',
    ]);
    expect(() => ukDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});
