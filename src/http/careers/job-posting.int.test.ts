import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../../test/support/app.js';
import { checkJobPostingPage, listingErrors } from '../../../test/support/job-posting-checker.js';
import { vacancies } from '../../db/schema.js';

// The careers advert page as Googlebot reads it, judged by the contract's checker
// (test/support/job-posting-checker.ts, written from boards/google-for-jobs.md, not from json-ld.ts).

type Json = Record<string, unknown>;
let t: TestContext;
let org: { id: string; slug: string; token: string };
const refs: Record<string, { id: string; reference: string }> = {};

async function vacancy(name: string, overrides: Json, close = false) {
  const created = await t.request(org.token, 'POST', '/api/v1/vacancies', validVacancy(overrides));
  expect(created.status).toBe(201);
  const v = created.body as { id: string; reference: string };
  expect((await t.request(org.token, 'POST', `/api/v1/vacancies/${v.id}/publish`)).status).toBe(200);
  if (close) expect((await t.request(org.token, 'POST', `/api/v1/vacancies/${v.id}/close`)).status).toBe(200);
  refs[name] = v;
}
const page = async (name: string) => {
  const res = await t.app.inject({ method: 'GET', url: `/careers/${org.slug}/${refs[name]!.reference}` });
  return { status: res.statusCode, body: res.body };
};
const check = async (name: string) => {
  const { status, body } = await page(name);
  return checkJobPostingPage(status, body, t.clock.now());
};

/** The recommended properties a vacancy rightly leaves out: remote work only for remote jobs. */
const ONSITE_WARNINGS = ['Missing field "jobLocationType"', 'Missing field "applicantLocationRequirements"'];

beforeAll(async () => {
  t = await createTestContext();
  org = await t.organisation('Markup Trust');
  await vacancy('onsite', {
    title: 'Healthcare Assistant',
    salary: { min: 24071, max: 25674, period: 'year' },
    weeklyHours: 37.5,
  });
  await vacancy('remote', {
    title: 'Clinical Coder',
    workplace: 'remote',
    salary: { min: 16.5, max: 16.5, period: 'hour' },
    hours: 'part_time',
  });
  await vacancy('hybrid', {
    title: 'Data Analyst',
    workplace: 'hybrid',
    employmentType: 'fixed_term',
    contractLength: { length: 12, unit: 'months' },
  });
  await vacancy('textSalary', {
    title: 'Consultant Surgeon',
    salary: { period: 'year', text: 'Negotiable' },
  });
  await vacancy('apprentice', {
    title: 'Apprentice Chef',
    employmentType: 'apprenticeship',
    summary: "Learn a trade in the Trust's kitchens & earn.",
  });
  await vacancy('volunteer', {
    title: 'Ward Volunteer',
    employmentType: 'voluntary',
    hours: 'part_time',
    salary: null,
  });
  await vacancy('bank', {
    title: 'Bank Porter',
    employmentType: 'bank',
    salary: { min: 12, period: 'hour' },
  });
  await vacancy('closed', { title: 'Closed Post' }, true);
  await vacancy('expired', { title: 'Expired Post' });
  await t.database.db
    .update(vacancies)
    .set({ closingDate: '2026-11-22' })
    .where(eq(vacancies.id, refs.expired!.id));
});
afterAll(async () => t.close());

describe('the JobPosting markup of the careers advert page', () => {
  it.each(['onsite', 'hybrid', 'apprentice', 'volunteer', 'bank'])(
    '%s: meets every required and recommended rule',
    async (name) => {
      const report = await check(name);
      expect(report.state).toBe('job');
      expect(report.errors).toEqual([]);
      expect(report.warnings).toEqual(
        name === 'volunteer' ? ['Missing field "baseSalary"', ...ONSITE_WARNINGS] : ONSITE_WARNINGS,
      );
    },
  );

  it('marks a remote job TELECOMMUTE with the country applicants may live in, and keeps its location', async () => {
    const report = await check('remote');
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.posting).toMatchObject({
      jobLocationType: 'TELECOMMUTE',
      applicantLocationRequirements: { '@type': 'Country', name: 'United Kingdom' },
      jobLocation: { address: { addressCountry: 'GB' } },
      baseSalary: { value: { value: 16.5, unitText: 'HOUR' } },
      employmentType: ['PART_TIME'],
    });
  });

  it('ends validThrough at the closing day in London, and dates the posting from its publication', async () => {
    const { posting } = await check('onsite');
    expect(posting!.validThrough).toBe('2026-12-20T23:59:59+00:00');
    expect(posting!.datePosted).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(posting!.identifier).toEqual({
      '@type': 'PropertyValue',
      name: 'Markup Trust',
      value: refs.onsite!.reference,
    });
  });

  it('gives the full job in the description: summary first, the advert, the hours and contract', async () => {
    const description = String((await check('onsite')).posting!.description);
    expect(description).toMatch(/^<p>A Band 5 post on a friendly ward\.<\/p>/);
    expect(description).toContain('<p>Care for adults on an acute medical ward.</p>');
    expect(description).toContain('Full time, 37.5 hours a week');
    expect(String((await check('hybrid')).posting!.description)).toContain('Fixed term (12 months)');
  });

  it("maps employment types to Google's values", async () => {
    expect((await check('hybrid')).posting!.employmentType).toEqual(['FULL_TIME', 'TEMPORARY']);
    expect((await check('apprentice')).posting!.employmentType).toEqual(['FULL_TIME']);
    expect((await check('volunteer')).posting!.employmentType).toEqual(['VOLUNTEER']);
    expect((await check('bank')).posting!.employmentType).toEqual(['FULL_TIME', 'PER_DIEM']);
  });

  it('leaves out a salary given only as text (a warning, never an error)', async () => {
    const report = await check('textSalary');
    expect(report.errors).toEqual([]);
    expect(report.warnings).toContain('Missing field "baseSalary"');
  });

  it.each(['closed', 'expired'])(
    'a %s vacancy answers 410 with a helpful page and no markup',
    async (name) => {
      const { status, body } = await page(name);
      expect(status).toBe(410);
      expect(body).toContain('This vacancy has closed');
      expect(body).toContain(`href="/careers/${org.slug}"`);
      expect(checkJobPostingPage(status, body, t.clock.now())).toEqual({
        state: 'removed',
        errors: [],
        warnings: [],
      });
    },
  );

  it('carries no JobPosting on the listing page', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/careers/${org.slug}` });
    expect(res.statusCode).toBe(200);
    expect(listingErrors(res.body)).toEqual([]);
  });
});

describe('the checker can fail', () => {
  it('reports a wrong enum, a missing country and a second JobPosting', async () => {
    const { body } = await page('onsite');
    const broken = body
      .replace('"FULL_TIME"', '"full_time"')
      .replace('"addressCountry":"GB"', '"addressCountry":""');
    expect(checkJobPostingPage(200, broken, t.clock.now()).errors).toEqual([
      'jobLocation: addressCountry must be given',
      'employmentType: "full_time" is not one of Google\'s values',
    ]);
    const script = /<script type="application\/ld\+json">[\s\S]*?<\/script>/.exec(body)![0];
    expect(checkJobPostingPage(200, body.replace(script, script + script), t.clock.now()).errors).toEqual([
      'more than one JobPosting on the page',
    ]);
    expect(listingErrors(body)).toEqual(['a listing page carries JobPosting markup']);
  });
});
