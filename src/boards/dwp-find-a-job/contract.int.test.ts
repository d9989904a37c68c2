import { type AddressInfo, createServer } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { allowedAddress, createBoardAddressPolicy } from '../address-policy.js';
import { BoardError, type BoardExchange, type BoardReceipt, type PostingFields } from '../board.js';
import { type DwpSettings, dwpClient } from './client.js';
import { dwpFindAJobBoard as board } from './index.js';

// The adapter against its sandbox over real SFTP on loopback (docs/boards/dwp-find-a-job.md):
// delivery into Inbound/, the import, the report read back, expiry, refusals and a lost answer.

let app: FastifyInstance;
let baseUrl: string;
let exchanges: BoardExchange[] = [];
let counter = 0;
const today = new Date().toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

const settings = (changes: Partial<DwpSettings> = {}) =>
  ({ ...board.sandbox.demoSettings(baseUrl), ...changes }) as DwpSettings;
// The operator names the loopback address the sandbox's SFTP server listens on (POSTROOM_BOARD_URL_ALLOW).
const policy = createBoardAddressPolicy(['127.0.0.1']);
const client = (s: DwpSettings = settings(), timeoutMs = 5_000, allow = policy) =>
  dwpClient(s, {
    fetch: globalThis.fetch,
    now: () => new Date(),
    timeoutMs,
    resolveAddress: (host, port) => allowedAddress(allow, host, port),
    onExchange: (e) => exchanges.push(e),
  });
const reference = () => `CT-${Date.now().toString(36)}-${++counter}`.toUpperCase();
const fields = (ref = reference(), changes: PostingFields = {}) => ({
  ...board.sandbox.sampleFields(ref),
  ...changes,
  reference: ref,
});
const post = (path: string, body: unknown = {}) =>
  fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then((r) => r.json() as Promise<Record<string, unknown>>);
const advert = async (code: string) => {
  const answer = await fetch(`${baseUrl}/_adverts?vacancyRefCode=${encodeURIComponent(code)}`);
  const { adverts } = (await answer.json()) as {
    adverts: { status: string; uploads: number; body: Record<string, string> }[];
  };
  return adverts[0];
};
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as BoardError,
  );
/** The advert's state after the next import: the report read back. */
const afterImport = async (receipt: BoardReceipt) => {
  await post('/_import');
  return client().status(receipt);
};

beforeAll(async () => {
  app = Fastify();
  await app.register(board.sandbox.plugin, { prefix: '/sandbox/dwp-find-a-job' });
  baseUrl = `${await app.listen({ port: 0, host: '127.0.0.1' })}/sandbox/dwp-find-a-job`;
});
afterAll(() => app.close());
beforeEach(async () => {
  exchanges = [];
  await post('/_faults', {});
  await post('/_settings', { today: null, importIntervalMs: 0 });
});

