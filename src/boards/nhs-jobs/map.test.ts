import { describe, expect, it } from 'vitest';
import type { Organisation } from '../../domain/organisation.js';
import type { Vacancy } from '../../domain/vacancy.js';
import type { PostingFields } from '../board.js';
import { type NhsJobsSettings, PRODUCTION_BASE_URL, previewNhsJobsRequest, TEST_BASE_URL } from './client.js';
import { checkNhsJobs } from './fields.js';
import { mapNhsJobs, prefillNhsJobs } from './map.js';
import { countCharacters, MESSAGES } from './rules.js';

// Golden requests: vacancy in, the exact NHS Jobs draft out (docs/boards/nhs-jobs.md, "Posting
// fields" and "Wire format").

const TODAY = '2030-06-14';
const context = { today: TODAY };

const organisation: Organisation = {
  id: 'org_01',
  slug: 'leeds-teaching-hospitals',
  name: 'Leeds Teaching Hospitals NHS Trust',
  about:
    'Leeds Teaching Hospitals is one of the largest teaching trusts in England, with seven hospitals, ' +
    '20,000 staff and regional centres for cancer, cardiac, neuro and children’s services.',
  replyToEmail: 'recruitment@leedsth.example',
  locations: [],
  retentionMonths: 6,
  overBudget: 'refuse',
  createdAt: new Date('2030-01-01T09:00:00Z'),
  updatedAt: new Date('2030-01-01T09:00:00Z'),
};

/** A live vacancy; each case sets what makes it representative. */
function vacancy(changes: Partial<Vacancy>): Vacancy {
  return {
    id: 'vac_01',
    reference: 'LTH-2030-001',
    title: 'Staff Nurse',
    employmentType: 'permanent',
    contractLength: null,
    hours: 'full_time',
    weeklyHours: null,
    workplace: 'onsite',
    location: { line1: 'Leeds General Infirmary', town: 'Leeds', postcode: 'LS1 3EX', country: 'GB' },
    salary: null,
    summary: null,
    description: '<p>Join our ward team.</p>',
    replyToEmail: null,
    closingDate: '2030-07-05',
    category: null,
    videoUrl: null,
    personSpecification: {
      essential: { qualifications: [], experience: [], skills: [] },
      desirable: { qualifications: [], experience: [], skills: [] },
    },
    status: 'live',
    version: 3,
    createdAt: new Date('2030-06-01T09:00:00Z'),
    updatedAt: new Date('2030-06-10T09:00:00Z'),
    publishedAt: new Date('2030-06-10T09:00:00Z'),
    closedAt: null,
    ...changes,
  };
}

const trackingUrl = (v: Vacancy) =>
  `https://jobs.leedsth.example/careers/leeds-teaching-hospitals/${v.id}/apply?src=tok_nhs`;
const prefill = (v: Vacancy) =>
  prefillNhsJobs({ vacancy: v, organisation, trackingUrl: trackingUrl(v), today: TODAY });

const nurseSummary =
  'Join the Ward 7 surgical team at Leeds General Infirmary as a Staff Nurse, caring for adults ' +
  'before and after planned and emergency surgery.';
const nurseDescription =
  '<h2>About the role</h2><p>You will deliver safe, compassionate care to adult surgical patients.</p>' +
  '<ul><li>Preceptorship for newly qualified nurses</li><li>Rotation to theatres</li></ul>';

const nurse = vacancy({
  id: 'vac_nurse',
  reference: 'LTH-2030-117',
  title: 'Staff Nurse – Ward 7 Surgery',
  employmentType: 'permanent',
  hours: 'full_time',
  weeklyHours: 37.5,
  workplace: 'onsite',
  location: {
    line1: 'Leeds General Infirmary',
    line2: 'Great George Street',
    town: 'Leeds',
    postcode: 'LS1 3EX',
    country: 'GB',
  },
  salary: { min: 29_970, max: 36_483, period: 'year', currency: 'GBP' },
  summary: nurseSummary,
  description: nurseDescription,
  replyToEmail: 'ward7.recruitment@leedsth.example',
  closingDate: '2030-07-05',
  personSpecification: {
    essential: {
      qualifications: ['NMC registration as an adult nurse'],
      experience: ['Acute ward experience, including placements'],
      skills: ['Clear written and spoken communication', 'Safe medicines management'],
    },
    desirable: { qualifications: ['Mentorship qualification'], experience: [], skills: ['IV cannulation'] },
  },
});

