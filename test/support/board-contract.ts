import { type AddressInfo, createServer } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type Board,
  BoardError,
  type BoardExchange,
  type PostingFields,
  type SandboxAdvert,
} from '../../src/boards/board.js';

export interface ContractOptions<S extends Record<string, unknown>> {
  board: Board<S>;
  /** Registers the board's sandbox on a Fastify instance (with its prefix). Default: the board's own sandbox. */
  sandbox?: (app: FastifyInstance, prefix: string) => Promise<void>;
  /** Default `/sandbox/<id>`, as Postroom mounts it. */
  prefix?: string;
  /** Working settings for the sandbox at `baseUrl` (default: its demo settings), and settings whose credentials it refuses. */
  settings?: (baseUrl: string) => S;
  badSettings: (baseUrl: string) => S;
  /** Fields that pass the board's check, with this reference. Default: the sandbox's sample fields. */
  validFields?: (reference: string) => PostingFields;
  /** A change the board accepts on update, and how to read it back from the sandbox's stored body. */
  change: { fields: PostingFields; stored: (body: Record<string, unknown>) => unknown; expected: unknown };
  /** Fields the board refuses (when sent without Postroom's check), and the field it names. */
  invalid: { fields: PostingFields; field: string };
  /** The stored adverts, as the sandbox's _inspect endpoint shows them. Default: the sandbox's `adverts`. */
  inspect?: (baseUrl: string) => Promise<SandboxAdvert[]>;
  today: string;
  /**
   * The board's rules as cases, each run twice: through the adapter's check, and sent unchecked to
   * the sandbox (which judges by its own reading of the board's document). `field`: the field both
   * must refuse; absent: both must accept. A rule wrong on either side fails its case.
   */
  cases?: readonly { name: string; fields: PostingFields; field?: string }[];
  /** False for a transport with no rate-limit answer (SFTP): the sandbox's rate-limit fault is then a plain refusal. */
  answersRateLimits?: boolean;
  /** The media type every kept exchange declares (default JSON). */
  mediaType?: RegExp;
  /**
   * The time limit of one call in the failure test (default 400 ms), past which its outcome is
   * unknown. A transport slower by nature (an SSH handshake per call) needs more, or a slow machine
   * turns a plain answer into a time-out.
   */
  callTimeoutMs?: number;
}

/** The options with the board's own sandbox profile filling what the test leaves out. */
function withProfile<S extends Record<string, unknown>>(options: ContractOptions<S>) {
  const { board } = options;
  return {
    ...options,
    prefix: options.prefix ?? `/sandbox/${board.id}`,
    sandbox:
      options.sandbox ??
      (async (app: FastifyInstance, prefix: string) => {
        await app.register(board.sandbox.plugin, { prefix });
      }),
    settings: options.settings ?? ((baseUrl: string) => board.sandbox.demoSettings(baseUrl)),
    validFields: options.validFields ?? ((reference: string) => board.sandbox.sampleFields(reference)),
    inspect: options.inspect ?? ((baseUrl: string) => board.sandbox.adverts(baseUrl)),
  };
}

/**
 * The contract every board adapter passes against its sandbox, over real HTTP on loopback:
 * create, look up, update, close (where the board can), credentials refused, the board's own
 * validation mapped to fields, and the faults the posting pipeline relies on.
 */
