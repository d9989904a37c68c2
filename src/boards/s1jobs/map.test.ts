import { describe, expect, it } from 'vitest';
import type { Organisation } from '../../domain/organisation.js';
import { EMPLOYMENT_TYPES, type EmploymentType, type Vacancy } from '../../domain/vacancy.js';
import { REDACTED } from '../board.js';
import { previewS1jobsRequest, type S1jobsSettings } from './client.js';
import { changedBody, mapS1jobs, prefillS1jobs, WIRE_KEYS } from './map.js';

// Golden requests: vacancy in, the exact s1jobs body out (docs/boards/s1jobs.md, "Wire format").

const TODAY = '2030-06-14';

const daysFrom = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

const organisation: Organisation = {
  id: 'org_01',
  slug: 'clyde-health',
  name: 'Clyde Health Board',
  about: 'We run hospitals and community services across the west of Scotland.',
  replyToEmail: 'jobs@clyde-health.example',
  locations: [],
  retentionMonths: 6,
  overBudget: 'refuse',
  createdAt: new Date('2030-01-01T09:00:00Z'),
  updatedAt: new Date('2030-01-01T09:00:00Z'),
};

/** A live vacancy; each golden case sets what makes it representative. */
function vacancy(changes: Partial<Vacancy>): Vacancy {
  return {
    id: 'vac_01',
    reference: 'CH-2030-001',
    title: 'Staff Nurse',
    employmentType: 'permanent',
    contractLength: null,
    hours: 'full_time',
    weeklyHours: null,
    workplace: 'onsite',
    location: { line1: '1 Hospital Road', town: 'Glasgow', postcode: 'G2 1DY', country: 'GB' },
    salary: null,
    summary: null,
    description: '<p>Join our ward team.</p>',
    replyToEmail: null,
    closingDate: daysFrom(TODAY, 21),
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
  `https://jobs.clyde-health.example/careers/clyde-health/${v.id}/apply?src=tok_s1`;

/** The wire body s1jobs gets for a vacancy, through prefill then map, as the worker does it. */
const payloadFor = (v: Vacancy) =>
  mapS1jobs(prefillS1jobs({ vacancy: v, organisation, trackingUrl: trackingUrl(v), today: TODAY }));

const nurse = vacancy({
  id: 'vac_nurse',
  reference: 'CH-2030-117',
  title: 'Staff Nurse – Ward 7',
  employmentType: 'permanent',
  hours: 'full_time',
  workplace: 'onsite',
  salary: { min: 31_000, max: 37_500, period: 'year', currency: 'GBP' },
  description: '<h2>About the role</h2><p>Deliver safe, compassionate care.</p>',
  closingDate: daysFrom(TODAY, 21),
  // A specialism of exactly one core skill: both are filled in.
  category: 'Nursing',
});

const bankWorker = vacancy({
  id: 'vac_bank',
  reference: 'CH-2030-204',
  title: 'Bank Healthcare Support Worker',
  employmentType: 'bank',
  hours: 'part_time',
  workplace: 'home',
  location: { line1: '40 Main Street', town: 'Paisley', postcode: 'PA1 1AA', country: 'GB' },
  salary: { min: 12.5, max: 13.75, period: 'hour', currency: 'GBP', text: '£12.50 to £13.75 an hour' },
  description: '<p>Pick the shifts that suit you.</p>',
  closingDate: daysFrom(TODAY, 40),
  // A specialism of five core skills: the recruiter chooses.
  category: 'Management',
  videoUrl: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s',
});

const analyst = vacancy({
  id: 'vac_analyst',
  reference: 'CH-2030-311',
  title: 'Data Analyst (12-month fixed term)',
  employmentType: 'fixed_term',
  contractLength: { length: 12, unit: 'months' },
  hours: 'full_time',
  workplace: 'hybrid',
  salary: { min: 42_000, period: 'year', currency: 'GBP' },
  description: '<p>Turn waiting-list data into decisions.</p>',
  closingDate: daysFrom(TODAY, 60),
  category: 'IT / Telecommunications',
  videoUrl: 'https://youtu.be/abcDEF12345',
});

describe('s1jobs golden payloads', () => {
  // The board closes the advert in the morning of expiry_date: the day after the closing date.
  it('a permanent full-time onsite nurse post closing in 21 days', () => {
    expect(payloadFor(nurse)).toEqual({
      title: 'Staff Nurse – Ward 7',
      description: '<h2>About the role</h2><p>Deliver safe, compassionate care.</p>',
      coreskill: 'Medical / Dental / Health Care',
      specialisms: ['Nursing'],
      salary_low: 31_000,
      salary_high: 37_500,
      salary_period: 'yearly',
      location: 'G2 1DY',
      apply_url: 'https://jobs.clyde-health.example/careers/clyde-health/vac_nurse/apply?src=tok_s1',
      expiry_date: '2030-07-06',
      hours: 'Full',
      job_type: 'Permanent',
      reference: 'CH-2030-117',
      working_location: 'Onsite working',
    });
  });

  it('an hourly bank part-time post with salary text and a YouTube browser link', () => {
    expect(payloadFor(bankWorker)).toEqual({
      title: 'Bank Healthcare Support Worker',
      description: '<p>Pick the shifts that suit you.</p>',
      salary_low: 12.5,
      salary_high: 13.75,
      salary_period: 'hourly',
      salary_text: '£12.50 to £13.75 an hour',
      location: 'PA1 1AA',
      apply_url: 'https://jobs.clyde-health.example/careers/clyde-health/vac_bank/apply?src=tok_s1',
      hours: 'Part',
      job_type: 'Temporary',
      reference: 'CH-2030-204',
      working_location: 'Home working',
      youtube_url: 'https://youtu.be/dQw4w9WgXcQ',
    });
  });

  it('a fixed-term hybrid post closing in 60 days, with only a salary from figure', () => {
    expect(payloadFor(analyst)).toEqual({
      title: 'Data Analyst (12-month fixed term)',
      description: '<p>Turn waiting-list data into decisions.</p>',
      coreskill: 'IT / Telecommunications',
      salary_low: 42_000,
      salary_period: 'yearly',
      location: 'G2 1DY',
      apply_url: 'https://jobs.clyde-health.example/careers/clyde-health/vac_analyst/apply?src=tok_s1',
      hours: 'Full',
      job_type: 'Contract',
      reference: 'CH-2030-311',
      working_location: 'Hybrid working',
      youtube_url: 'https://youtu.be/abcDEF12345',
    });
  });

  // The seed has no site key: the API user is set up "for posting to s1jobs or x1jobs".
  it('every wire key the goldens use is one of the declared wire keys, and none names the site', () => {
    const known = new Set<string>(Object.values(WIRE_KEYS));
    expect(known).not.toContain('site');
    for (const v of [nurse, bankWorker, analyst]) {
      for (const key of Object.keys(payloadFor(v))) expect(known).toContain(key);
    }
  });
});

describe('s1jobs mapping rules', () => {
  const expectedJobType: Record<EmploymentType, string | undefined> = {
    permanent: 'Permanent',
    temporary: 'Temporary',
    bank: 'Temporary',
    locum: 'Temporary',
    contract: 'Contract',
    fixed_term: 'Contract',
    secondment: 'Contract',
    apprenticeship: undefined,
    voluntary: undefined,
  };

  it.each(EMPLOYMENT_TYPES.map((type) => [type, expectedJobType[type]] as const))(
    'employment type %s is sent as job_type %s',
    (employmentType, jobType) => {
      const payload = payloadFor(vacancy({ employmentType }));
      if (jobType === undefined) expect(payload).not.toHaveProperty('job_type');
      else expect(payload.job_type).toBe(jobType);
    },
  );

  it.each([
    ['onsite', 'Onsite working'],
    ['hybrid', 'Hybrid working'],
    ['remote', 'Remote working'],
    ['home', 'Home working'],
  ] as const)('workplace %s is sent as working_location %s', (workplace, workingLocation) => {
    expect(payloadFor(vacancy({ workplace })).working_location).toBe(workingLocation);
  });

  it.each([
    ['hour', 'hourly'],
    ['day', 'daily'],
    ['week', 'weekly'],
    ['month', 'monthly'],
    ['year', 'yearly'],
  ] as const)('salary period %s is sent as %s', (period, salaryPeriod) => {
    const payload = payloadFor(vacancy({ salary: { min: 100, period, currency: 'GBP' } }));
    expect(payload.salary_period).toBe(salaryPeriod);
  });

  // "It will close in the morning of the date sent": the advert stays up all through the closing date.
  it.each([
    [0, '2030-06-15'],
    [1, '2030-06-16'],
    [27, '2030-07-12'],
  ])('a closing date %i days ahead is sent as the expiry date the day after it', (days, expiry) => {
    expect(payloadFor(vacancy({ closingDate: daysFrom(TODAY, days) })).expiry_date).toBe(expiry);
  });

  it.each([28, 29, 60, -1])(
    'a closing date %i days ahead is not sent: the board keeps the advert 28 days',
    (days) => {
      expect(payloadFor(vacancy({ closingDate: daysFrom(TODAY, days) }))).not.toHaveProperty('expiry_date');
    },
  );

  it.each([
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    'https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ',
    'https://www.youtube.com/embed/dQw4w9WgXcQ',
    'https://youtube.com/shorts/dQw4w9WgXcQ',
    'https://youtu.be/dQw4w9WgXcQ?si=Ab12Cd',
  ])('the YouTube link %s is sent as the share link', (videoUrl) => {
    expect(payloadFor(vacancy({ videoUrl })).youtube_url).toBe('https://youtu.be/dQw4w9WgXcQ');
  });

  it.each([
    ['Accountancy', { coreskill: 'Accountancy' }],
    ['  medical / dental / health care ', { coreskill: 'Medical / Dental / Health Care' }],
    ['payroll', { coreskill: 'Accountancy', specialisms: ['Payroll'] }],
    ['Management', {}],
    ['Gardening and grounds', {}],
  ] as const)('the category %j fills in %j', (category, classification) => {
    const payload = payloadFor(vacancy({ category }));
    expect({ coreskill: payload.coreskill, specialisms: payload.specialisms }).toEqual({
      coreskill: undefined,
      specialisms: undefined,
      ...classification,
    });
  });

  it('leaves out a salary, a video and a core skill the vacancy does not have', () => {
    const payload = payloadFor(vacancy({ salary: null, videoUrl: null, category: 'Something else' }));
    for (const key of [
      'salary_low',
      'salary_high',
      'salary_period',
      'salary_text',
      'youtube_url',
      'coreskill',
    ]) {
      expect(payload).not.toHaveProperty(key);
    }
  });

  it('leaves out empty values and an unticked x1jobs form, trims text, and keeps lists and ticks', () => {
    expect(
      mapS1jobs({
        title: '  Porter  ',
        reference: 'P-1',
        phone: '',
        salaryText: null,
        specialisms: [],
        x1Apply: false,
        salaryLow: 0,
      }),
    ).toEqual({ title: 'Porter', reference: 'P-1', salary_low: 0 });
    expect(mapS1jobs({ coreSkill: 'Legal', specialisms: ['Legal Cashier'], x1Apply: true })).toEqual({
      coreskill: 'Legal',
      specialisms: ['Legal Cashier'],
      x1_apply: true,
    });
  });

  // A value of spaces only is no value: it is left out like an empty one.
  it('leaves out a value that is only spaces, as it leaves out an empty one', () => {
    expect(mapS1jobs({ title: 'Porter', hours: '  ', jobType: ' ', phone: ' ' })).toEqual({
      title: 'Porter',
    });
  });

  it.each([
    ['https://youtu.be/dQw4w9WgXcQ?si=Ab12-Cd_ef', 'https://youtu.be/dQw4w9WgXcQ?si=Ab12-Cd_ef'],
    ['https://youtu.be/dQw4w9WgXcQ', 'https://youtu.be/dQw4w9WgXcQ'],
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'https://youtu.be/dQw4w9WgXcQ'],
    ['https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s', 'https://youtu.be/dQw4w9WgXcQ'],
  ])('a YouTube link typed as %s is sent as %s', (youtubeUrl, sent) => {
    expect(mapS1jobs({ youtubeUrl }).youtube_url).toBe(sent);
  });

  it.each([
    ['g2 1dy', 'G2 1DY'],
    ['G21DY', 'G2 1DY'],
    ['eh12', 'EH12'],
  ])('a location typed as %s is sent as the postcode %s', (location, sent) => {
    expect(mapS1jobs({ location }).location).toBe(sent);
  });
});

describe('changedBody', () => {
  it('keeps only the keys whose value changed since the last write', () => {
    const before = mapS1jobs({
      title: 'Porter',
      description: '<p>A</p>',
      specialisms: ['Nursing'],
      salaryLow: 1,
    });
    const after = mapS1jobs({
      title: 'Head Porter',
      description: '<p>A</p>',
      specialisms: ['Nursing'],
      salaryLow: 2,
    });
    expect(changedBody(after, before)).toEqual({ title: 'Head Porter', salary_low: 2 });
  });
});

describe('previewS1jobsRequest', () => {
  const settings: S1jobsSettings = {
    username: 'clyde-api',
    password: 'S3same-open!',
    site: 's1jobs',
    baseUrl: 'https://sandbox.example.test/s1/',
  };

  it('shows the whole create request, with the password redacted', () => {
    const fields = prefillS1jobs({
      vacancy: nurse,
      organisation,
      trackingUrl: trackingUrl(nurse),
      today: TODAY,
    });
    const request = previewS1jobsRequest(fields, settings);
    expect(request).toEqual({
      method: 'POST',
      url: 'https://sandbox.example.test/s1/api/job',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: {
        username: 'clyde-api',
        password: REDACTED,
        title: 'Staff Nurse – Ward 7',
        description: '<h2>About the role</h2><p>Deliver safe, compassionate care.</p>',
        coreskill: 'Medical / Dental / Health Care',
        specialisms: ['Nursing'],
        salary_low: 31_000,
        salary_high: 37_500,
        salary_period: 'yearly',
        location: 'G2 1DY',
        apply_url: 'https://jobs.clyde-health.example/careers/clyde-health/vac_nurse/apply?src=tok_s1',
        expiry_date: '2030-07-06',
        hours: 'Full',
        job_type: 'Permanent',
        reference: 'CH-2030-117',
        working_location: 'Onsite working',
      },
    });
    expect(REDACTED).toBe('[redacted]');
    expect(JSON.stringify(request)).not.toContain(settings.password);
  });

  it('goes to the board itself when the connection has no base URL', () => {
    const { baseUrl: _, ...live } = settings;
    expect(previewS1jobsRequest({ title: 'Porter' }, live).url).toBe('https://recruiter.x1jobs.com/api/job');
  });
});