const nurseMainDuties =
  'Assess, plan and deliver care for a group of surgical patients; give medicines safely; support ' +
  'students and healthcare assistants; keep accurate records.';

const doctorSummary =
  'A 12-month Specialty Doctor post in our busy Emergency Department, working 20 hours a week with ' +
  'protected time for teaching and audit.';
const doctorMainDuties =
  'Assess and treat adults and children attending the Emergency Department, supervise junior doctors ' +
  'on shift and take part in departmental audit and teaching.';

const doctor = vacancy({
  id: 'vac_doctor',
  reference: 'LTH-2030-204',
  title: 'Specialty Doctor in Emergency Medicine',
  employmentType: 'fixed_term',
  contractLength: { length: 12, unit: 'months' },
  hours: 'part_time',
  weeklyHours: 20,
  workplace: 'hybrid',
  location: { line1: "St James's University Hospital", town: 'Leeds', postcode: 'LS9 7TF', country: 'GB' },
  salary: { min: 52.5, period: 'hour', currency: 'GBP' },
  summary: doctorSummary,
  description: '<p>Work in one of the busiest emergency departments in the north of England.</p>',
  replyToEmail: null,
  closingDate: '2030-08-01',
});

describe('NHS Jobs golden drafts', () => {
  it('uses realistic texts: the summary is an "attention grabber" of about 150 characters', () => {
    expect(countCharacters(nurseSummary)).toBeGreaterThanOrEqual(130);
    expect(countCharacters(nurseSummary)).toBeLessThanOrEqual(170);
    expect(countCharacters(organisation.about)).toBeGreaterThanOrEqual(150);
  });

  it('a permanent full-time onsite Agenda for Change nurse post with a yearly range', () => {
    const fields: PostingFields = {
      ...prefill(nurse),
      staffGroup: 'NURSING_AND_MIDWIFERY_REGISTERED',
      payScheme: 'AGENDA_FOR_CHANGE',
      payBand: 'BAND_5',
      mainDuties: nurseMainDuties,
    };
    expect(mapNhsJobs(fields)).toEqual({
      jobTitle: 'Staff Nurse – Ward 7 Surgery',
      jobReference: 'LTH-2030-117',
      contractType: 'PERMANENT',
      workingPatterns: ['FULL_TIME'],
      weeklyHours: 37.5,
      staffGroup: 'NURSING_AND_MIDWIFERY_REGISTERED',
      payScheme: 'AGENDA_FOR_CHANGE',
      payBand: 'BAND_5',
      salary: { type: 'RANGE', min: 29_970, max: 36_483, period: 'YEAR' },
      address: {
        line1: 'Leeds General Infirmary',
        line2: 'Great George Street',
        town: 'Leeds',
        postcode: 'LS1 3EX',
      },
      closingDate: '2030-07-05',
      jobOverview: nurseSummary,
      mainDuties: nurseMainDuties,
      aboutOrganisation: organisation.about,
      jobDescription: nurseDescription,
      contactEmail: 'ward7.recruitment@leedsth.example',
      applyUrl: 'https://jobs.leedsth.example/careers/leeds-teaching-hospitals/vac_nurse/apply?src=tok_nhs',
      essentialQualifications: ['NMC registration as an adult nurse'],
      essentialExperience: ['Acute ward experience, including placements'],
      essentialSkills: ['Clear written and spoken communication', 'Safe medicines management'],
      desirableQualifications: ['Mentorship qualification'],
      desirableSkills: ['IV cannulation'],
    });
    expect(checkNhsJobs(fields, context)).toEqual([]);
  });

  it('a fixed-term part-time hybrid medical post paid a fixed hourly rate', () => {
    const fields: PostingFields = {
      ...prefill(doctor),
      staffGroup: 'MEDICAL_AND_DENTAL',
      payScheme: 'MEDICAL_AND_DENTAL',
      mainDuties: doctorMainDuties,
    };
    expect(mapNhsJobs(fields)).toEqual({
      jobTitle: 'Specialty Doctor in Emergency Medicine',
      jobReference: 'LTH-2030-204',
      contractType: 'FIXED_TERM',
      contractDuration: { length: 12, unit: 'MONTHS' },
      workingPatterns: ['PART_TIME', 'FLEXIBLE_WORKING'],
      weeklyHours: 20,
      staffGroup: 'MEDICAL_AND_DENTAL',
      payScheme: 'MEDICAL_AND_DENTAL',
      salary: { type: 'FIXED', amount: 52.5, period: 'HOUR' },
      address: { line1: "St James's University Hospital", town: 'Leeds', postcode: 'LS9 7TF' },
      closingDate: '2030-08-01',
      jobOverview: doctorSummary,
      mainDuties: doctorMainDuties,
      aboutOrganisation: organisation.about,
      jobDescription: '<p>Work in one of the busiest emergency departments in the north of England.</p>',
      // The vacancy has no reply-to address: the organisation's default is used.
      contactEmail: 'recruitment@leedsth.example',
      applyUrl: 'https://jobs.leedsth.example/careers/leeds-teaching-hospitals/vac_doctor/apply?src=tok_nhs',
    });
    expect(checkNhsJobs(fields, context)).toEqual([]);
  });

  it('previews the exact create request for the nurse post, the API key redacted', () => {
    const fields: PostingFields = {
      ...prefill(nurse),
      staffGroup: 'NURSING_AND_MIDWIFERY_REGISTERED',
      payScheme: 'AGENDA_FOR_CHANGE',
      payBand: 'BAND_5',
      mainDuties: nurseMainDuties,
    };
    const settings: NhsJobsSettings = {
      organisationId: 'DEMO-ORG',
      accountId: 'ACC-0042',
      apiKey: 'nhs-live-key-6f1c9a',
      testMode: true,
      baseUrl: 'http://127.0.0.1:4010/sandbox/nhs-jobs/',
    };
    const preview = previewNhsJobsRequest(fields, settings);
    expect(preview).toEqual({
      method: 'POST',
      url: 'http://127.0.0.1:4010/sandbox/nhs-jobs/api/v1/organisations/DEMO-ORG/vacancy-drafts',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        authorization: 'Bearer [redacted]',
        'x-account-id': 'ACC-0042',
      },
      body: mapNhsJobs(fields),
    });
    expect(JSON.stringify(preview)).not.toContain(settings.apiKey);

    const { baseUrl: _, ...withoutBaseUrl } = settings;
    expect(previewNhsJobsRequest(fields, withoutBaseUrl).url).toBe(
      `${TEST_BASE_URL}/api/v1/organisations/DEMO-ORG/vacancy-drafts`,
    );
    expect(previewNhsJobsRequest(fields, { ...withoutBaseUrl, testMode: false }).url).toBe(
      `${PRODUCTION_BASE_URL}/api/v1/organisations/DEMO-ORG/vacancy-drafts`,
    );
    expect(TEST_BASE_URL).not.toBe(PRODUCTION_BASE_URL);
  });
});

