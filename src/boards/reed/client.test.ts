import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BoardError, type BoardExchange } from '../board.js';
import { decodeAnswer, errorFor } from './answers.js';
import { NO_LOOKUP, type ReedSettings, reedClient } from './client.js';

const SETTINGS: ReedSettings = {
  clientId: '1001',
  apiKey: 'api-key-secret',
  username: 'hiring@client.example',
  postingKey: 'posting-key-secret',
  userAgent: 'Postroom/1.0',
  testMode: false,
  baseUrl: 'https://reed.test/',
};
const NOW = new Date('2030-06-14T09:30:00.000Z');

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

function fakeReed(status: number, answer: string, headers: Record<string, string> = {}) {
  const sent: Sent[] = [];
  const exchanges: BoardExchange[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    sent.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: init?.headers as Record<string, string>,
      body: String(init?.body),
    });
    return new Response(answer, { status, headers: { 'content-type': 'application/json', ...headers } });
  };
  const client = reedClient(SETTINGS, { fetch, now: () => NOW, onExchange: (e) => exchanges.push(e) });
  return { client, sent, exchanges };
}

const FIELDS = { title: 'Chef', reference: 'R-1', town: 'LS1 4DY', jobType: 'permanent', expiryInDays: 21 };

describe('Reed client', () => {
  it('signs a form-encoded create with Reed headers, and reads the JobId', async () => {
    const { client, sent } = fakeReed(201, '{"JobId":50123,"ResponseMessage":"Job posted"}');
    expect(await client.create(FIELDS)).toEqual({ externalId: '50123' });
    const [request] = sent;
    expect(request?.url).toBe('https://reed.test/recruiter/api/1.0/jobs');
    expect(request?.method).toBe('POST');
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({
      username: 'hiring@client.example',
      postingKey: 'posting-key-secret',
      title: 'Chef',
      ownerRef: 'R-1',
      townName: 'LS1 4DY',
      jobType: '1',
      expiryInDays: '21',
    });
    const h = request!.headers;
    expect(h['content-type']).toBe('application/x-www-form-urlencoded');
    expect(h['X-ApiClientId']).toBe('1001');
    expect(h['X-TimeStamp']).toBe('2030-06-14T09:30:00+00:00');
    expect(h['User-Agent']).toBe('Postroom/1.0');
    expect(h.Method).toBe('POST');
    const signed =
      'POSTPostroom/1.0https://reed.test/recruiter/api/1.0/jobsreed.test2030-06-14T09:30:00+00:00';
    expect(h['X-ApiSignature']).toBe(createHmac('sha1', 'api-key-secret').update(signed).digest('base64'));
  });

  it('sends isDemo only on create and only in test mode', async () => {
    const { sent } = fakeReed(201, '{"JobId":1}');
    const demo = reedClient(
      { ...SETTINGS, testMode: true },
      {
        fetch: async (u, i) => {
          sent.push({ url: String(u), method: i?.method ?? '', headers: {}, body: String(i?.body) });
          return new Response('{"JobId":1}', { status: 201 });
        },
        now: () => NOW,
      },
    );
    await demo.create(FIELDS);
    await demo.update({ externalId: '1' }, FIELDS);
    expect(new URLSearchParams(sent[0]?.body).get('isDemo')).toBe('true');
    expect(new URLSearchParams(sent[1]?.body).has('isDemo')).toBe(false);
  });

  it('edits with doNotExtend and only the changed fields, at Reed path for each call', async () => {
    const { client, sent } = fakeReed(200, '{"JobId":77,"ResponseMessage":"ok"}');
    await client.update({ externalId: '77' }, { ...FIELDS, title: 'Head Chef' }, FIELDS);
    expect(sent[0]?.url).toBe('https://reed.test/recruiter/api/1.0/jobs/update/77');
    expect(sent[0]?.method).toBe('PUT');
    expect(Object.fromEntries(new URLSearchParams(sent[0]?.body))).toEqual({
      username: 'hiring@client.example',
      postingKey: 'posting-key-secret',
      doNotExtend: 'true',
      title: 'Head Chef',
    });
    await client.close({ externalId: '77' });
    await client.relist({ externalId: '77' });
    await client.extend({ externalId: '77' });
    expect(
      sent.slice(1).map((s) => `${s.method} ${s.url.replace('https://reed.test/recruiter/api/1.0', '')}`),
    ).toEqual(['PUT /jobs/end/77', 'PUT /jobs/relist/77', 'PUT /jobs/extend/77']);
  });

  it('keeps the proof without the API key, posting key or signature', async () => {
    const { client, exchanges } = fakeReed(201, '{"JobId":5}');
    await client.create(FIELDS);
    const proof = JSON.stringify(exchanges);
    expect(exchanges[0]?.requestHeaders['X-ApiSignature']).toBe('[redacted]');
    expect(proof).not.toMatch(/api-key-secret|posting-key-secret/);
    expect((exchanges[0]?.requestBody as Record<string, unknown>).title).toBe('Chef');
  });

  it('reads an answer Reed encoded twice', async () => {
    const { client } = fakeReed(201, JSON.stringify(JSON.stringify({ JobId: 9, ResponseMessage: 'ok' })));
    expect(await client.create(FIELDS)).toEqual({ externalId: '9' });
    expect(decodeAnswer('"{\\"a\\":1}"')).toEqual({ a: 1 });
  });

  it('a success without a JobId is an unknown outcome (the advert may exist), never a plain failure', async () => {
    const { client } = fakeReed(201, '<html>ok</html>');
    const error = (await client.create(FIELDS).catch((e: unknown) => e)) as BoardError;
    expect(error.reason).toBe('unknown_outcome');
  });

  it('never looks up (Reed has no read route): the worker makes the posting uncertain', async () => {
    const { client, sent } = fakeReed(200, '{}');
    const error = (await client.lookup('R-1').catch((e: unknown) => e)) as BoardError;
    expect(error).toBeInstanceOf(BoardError);
    expect(error.reason).toBe('unexpected');
    expect(error.message).toBe(NO_LOOKUP);
    expect(sent).toEqual([]);
  });
});

