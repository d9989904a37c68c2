import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SandboxListing, stepstoneSandbox } from './sandbox.js';

// Documents and answers written from docs/boards/stepstone.md by hand, not by the adapter.
const NOW = new Date('2030-03-01T10:00:00.000Z');
const DEMO = { username: '3rdFeedDemoCompany', password: 'demo-secret' };
const POOR = { username: '3rdFeedNoCredits', password: 'demo-secret' };
const NO_CONTRACT = { username: '3rdFeedNoContract', password: 'demo-secret' };

let app: FastifyInstance;
let base: string;
let clock = NOW;

beforeAll(async () => {
  app = Fastify();
  await app.register(stepstoneSandbox, { prefix: '/sandbox/stepstone', now: () => clock });
  base = `${await app.listen({ port: 0, host: '127.0.0.1' })}/sandbox/stepstone`;
});
afterAll(async () => app.close());
beforeEach(async () => {
  clock = NOW;
  await fetch(`${base}/_inspect/reset`, { method: 'POST' });
  await fetch(`${base}/_faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
});

interface Doc {
  action?: string;
  reference?: string;
  ids?: string;
  title?: string;
  language?: string;
  extra?: string;
  categories?: string;
}
const doc = ({
  action = 'INSERT',
  reference = 'ABC12345',
  ids = ' sender_id="8812" organisation_id="12345"',
  title = 'Staff Nurse',
  language = 'EN',
  extra = '',
  categories = '<workfield id="10"/>',
}: Doc = {}) =>
  `<?xml version="1.0" encoding="UTF-8"?><jobfeed><joblisting${action ? ` action="${action}"` : ''}${reference ? ` reference_id="${reference}"` : ''}${ids}><jobdetails>${language ? `<language><![CDATA[${language}]]></language>` : ''}${title ? `<jobtitle><![CDATA[${title}]]></jobtitle>` : ''}<tasks title="Tasks"><![CDATA[<p>Care</p>]]></tasks>${extra}</jobdetails><categorization>${categories}</categorization></joblisting></jobfeed>`;

async function post(xml: string, account = DEMO, xmlresponse = 'true', signal?: AbortSignal) {
  const response = await fetch(`${base}/jobfeed.aspx`, {
    method: 'POST',
    signal: signal ?? null,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ xmlresponse, ...account, xml }).toString(),
  });
  const text = await response.text();
  const tag = (name: string) => new RegExp(`<${name}>(?:<!\\[CDATA\\[)?([^<\\]]*)`).exec(text)?.[1];
  return { status: response.status, text, tag };
}
const listings = async () =>
  ((await (await fetch(`${base}/_inspect/listings`)).json()) as { listings: SandboxListing[] }).listings;
const creditsOf = async (username: string) =>
  (
    (await (await fetch(`${base}/_inspect/accounts`)).json()) as {
      accounts: { username: string; credits: number | null }[];
    }
  ).accounts.find((a) => a.username === username)?.credits;

describe('StepStone sandbox: the JobFeed', () => {
  it('inserts a listing, spends one credit and answers as StepStone does', async () => {
    const answer = await post(doc());
    expect(answer.status).toBe(200);
    expect(answer.tag('statuscode')).toBe('100');
    expect(answer.tag('status')).toBe('OK');
    expect(answer.tag('action')).toBe('INSERT');
    expect(answer.tag('listingid')).toMatch(/^\d+$/);
    expect(answer.tag('listingexpiration')).toBe('31/03/2030');
    expect(answer.tag('credits')).toBe('99');
    expect(await creditsOf(DEMO.username)).toBe(99);
  });

  it('answers in plain text when xmlresponse is false', async () => {
    const answer = await post(doc(), DEMO, 'false');
    expect(answer.text).toMatch(
      /^Sender_ID=8812;Organisation_ID=12345;Listing_ID=\d+;Reference=ABC12345;action=INSERT;STATUS=OK;/,
    );
    expect(answer.text).toContain('StatusCode=100;listingExpiration=31/03/2030;');
  });

  it('never reuses a reference: a second INSERT, even offline, is IGNORE with the same listing and no credit', async () => {
    const first = await post(doc());
    await post(doc({ action: 'OFFLINE' }));
    const again = await post(doc());
    expect(again.tag('action')).toBe('IGNORE');
    expect(again.tag('listingid')).toBe(first.tag('listingid'));
    expect(await creditsOf(DEMO.username)).toBe(99);
    const [listing] = await listings();
    expect(listing?.state).toBe('offline');
    expect(await listings()).toHaveLength(1);
  });

  it('updates for free, puts an offline listing back online, and keeps the first categories', async () => {
    await post(doc());
    await post(doc({ action: 'OFFLINE' }));
    const update = await post(
      doc({ action: 'UPDATE', title: 'Senior Staff Nurse', categories: '<workfield id="99"/>' }),
    );
    expect(update.tag('statuscode')).toBe('100');
    expect(update.tag('warningcode')).toBeDefined();
    expect(await creditsOf(DEMO.username)).toBe(99);
    const [listing] = await listings();
    expect(listing?.state).toBe('online');
    expect(listing?.nodes['joblisting/jobdetails/jobtitle']).toBe('Senior Staff Nurse');
    expect(listing?.nodes['joblisting/categorization/workfield@id']).toBe('10');
  });

  it('answers 222 to an UPDATE after expiry, and 209 / 210 / 220 / 230 for the account', async () => {
    await post(doc());
    clock = new Date(NOW.getTime() + 31 * 86_400_000);
    expect((await post(doc({ action: 'UPDATE' }))).tag('statuscode')).toBe('222');
    expect((await listings())[0]?.state).toBe('expired');
    expect((await post(doc({ reference: 'P1', ids: ' sender_id="8813"' }), POOR)).tag('statuscode')).toBe(
      '210',
    );
    expect(
      (await post(doc({ reference: 'C1', ids: ' sender_id="8814"' }), NO_CONTRACT)).tag('statuscode'),
    ).toBe('209');
    expect((await post(doc(), { ...DEMO, password: 'wrong' })).tag('statuscode')).toBe('220');
    expect((await post(doc({ reference: 'X2', ids: ' sender_id="9999"' }))).tag('statuscode')).toBe('220');
    expect((await post(doc({ reference: 'M1', ids: '' }))).tag('statuscode')).toBe('230');
    const mapped = doc({ reference: 'M2', ids: '' }).replace(
      '</joblisting>',
      '<companydetails><companyname><![CDATA[Demo Company]]></companyname></companydetails></joblisting>',
    );
    expect((await post(mapped)).tag('statuscode')).toBe('100');
  });

  it('keeps test_ references offline and spends no credit on them', async () => {
    expect((await post(doc({ reference: 'test_1', ids: ' sender_id="8813"' }), POOR)).tag('statuscode')).toBe(
      '100',
    );
    expect((await post(doc({ reference: 'test_2' }))).tag('statuscode')).toBe('100');
    expect(await creditsOf(DEMO.username)).toBe(100);
    expect((await listings())[0]?.state).toBe('test');
  });
});

describe('StepStone sandbox: the document, node by node', () => {
  const cases: [string, string, string][] = [
    ['a title of 200 characters', doc({ title: 'x'.repeat(200) }), '100'],
    ['a title of 201 characters', doc({ title: 'x'.repeat(201) }), '320'],
    ['a title of 200 emoji', doc({ title: '😀'.repeat(200) }), '100'],
    ['no title', doc({ title: '' }), '204'],
    ['no language', doc({ language: '' }), '205'],
    ['no reference', doc({ reference: '' }), '206'],
    ['no action', doc({ action: '' }), '207'],
    ['a Vimeo video', doc({ extra: '<video><![CDATA[https://vimeo.com/76979871]]></video>' }), '100'],
    ['a video elsewhere', doc({ extra: '<video><![CDATA[https://videos.example/1]]></video>' }), '331'],
    ['a BOM', `\uFEFF${doc()}`, '900'],
    ['malformed XML', doc().replace('</jobdetails>', ''), '900'],
    ['a DOCTYPE', doc().replace('<jobfeed>', '<!DOCTYPE jobfeed><jobfeed>'), '900'],
  ];
  for (const [name, xml, code] of cases) {
    it(`${name} → ${code}`, async () => {
      expect((await post(xml)).tag('statuscode')).toBe(code);
    });
  }

  it('refuses bytes that are not UTF-8 (900)', async () => {
    const response = await fetch(`${base}/jobfeed.aspx`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `xmlresponse=true&username=${DEMO.username}&password=${DEMO.password}&xml=${encodeURIComponent(doc())}%E9`,
    });
    expect(await response.text()).toContain('<statuscode>900</statuscode>');
  });
});

describe('StepStone sandbox: faults', () => {
  const feedFaults = (body: unknown) =>
    fetch(`${base}/_faults/feed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('answers StepStone failures and an impossible date on demand', async () => {
    await feedFaults({ statusCode: '408' });
    expect((await post(doc())).tag('statuscode')).toBe('408');
    await feedFaults({ impossibleDate: true });
    expect((await post(doc())).tag('listingexpiration')).toBe('30/02/2024');
  });

  it('drops a request before storing it, and times out after storing it', async () => {
    await feedFaults({ dropBeforeStore: true });
    await expect(post(doc(), DEMO, 'true', AbortSignal.timeout(300))).rejects.toThrow();
    expect(await listings()).toHaveLength(0);
    await feedFaults({});
    await fetch(`${base}/_faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resetRate: 1 }),
    });
    await expect(post(doc())).rejects.toThrow();
    expect(await listings()).toHaveLength(1);
  });
});
