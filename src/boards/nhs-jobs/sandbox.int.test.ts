import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NhsJobsDraft } from './rules.js';
import { nhsJobsSandbox, type StoredDraft } from './sandbox.js';

const NOW = new Date('2030-06-14T09:00:00Z');
const DEMO = { organisationId: 'DEMO-ORG', accountId: 'DEMO-ACCOUNT', apiKey: 'demo-nhs-key' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  app = Fastify();
  await app.register(nhsJobsSandbox, { prefix: '/sandbox/nhs-jobs', now: () => NOW });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/sandbox/nhs-jobs`;
});
afterAll(async () => {
  await app.close();
});
beforeEach(async () => {
  await fetch(`${base}/_faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  await fetch(`${base}/_inspect/reset`, { method: 'POST' });
});

function draft(reference = 'C9-2030-117'): NhsJobsDraft {
  return {
    jobTitle: 'Staff Nurse',
    jobReference: reference,
    contractType: 'FIXED_TERM',
    contractDuration: { length: 12, unit: 'MONTHS' },
    workingPatterns: ['FULL_TIME'],
    staffGroup: 'NURSING_AND_MIDWIFERY_REGISTERED',
    payScheme: 'AGENDA_FOR_CHANGE',
    payBand: 'BAND_5',
    salary: { type: 'RANGE', min: 29_970, max: 36_483, period: 'YEAR' },
    address: { line1: 'Leeds General Infirmary', town: 'Leeds', postcode: 'LS1 3EX' },
    closingDate: '2030-07-01',
    jobOverview:
      'Join our friendly surgical ward team, caring for adults before and after their operations. Ça va bien, 😀 we hope.',
    mainDuties:
      'Assess, plan and deliver safe, compassionate nursing care; supervise students; support the whole ward team.',
    aboutOrganisation:
      'We are a large teaching hospital trust in West Yorkshire, serving 800,000 people from five main hospital sites.',
    jobDescription: '<h2>About the role</h2><p>You will lead a small team of nurses.</p>',
    contactEmail: 'recruitment@example.nhs.uk',
    applyUrl: 'https://careers.example.org/jobs/C9-2030-117/apply?src=nhs-jobs',
  };
}

interface Call {
  path?: string;
  method?: string;
  body?: unknown;
  rawBody?: string;
  apiKey?: string;
  accountId?: string;
  organisationId?: string;
  timeoutMs?: number;
}

