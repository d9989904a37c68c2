import { describe, expect, it } from 'vitest';
import { checkGoogle } from './fields.js';

const TODAY = { today: '2026-11-30' };
const url = 'https://jobs.example.org/careers/acme/N-1';
const fields = (changes: Record<string, unknown> = {}) => ({
  url,
  reference: `${url}#google`,
  title: 'Staff Nurse',
  ...changes,
});
const problems = (changes: Record<string, unknown>) =>
  checkGoogle(fields(changes), TODAY).map((i) => `${i.severity} ${i.field}`);

describe('the Google for Jobs check', () => {
  it('accepts the canonical advert page and a plain title', () => {
    expect(checkGoogle(fields(), TODAY)).toEqual([]);
  });

  it('refuses a page address that is not absolute, or carries a token', () => {
    expect(problems({ url: '/careers/acme/N-1' })).toEqual(['error url']);
    expect(problems({ url: `${url}?src=abc` })).toEqual(['error url']);
    expect(problems({ url: 'http://jobs.example.org/careers/acme/N-1' })).toEqual(['warning url']);
  });

  it.each([['Staff Nurse £30,000'], ['Staff Nurse 30k'], ['Staff Nurse G4 0SF'], ['Urgent! Staff Nurse']])(
    'warns (never refuses) about a title that is more than the job: %s',
    (title) => {
      expect(problems({ title })).toEqual(['warning title']);
    },
  );
});
