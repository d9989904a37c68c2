import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../../test/support/app.js';

type Body = Record<string, unknown> & {
  error?: { code: string; message: string; issues: { path: string; message: string }[] };
};

let t: TestContext;
let acme: { id: string; slug: string; token: string };
let other: { id: string; slug: string; token: string };

beforeAll(async () => {
  t = await createTestContext();
  acme = await t.organisation('Acme Health');
  other = await t.organisation('Other Trust');
});
afterAll(async () => t.close());

const create = async (overrides: Record<string, unknown> = {}, token = acme.token) =>
  t.request(token, 'POST', '/api/v1/vacancies', validVacancy(overrides));

describe('vacancies API', () => {
  it('creates a draft with a generated reference, sanitised description and normalised postcode', async () => {
    const res = await create({
      location: { line1: '1 High St', town: 'Glasgow', postcode: ' g2  1dy ' },
      description:
        '<p onclick="steal()">Hello <script>alert(1)</script><a href="javascript:alert(1)">x</a></p>',
    });
    expect(res.status).toBe(201);
    const v = res.body as Body;
    expect(v.status).toBe('draft');
    expect(v.reference).toMatch(/^PR-[A-Z0-9]{6}$/);
    expect((v.location as Record<string, string>).postcode).toBe('G2 1DY');
    expect(v.description).not.toMatch(/script|onclick|javascript/i);
    expect(v.description).toContain('Hello');
    expect(res.headers.location).toBe(`/api/v1/vacancies/${v.id}`);
    expect(res.headers.etag).toBe('"1"');
  });

  it('reports every invalid field of a create request as its own issue', async () => {
    const res = await t.request(acme.token, 'POST', '/api/v1/vacancies', {
      title: '',
      employmentType: 'forever',
      hours: 'full_time',
      workplace: 'onsite',
      location: { line1: '1 High St', town: 'Glasgow', postcode: 'G2' },
      salary: { min: 40000, max: 30000, period: 'year' },
      description: '<p>Text</p>',
      replyToEmail: 'not-an-email',
      closingDate: '2026-11-23',
      videoUrl: 'https://vimeo.com/123',
      colour: 'blue',
    });
    expect(res.status).toBe(422);
    const body = res.body as Body;
    expect(body.error?.code).toBe('validation_failed');
    const paths = body.error?.issues.map((i) => i.path).sort();
    expect(paths).toEqual(
      [
        'closingDate',
        'colour',
        'employmentType',
        'location.postcode',
        'replyToEmail',
        'salary.min',
        'title',
        'videoUrl',
      ].sort(),
    );
    for (const issue of body.error?.issues ?? []) expect(issue.message.length).toBeGreaterThan(5);
  });

  it('names each missing required field', async () => {
    const res = await t.request(acme.token, 'POST', '/api/v1/vacancies', {});
    expect(res.status).toBe(422);
    const issues = (res.body as Body).error?.issues ?? [];
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i.message]));
    expect(Object.keys(byPath).sort()).toEqual(
      ['closingDate', 'description', 'employmentType', 'hours', 'location', 'title', 'workplace'].sort(),
    );
    expect(byPath.title).toBe('Enter the job title');
    expect(byPath.closingDate).toBe('Enter a closing date');
  });

  it('refuses a contract length on a permanent post and accepts it on a fixed-term one', async () => {
    const bad = await create({ contractLength: { length: 6, unit: 'months' } });
    expect(bad.status).toBe(422);
    expect((bad.body as Body).error?.issues.map((i) => i.path)).toEqual(['contractLength']);
    const good = await create({
      employmentType: 'fixed_term',
      contractLength: { length: 6, unit: 'months' },
    });
    expect(good.status).toBe(201);
  });

  it('keeps references unique per organisation, but not across organisations', async () => {
    expect((await create({ reference: 'REF-UNIQUE-1' })).status).toBe(201);
    const dup = await create({ reference: 'REF-UNIQUE-1' });
    expect(dup.status).toBe(409);
    expect((dup.body as Body).error?.code).toBe('reference_taken');
    expect((dup.body as Body).error?.issues[0]?.path).toBe('reference');
    expect((await create({ reference: 'REF-UNIQUE-1' }, other.token)).status).toBe(201);
  });

  it('edits, publishes and closes a vacancy, logging who changed what', async () => {
    const created = (await create({ reference: 'LIFE-1' })).body as Body;
    const id = created.id as string;

    const patched = await t.request(acme.token, 'PATCH', `/api/v1/vacancies/${id}`, {
      title: 'Senior Staff Nurse',
      summary: null,
    });
    expect(patched.status).toBe(200);
    expect((patched.body as Body).title).toBe('Senior Staff Nurse');
    expect((patched.body as Body).summary).toBeNull();
    expect((patched.body as Body).version).toBe(2);

    const stale = await t.request(
      acme.token,
      'PATCH',
      `/api/v1/vacancies/${id}`,
      { title: 'X' },
      { 'if-match': '"1"' },
    );
    expect(stale.status).toBe(412);
    expect((stale.body as Body).error?.code).toBe('version_mismatch');

    const published = await t.request(acme.token, 'POST', `/api/v1/vacancies/${id}/publish`);
    expect(published.status).toBe(200);
    expect((published.body as Body).status).toBe('live');
    expect((published.body as Body).publishedAt).toBe('2026-11-23T10:00:00.000Z');

    const again = await t.request(acme.token, 'POST', `/api/v1/vacancies/${id}/publish`);
    expect((again.body as Body).version).toBe((published.body as Body).version);

    const closed = await t.request(acme.token, 'POST', `/api/v1/vacancies/${id}/close`, '');
    expect(closed.status).toBe(200);
    expect((closed.body as Body).status).toBe('closed');

    const editClosed = await t.request(acme.token, 'PATCH', `/api/v1/vacancies/${id}`, { title: 'Again' });
    expect(editClosed.status).toBe(409);
    expect((editClosed.body as Body).error?.code).toBe('invalid_state');
    const republish = await t.request(acme.token, 'POST', `/api/v1/vacancies/${id}/publish`);
    expect(republish.status).toBe(409);

    const log = await t.request(acme.token, 'GET', `/api/v1/vacancies/${id}/activity`);
    const items = (
      log.body as {
        items: {
          action: string;
          actor: { label: string };
          changes: Record<string, { from: unknown; to: unknown }>;
        }[];
      }
    ).items;
    expect(items.map((i) => i.action)).toEqual(['created', 'updated', 'published', 'closed']);
    expect(items[1]?.changes.title).toEqual({ from: 'Staff Nurse', to: 'Senior Staff Nurse' });
    expect(items[1]?.changes.summary).toEqual({ from: 'A Band 5 post on a friendly ward.', to: null });
    expect(items[1]?.actor.label).toBe('API token "test"');
    expect(items[3]?.changes.status).toEqual({ from: 'live', to: 'closed' });
  });

  it('copies a closed vacancy into a new draft with a new reference', async () => {
    const original = (
      await create({
        reference: 'COPY-SRC',
        employmentType: 'fixed_term',
        contractLength: { length: 9, unit: 'months' },
      })
    ).body as Body;
    await t.request(acme.token, 'POST', `/api/v1/vacancies/${original.id}/close`);
    const res = await t.request(acme.token, 'POST', `/api/v1/vacancies/${original.id}/copy`);
    expect(res.status).toBe(201);
    const copy = res.body as Body;
    expect(copy.id).not.toBe(original.id);
    expect(copy.reference).toMatch(/^PR-/);
    expect(copy.status).toBe('draft');
    expect(copy.version).toBe(1);
    expect(copy.publishedAt).toBeNull();
    for (const key of [
      'title',
      'description',
      'location',
      'salary',
      'contractLength',
      'closingDate',
      'personSpecification',
    ]) {
      expect(copy[key], key).toEqual(original[key]);
    }
    const log = (await t.request(acme.token, 'GET', `/api/v1/vacancies/${copy.id}/activity`)).body as {
      items: { action: string; changes: Record<string, { to: unknown }> }[];
    };
    expect(log.items[0]?.action).toBe('copied');
    expect(log.items[0]?.changes.copiedFrom?.to).toBe('COPY-SRC');
    expect((await t.request(other.token, 'POST', `/api/v1/vacancies/${original.id}/copy`)).status).toBe(404);
  });

  it('refuses to clear a required field or break a cross-field rule on edit, keeping the saved vacancy', async () => {
    const created = (await create({ reference: 'KEEP-1' })).body as Body;
    const id = created.id as string;
    const cleared = await t.request(acme.token, 'PATCH', `/api/v1/vacancies/${id}`, {
      title: null,
      closingDate: null,
    });
    expect(cleared.status).toBe(422);
    expect((cleared.body as Body).error?.issues.map((i) => i.path).sort()).toEqual(['closingDate', 'title']);
    const res = await t.request(acme.token, 'PATCH', `/api/v1/vacancies/${id}`, {
      contractLength: { length: 3, unit: 'weeks' },
    });
    expect(res.status).toBe(422);
    expect((res.body as Body).error?.issues.map((i) => i.path)).toEqual(['contractLength']);
    const after = await t.request(acme.token, 'GET', `/api/v1/vacancies/${id}`);
    expect((after.body as Body).title).toBe('Staff Nurse');
    expect((after.body as Body).version).toBe(1);
  });

  it('will not publish a vacancy whose closing date has passed', async () => {
    const created = (await create({ reference: 'LATE-1', closingDate: '2026-11-25' })).body as Body;
    t.clock.set('2026-11-26T09:00:00Z');
    try {
      const res = await t.request(acme.token, 'POST', `/api/v1/vacancies/${created.id}/publish`);
      expect(res.status).toBe(422);
      expect((res.body as Body).error?.issues[0]?.path).toBe('closingDate');
    } finally {
      t.clock.set('2026-11-23T10:00:00Z');
    }
  });

  it('lists with status filter, text search and cursor pagination', async () => {
    const org = await t.organisation('Paging Trust');
    for (let i = 1; i <= 7; i++) {
      t.clock.set(new Date(Date.UTC(2026, 10, 23, 10, 0, i)));
      await create({ reference: `PAGE-${i}`, title: i % 2 ? `Porter ${i}` : `Nurse ${i}` }, org.token);
    }
    t.clock.set('2026-11-23T10:00:00Z');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=3&cursor=${cursor}` : '?limit=3';
      const page = (await t.request(org.token, 'GET', `/api/v1/vacancies${query}`)).body as {
        items: Body[];
        nextCursor: string | null;
      };
      seen.push(...page.items.map((v) => v.reference as string));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['PAGE-7', 'PAGE-6', 'PAGE-5', 'PAGE-4', 'PAGE-3', 'PAGE-2', 'PAGE-1']);

    const search = (await t.request(org.token, 'GET', '/api/v1/vacancies?q=porter')).body as {
      items: Body[];
    };
    expect(search.items.map((v) => v.reference)).toEqual(['PAGE-7', 'PAGE-5', 'PAGE-3', 'PAGE-1']);
    const byRef = (await t.request(org.token, 'GET', '/api/v1/vacancies?q=page-4')).body as { items: Body[] };
    expect(byRef.items.map((v) => v.reference)).toEqual(['PAGE-4']);
    const wildcard = (await t.request(org.token, 'GET', '/api/v1/vacancies?q=%25')).body as { items: Body[] };
    expect(wildcard.items).toEqual([]);
    // Words are found together, in the order typed.
    const phrase = async (q: string) =>
      ((await t.request(org.token, 'GET', `/api/v1/vacancies?q=${q}`)).body as { items: Body[] }).items.map(
        (v) => v.reference,
      );
    expect(await phrase('porter%203')).toEqual(['PAGE-3']);
    expect(await phrase('3%20porter')).toEqual([]);

    const firstId = (await t.request(org.token, 'GET', '/api/v1/vacancies?q=PAGE-2')).body as {
      items: Body[];
    };
    await t.request(org.token, 'POST', `/api/v1/vacancies/${firstId.items[0]?.id}/publish`);
    const live = (await t.request(org.token, 'GET', '/api/v1/vacancies?status=live')).body as {
      items: Body[];
    };
    expect(live.items.map((v) => v.reference)).toEqual(['PAGE-2']);

    const badCursor = await t.request(org.token, 'GET', '/api/v1/vacancies?cursor=garbage');
    expect(badCursor.status).toBe(422);
    expect((badCursor.body as Body).error?.issues[0]?.path).toBe('cursor');
    const badLimit = await t.request(org.token, 'GET', '/api/v1/vacancies?limit=1000');
    expect(badLimit.status).toBe(422);
    expect((badLimit.body as Body).error?.issues[0]?.path).toBe('limit');
  });

  it('lists what another process wrote at once, though pages are reused between requests', async () => {
    const org = await t.organisation('Cache Trust');
    const made = (await create({ reference: 'CACHE-1', title: 'Porter' }, org.token)).body as Body;
    const titles = async () =>
      ((await t.request(org.token, 'GET', '/api/v1/vacancies')).body as { items: Body[] }).items.map(
        (v) => v.title,
      );
    expect(await titles()).toEqual(['Porter']);
    expect(await titles()).toEqual(['Porter']);
    // As a worker, the sweep or another server would: straight to the database, not through this app.
    await t.database.db.execute(sql`update vacancies set title = 'Head Porter' where id = ${made.id}`);
    expect(await titles()).toEqual(['Head Porter']);
    await t.database.db.execute(sql`delete from vacancies where id = ${made.id}`);
    expect(await titles()).toEqual([]);
  });

  it("hides one organisation's vacancies from another's token (404, never 403)", async () => {
    const mine = (await create({ reference: 'PRIVATE-1' })).body as Body;
    const id = mine.id as string;
    for (const [method, url, body] of [
      ['GET', `/api/v1/vacancies/${id}`, undefined],
      ['PATCH', `/api/v1/vacancies/${id}`, { title: 'Hijacked' }],
      ['POST', `/api/v1/vacancies/${id}/publish`, undefined],
      ['POST', `/api/v1/vacancies/${id}/close`, undefined],
      ['GET', `/api/v1/vacancies/${id}/activity`, undefined],
    ] as const) {
      const res = await t.request(other.token, method, url, body);
      expect(res.status, `${method} ${url}`).toBe(404);
      expect((res.body as Body).error?.code).toBe('not_found');
    }
    const list = (await t.request(other.token, 'GET', '/api/v1/vacancies?q=PRIVATE')).body as {
      items: Body[];
    };
    expect(list.items).toEqual([]);
    const unchanged = await t.request(acme.token, 'GET', `/api/v1/vacancies/${id}`);
    expect((unchanged.body as Body).status).toBe('draft');
    expect((unchanged.body as Body).title).toBe('Staff Nurse');
  });

  it('answers 404 for ids that are not ids', async () => {
    const res = await t.request(acme.token, 'GET', "/api/v1/vacancies/1'%20or%201=1");
    expect(res.status).toBe(404);
  });
});
