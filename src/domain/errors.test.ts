import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issuePath, issuesFromZod, isUniqueViolation, isUuid } from './errors.js';

describe('issuesFromZod', () => {
  const schema = z
    .object({
      title: z.string().min(1, 'Enter the job title'),
      location: z.object({ postcode: z.string() }).strict(),
      tags: z.array(z.string()),
    })
    .strict();

  it('gives one issue per unknown key, on that key, naming it', () => {
    const result = schema.safeParse({
      title: 'Nurse',
      location: { postcode: 'G2 1DY', floor: 3, wing: 'B' },
      tags: [],
      salaryBand: 5,
    });
    expect(issuesFromZod(result.error?.issues ?? [])).toEqual(
      expect.arrayContaining([
        { path: 'location.floor', message: 'Unknown field "floor"' },
        { path: 'location.wing', message: 'Unknown field "wing"' },
        { path: 'salaryBand', message: 'Unknown field "salaryBand"' },
      ]),
    );
    expect(issuesFromZod(result.error?.issues ?? [])).toHaveLength(3);
  });

  it('keeps the message of other issues and dots their path, array indexes included', () => {
    const result = schema.safeParse({ title: '', location: { postcode: 7 }, tags: ['a', 2] });
    const issues = issuesFromZod(result.error?.issues ?? []);
    expect(issues).toHaveLength(3);
    expect(issues).toContainEqual({ path: 'title', message: 'Enter the job title' });
    expect(issues.map((i) => i.path)).toEqual(['title', 'location.postcode', 'tags.1']);
  });

  it('puts a prefix before every path, unknown keys included', () => {
    expect(
      issuesFromZod(
        [
          { code: 'unrecognized_keys', path: [], keys: ['a', 'b'], message: 'Unrecognized keys' },
          { code: 'custom', path: ['min'], message: 'Too low' },
        ],
        ['salary'],
      ),
    ).toEqual([
      { path: 'salary.a', message: 'Unknown field "a"' },
      { path: 'salary.b', message: 'Unknown field "b"' },
      { path: 'salary.min', message: 'Too low' },
    ]);
  });

  it('gives a root-level issue the empty path', () => {
    const result = schema.safeParse('not an object');
    expect(issuesFromZod(result.error?.issues ?? []).map((i) => i.path)).toEqual(['']);
  });

  it('turns no issues into no issues', () => {
    expect(issuesFromZod([])).toEqual([]);
  });
});

describe('issuePath', () => {
  it('joins keys and indexes with dots', () => {
    expect(issuePath(['personSpecification', 'essential', 'skills', 0])).toBe(
      'personSpecification.essential.skills.0',
    );
  });
});

describe('isUniqueViolation', () => {
  const violation = { code: '23505', constraint: 'vacancies_org_reference_unique', message: 'duplicate key' };

  it('finds a unique violation on the error itself', () => {
    expect(isUniqueViolation(violation)).toBe(true);
  });

  it('finds a unique violation wrapped in causes', () => {
    const wrapped = new Error('insert failed', {
      cause: new Error('query failed', { cause: violation }),
    });
    expect(isUniqueViolation(wrapped)).toBe(true);
  });

  it('matches a named constraint by its constraint field or by its message', () => {
    expect(isUniqueViolation(new Error('x', { cause: violation }), 'vacancies_org_reference_unique')).toBe(
      true,
    );
    expect(
      isUniqueViolation(
        {
          code: '23505',
          message: 'duplicate key value violates unique constraint "vacancies_org_reference_unique"',
        },
        'vacancies_org_reference_unique',
      ),
    ).toBe(true);
    expect(isUniqueViolation(violation, 'users_email_unique')).toBe(false);
  });

  it('does not take other database errors for a unique violation', () => {
    expect(isUniqueViolation({ code: '23503', message: 'foreign key violation' })).toBe(false);
    expect(isUniqueViolation(new Error('x', { cause: { code: 23505 } }))).toBe(false);
    expect(isUniqueViolation(new Error('23505'))).toBe(false);
  });

  it.each([null, undefined, 0, '', '23505', {}])('is false for %j', (value) => {
    expect(isUniqueViolation(value)).toBe(false);
  });

  it('stops on an error that is its own cause', () => {
    const loop: { code: string; cause?: unknown } = { code: 'XX000' };
    loop.cause = loop;
    expect(isUniqueViolation(loop)).toBe(false);
  });
});

describe('isUuid', () => {
  it('accepts every generated UUID, in either case', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.boolean(), (id, upper) => {
        expect(isUuid(upper ? id.toUpperCase() : id)).toBe(true);
      }),
      { numRuns: 200 },
    );
    expect(isUuid(randomUUID())).toBe(true);
  });

  it.each([
    '',
    '123',
    'not-a-uuid',
    '0b8c5e0c-6f4e-4f1e-9d2a-3c1b0e7a9f1',
    '0b8c5e0c-6f4e-4f1e-9d2a-3c1b0e7a9f12a',
    '0b8c5e0c6f4e4f1e9d2a3c1b0e7a9f12',
    '0b8c5e0c-6f4e-4f1e-9d2a-3c1b0e7a9f1g',
    ' 0b8c5e0c-6f4e-4f1e-9d2a-3c1b0e7a9f12',
    '0b8c5e0c-6f4e-4f1e-9d2a-3c1b0e7a9f12\n',
    "0b8c5e0c-6f4e-4f1e-9d2a-3c1b0e7a9f12' OR '1'='1",
  ])('refuses %j', (id) => {
    expect(isUuid(id)).toBe(false);
  });
});
