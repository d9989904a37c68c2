import { describe, expect, it } from 'vitest';
import { BoardError, type BoardErrorReason, type BoardExchange } from '../board.js';
import { errorForAnswer, HOURLY_MS, isoDate, parseAnswer } from './answers.js';
import { type StepStoneReceipt, stepstoneClient } from './client.js';
import { type StepStoneSettings, stepstoneSettingsSchema } from './settings.js';

// Answers as docs/boards/stepstone.md ("Responses") shows them.
const EXAMPLE = `<jobfeedresponse><senderid>8812</senderid><organisationid>12345</organisationid>
  <reference>ABC12345</reference><listingid>12738</listingid><listingexpiration>30/07/2018</listingexpiration>
  <action>INSERT</action><status><![CDATA[OK]]></status><statuscode>100</statuscode><comments/>
  <contract><enddate>30/06/2018</enddate><credits>1</credits></contract></jobfeedresponse>`;
const TEXT_EXAMPLE =
  'Sender_ID=8812;Organisation_ID=12345;Listing_ID=12738;Reference=ABC12345;action=INSERT;STATUS=OK;contract_end_date=30/08/2018;Credits=0;StatusCode=100;listingExpiration=20/04/2018;';
const answerWith = (code: string, status: string, action = 'INSERT') =>
  `<?xml version="1.0" encoding="UTF-8"?><jobfeedresponse><reference>ABC12345</reference><action>${action}</action><status><![CDATA[${status}]]></status><statuscode>${code}</statuscode></jobfeedresponse>`;

const settings: StepStoneSettings = stepstoneSettingsSchema.parse({
  username: '3rdFeedDemoCompany',
  password: 's3cret-pass',
  baseUrl: 'https://feed.example.test/',
  categories: { workfield: { Nursing: '1017' } },
});

/** A client whose board answers `status`/`body`, keeping what was sent. */
function clientAnswering(status: number, body: string) {
  const sent: { url: string; body: string; headers: Record<string, string> }[] = [];
  const exchanges: BoardExchange[] = [];
  const client = stepstoneClient(settings, {
    fetch: (async (url: string, init: RequestInit) => {
      sent.push({ url, body: String(init.body), headers: init.headers as Record<string, string> });
      return new Response(body, { status });
    }) as typeof fetch,
    now: () => new Date('2030-06-14T09:00:00Z'),
    onExchange: (e) => exchanges.push(e),
  });
  return { client, sent, exchanges };
}
const fields = { title: 'Staff Nurse', reference: 'ABC12345', tasks: '<p>x</p>', profile: '<p>y</p>' };

describe('the answer document', () => {
  it("reads StepStone's XML and plain-text examples alike", () => {
    expect(parseAnswer(EXAMPLE)).toEqual({
      senderId: '8812',
      organisationId: '12345',
      reference: 'ABC12345',
      listingId: '12738',
      listingExpiration: '30/07/2018',
      action: 'INSERT',
      status: 'OK',
      statusCode: '100',
      contractEndDate: '30/06/2018',
      credits: '1',
    });
    expect(parseAnswer(TEXT_EXAMPLE)).toMatchObject({ listingId: '12738', credits: '0', statusCode: '100' });
    expect(parseAnswer('<html><title>Oops</title></html>')).toBeNull();
    expect(parseAnswer('<jobfeedresponse><statuscode>1')).toBeNull();
  });

  it('keeps a date that does not parse as it came (StepStone once wrote 30/02/2024)', () => {
    expect(isoDate('30/07/2018')).toBe('2018-07-30');
    expect(isoDate('30/02/2024')).toBeUndefined();
  });
});

describe('status codes to reasons, as the contract table says', () => {
  const cases: [string, BoardErrorReason, { field?: string; hourly?: boolean }][] = [
    ['204', 'invalid', { field: 'title' }],
    ['205', 'invalid', {}],
    ['206', 'invalid', { field: 'reference' }],
    ['207', 'invalid', {}],
    ['320', 'invalid', { field: 'title' }],
    ['331', 'invalid', { field: 'videoUrl' }],
    ...['209', '210', '222', '230', '312', '313', '314', '315'].map(
      (code): [string, BoardErrorReason, { hourly: boolean }] => [code, 'rate_limited', { hourly: true }],
    ),
    ['220', 'auth', { field: 'username' }],
    ['403', 'auth', {}],
    ['408', 'unavailable', { hourly: true }],
    ['500', 'unavailable', { hourly: true }],
    ['777', 'unexpected', {}],
  ];
  for (const [code, reason, { field, hourly }] of cases) {
    it(`${code} → ${reason}`, () => {
      const error = errorForAnswer({ statusCode: code, status: 'x' });
      expect(error.reason).toBe(reason);
      expect(error.boardMessage).toMatch(new RegExp(`^${code} `));
      if (field) expect(error.field).toBe(field);
      expect(error.retryAfterMs).toBe(hourly ? HOURLY_MS : undefined);
    });
  }

  it('210 says there are no credits and that Postroom resends in an hour', () => {
    const error = errorForAnswer({ statusCode: '210', status: 'no credits' });
    expect(error.message).toMatch(/210 no credits/);
    expect(error.message).toMatch(/once an hour/);
    expect(error.transient).toBe(true);
  });

  it('220 is never retried', () => {
    expect(errorForAnswer({ statusCode: '220', status: 'no matching credentials' }).transient).toBe(false);
  });
});

