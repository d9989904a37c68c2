import { describe, expect, it } from 'vitest';
import { BoardError, REDACTED } from '../board.js';
import { type TvSettings, tvClient } from './client.js';

const SETTINGS: TvSettings = {
  apiKey: 'c0ffee'.padEnd(40, '0'),
  environment: 'staging',
  baseUrl: 'https://tv.test/ats-api/v1/',
  schools: { schoolUrns: ['137138'] },
  phases: ['primary'],
};
const NOW = new Date('2030-06-14T09:30:15.000Z');
const FIELDS = {
  title: 'Class Teacher',
  reference: 'oak/TCH-7',
  description: 'Teach.',
  applyUrl: 'https://jobs.example/apply',
  closingDate: '2030-07-05',
  closingTime: '12:00',
  salary: 'MPS',
  contractType: 'permanent',
  workingPatterns: ['full_time'],
  jobRoles: ['teacher'],
};
const RECEIPT = { externalId: 'v-1' };

type Answer = { status: number; body?: string; type?: string };

/** A fake TV answering in turn; keeps what was sent. */
function fakeTv(...answers: Answer[]) {
  const sent: { method: string; url: string; headers: Record<string, string>; body?: string }[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    sent.push({
      method: init?.method ?? 'GET',
      url: String(input),
      headers: init?.headers as Record<string, string>,
      ...(init?.body ? { body: String(init.body) } : {}),
    });
    const a = answers.shift() ?? { status: 500 };
    return new Response(a.status === 204 ? null : (a.body ?? ''), {
      status: a.status,
      headers: { 'content-type': a.type ?? 'application/json' },
    });
  };
  const exchanges: unknown[] = [];
  return {
    client: tvClient(SETTINGS, { fetch, now: () => NOW, onExchange: (e) => exchanges.push(e) }),
    sent,
    exchanges,
  };
}
const json = (status: number, body: unknown): Answer => ({ status, body: JSON.stringify(body) });
const fail = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as BoardError,
  );
const LINK = { link: 'https://tv.test/ats-api/v1/vacancies/v-9' };

