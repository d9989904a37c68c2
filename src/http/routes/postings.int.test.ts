import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../../test/support/app.js';

type Preview = {
  fields: Record<string, unknown>;
  prefilled: string[];
  issues: { path: string; message: string; severity: string }[];
  blocked: boolean;
  request: { method: string; url: string; headers: Record<string, string>; body: Record<string, unknown> };
};
type ErrorBody = { error: { code: string; message: string } };

const ABOUT =
  'Demo NHS Trust provides acute, community and mental health services to 600,000 people across the west of Scotland.';
let t: TestContext;
let org: { id: string; slug: string; token: string };
let nhs: string;

beforeAll(async () => {
  t = await createTestContext();
  org = await t.organisation('Demo Trust');
  await t.request(org.token, 'PATCH', '/api/v1/organisation', {
    about: ABOUT,
    replyToEmail: 'jobs@demo.example',
  });
  const created = await t.request(org.token, 'POST', '/api/v1/connections', {
    board: 'nhs-jobs',
    name: 'NHS Jobs',
    settings: {
      organisationId: 'DEMO-ORG',
      accountId: 'DEMO-ACCOUNT',
      apiKey: 'the-nhs-api-key',
      testMode: true,
    },
  });
  nhs = (created.body as { id: string }).id;
});
afterAll(async () => t.close());

async function liveVacancy(overrides: Record<string, unknown> = {}) {
  const created = await t.request(org.token, 'POST', '/api/v1/vacancies', validVacancy(overrides));
  const id = (created.body as { id: string }).id;
  await t.request(org.token, 'POST', `/api/v1/vacancies/${id}/publish`);
  return id;
}

const preview = async (vacancyId: string, fields?: Record<string, unknown>) =>
  t.request(org.token, 'POST', `/api/v1/vacancies/${vacancyId}/postings/preview`, {
    connectionId: nhs,
    ...(fields ? { fields } : {}),
  });

describe('posting preview (NHS Jobs)', () => {
  it('fills every auto-populated field of a live vacancy', async () => {
    const id = await liveVacancy({
      reference: 'NHS-1',
      summary: `${ABOUT} A friendly ward.`,
      weeklyHours: 37.5,
      replyToEmail: null,
      personSpecification: { essential: { qualifications: ['NMC registration'] } },
    });
    const res = await preview(id);
    expect(res.status).toBe(200);
    const p = res.body as Preview;
    expect(p.fields).toEqual({
      jobTitle: 'Staff Nurse',
      jobReference: 'NHS-1',
      contractType: 'PERMANENT',
      workingPatterns: ['FULL_TIME'],
      weeklyHours: 37.5,
      salary: { type: 'RANGE', min: 31049, max: 37796, period: 'YEAR' },
      address: { line1: '84 Castle Street', town: 'Glasgow', postcode: 'G4 0SF' },
      closingDate: '2026-12-20',
      jobOverview: `${ABOUT} A friendly ward.`,
      aboutOrganisation: ABOUT,
      jobDescription: '<p>Care for adults on an acute medical ward.</p>',
      contactEmail: 'jobs@demo.example',
      applyUrl: 'http://localhost:3000/careers/demo-trust/NHS-1/apply?src=preview',
      essentialQualifications: ['NMC registration'],
    });
    // What only a person can choose is asked for, in the board's words, in the form's order.
    expect(p.issues).toEqual(
      ['staffGroup', 'payScheme', 'mainDuties'].map((f) => ({
        path: `fields.${f}`,
        message: 'Please fill the required fields',
        severity: 'error',
      })),
    );
    expect(p.request.url).toBe('https://api.test.jobs.nhs.uk/api/v1/organisations/DEMO-ORG/vacancy-drafts');
    expect(p.request.headers.authorization).toBe('Bearer [redacted]');
    expect(JSON.stringify(p)).not.toContain('the-nhs-api-key');
  });

  it('refuses a vacancy that is not advertised on the careers site', async () => {
    const created = await t.request(org.token, 'POST', '/api/v1/vacancies', validVacancy());
    const res = await preview((created.body as { id: string }).id);
    expect(res.status).toBe(409);
    expect((res.body as ErrorBody).error).toMatchObject({
      code: 'not_advertised',
      message: 'Please advertise the job externally before posting to NHS Jobs',
    });
  });

  it("gives the contract's message on the right field", async () => {
    const id = await liveVacancy({ summary: 'x'.repeat(99) });
    const words = Array.from({ length: 1001 }, (_, i) => `word${i}`).join(' ');
    const res = await preview(id, {
      jobDescription: `<p>${words}</p>`,
      contractType: 'FIXED_TERM',
      salary: { type: 'RANGE', min: 40000, max: 30000, period: 'YEAR' },
      staffGroup: 'NURSING_AND_MIDWIFERY_REGISTERED',
      payScheme: 'OTHER',
      mainDuties: ABOUT,
    });
    const issues = (res.body as Preview).issues.map(({ path, message }) => ({ path, message }));
    expect(issues).toEqual(
      expect.arrayContaining([
        {
          path: 'fields.jobOverview',
          message: 'Please Enter Job overview. Character minLength: 100, maxLength: 1000.',
        },
        {
          path: 'fields.jobDescription',
          message: 'You have exceeded the words max limit, max limit is 1000',
        },
        { path: 'fields.contractDuration', message: 'Please fill the required fields' },
        { path: 'fields.salary', message: 'The salary you have entered is not valid.' },
      ]),
    );
    expect(issues).toHaveLength(4);
    expect((res.body as Preview).blocked).toBe(true);
  });

  it('is ready to send once a person completes the form', async () => {
    const id = await liveVacancy({ summary: `${ABOUT} A friendly ward.` });
    const res = await preview(id, {
      mainDuties: ABOUT,
      staffGroup: 'NURSING_AND_MIDWIFERY_REGISTERED',
      payScheme: 'AGENDA_FOR_CHANGE',
      payBand: 'BAND_5',
    });
    expect((res.body as Preview).issues).toEqual([]);
    expect((res.body as Preview).blocked).toBe(false);
  });
});

