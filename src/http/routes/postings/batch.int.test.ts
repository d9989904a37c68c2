import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../../../test/support/app.js';

type Result = {
  index: number;
  status: number;
  posting?: { id: string; status: string; vacancyId: string; fields: Record<string, unknown> };
  error?: { code: string; message: string; issues: { path: string; message: string }[] };
};
type Batch = { succeeded: number; failed: number; results: Result[] };

const ABOUT =
  'Batch NHS Trust provides acute, community and mental health services to 600,000 people across the west of Scotland.';
const NHS_FIELDS = {
  mainDuties: ABOUT,
  staffGroup: 'NURSING_AND_MIDWIFERY_REGISTERED',
  payScheme: 'AGENDA_FOR_CHANGE',
  payBand: 'BAND_5',
};

let t: TestContext;
type Org = { token: string; nhs: string };
let ours: Org;
let theirs: Org;

async function organisation(name: string): Promise<Org> {
  const { token } = await t.organisation(name);
  await t.request(token, 'PATCH', '/api/v1/organisation', {
    about: ABOUT,
    replyToEmail: 'jobs@batch.example',
  });
  const created = await t.request(token, 'POST', '/api/v1/connections', {
    board: 'nhs-jobs',
    name: 'NHS Jobs',
    settings: { organisationId: 'DEMO-ORG', accountId: 'DEMO-ACCOUNT', apiKey: 'k', testMode: true },
  });
  return { token, nhs: (created.body as { id: string }).id };
}

async function vacancy(org: Org, reference: string, publish = true) {
  const created = await t.request(
    org.token,
    'POST',
    '/api/v1/vacancies',
    validVacancy({ reference, summary: `${ABOUT} A friendly ward.` }),
  );
  const id = (created.body as { id: string }).id;
  if (publish) await t.request(org.token, 'POST', `/api/v1/vacancies/${id}/publish`);
  return id;
}

async function posted(org: Org, reference: string) {
  const vacancyId = await vacancy(org, reference);
  const res = await t.request(org.token, 'POST', `/api/v1/vacancies/${vacancyId}/postings`, {
    connectionId: org.nhs,
    fields: NHS_FIELDS,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return (res.body as { id: string }).id;
}

const batch = (org: Org, items: unknown[], headers?: Record<string, string>) =>
  t.request(org.token, 'POST', '/api/v1/postings/batch', { items }, headers);

beforeAll(async () => {
  t = await createTestContext();
  ours = await organisation('Batch Trust');
  theirs = await organisation('Other Trust');
});
afterAll(async () => t.close());

describe('POST /postings/batch', () => {
  it('answers each item on its own: good ones go, bad ones say why, and the rest still go', async () => {
    const good = await vacancy(ours, 'B-1');
    const incomplete = await vacancy(ours, 'B-2');
    const draft = await vacancy(ours, 'B-3', false);
    const toUpdate = await posted(ours, 'B-4');
    const toClose = await posted(ours, 'B-5');
    const foreignVacancy = await vacancy(theirs, 'T-1');
    const foreignPosting = await posted(theirs, 'T-2');
    const res = await batch(ours, [
      { action: 'post', vacancyId: good, connectionId: ours.nhs, fields: NHS_FIELDS },
      { action: 'post', vacancyId: incomplete, connectionId: ours.nhs },
      { action: 'post', vacancyId: draft, connectionId: ours.nhs, fields: NHS_FIELDS },
      { action: 'post', vacancyId: foreignVacancy, connectionId: ours.nhs, fields: NHS_FIELDS },
      { action: 'close', postingId: foreignPosting },
      { action: 'update', postingId: foreignPosting, fields: { payBand: 'BAND_6' } },
      { action: 'post', vacancyId: good, connectionId: theirs.nhs, fields: NHS_FIELDS },
      { action: 'update', postingId: toUpdate, fields: { payBand: 'BAND_6' } },
      { action: 'close', postingId: toClose },
      { action: 'post', vacancyId: good, connectionId: ours.nhs, fields: NHS_FIELDS },
      { action: 'close', postingId: 'not-an-id' },
    ]);
    expect(res.status).toBe(200);
    const body = res.body as Batch;
    expect(body.results.map((r) => [r.index, r.status, r.error?.code ?? null])).toEqual([
      [0, 202, null],
      [1, 422, 'validation_failed'],
      [2, 409, 'not_advertised'],
      [3, 404, 'not_found'],
      [4, 404, 'not_found'],
      [5, 404, 'not_found'],
      [6, 404, 'not_found'],
      [7, 202, null],
      [8, 202, null],
      [9, 409, 'conflict'],
      [10, 404, 'not_found'],
    ]);
    expect({ succeeded: body.succeeded, failed: body.failed }).toEqual({ succeeded: 3, failed: 8 });
    expect(body.results[0]?.posting).toMatchObject({ vacancyId: good, status: 'queued' });
    expect(body.results[1]?.error?.issues.map((i) => i.path)).toContain('fields.staffGroup');
    expect(body.results[7]?.posting?.fields.payBand).toBe('BAND_6');
    expect(body.results[8]?.posting?.status).toBe('closed');
    // The other organisation's posting was neither closed nor changed.
    const foreign = await t.request(theirs.token, 'GET', `/api/v1/postings/${foreignPosting}`);
    expect(foreign.body).toMatchObject({ status: 'queued', fields: { payBand: 'BAND_5' } });
  });

  it('refuses more than 100 items, and a malformed item, with a clear message', async () => {
    const items = Array.from({ length: 101 }, () => ({ action: 'close', postingId: 'x' }));
    const tooMany = await batch(ours, items);
    expect(tooMany.status).toBe(422);
    expect(JSON.stringify(tooMany.body)).toContain('at most 100 items');
    const empty = await batch(ours, []);
    expect(empty.status).toBe(422);
    const malformed = await batch(ours, [{ action: 'close' }]);
    expect(malformed.status).toBe(422);
    expect((malformed.body as { error: { issues: { path: string }[] } }).error.issues[0]?.path).toMatch(
      /^items\.0/,
    );
  });

  it('answers a retry with the same Idempotency-Key with the first result, posting once', async () => {
    const id = await vacancy(ours, 'B-6');
    const items = [{ action: 'post', vacancyId: id, connectionId: ours.nhs, fields: NHS_FIELDS }];
    const first = await batch(ours, items, { 'idempotency-key': 'batch-retry-1' });
    const again = await batch(ours, items, { 'idempotency-key': 'batch-retry-1' });
    expect(first.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((again.body as Batch).results[0]?.status).toBe(202);
  });
});
