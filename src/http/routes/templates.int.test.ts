import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../../test/support/app.js';
import { postings } from '../../db/schema.js';

type Template = {
  id: string;
  name: string;
  sourceReference: string;
  fields: Record<string, unknown>;
  boardFields: Record<string, Record<string, unknown>>;
};
type Vacancy = { id: string; reference: string; title: string; status: string; closingDate: string };
type ErrorBody = { error: { code: string; message: string; issues: { path: string; message: string }[] } };

const ABOUT =
  'Demo NHS Trust provides acute, community and mental health services to 600,000 people across the west of Scotland.';
const nhsFields = {
  mainDuties: ABOUT,
  staffGroup: 'NURSING_AND_MIDWIFERY_REGISTERED',
  payScheme: 'AGENDA_FOR_CHANGE',
  payBand: 'BAND_5',
};

let t: TestContext;
let org: { id: string; slug: string; token: string };
let other: { id: string; slug: string; token: string };
let posted: Vacancy;
let postingId: string;

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, token = org.token) =>
  t.request(token, method, url, body);
const save = (vacancyId: string, name: unknown, token = org.token) =>
  api('POST', `/api/v1/vacancies/${vacancyId}/template`, { name }, token);

beforeAll(async () => {
  t = await createTestContext();
  org = await t.organisation('Template Trust');
  other = await t.organisation('Other Trust');
  await api('PATCH', '/api/v1/organisation', { about: ABOUT, replyToEmail: 'jobs@t.example' });
  const connection = await api('POST', '/api/v1/connections', {
    board: 'nhs-jobs',
    name: 'NHS Jobs',
    settings: { organisationId: 'DEMO-ORG', accountId: 'DEMO-ACCOUNT', apiKey: 'the-key', testMode: true },
  });
  const created = await api(
    'POST',
    '/api/v1/vacancies',
    validVacancy({ reference: 'WARD-7', summary: `${ABOUT} A friendly ward.`, category: 'Nursing' }),
  );
  posted = created.body as Vacancy;
  await api('POST', `/api/v1/vacancies/${posted.id}/publish`);
  const posting = await api('POST', `/api/v1/vacancies/${posted.id}/postings`, {
    connectionId: (connection.body as { id: string }).id,
    fields: { ...nhsFields, jobTitle: 'Staff Nurse (Ward 7)' },
  });
  expect(posting.status).toBe(202);
  postingId = (posting.body as { id: string }).id;
});
afterAll(async () => t.close());