describe('DWP Find a job over SFTP', () => {
  it('delivers a file, and reads the report once the import ran: posted', async () => {
    const f = fields();
    const receipt = await client().create(f);
    expect(receipt).toMatchObject({ externalId: f.reference, delivered: true });
    // Before the import there is no report: still waiting.
    expect(await client().status(receipt)).toMatchObject({ delivered: true });
    expect((await client().status(receipt)).state).toBeUndefined();
    expect(await afterImport(receipt)).toMatchObject({ state: 'published', status: 'Success' });
    expect(await advert(f.reference)).toMatchObject({
      status: 'live',
      uploads: 1,
      body: { Title: 'Care Assistant' },
    });
  });

  it('updates an advert by re-sending its code in a new file, and closes it with an expire file', async () => {
    const f = fields();
    const c = client();
    const created = await c.create(f);
    await afterImport(created);
    const updated = await c.update(created, { ...f, title: 'Senior Care Assistant' });
    expect(updated.externalId).toBe(created.externalId);
    expect(updated.etag).not.toBe(created.etag);
    expect(await afterImport(updated)).toMatchObject({ state: 'published' });
    expect(await advert(f.reference)).toMatchObject({ uploads: 2, body: { Title: 'Senior Care Assistant' } });
    await c.close(updated);
    await post('/_import');
    expect(await advert(f.reference)).toMatchObject({ status: 'closed' });
  });

  it('a close sent before the import of its create is taken after it: the advert ends closed', async () => {
    const f = fields();
    const c = client();
    await c.close(await c.create(f));
    await post('/_import');
    expect(await advert(f.reference)).toMatchObject({ status: 'closed' });
  });

  it("a report refusing the advert gives DWP's words on the field", async () => {
    const f = fields(reference(), { closingDate: inDays(3) });
    const receipt = await client().create(f);
    // The import runs late, 5 days on: the closing date sent is no longer a day ahead.
    await post('/_settings', { today: inDays(5) });
    const refused = await failure(afterImport(receipt));
    expect(refused).toBeInstanceOf(BoardError);
    expect(refused).toMatchObject({
      reason: 'invalid',
      field: 'closingDate',
      boardMessage: 'Closing date must be between posting/editing date +1 day and posting date +30 days',
    });
  });

  it('a whole file refused fails the advert with the reason', async () => {
    const receipt = await client().create(fields());
    await post('/_faults', { fileError: 'The file could not be read' });
    const refused = await failure(afterImport(receipt));
    expect(refused).toMatchObject({ reason: 'invalid', boardMessage: 'The file could not be read' });
  });

  it('after a lost answer, finds the file in Inbound/ or processed/ before sending again', async () => {
    const f = fields();
    await post('/_faults', { cutUpload: true });
    const lost = await failure(client(settings(), 1_500).create(f));
    expect(lost?.reason).toBe('unknown_outcome');
    await post('/_faults', {});
    const found = await client().lookup(f.reference);
    expect(found).toMatchObject({ externalId: f.reference, delivered: true });
    expect(await afterImport(found!)).toMatchObject({ state: 'published' });
    expect(await client().lookup(f.reference)).not.toBeNull();
    expect(await client().lookup(`${f.reference}-NOPE`)).toBeNull();
    expect(await advert(f.reference)).toMatchObject({ uploads: 1 });
  });

  it('finds an advert among more upload files than it reads at once, and an unknown one in none', async () => {
    const first = fields();
    await client().create(first);
    const later = Array.from({ length: 12 }, () => fields());
    for (const f of later) await client().create(f);
    expect(await client().lookup(first.reference)).toMatchObject({ externalId: first.reference });
    expect(await client().lookup(later.at(-1)!.reference)).toMatchObject({
      externalId: later.at(-1)!.reference,
    });
    expect(await client().lookup(`${first.reference}-NOPE`)).toBeNull();
  });

  it('reports a refused password, and an unknown host key, as auth errors never retried', async () => {
    const badPassword = await failure(client(settings({ password: 'wrong' })).create(fields()));
    expect(badPassword).toMatchObject({ reason: 'auth' });
    expect(badPassword?.message).toBe("Find a job refused this connection's SFTP username or password");
    expect(badPassword?.transient).toBe(false);
    const { host, port } = (await fetch(`${baseUrl}/_sftp`).then((r) => r.json())) as {
      host: string;
      port: number;
    };
    const otherKey = `SHA256:${'A'.repeat(43)}`;
    const direct = { ...settings(), baseUrl: undefined, host, port, hostKey: otherKey };
    const wrongKey = await failure(client(direct).create(fields()));
    expect(wrongKey).toMatchObject({ reason: 'auth' });
    expect(wrongKey?.message).toMatch(/host key/);
  });

  it('connects directly by host and fingerprint, as in production', async () => {
    const sftp = (await fetch(`${baseUrl}/_sftp`).then((r) => r.json())) as {
      host: string;
      port: number;
      hostKey: string;
    };
    const direct = { ...settings(), baseUrl: undefined, ...sftp };
    const f = fields();
    await client(direct).create(f);
    expect(await client(direct).lookup(f.reference)).toMatchObject({ externalId: f.reference });
  });

  it('never connects to a private SFTP host the operator did not name: an error before any connection', async () => {
    const sftp = (await fetch(`${baseUrl}/_sftp`).then((r) => r.json())) as {
      host: string;
      port: number;
      hostKey: string;
    };
    const direct = { ...settings(), baseUrl: undefined, ...sftp };
    const refused = await failure(client(direct, 5_000, createBoardAddressPolicy()).create(fields()));
    expect(refused).toMatchObject({ reason: 'unexpected' });
    expect(refused?.message).toMatch(
      /127\.0\.0\.1 is a private, loopback or link-local address.*POSTROOM_BOARD_URL_ALLOW/,
    );
    expect(exchanges).toEqual([]);
  });

  it('tells an unreachable server (retried) from an upload refused there', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const direct = {
      ...settings(),
      baseUrl: undefined,
      host: '127.0.0.1',
      port: closedPort,
      hostKey: `SHA256:${'A'.repeat(43)}`,
    };
    const down = await failure(client(direct, 1_000).create(fields()));
    expect(down).toMatchObject({ reason: 'unavailable' });
    expect(down?.transient).toBe(true);
    await post('/_faults', { refuseUpload: true });
    const refused = await failure(client().create(fields()));
    expect(refused).toMatchObject({ reason: 'auth', message: expect.stringMatching(/permission denied/) });
  });

  it.each([
    ['no postcode', { postcode: '' }, 'postcode'],
    ['an unknown vacancy type', { vacancyType: 'gig' }, 'vacancyType'],
    ['a reference with no letter or digit', { reference: '///' }, 'reference'],
  ])(
    'the check and the file both refuse %s on its field, and nothing is uploaded',
    async (_name, change, field) => {
      const f = { ...fields(), ...change };
      expect(board.check(f, { today }).map((i) => i.field)).toContain(field);
      const refused = await failure(client().create(f));
      expect(refused).toMatchObject({ reason: 'invalid' });
      expect(refused?.issues.map((i) => i.field)).toContain(field);
      expect(exchanges).toEqual([]);
    },
  );

  it('keeps every operation as proof, without the password', async () => {
    const s = settings();
    await client(s).create(fields());
    expect(exchanges.length).toBeGreaterThan(0);
    expect(exchanges[0]).toMatchObject({
      method: 'PUT',
      url: expect.stringMatching(
        /^sftp:\/\/127\.0\.0\.1:\d+\/Inbound\/demo-\d{8}-\d{6}-\d{3}-\w+-upload\.xml$/,
      ),
    });
    for (const e of exchanges) expect(JSON.stringify(e)).not.toContain(s.password);
    expect(exchanges[0]?.requestBody).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Vacancies>/);
  });
});

describe('the shared faults, as SFTP shows them', () => {
  it('an upload refused before writing is transient; one stored then held is an unknown outcome', async () => {
    await post('/_faults', { errorRate: 1 });
    expect(await failure(client().create(fields()))).toMatchObject({ reason: 'unavailable' });
    const f = fields();
    await post('/_faults', { timeoutRate: 1 });
    expect(await failure(client(settings(), 1_000).create(f))).toMatchObject({ reason: 'unknown_outcome' });
    await post('/_faults', {});
    expect(await client().lookup(f.reference)).toMatchObject({ externalId: f.reference });
    const counters = (await fetch(`${baseUrl}/_faults`).then((r) => r.json())) as {
      counters: Record<string, number>;
    };
    expect(counters.counters).toMatchObject({ errors: 1, timeouts: 1 });
  });
});