describe('Teaching Vacancies client', () => {
  it('creates with the key header and the wrapped body, and keeps the key out of the proof', async () => {
    const tv = fakeTv(json(201, { id: 'v-1' }));
    expect(await tv.client.create(FIELDS)).toEqual({ externalId: 'v-1' });
    expect(tv.sent[0]).toMatchObject({ method: 'POST', url: 'https://tv.test/ats-api/v1/vacancies' });
    expect(tv.sent[0]?.headers['X-Api-Key']).toBe(SETTINGS.apiKey);
    expect(JSON.parse(tv.sent[0]?.body ?? '{}').vacancy.schools).toEqual({ school_urns: ['137138'] });
    expect(JSON.stringify(tv.exchanges)).not.toContain(SETTINGS.apiKey);
    expect(JSON.stringify(tv.exchanges)).toContain(REDACTED);
  });

  it('adopts the advert a 409 links to when it carries our reference', async () => {
    const tv = fakeTv(
      json(409, {
        errors: ['A vacancy with the provided ATS client ID and external reference already exists.'],
        meta: LINK,
      }),
      json(200, { id: 'v-9', external_reference: 'oak/TCH-7', public_url: 'https://tv.test/jobs/x' }),
    );
    expect(await tv.client.create(FIELDS)).toEqual({ externalId: 'v-9', url: 'https://tv.test/jobs/x' });
    expect(tv.sent[1]).toMatchObject({ method: 'GET', url: 'https://tv.test/ats-api/v1/vacancies/v-9' });
  });

  it.each([
    [
      'its link is unreadable (posted by the school)',
      { status: 404, body: '{"errors":["The given ID does not match any vacancy for your ATS"]}' },
    ],
    ['its advert has another reference', json(200, { id: 'v-9', external_reference: 'oak/OTHER' })],
  ])('fails a content 409 when %s', async (_, read) => {
    const message =
      'A vacancy with the same job title, expiry date, contract type, working patterns, phases and salary already exists for this organisation.';
    const error = await fail(
      fakeTv(json(409, { errors: [message], meta: LINK }), read).client.create(FIELDS),
    );
    expect(error).toMatchObject({ reason: 'conflict', status: 409, boardMessage: message });
  });

  it('refuses to send without schools or phases from the posting or the connection', async () => {
    const fetch = async (): Promise<Response> => {
      throw new Error('nothing may be sent');
    };
    const client = tvClient(
      { ...SETTINGS, schools: undefined, phases: undefined },
      { fetch, now: () => NOW },
    );
    const error = await fail(client.create(FIELDS));
    expect(error?.reason).toBe('invalid');
    expect(error?.issues.map((i) => i.field)).toEqual(['schools', 'phases']);
  });

  const table: [string, 'create' | 'update' | 'close', Answer, Partial<BoardError> & { field?: string }][] = [
    [
      '400 schema',
      'create',
      json(400, {
        errors: ["The property '#/vacancy' did not contain a required property of 'salary' in schema 1"],
      }),
      { reason: 'invalid', field: 'salary' },
    ],
    [
      '422 schools',
      'create',
      json(422, { errors: ['No valid organisations found'] }),
      { reason: 'invalid', field: 'schools' },
    ],
    [
      '422 model',
      'update',
      json(422, { errors: ['expires_at: must be a future date'] }),
      { reason: 'invalid', field: 'closingDate' },
    ],
    ['401', 'create', json(401, { errors: ['Invalid API key'] }), { reason: 'auth' }],
    [
      '403 blocked IP',
      'create',
      { status: 403, body: 'Forbidden\n', type: 'text/plain' },
      { reason: 'unexpected' },
    ],
    [
      '404 on PUT',
      'update',
      json(404, { errors: ['The given ID does not match any vacancy for your ATS'] }),
      { reason: 'conflict', advertState: 'closed' },
    ],
    [
      '409 on PUT',
      'update',
      json(409, {
        errors: ['A vacancy with the provided ATS client ID and external reference already exists.'],
      }),
      { reason: 'conflict' },
    ],
    [
      '429 plain text',
      'create',
      { status: 429, body: 'Retry later\n', type: 'text/plain' },
      { reason: 'rate_limited', retryAfterMs: 45_000 + 1_000 },
    ],
    [
      '500 on create',
      'create',
      json(500, { errors: ['There was an internal error processing this request'] }),
      { reason: 'unknown_outcome' },
    ],
    ['503 on create', 'create', { status: 503, body: 'down' }, { reason: 'unavailable' }],
    ['500 on PUT', 'update', json(500, { errors: ['x'] }), { reason: 'unavailable' }],
    ['500 on DELETE', 'close', json(500, { errors: ['x'] }), { reason: 'unavailable' }],
  ];
  it.each(table)('%s → BoardError', async (_, call, answer, expected) => {
    const { client } = fakeTv(answer);
    const error = await fail(
      call === 'create'
        ? client.create(FIELDS)
        : call === 'update'
          ? client.update(RECEIPT, FIELDS)
          : client.close(RECEIPT),
    );
    expect(error).toBeInstanceOf(BoardError);
    expect(error).toMatchObject(expected);
  });

  it('closes with DELETE; a 404 means closed already', async () => {
    const tv = fakeTv({ status: 204 }, json(404, { errors: ['gone'] }));
    await tv.client.close(RECEIPT);
    await tv.client.close(RECEIPT);
    expect(tv.sent.map((s) => [s.method, s.url, s.headers['content-type']])).toEqual([
      ['DELETE', 'https://tv.test/ats-api/v1/vacancies/v-1', undefined],
      ['DELETE', 'https://tv.test/ats-api/v1/vacancies/v-1', undefined],
    ]);
  });

  it('looks up by reference page by page, up to the last page', async () => {
    const page = (refs: string[], totalPages: number) =>
      json(200, {
        vacancies: refs.map((r, i) => ({ id: `id-${r}-${i}`, external_reference: r, public_url: null })),
        meta: { totalPages, count: 3 },
      });
    const found = fakeTv(page(['a', 'b'], 2), page(['oak/TCH-7'], 2));
    expect(await found.client.lookup('oak/TCH-7')).toEqual({ externalId: 'id-oak/TCH-7-0' });
    expect(found.sent.map((s) => s.url)).toEqual([
      'https://tv.test/ats-api/v1/vacancies?page=1',
      'https://tv.test/ats-api/v1/vacancies?page=2',
    ]);
    const missing = fakeTv(page(['a'], 1));
    expect(await missing.client.lookup('oak/TCH-7')).toBeNull();
    expect(missing.sent).toHaveLength(1);
  });
});