describe("the organisation's postings by vacancy", () => {
  it('gives the states of several vacancies’ postings in one request, and nothing of another organisation', async () => {
    const ready = {
      mainDuties: ABOUT,
      staffGroup: 'NURSING_AND_MIDWIFERY_REGISTERED',
      payScheme: 'AGENDA_FOR_CHANGE',
      payBand: 'BAND_5',
    };
    const ids = [];
    for (let i = 0; i < 3; i++) {
      const id = await liveVacancy({ summary: `${ABOUT} A friendly ward.` });
      const posted = await t.request(org.token, 'POST', `/api/v1/vacancies/${id}/postings`, {
        connectionId: nhs,
        fields: ready,
      });
      expect(posted.status).toBe(202);
      ids.push(id);
    }
    const [first, second, third] = ids as [string, string, string];
    const res = await t.request(org.token, 'GET', `/api/v1/postings?vacancyId=${first}&vacancyId=${second}`);
    expect(res.status).toBe(200);
    const items = (res.body as { items: { vacancyId: string; status: string; board: string }[] }).items;
    expect(items.map((p) => p.vacancyId).sort()).toEqual([first, second].sort());
    expect(items.every((p) => p.status === 'queued' && p.board === 'nhs-jobs')).toBe(true);

    const one = await t.request(org.token, 'GET', `/api/v1/postings?vacancyId=${third}`);
    expect((one.body as { items: { vacancyId: string }[] }).items.map((p) => p.vacancyId)).toEqual([third]);

    const stranger = await t.organisation('Stranger Postings Trust');
    const foreign = await t.request(stranger.token, 'GET', `/api/v1/postings?vacancyId=${first}`);
    expect(foreign.status).toBe(200);
    expect((foreign.body as { items: unknown[] }).items).toEqual([]);

    const bad = await t.request(org.token, 'GET', '/api/v1/postings?vacancyId=nope');
    expect(bad.status).toBe(422);
    expect((bad.body as { error: { issues: { path: string }[] } }).error.issues[0]?.path).toMatch(
      /^vacancyId/,
    );
    const many = Array.from({ length: 101 }, () => `vacancyId=${first}`).join('&');
    expect((await t.request(org.token, 'GET', `/api/v1/postings?${many}`)).status).toBe(422);
  });
});
