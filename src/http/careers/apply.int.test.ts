import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../../test/support/app.js';
import { keyIn, Visitor } from '../../../test/support/visitor.js';
import { boardConnections, postings } from '../../db/schema.js';

type Org = { id: string; slug: string; token: string };
type Vacancy = { id: string; reference: string };
type ApplicationBody = {
  id: string;
  name: string;
  email: string;
  coverNote: string;
  cv: { type: string; size: number; originalName: string };
  source: { kind: string; label: string; postingId: string | null };
};

let t: TestContext;
let acme: Org;
let other: Org;
let open: Vacancy;
let second: Vacancy;
let closed: Vacancy;
let draft: Vacancy;
const tokens = { nhs: 'tok-acme-nhs-0001', s1: 'tok-acme-s1-0001', foreign: 'tok-other-nhs-0001' };
const postingIds: Record<string, string> = {};

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);
/** A ZIP's local file header for `word/document.xml`: enough for Postroom to know a Word file. */
function docx(): Buffer {
  const name = Buffer.from('word/document.xml', 'latin1');
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, name, Buffer.from('<w:document/>', 'latin1')]);
}

async function liveVacancy(org: Org, overrides: Record<string, unknown> = {}): Promise<Vacancy> {
  const created = await t.request(org.token, 'POST', '/api/v1/vacancies', validVacancy(overrides));
  expect(created.status).toBe(201);
  const v = created.body as Vacancy;
  expect((await t.request(org.token, 'POST', `/api/v1/vacancies/${v.id}/publish`)).status).toBe(200);
  return v;
}

/** A posting with a known tracking token, written directly: the board pipeline is not under test. */
async function posting(org: Org, vacancy: Vacancy, board: 'nhs-jobs' | 's1jobs', token: string) {
  const [connection] = await t.database.db
    .insert(boardConnections)
    .values({ organisationId: org.id, board, name: `${board} ${token}`, secrets: 'sealed' })
    .returning();
  const [row] = await t.database.db
    .insert(postings)
    .values({
      organisationId: org.id,
      vacancyId: vacancy.id,
      connectionId: connection!.id,
      board,
      status: 'queued',
      action: 'create',
      trackingToken: token,
      boardReference: `ref-${token}`,
      fields: {},
    })
    .returning();
  postingIds[token] = row!.id;
}

const applyUrl = (v: Vacancy, src?: string) =>
  `/careers/${acme.slug}/${v.reference}/apply${src ? `?src=${src}` : ''}`;

const typed = (key: string, overrides: Record<string, string> = {}) => ({
  submissionKey: key,
  name: 'Ada Lovelace',
  email: 'ada@example.org',
  phone: '07700 900982',
  coverNote: 'I love <b>ward</b> work & patients.',
  consent: 'yes',
  ...overrides,
});

/** Opens the form (for its key) and sends it with a CV. */
async function applyWith(
  visitor: Visitor,
  v: Vacancy,
  cv: { bytes: Buffer; name: string; type: string } | null,
  options: { src?: string; fields?: Record<string, string> } = {},
) {
  const form = await visitor.get(applyUrl(v, options.src));
  expect(form.statusCode).toBe(200);
  return visitor.apply(applyUrl(v, options.src), typed(keyIn(form.body), options.fields), cv);
}

async function applications(org: Org, v: Vacancy, query = '') {
  const response = await t.request(org.token, 'GET', `/api/v1/vacancies/${v.id}/applications${query}`);
  expect(response.status).toBe(200);
  return response.body as { items: ApplicationBody[]; nextCursor: string | null };
}

const pdf = { bytes: PDF, name: 'Ada CV.pdf', type: 'application/pdf' };

beforeAll(async () => {
  t = await createTestContext();
  acme = await t.organisation('Acme Health');
  other = await t.organisation('Other Trust');
  open = await liveVacancy(acme);
  second = await liveVacancy(acme, { title: 'Healthcare Assistant' });
  closed = await liveVacancy(acme, { title: 'Porter' });
  expect((await t.request(acme.token, 'POST', `/api/v1/vacancies/${closed.id}/close`)).status).toBe(200);
  draft = (await t.request(acme.token, 'POST', '/api/v1/vacancies', validVacancy())).body as Vacancy;
  await posting(acme, open, 'nhs-jobs', tokens.nhs);
  await posting(acme, open, 's1jobs', tokens.s1);
  const theirs = await liveVacancy(other);
  await posting(other, theirs, 'nhs-jobs', tokens.foreign);
});

afterAll(async () => {
  await t?.close();
});

