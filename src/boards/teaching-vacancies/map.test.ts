import { describe, expect, it } from 'vitest';
import type { Organisation } from '../../domain/organisation.js';
import type { Vacancy } from '../../domain/vacancy.js';
import { REDACTED } from '../board.js';
import { checkTv } from './check.js';
import { previewTvRequest, type TvSettings } from './client.js';
import { fieldOfMessage, mapVacancy, prefillTv, salaryText } from './map.js';

// Golden requests: vacancy in, the exact Teaching Vacancies body out
// (docs/boards/teaching-vacancies.md, "Body fields").

const TODAY = '2030-06-14';
const organisation = { id: 'org_01', slug: 'oak-trust', name: 'Oak Trust' } as Organisation;
const TRACKING = 'https://jobs.oak.example/careers/oak-trust/TCH-7/apply?src=tok_tv';
const SETTINGS: TvSettings = {
  apiKey: 'a'.repeat(40),
  environment: 'staging',
  schools: { trustUid: '16644', schoolUrns: ['137138'] },
  phases: ['primary'],
};

function vacancy(changes: Partial<Vacancy>): Vacancy {
  return {
    id: 'vac_01',
    reference: 'TCH-7',
    title: 'Year 3 Class Teacher',
    employmentType: 'permanent',
    hours: 'full_time',
    salary: { min: 31650, max: 49084, period: 'year', currency: 'GBP' },
    description: '<p>Join our team.</p>',
    closingDate: '2030-07-05',
    ...changes,
  } as Vacancy;
}
const prefill = (v: Vacancy) => prefillTv({ vacancy: v, organisation, trackingUrl: TRACKING, today: TODAY });

describe('Teaching Vacancies golden mapping', () => {
  it('a permanent full-time teacher, with the connection giving schools and phases', () => {
    const fields = { ...prefill(vacancy({})), jobRoles: ['teacher'] };
    expect(checkTv(fields, { today: TODAY })).toEqual([]);
    expect(previewTvRequest(fields, SETTINGS)).toEqual({
      method: 'POST',
      url: 'https://staging.teaching-vacancies.service.gov.uk/ats-api/v1/vacancies',
      headers: { accept: 'application/json', 'content-type': 'application/json', 'X-Api-Key': REDACTED },
      body: {
        vacancy: {
          job_title: 'Year 3 Class Teacher',
          job_advert: '<p>Join our team.</p>',
          external_advert_url: TRACKING,
          external_reference: 'oak-trust/TCH-7',
          expires_at: '2030-07-05T23:59:00',
          salary: '£31,650 to £49,084 per year',
          contract_type: 'permanent',
          working_patterns: ['full_time'],
          job_roles: ['teacher'],
          schools: { trust_uid: '16644', school_urns: ['137138'] },
          phases: ['primary'],
        },
      },
    });
  });

  it('the posting overrides the connection, and optional fields are sent as TV names them', () => {
    const body = mapVacancy(
      {
        ...prefill(vacancy({ employmentType: 'locum', hours: 'part_time' })),
        closingTime: '09:00',
        jobRoles: ['teaching_assistant'],
        phases: ['secondary'],
        schools: { schoolUrns: [' 137139 ', ''] },
        keyStages: [],
        subjects: ['Mathematics'],
        startsOn: 'Easter',
        benefits: 'TLR2a',
        visaSponsorship: true,
        jobShare: false,
        ectSuitable: true,
      },
      { schools: SETTINGS.schools, phases: SETTINGS.phases },
    );
    expect(body).toMatchObject({
      expires_at: '2030-07-05T09:00:00',
      contract_type: 'casual',
      working_patterns: ['part_time'],
      phases: ['secondary'],
      schools: { school_urns: ['137139'] },
      key_stages: [],
      subjects: ['Mathematics'],
      starts_on: 'Easter',
      benefits_details: 'TLR2a',
      visa_sponsorship_available: true,
      is_job_share: false,
      ect_suitable: true,
    });
  });

  it('maps employment types to contract types; voluntary is left to the recruiter', () => {
    const type = (employmentType: Vacancy['employmentType']) =>
      prefill(vacancy({ employmentType })).contractType;
    expect(['fixed_term', 'contract', 'secondment', 'apprenticeship'].map((t) => type(t as never))).toEqual(
      Array(4).fill('fixed_term'),
    );
    expect(['temporary', 'bank', 'locum'].map((t) => type(t as never))).toEqual(Array(3).fill('casual'));
    expect(type('voluntary')).toBeUndefined();
  });

  it('words the salary from the vacancy', () => {
    expect(salaryText({ text: 'MPS/UPS + TLR', period: 'year' } as never)).toBe('MPS/UPS + TLR');
    expect(salaryText({ min: 12.5, period: 'hour' } as never)).toBe('£12.5 per hour');
    expect(salaryText(null)).toBeUndefined();
  });

  it('sends the production address, or the override', () => {
    const fields = { ...prefill(vacancy({})), jobRoles: ['teacher'] };
    expect(previewTvRequest(fields, { ...SETTINGS, environment: 'production' }).url).toBe(
      'https://teaching-vacancies.service.gov.uk/ats-api/v1/vacancies',
    );
    expect(previewTvRequest(fields, { ...SETTINGS, baseUrl: 'http://127.0.0.1:9/tv/ats-api/v1/' }).url).toBe(
      'http://127.0.0.1:9/tv/ats-api/v1/vacancies',
    );
  });
});

describe('the field a board message names', () => {
  it.each([
    [
      "The property '#/vacancy' did not contain a required property of 'expires_at' in schema x",
      'closingDate',
    ],
    [
      'The property \'#/vacancy/phases/0\' value "x" did not match one of the following values: nursery in schema x',
      'phases',
    ],
    [
      "The property '#/vacancy/schools' of type array did not match exactly one of the required schemas in schema x",
      'schools',
    ],
    ['job_title: must be 75 characters or fewer', 'title'],
    ['salary: Enter full-time salary', 'salary'],
    ['external_reference: Enter an external reference', 'reference'],
    ['No valid organisations found', 'schools'],
    ["School type 'Miscellaneous' is not eligible to post vacancies", 'schools'],
    ["The property '#/' did not contain a required property of 'vacancy' in schema x", undefined],
  ])('%s', (message, field) => {
    expect(fieldOfMessage(message)).toBe(field);
  });
});

describe('checkTv', () => {
  const valid = { ...prefill(vacancy({})), jobRoles: ['teacher'] };
  it('warns about markup TV will strip, without refusing', () => {
    const issues = checkTv(
      { ...valid, description: '<div style="x"><p>Hi</p><table></table></div>' },
      { today: TODAY },
    );
    expect(issues).toEqual([
      {
        field: 'description',
        severity: 'warning',
        message: expect.stringContaining('<div>, style, <table>'),
      },
    ]);
  });
  it('refuses a closing date today, a bad school shape and unknown values', () => {
    const fields = {
      ...valid,
      closingDate: TODAY,
      schools: { schoolUrns: ['URN1'] },
      workingPatterns: ['flexible'],
    };
    expect(
      checkTv(fields, { today: TODAY })
        .map((i) => i.field)
        .sort(),
    ).toEqual(['closingDate', 'schools', 'workingPatterns']);
  });
});