export function boardContract<S extends Record<string, unknown>>(given: ContractOptions<S>) {
  const options = withProfile(given);
  const { board } = options;
  describe(`board contract: ${board.label}`, () => {
    let app: FastifyInstance;
    let baseUrl: string;
    let exchanges: BoardExchange[] = [];
    const client = (settings: S, timeoutMs = 5_000) =>
      board.client(settings, {
        fetch: globalThis.fetch,
        now: () => new Date(),
        timeoutMs,
        onExchange: (e) => exchanges.push(e),
      });
    const faults = (body: Record<string, unknown>) =>
      fetch(`${baseUrl}/_faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    let counter = 0;
    const reference = () => `CT-${Date.now().toString(36)}-${++counter}`.toUpperCase();

    beforeAll(async () => {
      app = Fastify();
      await options.sandbox(app, options.prefix);
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      baseUrl = `${address}${options.prefix}`;
    });
    afterAll(async () => app.close());
    beforeEach(async () => {
      exchanges = [];
      await faults({});
    });

    it('accepts fields that pass its check, and finds the advert again by reference', async () => {
      const ref = reference();
      const fields = options.validFields(ref);
      expect(board.check(fields, { today: options.today }).filter((i) => i.severity === 'error')).toEqual([]);
      const receipt = await client(options.settings(baseUrl)).create(fields);
      expect(receipt.externalId).toBeTruthy();
      const found = await client(options.settings(baseUrl)).lookup(ref);
      expect(found?.externalId).toBe(receipt.externalId);
      expect(await client(options.settings(baseUrl)).lookup(`${ref}-NOPE`)).toBeNull();
      const stored = (await options.inspect(baseUrl)).filter((a) => a.reference === ref);
      expect(stored).toHaveLength(1);
      expect(stored[0]?.createCount).toBe(1);
    });

    it('updates an advert it created', async () => {
      const ref = reference();
      const c = client(options.settings(baseUrl));
      const created = await c.create(options.validFields(ref));
      const updated = await c.update(created, { ...options.validFields(ref), ...options.change.fields });
      expect(updated.externalId).toBe(created.externalId);
      const stored = (await options.inspect(baseUrl)).find((a) => a.id === created.externalId);
      expect(options.change.stored(stored!.body)).toEqual(options.change.expected);
    });

    it.runIf(board.canClose)('closes an advert early', async () => {
      const ref = reference();
      const c = client(options.settings(baseUrl));
      const created = await c.create(options.validFields(ref));
      await c.close!(created);
      const stored = (await options.inspect(baseUrl)).find((a) => a.id === created.externalId);
      expect(stored?.status.toLowerCase()).toBe('closed');
    });

    it('reports refused credentials as an auth error, never retried', async () => {
      const error = await client(options.badSettings(baseUrl))
        .create(options.validFields(reference()))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BoardError);
      expect((error as BoardError).reason).toBe('auth');
      expect((error as BoardError).transient).toBe(false);
    });

    it("maps the board's own validation answer to the field it names", async () => {
      const ref = reference();
      const error = await client(options.settings(baseUrl))
        .create({ ...options.validFields(ref), ...options.invalid.fields })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BoardError);
      expect((error as BoardError).reason).toBe('invalid');
      expect((error as BoardError).issues.map((i) => i.field)).toContain(options.invalid.field);
    });

    it('tells transient failures and unknown outcomes apart', async () => {
      const c = client(options.settings(baseUrl), options.callTimeoutMs ?? 400);
      await faults({ errorRate: 1 });
      const down = await c.create(options.validFields(reference())).catch((e: unknown) => e);
      expect((down as BoardError).reason).toBe('unavailable');

      await faults({ rateLimitRate: 1, retryAfterSeconds: 3 });
      const slow = await c.create(options.validFields(reference())).catch((e: unknown) => e);
      if (options.answersRateLimits === false) expect((slow as BoardError).transient).toBe(true);
      else {
        expect((slow as BoardError).reason).toBe('rate_limited');
        expect((slow as BoardError).retryAfterMs).toBe(3000);
      }

      const ref = reference();
      await faults({ timeoutRate: 1 });
      const lost = await c.create(options.validFields(ref)).catch((e: unknown) => e);
      expect((lost as BoardError).reason).toBe('unknown_outcome');
      await faults({});
      // The board did the work: the look-up finds it, so the pipeline never sends it twice.
      expect(await c.lookup(ref)).not.toBeNull();

      const closedPort = await new Promise<number>((resolve) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const { port } = probe.address() as AddressInfo;
          probe.close(() => resolve(port));
        });
      });
      const refused = await board
        .client(options.settings(`http://127.0.0.1:${closedPort}`), {
          fetch: globalThis.fetch,
          now: () => new Date(),
          timeoutMs: options.callTimeoutMs ?? 400,
        })
        .create(options.validFields(reference()))
        .catch((e: unknown) => e);
      expect((refused as BoardError).reason).toBe('unavailable');
    });

    for (const rule of options.cases ?? []) {
      const verdict = rule.field ? `refuse it on ${rule.field}` : 'accept it';
      it(`adapter and sandbox both ${verdict}: ${rule.name}`, async () => {
        const ref = reference();
        const fields = { ...options.validFields(ref), ...rule.fields };
        const checked = board.check(fields, { today: options.today }).filter((i) => i.severity === 'error');
        const sent = await client(options.settings(baseUrl))
          .create(fields)
          .then(
            () => 'accepted' as const,
            (e: unknown) => e,
          );
        if (!rule.field) {
          expect(checked, 'the adapter').toEqual([]);
          expect(sent, 'the sandbox').toBe('accepted');
          return;
        }
        expect(
          checked.map((i) => i.field),
          'the adapter',
        ).toContain(rule.field);
        expect(sent, 'the sandbox').toBeInstanceOf(BoardError);
        expect((sent as BoardError).reason).toBe('invalid');
        expect(
          (sent as BoardError).issues.map((i) => i.field),
          'the sandbox',
        ).toContain(rule.field);
      });
    }

    it('keeps every exchange as proof, with the request headers and without the credentials', async () => {
      const settings = options.settings(baseUrl);
      await client(settings).create(options.validFields(reference()));
      expect(exchanges.length).toBeGreaterThan(0);
      for (const exchange of exchanges) {
        expect(exchange.requestHeaders['content-type'] ?? exchange.requestHeaders.accept).toMatch(
          options.mediaType ?? /json/,
        );
      }
      const secrets = board.connection.secrets.map((key) => String(settings[key]));
      for (const exchange of exchanges) {
        const text = JSON.stringify(exchange);
        for (const secret of secrets) expect(text).not.toContain(secret);
      }
    });
  });
}