describe('prefillNhsJobs', () => {
  it('sends a bank post as BANK, with no contract duration', () => {
    const fields = prefill(vacancy({ employmentType: 'bank', hours: 'part_time', weeklyHours: 12 }));
    expect(fields.contractType).toBe('BANK');
    expect(fields).not.toHaveProperty('contractDuration');
    expect(fields.workingPatterns).toEqual(['PART_TIME']);
    expect(fields.weeklyHours).toBe(12);
  });

  it("leaves the contract type for the recruiter to pick when the vacancy's type has no NHS match", () => {
    const fields = prefill(
      vacancy({ employmentType: 'contract', contractLength: { length: 6, unit: 'months' } }),
    );
    expect(fields).not.toHaveProperty('contractType');
    expect(fields).not.toHaveProperty('contractDuration');
    expect(checkNhsJobs(fields, context)).toContainEqual({
      field: 'contractType',
      message: MESSAGES.required,
      severity: 'error',
    });
  });

  it('sends a contract length in weeks as WEEKS', () => {
    const fields = prefill(
      vacancy({ employmentType: 'locum', contractLength: { length: 8, unit: 'weeks' } }),
    );
    expect(fields.contractType).toBe('LOCUM');
    expect(fields.contractDuration).toEqual({ length: 8, unit: 'WEEKS' });
  });

  it('sends a salary given only as text ("Negotiable") as NEGOTIABLE', () => {
    const fields = prefill(vacancy({ salary: { period: 'year', currency: 'GBP', text: 'Negotiable' } }));
    expect(fields.salary).toEqual({ type: 'NEGOTIABLE' });
  });

  it('leaves out a daily salary, which NHS Jobs cannot show (only per year or per hour)', () => {
    const fields = prefill(vacancy({ salary: { min: 250, max: 300, period: 'day', currency: 'GBP' } }));
    expect(fields).not.toHaveProperty('salary');
    expect(checkNhsJobs(fields, context)).toContainEqual({
      field: 'salary',
      message: MESSAGES.required,
      severity: 'error',
    });
  });

  it('sends the same minimum and maximum as a fixed amount', () => {
    const fields = prefill(
      vacancy({ salary: { min: 31_000, max: 31_000, period: 'year', currency: 'GBP' } }),
    );
    expect(fields.salary).toEqual({ type: 'FIXED', amount: 31_000, period: 'YEAR' });
  });

  it('leaves out weekly hours above the NHS maximum of 48, and keeps 48', () => {
    expect(prefill(vacancy({ weeklyHours: 50 }))).not.toHaveProperty('weeklyHours');
    expect(prefill(vacancy({ weeklyHours: 48 })).weeklyHours).toBe(48);
  });

  it("uses the organisation's reply-to e-mail when the vacancy has none, and leaves it out when neither has one", () => {
    expect(prefill(vacancy({ replyToEmail: null })).contactEmail).toBe('recruitment@leedsth.example');
    expect(prefill(vacancy({ replyToEmail: 'ed@leedsth.example' })).contactEmail).toBe('ed@leedsth.example');
    const fields = prefillNhsJobs({
      vacancy: vacancy({ replyToEmail: null }),
      organisation: { ...organisation, replyToEmail: null },
      trackingUrl: 'https://jobs.leedsth.example/apply?src=t',
      today: TODAY,
    });
    expect(fields).not.toHaveProperty('contactEmail');
  });

  it('marks remote and home working as HOME_OR_REMOTE_WORKING', () => {
    expect(prefill(vacancy({ workplace: 'remote' })).workingPatterns).toEqual([
      'FULL_TIME',
      'HOME_OR_REMOTE_WORKING',
    ]);
    expect(prefill(vacancy({ workplace: 'home', hours: 'part_time' })).workingPatterns).toEqual([
      'PART_TIME',
      'HOME_OR_REMOTE_WORKING',
    ]);
  });

  it('leaves out a missing summary and empty person-specification lists', () => {
    const fields = prefill(vacancy({ summary: null }));
    expect(fields).not.toHaveProperty('jobOverview');
    expect(Object.keys(fields).filter((key) => /Qualifications|Experience|Skills$/.test(key))).toEqual([]);
  });
});

describe('mapNhsJobs', () => {
  it('trims text and leaves out empty values', () => {
    expect(
      mapNhsJobs({
        jobTitle: '  Staff Nurse  ',
        contactName: '',
        contactPhone: null,
        proRata: false,
        desirableSkills: [],
        weeklyHours: undefined,
      }),
    ).toEqual({ jobTitle: 'Staff Nurse', proRata: false });
  });
});
