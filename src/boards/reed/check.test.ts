import { describe, expect, it } from 'vitest';
import type { PostingFields } from '../board.js';
import { checkReed } from './check.js';

const TODAY = '2030-06-14';
const TEXT = 'Support residents with daily living, meals and activities in a friendly home. ';
const valid: PostingFields = {
  title: 'Senior Care Assistant',
  reference: 'AC-1',
  description: `<p>${TEXT.repeat(3)}</p>`,
  town: 'LS1 4DY',
  jobType: 'permanent',
  workingHours: 'full_time',
  expiryInDays: 21,
};
const check = (changes: PostingFields, previous?: PostingFields) =>
  checkReed({ ...valid, ...changes }, { today: TODAY, ...(previous ? { previous } : {}) });
const errors = (changes: PostingFields) => check(changes).filter((i) => i.severity === 'error');

describe('Reed check', () => {
  it('accepts a complete advert', () => {
    expect(check({})).toEqual([]);
  });

  it('requires title, description, town, job type and working hours', () => {
    const issues = checkReed({ reference: 'AC-1' }, { today: TODAY }).map((i) => i.field);
    expect(issues).toEqual(
      expect.arrayContaining(['title', 'description', 'town', 'jobType', 'workingHours']),
    );
  });

  it('counts the visible text for the 150 minimum and the HTML for the 6,500 maximum', () => {
    const short = `<p><strong>${'x'.repeat(149)}</strong></p>`;
    expect(errors({ description: short })[0]?.message).toBe(
      'Description is 149 characters of text; Reed needs at least 150',
    );
    expect(errors({ description: 'x'.repeat(150) })).toEqual([]);
    expect(errors({ description: `<p>${'x'.repeat(6493)}</p>` })).toEqual([]);
    expect(errors({ description: `<p>${'x'.repeat(6494)}</p>` }).map((i) => i.field)).toEqual([
      'description',
    ]);
  });

  it('says which e-mail address, web address or phone number is in the description, and where', () => {
    const withEmail = errors({
      description: `<p>${TEXT.repeat(2)}Apply to jo.bloggs@acme.example today.</p>`,
    });
    expect(withEmail).toHaveLength(1);
    expect(withEmail[0]?.message).toMatch(
      /^Reed refuses e-mail addresses in the description: "jo\.bloggs@acme\.example" \(at character 166:/,
    );
    const withPhone = errors({ description: `<p>${TEXT.repeat(2)}Call 0113 496 0000.</p>` });
    expect(withPhone[0]?.message).toMatch(/phone numbers in the description: "0113 496 0000"/);
    expect(errors({ description: `<p>${TEXT.repeat(2)}Call +44 (0)20 7946 0000</p>` })[0]?.message).toMatch(
      /phone numbers/,
    );
    expect(errors({ description: `<p>${TEXT.repeat(2)}See www.acme.example</p>` })[0]?.message).toMatch(
      /web addresses in the description: "www\.acme\.example"/,
    );
    const link = errors({
      description: `<p>${TEXT.repeat(2)}<a href="https://acme.example/jobs">Our jobs</a></p>`,
    });
    expect(link[0]?.message).toMatch(/web addresses .*\(at a link\)/);
  });

  it('does not take salaries, years or postcodes for phone numbers', () => {
    expect(
      errors({
        description: `<p>${TEXT.repeat(2)}£24,000 to £26,500 from 2030, at LS1 4DY, 37.5 hours.</p>`,
      }),
    ).toEqual([]);
  });

  it('refuses HTML and contact details in the title and town', () => {
    expect(errors({ title: '<b>Chef</b>' })[0]?.message).toBe('Reed refuses HTML in the title');
    expect(errors({ title: 'Chef - call 07700 900123' }).map((i) => i.field)).toEqual(['title']);
    expect(errors({ town: 'www.leeds.example' }).map((i) => i.field)).toEqual(['town']);
  });

  it('warns that a town name cannot be checked, but takes postcodes and outcodes silently', () => {
    expect(check({ town: 'Leeds' }).map((i) => [i.field, i.severity])).toEqual([['town', 'warning']]);
    expect(check({ town: 'ls14dy' })).toEqual([]);
    expect(check({ town: 'LS1' })).toEqual([]);
  });

  it('keeps days on Reed between 1 and 42, whole', () => {
    expect(errors({ expiryInDays: 43 })[0]?.message).toBe('Days on Reed must be between 1 and 42');
    expect(errors({ expiryInDays: 0 }).map((i) => i.field)).toEqual(['expiryInDays']);
    expect(errors({ expiryInDays: 2.5 })[0]?.message).toBe('Days on Reed must be a whole number');
  });

  it("checks Reed's value lists, salary order and the hidden salary text", () => {
    expect(errors({ jobType: 'fixed_term' })[0]?.message).toMatch(/not one of Reed's values for job type/);
    expect(errors({ salaryMin: 30000, salaryMax: 20000 })[0]?.field).toBe('salaryMin');
    expect(errors({ showSalary: true, salaryHiddenText: 'competitive' })[0]?.field).toBe('salaryHiddenText');
    expect(errors({ showSalary: false, salaryHiddenText: 'competitive' })).toEqual([]);
    expect(errors({ title: 'x'.repeat(256) })[0]?.field).toBe('title');
  });

  it('warns before an edit Reed charges a credit for, and not otherwise', () => {
    const previous = { ...valid, productId: 'standard' };
    const warned = check(
      { title: 'Care Team Leader', town: 'LS2 7HY', expiryInDays: 30, productId: 'premium' },
      previous,
    );
    expect(warned.map((i) => [i.field, i.severity])).toEqual([
      ['title', 'warning'],
      ['town', 'warning'],
      ['expiryInDays', 'warning'],
      ['productId', 'warning'],
    ]);
    expect(warned[0]?.message).toBe(
      'Reed charges a credit to change the title once the advert has had an application',
    );
    expect(check({ productId: 'standard', isPublic: true }, previous)).toEqual([]);
  });
});
