import { describe, expect, it } from 'vitest';
import type { Organisation } from '../../domain/organisation.js';
import type { Vacancy } from '../../domain/vacancy.js';
import { REDACTED } from '../board.js';
import { previewReedRequest, type ReedSettings } from './client.js';
import { changedBody, expiryDays, fieldOfWireKey, formEncode, mapReed, prefillReed } from './map.js';

// Golden requests: vacancy in, the exact Reed form out (docs/boards/reed.md, "Body fields").

const TODAY = '2030-06-14';
const organisation: Organisation = {
  id: 'org_01',
  slug: 'acme-care',
  name: 'Acme Care',
  about: 'Care homes in the north of England.',
  replyToEmail: 'jobs@acme-care.example',
  locations: [],
  retentionMonths: 6,
  overBudget: 'refuse',
  createdAt: new Date('2030-01-01T09:00:00Z'),
  updatedAt: new Date('2030-01-01T09:00:00Z'),
};
const DESCRIPTION = `<p>${'Support residents with daily living and activities. '.repeat(4)}</p>`;

function vacancy(changes: Partial<Vacancy>): Vacancy {
  return {
    id: 'vac_01',
    reference: 'AC-2030-001',
    title: 'Senior Care Assistant',
    employmentType: 'permanent',
    contractLength: null,
    hours: 'full_time',
    weeklyHours: null,
    workplace: 'onsite',
    location: { line1: '2 Mill Lane', town: 'Leeds', postcode: 'ls1 4dy', country: 'GB' },
    salary: { min: 24000, max: 26500, period: 'year', currency: 'GBP' },
    summary: null,
    description: DESCRIPTION,
    replyToEmail: null,
    closingDate: '2030-07-05',
    category: null,
    videoUrl: null,
    personSpecification: {
      essential: { qualifications: [], experience: [], skills: [] },
      desirable: { qualifications: [], experience: [], skills: [] },
    },
    status: 'live',
    version: 1,
    createdAt: new Date('2030-06-01T09:00:00Z'),
    updatedAt: new Date('2030-06-10T09:00:00Z'),
    publishedAt: new Date('2030-06-10T09:00:00Z'),
    closedAt: null,
    ...changes,
  } as Vacancy;
}
const TRACKING = 'https://jobs.acme-care.example/careers/acme-care/vac_01/apply?src=tok_reed';
const formFor = (v: Vacancy) =>
  mapReed(prefillReed({ vacancy: v, organisation, trackingUrl: TRACKING, today: TODAY }));

describe('Reed golden mapping', () => {
  it('a permanent full-time job with a salary range', () => {
    expect(formFor(vacancy({}))).toEqual({
      title: 'Senior Care Assistant',
      ownerRef: 'AC-2030-001',
      description: DESCRIPTION,
      townName: 'LS1 4DY',
      jobType: 1,
      workingHours: 1,
      locationBaseType: 1,
      expiryInDays: 21,
      minSalary: 24000,
      maxSalary: 26500,
      salaryType: 5,
      currency: 1,
      showSalary: true,
      externalUrl: TRACKING,
    });
  });

  it('a part-time temporary hybrid job paid per hour, with an e-mail for applications', () => {
    const v = vacancy({
      employmentType: 'temporary',
      hours: 'part_time',
      workplace: 'hybrid',
      salary: { min: 12.6, period: 'hour', currency: 'GBP' },
      replyToEmail: 'jobs@acme-care.example',
    });
    expect(formFor(v)).toMatchObject({
      jobType: 4,
      workingHours: 2,
      locationBaseType: 2,
      minSalary: 12.6,
      salaryType: 1,
      emailForApplications: 'jobs@acme-care.example',
    });
    expect(formFor(v)).not.toHaveProperty('maxSalary');
  });

  it('a home-based contract with a hidden "competitive" salary; the closing date capped at 42 days', () => {
    const v = vacancy({
      employmentType: 'contract',
      workplace: 'home',
      salary: { period: 'year', currency: 'GBP', text: 'Competitive' },
      closingDate: '2030-09-30',
    });
    expect(formFor(v)).toMatchObject({
      jobType: 2,
      locationBaseType: 3,
      showSalary: false,
      hiddenSalaryDescription: 2,
      expiryInDays: 42,
    });
  });

  it('leaves the job type to the recruiter where Reed has no code (fixed term), and a week salary type', () => {
    const form = formFor(
      vacancy({ employmentType: 'fixed_term', salary: { min: 500, period: 'week', currency: 'GBP' } }),
    );
    expect(form).not.toHaveProperty('jobType');
    expect(form).not.toHaveProperty('salaryType');
  });

  it('maps every choice to its code and the booleans as booleans', () => {
    expect(
      mapReed({
        productId: 'premium_plus',
        isPublic: true,
        isGraduate: false,
        workingHours: 'full_or_part_time',
        currency: 'CAD',
        salaryHiddenText: 'commission_only',
        parentSectorId: 12,
        jobSectorId: 345,
        town: 'Leeds',
      }),
    ).toEqual({
      productId: 4,
      isPublic: true,
      isGraduate: false,
      workingHours: 3,
      currency: 21,
      hiddenSalaryDescription: 1,
      parentSectorId: 12,
      jobSectorId: 345,
      townName: 'Leeds',
    });
    expect(mapReed({ productId: 'marketplace', jobType: 'bogus' })).toEqual({ productId: 81 });
  });

  it('encodes the form as Reed reads it', () => {
    expect(formEncode({ title: 'Chef & Cook', isPublic: true, jobType: 1 })).toBe(
      'title=Chef+%26+Cook&isPublic=true&jobType=1',
    );
  });

  it('names the field of a modelState key, whatever its prefix or case', () => {
    expect(fieldOfWireKey('townName')).toBe('town');
    expect(fieldOfWireKey('job.TownName')).toBe('town');
    expect(fieldOfWireKey('ownerRef')).toBe('reference');
    expect(fieldOfWireKey('nothing')).toBeUndefined();
  });

  it('an edit sends only what changed', () => {
    expect(changedBody({ title: 'B', jobType: 1 }, { title: 'A', jobType: 1 })).toEqual({ title: 'B' });
  });

  it('counts days to the closing date, at least 1 and at most 42', () => {
    expect(expiryDays('2030-06-15', TODAY)).toBe(1);
    expect(expiryDays('2030-07-26', TODAY)).toBe(42);
    expect(expiryDays('2030-07-27', TODAY)).toBe(42);
  });

  it('previews the create request with Reed headers, the posting key and signature redacted', () => {
    const settings: ReedSettings = {
      clientId: '1001',
      apiKey: 'key-that-must-not-show',
      username: 'hiring@client.example',
      postingKey: 'posting-key-that-must-not-show',
      userAgent: 'Postroom/1.0',
      testMode: true,
    };
    const preview = previewReedRequest({ title: 'Chef' }, settings);
    expect(preview.method).toBe('POST');
    expect(preview.url).toBe('https://www.reed.co.uk/recruiter/api/1.0/jobs');
    expect(preview.headers).toMatchObject({
      'content-type': 'application/x-www-form-urlencoded',
      'X-ApiClientId': '1001',
      'X-ApiSignature': REDACTED,
      Method: 'POST',
      ContentType: 'application/x-www-form-urlencoded',
    });
    expect(preview.body).toEqual({
      username: 'hiring@client.example',
      postingKey: REDACTED,
      title: 'Chef',
      isDemo: true,
    });
    expect(JSON.stringify(preview)).not.toMatch(/must-not-show/);
  });
});
