import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBoard } from '../src/boards/registry.js';
import { ukDate } from '../src/domain/vacancy.js';
import { pinboardBoard } from './fixtures/example-board/index.js';
import { createTestContext, type TestContext, validVacancy } from './support/app.js';
import { boardContract } from './support/board-contract.js';

// The one line that adds a board (docs/boards/adding-a-board.md): no other file knows Pinboard.
registerBoard(pinboardBoard);

type Posting = { id: string; status: string; externalId: string | null; attempts?: { action: string }[] };
type Stored = { id: string; state: string; createCount: number; body: Record<string, unknown> };

boardContract({
  board: pinboardBoard,
  badSettings: (baseUrl) => ({ apiKey: 'not-the-key', baseUrl }),
  change: {
    fields: { title: 'Senior Staff Nurse' },
    stored: (body) => body.title,
    expected: 'Senior Staff Nurse',
  },
  invalid: { fields: { town: 'x'.repeat(61) }, field: 'town' },
  today: ukDate(new Date()),
  cases: [
    { name: 'a reference with a space', fields: { reference: 'REF 1' }, field: 'reference' },
    { name: 'a title of 80 characters', fields: { title: 'x'.repeat(80) } },
    { name: 'a title of 81 characters', fields: { title: 'x'.repeat(81) }, field: 'title' },
  ],
});

describe('an example board registered with one line', () => {
  let t: TestContext;
  let token: string;
  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
    t.request(token, method, url, body);
  const stored = async () =>
    ((await (await fetch(`${t.baseUrl}/sandbox/pinboard/_inspect/adverts`)).json()) as { adverts: Stored[] })
      .adverts;
  async function until(id: string, done: (p: Posting) => boolean): Promise<Posting> {
    const end = Date.now() + 15_000;
    for (;;) {
      const posting = (await api('GET', `/api/v1/postings/${id}`)).body as Posting;
      if (done(posting)) return posting;
      if (Date.now() > end) throw new Error(`posting ${id} stayed ${posting.status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  beforeAll(async () => {
    t = await createTestContext({ pipeline: true });
    token = (await t.organisation('Pinboard Trust')).token;
  });
  afterAll(async () => t.close());

  it('is listed with the boards, and its sandbox is mounted with the others', async () => {
    const boards = (await api('GET', '/api/v1/boards')).body as { items: { id: string; label: string }[] };
    expect(boards.items.map((b) => b.id)).toContain('pinboard');
    expect(boards.items.find((b) => b.id === 'pinboard')?.label).toBe('Pinboard');
    expect((await fetch(`${t.baseUrl}/sandbox/pinboard/_faults`)).status).toBe(200);
  });

  it('is posted, updated and closed through the worker and the queue, against its sandbox', async () => {
    const connection = await api('POST', '/api/v1/connections', {
      board: 'pinboard',
      name: 'Pinboard',
      settings: { apiKey: 'demo-pinboard-key', baseUrl: `${t.baseUrl}/sandbox/pinboard` },
    });
    expect(connection.status).toBe(201);
    expect(JSON.stringify(connection.body)).not.toContain('demo-pinboard-key');
    // Its limit on "About organisation" reaches the settings page, and warns once connected.
    const settings = await api('PATCH', '/api/v1/organisation', { about: 'Short.' });
    expect(settings.body).toMatchObject({
      warnings: [
        {
          path: 'about',
          message:
            'Pinboard needs "About organisation" to be 10 to 500 characters; it is 6. Postings to Pinboard will ask for it until then.',
        },
      ],
    });
    expect((settings.body as { aboutLimits: unknown[] }).aboutLimits).toContainEqual({
      board: 'pinboard',
      boardLabel: 'Pinboard',
      label: 'Company blurb',
      min: 10,
      max: 500,
      connected: true,
    });
    const vacancy = await api('POST', '/api/v1/vacancies', validVacancy({ reference: 'PIN-1' }));
    expect(vacancy.status).toBe(201);
    const vacancyId = (vacancy.body as { id: string }).id;
    expect((await api('POST', `/api/v1/vacancies/${vacancyId}/publish`)).status).toBe(200);

    const sent = await api('POST', `/api/v1/vacancies/${vacancyId}/postings`, {
      connectionId: (connection.body as { id: string }).id,
    });
    expect(sent.status).toBe(202);
    const posted = await until((sent.body as Posting).id, (p) => p.status === 'posted');
    const advert = (await stored()).find((a) => a.id === posted.externalId);
    expect(advert?.body).toEqual({
      title: 'Staff Nurse',
      ref: 'PIN-1',
      text: 'A Band 5 post on a friendly ward.',
      town: 'Glasgow',
    });

    const patch = await api('PATCH', `/api/v1/postings/${posted.id}`, {
      fields: { title: 'Senior Staff Nurse' },
    });
    expect(patch.status).toBe(202);
    await until(
      posted.id,
      (p) => p.status === 'posted' && p.attempts?.some((a) => a.action === 'update') === true,
    );
    expect((await stored()).find((a) => a.id === posted.externalId)?.body.title).toBe('Senior Staff Nurse');

    expect((await api('POST', `/api/v1/postings/${posted.id}/close`)).status).toBe(202);
    await until(posted.id, (p) => p.status === 'closed');
    const closed = (await stored()).find((a) => a.id === posted.externalId);
    expect(closed?.state).toBe('closed');
    expect(closed?.createCount).toBe(1);
  });
});