describe('vacancy templates', () => {
  it('saves a vacancy with the fields set per board, but not its reference', async () => {
    const res = await save(posted.id, '  Ward nurse  ');
    expect(res.status).toBe(201);
    const template = res.body as Template;
    expect(res.headers.location).toBe(`/api/v1/templates/${template.id}`);
    expect(template).toMatchObject({ name: 'Ward nurse', sourceReference: 'WARD-7' });
    expect(template.fields).toMatchObject({
      title: 'Staff Nurse',
      category: 'Nursing',
      closingDate: '2026-12-20',
    });
    expect(template.fields).not.toHaveProperty('reference');
    // What the recruiter typed for NHS Jobs, not what the vacancy pre-fills, nor the posting's reference.
    expect(template.boardFields).toEqual({ 'nhs-jobs': { ...nhsFields, jobTitle: 'Staff Nurse (Ward 7)' } });
  });

  it.each([
    ['', 'Give the template a name'],
    ['   ', 'Give the template a name'],
    ['x'.repeat(101), 'Keep the name to 100 characters or fewer'],
  ])('refuses the name %j with a message on the field', async (name, message) => {
    const res = await save(posted.id, name);
    expect(res.status).toBe(422);
    expect((res.body as ErrorBody).error.issues).toEqual([{ path: 'name', message }]);
  });

  it('refuses a name the organisation already uses, whatever its case; another organisation may use it', async () => {
    const res = await save(posted.id, 'WARD NURSE');
    expect(res.status).toBe(409);
    expect((res.body as ErrorBody).error.issues).toEqual([
      { path: 'name', message: 'There is already a template called "WARD NURSE": choose another name' },
    ]);
    const theirs = await api('POST', '/api/v1/vacancies', validVacancy(), other.token);
    expect((await save((theirs.body as Vacancy).id, 'Ward nurse', other.token)).status).toBe(201);
  });

  it('lists the organisation’s templates by name, and no other organisation’s', async () => {
    expect((await save(posted.id, 'another ward')).status).toBe(201);
    const mine = (await api('GET', '/api/v1/templates')).body as { items: Template[] };
    expect(mine.items.map((x) => x.name)).toEqual(['another ward', 'Ward nurse']);
    const theirs = (await api('GET', '/api/v1/templates', undefined, other.token)).body as {
      items: Template[];
    };
    expect(theirs.items.map((x) => x.sourceReference)).not.toContain('WARD-7');
  });

  it('starts a new draft from a template, with a new reference and its origin in the activity log', async () => {
    const { items } = (await api('GET', '/api/v1/templates')).body as { items: Template[] };
    const template = items.find((x) => x.name === 'Ward nurse')!;
    const res = await api('POST', `/api/v1/templates/${template.id}/vacancies`);
    expect(res.status).toBe(201);
    const draft = res.body as Vacancy;
    expect(res.headers.location).toBe(`/api/v1/vacancies/${draft.id}`);
    expect(draft).toMatchObject({ status: 'draft', title: 'Staff Nurse', closingDate: '2026-12-20' });
    expect(draft.reference).not.toBe('WARD-7');
    const log = (await api('GET', `/api/v1/vacancies/${draft.id}/activity`)).body as {
      items: { action: string; changes: Record<string, { to: unknown }> }[];
    };
    expect(log.items[0]?.action).toBe('copied');
    expect(log.items[0]?.changes.template?.to).toBe('Ward nurse');
    expect(log.items[0]?.changes.copiedFrom?.to).toBe('WARD-7');
  });

  it('keeps templates to their organisation', async () => {
    const { items } = (await api('GET', '/api/v1/templates')).body as { items: Template[] };
    const id = items[0]!.id;
    for (const [method, url] of [
      ['GET', `/api/v1/templates/${id}`],
      ['DELETE', `/api/v1/templates/${id}`],
      ['POST', `/api/v1/templates/${id}/vacancies`],
    ] as const) {
      const res = await api(method, url, undefined, other.token);
      expect(res.status, `${method} ${url}`).toBe(404);
      expect((res.body as ErrorBody).error.message).toBe('Template was not found.');
    }
    expect((await save(posted.id, 'Theirs now', other.token)).status).toBe(404);
    expect((await api('GET', `/api/v1/templates/${id}`)).status).toBe(200);
    expect((await api('GET', '/api/v1/templates/not-an-id')).status).toBe(404);
  });

  it('deletes a template; a vacancy started from it stays', async () => {
    const { items } = (await api('GET', '/api/v1/templates')).body as { items: Template[] };
    const template = items.find((x) => x.name === 'another ward')!;
    const draft = (await api('POST', `/api/v1/templates/${template.id}/vacancies`)).body as Vacancy;
    expect((await api('DELETE', `/api/v1/templates/${template.id}`)).status).toBe(204);
    expect((await api('GET', `/api/v1/templates/${template.id}`)).status).toBe(404);
    expect((await api('DELETE', `/api/v1/templates/${template.id}`)).status).toBe(404);
    expect((await api('GET', `/api/v1/vacancies/${draft.id}`)).status).toBe(200);
    const after = (await api('GET', '/api/v1/templates')).body as { items: Template[] };
    expect(after.items.map((x) => x.name)).toEqual(['Ward nurse']);
  });

  it('takes no board fields from a posting made before overrides were kept: they cannot be told from the pre-fill', async () => {
    await t.database.db.update(postings).set({ overrides: null }).where(eq(postings.id, postingId));
    const res = await save(posted.id, 'From an old posting');
    expect(res.status).toBe(201);
    expect((res.body as Template).boardFields).toEqual({});
  });
});