describe('Reed answers -> BoardError reasons', () => {
  const answer = (status: number, text: string, headers: Record<string, string> = {}) =>
    errorFor({ status, text, headers: new Headers(headers) }, NOW);
  const MODEL = JSON.stringify({
    message: 'The request is invalid.',
    modelState: { 'job.townName': ['Not a UK town.'], description: ['Too short.', 'Has a URL.'] },
  });
  const table: [string, BoardError, Partial<BoardError>][] = [
    ['400 with modelState', answer(400, MODEL), { reason: 'invalid', field: 'town', transient: false }],
    ['401 bad signature', answer(401, '{"message":"Authorization has been denied"}'), { reason: 'auth' }],
    ['403 posting key', answer(403, '{"message":"no match"}'), { reason: 'auth', transient: false }],
    [
      '409 no credits',
      answer(409, '{"message":"No credits"}'),
      { reason: 'conflict', boardMessage: 'No credits' },
    ],
    [
      '429 with Retry-After',
      answer(429, '', { 'retry-after': '120' }),
      { reason: 'rate_limited', retryAfterMs: 120_000 },
    ],
    ['429 without Retry-After', answer(429, ''), { reason: 'rate_limited', retryAfterMs: 60_000 }],
    [
      '500 HTML page',
      answer(500, '<html><title>Runtime Error</title></html>'),
      { reason: 'unavailable', boardMessage: 'Runtime Error', transient: true },
    ],
    ['503', answer(503, ''), { reason: 'unavailable' }],
    ['404', answer(404, '{"message":"No HTTP resource"}'), { reason: 'unexpected' }],
    ['400 double-encoded', answer(400, JSON.stringify(MODEL)), { reason: 'invalid', field: 'town' }],
  ];
  for (const [name, error, expected] of table) {
    it(name, () => {
      expect(error).toMatchObject(expected);
    });
  }

  it('puts every modelState message on its field, in Reed own words', () => {
    expect(answer(400, MODEL).issues).toEqual([
      { field: 'town', message: 'Reed refused this: Not a UK town.', severity: 'error' },
      { field: 'description', message: 'Reed refused this: Too short.', severity: 'error' },
      { field: 'description', message: 'Reed refused this: Has a URL.', severity: 'error' },
    ]);
    expect(answer(401, '{"message":"x"}').message).toMatch(
      /^Reed refused the connection: check the Client ID, API key, username and posting key/,
    );
  });
});