describe('stepstoneClient', () => {
  it('posts the form with the credentials, keeps them out of the proof, and reads the receipt', async () => {
    const { client, sent, exchanges } = clientAnswering(200, EXAMPLE);
    const receipt = (await client.create(fields)) as StepStoneReceipt;
    expect(sent[0]?.url).toBe('https://feed.example.test/jobfeed.aspx');
    const form = new URLSearchParams(sent[0]?.body);
    expect(form.get('xmlresponse')).toBe('true');
    expect(form.get('password')).toBe('s3cret-pass');
    expect(form.get('xml')).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?><jobfeed><joblisting reference_id="ABC12345" action="INSERT"/,
    );
    expect(JSON.stringify(exchanges)).not.toContain('s3cret-pass');
    expect(receipt).toMatchObject({
      externalId: '12738',
      etag: 'ABC12345',
      status: 'online',
      expiresOn: '2018-07-30',
    });
    expect(receipt.answer.credits).toBe('1');
  });

  it('an IGNORE to an INSERT is a conflict on the reference: it is never reusable', async () => {
    const { client } = clientAnswering(200, answerWith('100', 'OK', 'IGNORE'));
    const error = (await client.create(fields).catch((e: unknown) => e)) as BoardError;
    expect(error.reason).toBe('conflict');
    expect(error.field).toBe('reference');
  });

  it('closes with OFFLINE by the reference kept on the receipt', async () => {
    const { client, sent } = clientAnswering(200, answerWith('100', 'OK', 'OFFLINE'));
    const receipt = await client.close!({ externalId: '12738', etag: 'ABC12345' });
    expect(new URLSearchParams(sent[0]?.body).get('xml')).toContain(
      'reference_id="ABC12345" action="OFFLINE"',
    );
    expect(receipt).toMatchObject({ externalId: '12738', status: 'offline' });
  });

  it('refuses changed or unmapped categories before sending anything', async () => {
    const { client, sent } = clientAnswering(200, EXAMPLE);
    const previous = { ...fields, category: 'Nursing' };
    const frozen = (await client
      .update({ externalId: '1', etag: 'ABC12345' }, { ...previous, category: 'Midwifery' }, previous)
      .catch((e: unknown) => e)) as BoardError;
    expect(frozen.reason).toBe('invalid');
    expect(frozen.field).toBe('category');
    const unmapped = (await client
      .create({ ...fields, category: 'Midwifery' })
      .catch((e: unknown) => e)) as BoardError;
    expect(unmapped.field).toBe('category');
    expect(unmapped.message).toMatch(/category table has no StepStone id for "Midwifery"/);
    expect(sent).toHaveLength(0);
  });

  it('HTTP failures: 5xx unavailable; an unreadable answer to an INSERT is an unknown outcome', async () => {
    const down = await clientAnswering(503, '<title>503 Service Unavailable</title>')
      .client.create(fields)
      .catch((e: unknown) => e);
    expect((down as BoardError).reason).toBe('unavailable');
    const odd = await clientAnswering(200, 'Thank you')
      .client.create(fields)
      .catch((e: unknown) => e);
    expect((odd as BoardError).reason).toBe('unknown_outcome');
    const oddUpdate = await clientAnswering(200, 'Thank you')
      .client.update({ externalId: '1' }, fields)
      .catch((e: unknown) => e);
    expect((oddUpdate as BoardError).reason).toBe('unexpected');
  });

  it('has no look-up: StepStone has no read call, so the posting becomes uncertain', async () => {
    const { client, sent } = clientAnswering(200, EXAMPLE);
    const error = await client.lookup('ABC12345').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BoardError);
    expect((error as BoardError).reason).toBe('unexpected');
    expect((error as BoardError).message).toContain('ABC12345');
    expect(sent).toHaveLength(0);
  });
});