describe('the apply form', () => {
  it('has labelled fields, hints, a multipart form with a hidden key and the privacy notice', async () => {
    const response = await new Visitor(t.app).get(applyUrl(open));
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.body;
    expect(body).toContain('enctype="multipart/form-data"');
    for (const id of ['name', 'email', 'phone', 'cv', 'coverNote', 'consent'])
      expect(body).toMatch(new RegExp(`<label for="${id}">`));
    expect(body).toContain('id="cv-hint"');
    expect(keyIn(body)).toMatch(/^[A-Za-z0-9_-]{24}\.[A-Za-z0-9_-]{43}$/);
    expect(body).toContain('href="#privacy"');
    expect(body).not.toContain('There is a problem');
  });

  it('refuses a closed vacancy politely (410) and does not know a draft (404)', async () => {
    const visitor = new Visitor(t.app);
    const gone = await visitor.get(applyUrl(closed));
    expect(gone.statusCode).toBe(410);
    expect(gone.body).toContain('This vacancy has closed');
    const posted = await visitor.apply(applyUrl(closed), typed('k'.repeat(24)), pdf);
    expect(posted.statusCode).toBe(410);
    expect((await applications(acme, closed)).items).toHaveLength(0);
    expect((await visitor.get(applyUrl(draft))).statusCode).toBe(404);
  });
});

