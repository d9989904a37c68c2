import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from '../../../test/support/app.js';

// A board's id tables kept per connection (StepStone's category ids): admins read and replace them,
// each row checked on its field, within the organisation; what the posting then sends uses them.

type Mapping = { key: string; label: string; entries: { from: string; to: string }[] };
type Issues = { error: { code: string; issues: { path: string; message: string }[] } };

describe('connection id tables', () => {
  let t: TestContext;
  let admin: string;
  let recruiter: string;
  let stepstone: string;
  let reed: string;
  const feed = 'http://127.0.0.1:9/stepstone';
  const url = (id: string, key = '') => `/api/v1/connections/${id}/mappings${key ? `/${key}` : ''}`;

  beforeAll(async () => {
    t = await createTestContext({ boardUrlAllow: ['http://127.0.0.1:9'] });
    const org = await t.organisation('Tables');
    admin = org.token;
    const created = await t.request(admin, 'POST', '/api/v1/connections', {
      board: 'stepstone',
      name: 'Totaljobs',
      settings: { username: '3rdFeedTables', password: 'secret', senderId: '8812', baseUrl: feed },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    stepstone = (created.body as { id: string }).id;
    const other = await t.request(admin, 'POST', '/api/v1/connections', {
      board: 'reed',
      name: 'Reed',
      settings: {
        clientId: '1001',
        apiKey: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
        username: 'recruiter@demo-agency.example',
      },
    });
    reed = (other.body as { id: string }).id;
    // A recruiter of the same organisation.
    const user = await t.request(admin, 'POST', '/api/v1/tokens', { name: 'recruiter', role: 'recruiter' });
    recruiter = (user.body as { token?: string }).token ?? '';
  });
  afterAll(async () => t?.close());

  it('lists the tables the board declares, empty until an admin fills them; none for a board that needs none', async () => {
    const read = await t.request(admin, 'GET', url(stepstone));
    expect(read.status).toBe(200);
    const items = (read.body as { items: Mapping[] }).items;
    expect(items.map((m) => [m.key, m.entries])).toEqual([
      ['workfield', []],
      ['contracttype', []],
      ['worktype', []],
    ]);
    expect((await t.request(admin, 'GET', url(reed))).body).toEqual({ items: [] });
    const boards = (await t.request(admin, 'GET', '/api/v1/boards')).body as {
      items: { id: string; mappingTables: { key: string }[] }[];
    };
    expect(boards.items.find((b) => b.id === 'stepstone')?.mappingTables.map((m) => m.key)).toEqual([
      'workfield',
      'contracttype',
      'worktype',
    ]);
  });

  it('replaces a table, and the listing then carries the id for the vacancy’s category', async () => {
    const saved = await t.request(admin, 'PUT', url(stepstone, 'workfield'), {
      entries: [
        { from: 'Nursing', to: ' 1234 ' },
        { from: 'Catering', to: '77' },
      ],
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((saved.body as Mapping).entries).toEqual([
      { from: 'Nursing', to: '1234' },
      { from: 'Catering', to: '77' },
    ]);
    await t.request(admin, 'PUT', url(stepstone, 'worktype'), { entries: [{ from: 'full_time', to: '5' }] });
    // One table's change leaves the others.
    const tables = (await t.request(admin, 'GET', url(stepstone))).body as { items: Mapping[] };
    expect(tables.items.find((m) => m.key === 'workfield')?.entries).toHaveLength(2);

    const created = await t.request(
      admin,
      'POST',
      '/api/v1/vacancies',
      validVacancy({ category: 'nursing' }),
    );
    const vacancyId = (created.body as { id: string }).id;
    await t.request(admin, 'POST', `/api/v1/vacancies/${vacancyId}/publish`);
    const preview = await t.request(admin, 'POST', `/api/v1/vacancies/${vacancyId}/postings/preview`, {
      connectionId: stepstone,
    });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    const body = JSON.stringify((preview.body as { request: unknown }).request);
    expect(body).toContain('workfield id=\\"1234\\"');
    expect(body).toContain('worktype id=\\"5\\"');
  });

  it('refuses bad rows on their field, and keeps the table as it was', async () => {
    const refused = await t.request(admin, 'PUT', url(stepstone, 'workfield'), {
      entries: [
        { from: 'Nursing', to: '1234' },
        { from: 'Care', to: 'abc' },
        { from: 'NURSING', to: '9' },
        { from: ' ', to: '1' },
      ],
    });
    expect(refused.status).toBe(422);
    expect((refused.body as Issues).error.issues).toEqual([
      { path: 'entries.1.to', message: "Enter StepStone's number for it, digits only" },
      { path: 'entries.2.from', message: 'NURSING is in the table already' },
      { path: 'entries.3.from', message: 'Enter the category' },
    ]);
    const contract = await t.request(admin, 'PUT', url(stepstone, 'contracttype'), {
      entries: [{ from: 'freelance', to: '3' }],
    });
    expect((contract.body as Issues).error.issues[0]).toMatchObject({
      path: 'entries.0.from',
      message: expect.stringMatching(/^Choose one of: Permanent, Fixed term/),
    });
    const kept = (await t.request(admin, 'GET', url(stepstone))).body as { items: Mapping[] };
    expect(kept.items.find((m) => m.key === 'workfield')?.entries).toHaveLength(2);
    expect((await t.request(admin, 'PUT', url(stepstone, 'sector'), { entries: [] })).status).toBe(404);
  });

  it('is for admins of the organisation only', async () => {
    expect(recruiter).not.toBe('');
    expect((await t.request(recruiter, 'GET', url(stepstone))).status).toBe(403);
    expect((await t.request(recruiter, 'PUT', url(stepstone, 'workfield'), { entries: [] })).status).toBe(
      403,
    );
    const stranger = (await t.organisation('Elsewhere')).token;
    expect((await t.request(stranger, 'GET', url(stepstone))).status).toBe(404);
    expect((await t.request(stranger, 'PUT', url(stepstone, 'workfield'), { entries: [] })).status).toBe(404);
  });
});