/** One call to the board's API, as Postroom's adapter makes it. */
async function api({
  path = '',
  method = 'GET',
  body,
  rawBody,
  apiKey = DEMO.apiKey,
  accountId = DEMO.accountId,
  organisationId = DEMO.organisationId,
  timeoutMs = 5000,
}: Call) {
  const response = await fetch(`${base}/api/v1/organisations/${organisationId}/vacancy-drafts${path}`, {
    method,
    headers: {
      authorization: `Bearer ${apiKey}`,
      'x-account-id': accountId,
      ...(body !== undefined || rawBody !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.includes('application/json');
  return {
    status: response.status,
    headers: response.headers,
    json: isJson ? JSON.parse(text) : undefined,
    text,
  };
}

async function stored(): Promise<StoredDraft[]> {
  const response = await fetch(`${base}/_inspect/drafts`);
  return ((await response.json()) as { drafts: StoredDraft[] }).drafts;
}

async function setFaults(faults: Record<string, number>) {
  const response = await fetch(`${base}/_faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  expect(response.status).toBe(200);
}

describe('NHS Jobs sandbox', () => {
  it('creates a draft: 201 with id, reference, DRAFT status, link and the stored fields', async () => {
    const created = await api({ method: 'POST', body: draft() });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ ...draft(), jobReference: 'C9-2030-117', status: 'DRAFT' });
    expect(created.json.id).toMatch(UUID);
    expect(created.json.url).toBe(`${base}/employer/drafts/${created.json.id}`);
    expect(await stored()).toMatchObject([
      {
        id: created.json.id,
        organisationId: 'DEMO-ORG',
        accountId: 'DEMO-ACCOUNT',
        body: draft(),
        status: 'DRAFT',
        createCount: 1,
      },
    ]);
  });

  it('answers a second create with the same reference 409 DUPLICATE_REFERENCE and the existing id', async () => {
    const first = await api({ method: 'POST', body: draft() });
    const second = await api({ method: 'POST', body: { ...draft(), jobTitle: 'Senior Staff Nurse' } });
    expect(second.status).toBe(409);
    expect(second.json).toEqual({ error: 'DUPLICATE_REFERENCE', id: first.json.id });
    const [only, ...rest] = await stored();
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ createCount: 2, body: { jobTitle: 'Staff Nurse' } });
  });

  it('keeps references per account: another organisation may use the same one', async () => {
    await api({ method: 'POST', body: draft() });
    const other = await api({
      method: 'POST',
      body: draft(),
      apiKey: 'other-nhs-key',
      accountId: 'OTHER-ACCOUNT',
      organisationId: 'OTHER-ORG',
    });
    expect(other.status).toBe(201);
    expect(await stored()).toHaveLength(2);
  });

  it('updates a draft: 200 with the same shape and the new fields', async () => {
    const { json: created } = await api({ method: 'POST', body: draft() });
    const updated = await api({
      method: 'PUT',
      path: `/${created.id}`,
      body: { ...draft(), jobTitle: 'Charge Nurse' },
    });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({
      id: created.id,
      jobReference: 'C9-2030-117',
      status: 'DRAFT',
      url: created.url,
      jobTitle: 'Charge Nurse',
    });
    expect((await stored())[0]?.body.jobTitle).toBe('Charge Nurse');
  });

  it('refuses to update a draft the employer has published: 409 ALREADY_PUBLISHED, nothing changed', async () => {
    const { json: created } = await api({ method: 'POST', body: draft() });
    const published = await fetch(`${base}/_inspect/drafts/${created.id}/publish`, { method: 'POST' });
    expect(published.status).toBe(200);
    const updated = await api({
      method: 'PUT',
      path: `/${created.id}`,
      body: { ...draft(), jobTitle: 'Charge Nurse' },
    });
    expect(updated.status).toBe(409);
    expect(updated.json).toEqual({ error: 'ALREADY_PUBLISHED' });
    expect((await stored())[0]).toMatchObject({ status: 'PUBLISHED', body: { jobTitle: 'Staff Nurse' } });
  });

  it('reads a draft status: DRAFT, then PUBLISHED, then CLOSED', async () => {
    const { json: created } = await api({ method: 'POST', body: draft() });
    const read = async () => (await api({ path: `/${created.id}` })).json.status;
    expect(await read()).toBe('DRAFT');
    await fetch(`${base}/_inspect/drafts/${created.id}/publish`, { method: 'POST' });
    expect(await read()).toBe('PUBLISHED');
    await fetch(`${base}/_inspect/drafts/${created.id}/close`, { method: 'POST' });
    expect(await read()).toBe('CLOSED');
    expect((await api({ path: '/00000000-0000-4000-8000-000000000000' })).status).toBe(404);
  });

  it('looks drafts up by reference, within the account only', async () => {
    const { json: created } = await api({ method: 'POST', body: draft() });
    await api({ method: 'POST', body: draft('OTHER-REF') });
    const found = await api({ path: '?jobReference=C9-2030-117' });
    expect(found.status).toBe(200);
    expect(found.json.items).toHaveLength(1);
    expect(found.json.items[0]).toMatchObject({
      id: created.id,
      jobReference: 'C9-2030-117',
      status: 'DRAFT',
    });
    expect((await api({ path: '?jobReference=NOPE' })).json).toEqual({ items: [] });
    const fromOther = await api({
      path: '?jobReference=C9-2030-117',
      apiKey: 'other-nhs-key',
      accountId: 'OTHER-ACCOUNT',
      organisationId: 'OTHER-ORG',
    });
    expect(fromOther.json).toEqual({ items: [] });
  });

  it('answers 401 to a bad or missing key, and stores nothing', async () => {
    const bad = await api({ method: 'POST', body: draft(), apiKey: 'wrong-key' });
    expect(bad.status).toBe(401);
    expect(bad.json).toEqual({ error: expect.any(String) });
    const missing = await fetch(`${base}/api/v1/organisations/DEMO-ORG/vacancy-drafts`);
    expect(missing.status).toBe(401);
    expect(await stored()).toEqual([]);
  });

  it("answers 403 to the demo key on another organisation's path or with another account id", async () => {
    const otherOrg = await api({ method: 'POST', body: draft(), organisationId: 'OTHER-ORG' });
    expect(otherOrg.status).toBe(403);
    expect(otherOrg.json).toEqual({ error: expect.any(String) });
    const otherAccount = await api({ method: 'POST', body: draft(), accountId: 'OTHER-ACCOUNT' });
    expect(otherAccount.status).toBe(403);
    expect(await stored()).toEqual([]);
  });

  it("hides one account's drafts from another", async () => {
    const { json: created } = await api({ method: 'POST', body: draft() });
    const other = { apiKey: 'other-nhs-key', accountId: 'OTHER-ACCOUNT', organisationId: 'OTHER-ORG' };
    expect((await api({ path: `/${created.id}`, ...other })).status).toBe(404);
    expect((await api({ method: 'PUT', path: `/${created.id}`, body: draft(), ...other })).status).toBe(404);
  });

  it('answers 400 with each field error for an invalid draft, and stores nothing', async () => {
    const { contractDuration: _, ...withoutDuration } = draft();
    const invalid = await api({
      method: 'POST',
      body: {
        ...withoutDuration,
        jobOverview: 'Too short.',
        salary: { type: 'RANGE', min: 40_000, max: 30_000, period: 'YEAR' },
      },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json).toEqual({
      errors: [
        {
          field: 'jobOverview',
          message: 'Please Enter Job overview. Character minLength: 100, maxLength: 1000.',
        },
        { field: 'contractDuration', message: 'Please fill the required fields' },
        { field: 'salary', message: 'The salary you have entered is not valid.' },
      ],
    });
    expect(await stored()).toEqual([]);
  });

  it('uses the UK date of its clock for the closing-date rule', async () => {
    const closingToday = await api({ method: 'POST', body: { ...draft(), closingDate: '2030-06-14' } });
    expect(closingToday.json).toEqual({
      errors: [{ field: 'closingDate', message: 'Closing date must be after today.' }],
    });
  });

  it('answers 400 to malformed JSON', async () => {
    const malformed = await api({ method: 'POST', rawBody: '{"jobTitle": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.json).toEqual({
      errors: [{ field: 'body', message: 'The request body is not valid JSON.' }],
    });
  });

  it("gives the seed's too-long message to a 1,001-character overview, and its too-short one to 99", async () => {
    const tooLong = await api({ method: 'POST', body: { ...draft(), jobOverview: 'x'.repeat(1001) } });
    expect(tooLong.json).toEqual({
      errors: [{ field: 'jobOverview', message: 'You have exceeded the words max limit, max limit is 1000' }],
    });
    const tooShort = await api({ method: 'POST', body: { ...draft(), jobOverview: 'x'.repeat(99) } });
    expect(tooShort.json).toEqual({
      errors: [
        {
          field: 'jobOverview',
          message: 'Please Enter Job overview. Character minLength: 100, maxLength: 1000.',
        },
      ],
    });
  });

  it("answers an unknown method in the board's error shape, with the methods it allows", async () => {
    const created = await api({ method: 'POST', body: draft() });
    const deleted = await api({ method: 'DELETE', path: `/${created.json.id}` });
    expect(deleted.status).toBe(405);
    expect(deleted.headers.get('allow')).toBe('GET, PUT');
    expect(deleted.json).toEqual({ error: 'DELETE is not allowed here; use GET or PUT.' });
    const patched = await api({ method: 'PATCH', body: draft() });
    expect(patched.status).toBe(405);
    expect(patched.json).toEqual({ error: 'PATCH is not allowed here; use GET or POST.' });
    const nowhere = await fetch(`${base}/api/v2/elsewhere`);
    expect(nowhere.status).toBe(404);
    expect(await nowhere.json()).toEqual({ error: 'NOT_FOUND' });
    expect((await stored()).map((d) => d.status)).toEqual(['DRAFT']);
  });

  describe("the employer's page at the draft link", () => {
    const form = (url: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: '',
        redirect: 'manual',
      });

    it("lists the organisation's drafts, escaped, with a Publish button that publishes by a plain form post", async () => {
      const mine = await api({
        method: 'POST',
        body: { ...draft(), jobTitle: 'Nurse <script>alert(1)</script>' },
      });
      await api({ method: 'POST', body: draft('C9-2030-118') });
      const other = { organisationId: 'OTHER-ORG', accountId: 'OTHER-ACCOUNT', apiKey: 'other-nhs-key' };
      await api({ method: 'POST', body: { ...draft('OTHER-1'), jobTitle: 'Porter' }, ...other });

      const page = await fetch(mine.json.url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      const text = await page.text();
      expect(text).toContain('Nurse &lt;script&gt;alert(1)&lt;/script&gt;');
      expect(text).not.toContain('<script>');
      expect(text).toContain('C9-2030-118');
      expect(text).not.toContain('Porter');
      const action = `/sandbox/nhs-jobs/employer/drafts/${mine.json.id}/publish`;
      expect(text).toContain(`<form method="post" action="${action}"><button type="submit">Publish</button>`);

      const published = await form(`${base}/employer/drafts/${mine.json.id}/publish`);
      expect(published.status).toBe(303);
      expect(published.headers.get('location')).toBe(`/sandbox/nhs-jobs/employer/drafts/${mine.json.id}`);
      const read = await api({ path: `/${mine.json.id}` });
      expect(read.json.status).toBe('PUBLISHED');
      expect(await (await fetch(mine.json.url)).text()).toContain('Published: live on NHS Jobs');
      const update = await api({ method: 'PUT', path: `/${mine.json.id}`, body: draft() });
      expect(update.json).toEqual({ error: 'ALREADY_PUBLISHED' });

      expect((await form(`${base}/employer/drafts/${mine.json.id}/close`)).status).toBe(303);
      expect((await api({ path: `/${mine.json.id}` })).json.status).toBe('CLOSED');
      // A closed advert cannot be published again.
      await form(`${base}/employer/drafts/${mine.json.id}/publish`);
      expect((await api({ path: `/${mine.json.id}` })).json.status).toBe('CLOSED');
    });

    it('answers 404 for a draft it does not have', async () => {
      const page = await fetch(`${base}/employer/drafts/no-such-draft`);
      expect(page.status).toBe(404);
      expect(await page.text()).toContain('This draft does not exist');
    });
  });

  describe('faults', () => {
    it('errorRate 1: 503 and nothing stored', async () => {
      await setFaults({ errorRate: 1 });
      const answer = await api({ method: 'POST', body: draft() });
      expect(answer.status).toBe(503);
      expect(await stored()).toEqual([]);
    });

    it('rateLimitRate 1: 429 with Retry-After, and nothing stored', async () => {
      await setFaults({ rateLimitRate: 1, retryAfterSeconds: 7 });
      const answer = await api({ method: 'POST', body: draft() });
      expect(answer.status).toBe(429);
      expect(answer.headers.get('retry-after')).toBe('7');
      expect(await stored()).toEqual([]);
    });

    it('timeoutRate 1: the draft is stored but the client times out not knowing', async () => {
      await setFaults({ timeoutRate: 1 });
      await expect(api({ method: 'POST', body: draft(), timeoutMs: 300 })).rejects.toThrow(
        /aborted|timeout/i,
      );
      expect(await stored()).toMatchObject([{ body: { jobReference: 'C9-2030-117' }, createCount: 1 }]);
    });

    it('{} clears the faults', async () => {
      await setFaults({ errorRate: 1 });
      expect((await api({ method: 'POST', body: draft() })).status).toBe(503);
      await setFaults({});
      expect((await api({ method: 'POST', body: draft() })).status).toBe(201);
    });
  });
});