describe('attribution', () => {
  it('credits the board whose link first brought the candidate, across the visit', async () => {
    const visitor = new Visitor(t.app);
    const advert = await visitor.get(`/careers/${acme.slug}/${open.reference}?src=${tokens.nhs}`);
    expect(advert.statusCode).toBe(200);
    expect(advert.headers['cache-control']).toMatch(/^private/);
    const cookie = String(advert.headers['set-cookie']);
    expect(cookie).toContain(`postroom_src=${tokens.nhs}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toContain(`Path=/careers/${acme.slug}/${open.reference}`);
    expect(cookie).not.toMatch(/Secure/);

    expect((await visitor.get(`/careers/${acme.slug}`)).statusCode).toBe(200);
    // A later link from another board does not take the credit.
    const later = await visitor.get(`/careers/${acme.slug}/${open.reference}?src=${tokens.s1}`);
    expect(later.headers['set-cookie']).toBeUndefined();

    const sent = await applyWith(visitor, open, pdf);
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain('Application received');
    expect(sent.body).toContain('What happens next');

    const { items } = await applications(acme, open, `?source=${encodeURIComponent('NHS Jobs')}`);
    expect(items).toHaveLength(1);
    expect(items[0]!.source).toEqual({ kind: 'board', label: 'NHS Jobs', postingId: postingIds[tokens.nhs] });
    expect(items[0]).toMatchObject({
      name: 'Ada Lovelace',
      email: 'ada@example.org',
      coverNote: 'I love <b>ward</b> work & patients.',
      cv: { type: 'pdf', size: PDF.length, originalName: 'Ada CV.pdf' },
    });
  });

  it('credits the careers site without a token, a feed by its token, and "Unknown" otherwise', async () => {
    const cases: [string | undefined, string, string][] = [
      [undefined, 'careers', 'Careers site'],
      ['feed-indeed', 'feed', 'Indeed'],
      ['feed-json', 'feed', 'JSON feed'],
      [tokens.s1, 'board', 's1jobs'],
      ['no-such-token', 'unknown', 'Unknown'],
      [tokens.foreign, 'unknown', 'Unknown'],
    ];
    for (const [src, kind, label] of cases) {
      const email = `${label.replace(/\W/g, '')}-${kind}@example.org`;
      const sent = await applyWith(new Visitor(t.app), second, pdf, {
        ...(src ? { src } : {}),
        fields: { email },
      });
      expect(sent.statusCode).toBe(200);
      const found = (await applications(acme, second)).items.find((a) => a.email === email);
      expect(found?.source, String(src)).toMatchObject({ kind, label });
      if (kind !== 'board') expect(found?.source.postingId).toBeNull();
    }
  });

  it('counts applications by source', async () => {
    const counts = await t.request(acme.token, 'GET', `/api/v1/vacancies/${second.id}/applications/counts`);
    expect(counts.status).toBe(200);
    expect(counts.body).toEqual({
      total: 6,
      bySource: [
        { source: 'Unknown', count: 2 },
        { source: 'Careers site', count: 1 },
        { source: 'Indeed', count: 1 },
        { source: 'JSON feed', count: 1 },
        { source: 's1jobs', count: 1 },
      ],
    });
  });
});

describe('checking the upload', () => {
  const typedStays = (body: string) => {
    expect(body).toContain('value="Ada Lovelace"');
    expect(body).toContain('value="ada@example.org"');
    expect(body).toContain('I love &lt;b&gt;ward&lt;/b&gt; work &amp; patients.</textarea>');
    expect(body).toContain('Choose your CV again');
    expect(body).toMatch(/<input id="consent"[^>]* checked/);
  };

  it('refuses a renamed file of another kind and keeps what was typed', async () => {
    const sent = await applyWith(new Visitor(t.app), open, {
      bytes: PNG,
      name: 'cv.pdf',
      type: 'application/pdf',
    });
    expect(sent.statusCode).toBe(422);
    expect(sent.body).toMatch(/<div class="error-summary" role="alert"/);
    expect(sent.body).toContain('There is a problem');
    expect(sent.body).toContain('<a href="#cv">The CV must be a PDF or Word (.docx) file</a>');
    expect(sent.body).toContain('id="cv-error"');
    expect(sent.body).toContain('<title>Error: ');
    typedStays(sent.body);
  });

  it('refuses a file over 5 MB and keeps what was typed', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(6 * 1024 * 1024)]);
    const sent = await applyWith(new Visitor(t.app), open, {
      bytes: big,
      name: 'big.pdf',
      type: 'application/pdf',
    });
    expect(sent.statusCode).toBe(422);
    expect(sent.body).toContain('<a href="#cv">The CV must be 5 MB or smaller</a>');
    typedStays(sent.body);
  });

  it('lists every missing answer, each linked to its field', async () => {
    const sent = await applyWith(new Visitor(t.app), open, null, {
      fields: { name: '', email: 'not-an-address', phone: '', consent: '' },
    });
    expect(sent.statusCode).toBe(422);
    const links = [...sent.body.matchAll(/<li><a href="#(\w+)">/g)].map((m) => m[1]);
    expect(links).toEqual(['name', 'email', 'phone', 'cv', 'consent']);
    expect(sent.body).toContain('Enter an email address in the correct format, like name@example.com');
    expect(sent.body).toContain('value="not-an-address"');
    expect(sent.body).not.toContain('Choose your CV again');
  });

  it('accepts a Word document, recognised by its content', async () => {
    const email = 'word@example.org';
    const sent = await applyWith(
      new Visitor(t.app),
      open,
      { bytes: docx(), name: 'cv.docx', type: 'application/octet-stream' },
      { fields: { email } },
    );
    expect(sent.statusCode).toBe(200);
    const found = (await applications(acme, open)).items.find((a) => a.email === email);
    expect(found?.cv.type).toBe('docx');
  });
});

describe('a double submit', () => {
  it('creates one application and shows the same confirmation', async () => {
    const visitor = new Visitor(t.app);
    const form = await visitor.get(applyUrl(open));
    const fields = typed(keyIn(form.body), { email: 'twice@example.org' });
    const [first, again] = await Promise.all([
      visitor.apply(applyUrl(open), fields, pdf),
      visitor.apply(applyUrl(open), fields, pdf),
    ]);
    const third = await visitor.apply(applyUrl(open), fields, pdf);
    for (const r of [first, again, third]) {
      expect(r.statusCode).toBe(200);
      expect(r.body).toContain('Application received');
    }
    const found = (await applications(acme, open)).items.filter((a) => a.email === 'twice@example.org');
    expect(found).toHaveLength(1);
  });
});

describe('the recruiter API', () => {
  it('pages through applications with a cursor', async () => {
    const first = await applications(acme, second, '?limit=4');
    expect(first.items).toHaveLength(4);
    expect(first.nextCursor).not.toBeNull();
    const rest = await applications(acme, second, `?limit=4&cursor=${first.nextCursor}`);
    expect(rest.items).toHaveLength(2);
    expect(rest.nextCursor).toBeNull();
    const ids = [...first.items, ...rest.items].map((a) => a.id);
    expect(new Set(ids).size).toBe(6);
  });

  it('returns an application and its CV, byte for byte, as an attachment', async () => {
    const [application] = (await applications(acme, open, `?source=${encodeURIComponent('NHS Jobs')}`)).items;
    const one = await t.request(acme.token, 'GET', `/api/v1/applications/${application!.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(application);

    const cv = await t.app.inject({
      method: 'GET',
      url: `/api/v1/applications/${application!.id}/cv`,
      headers: { authorization: `Bearer ${acme.token}` },
    });
    expect(cv.statusCode).toBe(200);
    expect(cv.headers['content-type']).toBe('application/pdf');
    expect(cv.headers['content-disposition']).toBe(
      `attachment; filename="Ada CV.pdf"; filename*=UTF-8''Ada%20CV.pdf`,
    );
    expect(cv.headers['x-content-type-options']).toBe('nosniff');
    expect(cv.rawPayload.equals(PDF)).toBe(true);
  });

  it('keeps CVs under the organisation’s uploads folder, readable by Postroom alone', async () => {
    const folder = join(t.uploadsDir, acme.id);
    const info = await stat(folder);
    expect(info.isDirectory()).toBe(true);
    const files = await readdir(folder);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(file).toMatch(/^[0-9a-f-]{36}\.(pdf|docx)$/);
      expect((await stat(join(folder, file))).mode & 0o777).toBe(0o600);
    }
  });

  it('is described in the OpenAPI document', async () => {
    const doc = await t.request(null, 'GET', '/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    const paths = Object.keys((doc.body as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/vacancies/{id}/applications',
        '/api/v1/vacancies/{id}/applications/counts',
        '/api/v1/applications/{id}',
        '/api/v1/applications/{id}/cv',
      ]),
    );
    expect(paths.some((p) => p.includes('/careers'))).toBe(false);
  });

  it("answers 404 for another organisation's vacancy and application", async () => {
    const [application] = (await applications(acme, open)).items;
    for (const url of [
      `/api/v1/vacancies/${open.id}/applications`,
      `/api/v1/vacancies/${open.id}/applications/counts`,
      `/api/v1/applications/${application!.id}`,
      `/api/v1/applications/${application!.id}/cv`,
    ]) {
      const response = await t.request(other.token, 'GET', url);
      expect(response.status, url).toBe(404);
      expect((response.body as { error: { code: string } }).error.code).toBe('not_found');
    }
  });
});
