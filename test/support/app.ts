import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { expect } from 'vitest';
import { createBoardAddressPolicy } from '../../src/boards/address-policy.js';
import { guardedFetch } from '../../src/boards/guarded-fetch.js';
import { getBoard } from '../../src/boards/registry.js';
import type { ApplyLimits, DatabaseConfig, WorkerConfig } from '../../src/config.js';
import { type Database, openDatabase } from '../../src/db/client.js';
import { type App, createApp } from '../../src/http/app.js';
import { PostingQueue } from '../../src/jobs/queue.js';
import type { RunningWorker } from '../../src/jobs/worker.js';
import { logOptions } from '../../src/main/logger.js';
import { startPostingWorker } from '../../src/main/worker.js';
import { createApiToken } from '../../src/services/api-tokens.js';
import { type Clock, type ServiceDeps, systemClock } from '../../src/services/deps.js';
import { createOrganisation } from '../../src/services/organisations.js';
import { createSecretBox } from '../../src/services/secret-box.js';
import { freshDatabaseConfig } from './db.js';

/** A clock that stands still until a test moves it. */
export class FakeClock implements Clock {
  constructor(private current = new Date('2026-11-23T10:00:00Z')) {}
  now() {
    return new Date(this.current);
  }
  set(at: Date | string) {
    this.current = new Date(at);
  }
}

export interface TestContext {
  app: App;
  database: Database;
  /** How to open the same database again (e.g. a second pool, for a second worker). */
  databaseConfig: DatabaseConfig;
  deps: ServiceDeps & { queue: PostingQueue };
  clock: FakeClock;
  /** Where this context's CVs are stored (a temporary folder, removed on close). */
  uploadsDir: string;
  /** Where the app listens (on loopback), when started with `listen`; its sandboxes are under it. */
  baseUrl: string;
  worker: RunningWorker | null;
  /**
   * Creates an organisation and returns its id, slug, an API token of the given role, and its
   * first admin's e-mail address (the password is {@link ADMIN_PASSWORD}).
   */
  organisation(
    name: string,
    role?: 'admin' | 'recruiter',
  ): Promise<{ id: string; slug: string; token: string; adminEmail: string }>;
  /** Sends a JSON request with a bearer token. */
  request(
    token: string | null,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: unknown; headers: Record<string, unknown> }>;
  close(): Promise<void>;
}

let counter = 0;

/** The password of every test organisation's first admin. */
export const ADMIN_PASSWORD = 'correct horse battery';

/** Apply limits no test reaches unless it asks for lower ones. */
const UNREACHED_APPLY_LIMITS: ApplyLimits = {
  perAddress: 1_000_000,
  perVacancy: 1_000_000,
  windowMinutes: 60,
  uploadQuotaBytes: Number.MAX_SAFE_INTEGER,
};

/** Fast retries and short time limits, so pipeline tests take seconds. */
export const TEST_WORKER_CONFIG: WorkerConfig = {
  concurrency: 16,
  perConnection: 4,
  pollMs: 50,
  retryMaxAttempts: 8,
  retryBaseMs: 50,
  boardTimeoutMs: 1_000,
  jobExpirySeconds: 10,
  queueMaintenanceSeconds: 5,
  statusPollMinutes: 15,
};

/**
 * The real app on a fresh database of the suite's mode, with the real queue. By default the clock
 * is fake and nothing listens; `pipeline` uses the system clock, listens on loopback (with the
 * sandboxes mounted, reached over real HTTP) and runs a posting worker.
 */
export async function createTestContext(
  options: {
    pipeline?: boolean /** Collects every log line, at the most detailed level, with the production redaction and serializers. */;
    logLines?: string[];
    /** PUBLIC_URL (default http://localhost:3000). */
    publicUrl?: string;
    /** Private addresses webhooks may reach, as an operator would allow them (POSTROOM_BOARD_URL_ALLOW). */
    outboundAllow?: string[];
    /** The level of Fastify's per-request log lines (the server's choice in a terminal is debug). */
    requestLogLevel?: 'info' | 'debug';
    /** POSTROOM_BOARD_URL_ALLOW (default none; a pipeline's own sandboxes are allowed anyway). */
    boardUrlAllow?: string[];
    /** The apply form's limits (default: too high for any test to reach). */
    applyLimits?: Partial<ApplyLimits>;
    /** The pipeline's worker settings over {@link TEST_WORKER_CONFIG}. */
    worker?: Partial<WorkerConfig>;
  } = {},
): Promise<TestContext> {
  const databaseConfig = await freshDatabaseConfig();
  const database = await openDatabase(databaseConfig);
  if (databaseConfig.kind === 'embedded') await database.migrate();
  const clock = new FakeClock();
  const lines = options.logLines;
  const logger = lines
    ? pino(logOptions('trace'), { write: (line: string) => lines.push(line) })
    : pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const queue = new PostingQueue(database.executor, logger, { jobExpirySeconds: 10, maintenanceSeconds: 5 });
  await queue.start();
  // One allow list for board calls and webhooks, as POSTROOM_BOARD_URL_ALLOW is for the server.
  const boardAddresses = createBoardAddressPolicy([
    ...(options.boardUrlAllow ?? []),
    ...(options.outboundAllow ?? []),
  ]);
  const deps = {
    db: database.db,
    boardAddresses,
    applyLimits: { ...UNREACHED_APPLY_LIMITS, ...options.applyLimits },
    clock: options.pipeline ? systemClock : clock,
    logger,
    secretBox: createSecretBox(randomBytes(32)),
    fetch: guardedFetch(boardAddresses),
    publicUrl: options.publicUrl ?? 'http://localhost:3000',
    queue,
    ...(database.localEpoch ? { localEpoch: database.localEpoch } : {}),
  };
  const uploadsDir = await mkdtemp(join(tmpdir(), 'postroom-uploads-'));
  const app = await createApp({
    ...deps,
    uploadsDir,
    pingDatabase: () => database.ping(),
    version: 'test',
    sandboxes: Boolean(options.pipeline),
    // Every JSON answer is checked against the schema its route declares (a mismatch is a 500).
    validateResponses: true,
    ...(options.outboundAllow ? { outboundAllow: options.outboundAllow } : {}),
    ...(options.requestLogLevel ? { requestLogLevel: options.requestLogLevel } : {}),
  });
  let baseUrl = '';
  let worker: RunningWorker | null = null;
  if (options.pipeline) {
    baseUrl = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    boardAddresses.sandboxOrigin = baseUrl;
    worker = startPostingWorker(deps, { ...TEST_WORKER_CONFIG, ...options.worker });
  } else {
    await app.ready();
  }
  return {
    app,
    database,
    databaseConfig,
    deps,
    clock,
    uploadsDir,
    baseUrl,
    worker,
    async organisation(name, role = 'admin') {
      counter += 1;
      const adminEmail = `admin${counter}-${Date.now()}@example.org`;
      const { organisation } = await createOrganisation(deps, {
        name,
        adminEmail,
        adminPassword: ADMIN_PASSWORD,
      });
      const { token } = await createApiToken(deps, organisation.id, { name: 'test', role }, null);
      return { id: organisation.id, slug: organisation.slug, token, adminEmail };
    },
    async request(token, method, url, body, headers = {}) {
      const response = await app.inject({
        method,
        url,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = response.body;
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON: keep the text.
      }
      return { status: response.statusCode, body: parsed, headers: response.headers };
    },
    async close() {
      await app.close();
      await worker?.stop();
      await queue.stop();
      await database.close();
      await rm(uploadsDir, { recursive: true, force: true });
    },
  };
}

/** A valid vacancy for the fake clock's today (2026-11-23), to change one field at a time. */
export const validVacancy = (overrides: Record<string, unknown> = {}) => ({
  title: 'Staff Nurse',
  employmentType: 'permanent',
  hours: 'full_time',
  workplace: 'onsite',
  location: { line1: '84 Castle Street', town: 'Glasgow', postcode: 'G4 0SF' },
  salary: { min: 31049, max: 37796, period: 'year' },
  summary: 'A Band 5 post on a friendly ward.',
  description: '<p>Care for adults on an acute medical ward.</p>',
  closingDate: '2026-12-20',
  ...overrides,
});

/**
 * Connects an organisation to a sandbox board with the sandbox's built-in account (the board's
 * `sandbox.demoSettings`), named as the demo names it ("<label> (sandbox)"); returns its id.
 */
export async function connectSandbox(t: TestContext, token: string, boardId: string) {
  const board = getBoard(boardId);
  const response = await t.request(token, 'POST', '/api/v1/connections', {
    board: board.id,
    name: `${board.label} (sandbox)`,
    settings: board.sandbox.demoSettings(`${t.baseUrl}/sandbox/${board.id}`),
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return (response.body as { id: string }).id;
}

/** Creates a valid vacancy (with `overrides`) over the API and publishes it: it is live. */
export async function liveVacancy(t: TestContext, token: string, overrides: Record<string, unknown> = {}) {
  const created = await t.request(token, 'POST', '/api/v1/vacancies', validVacancy(overrides));
  expect(created.status).toBe(201);
  const vacancy = created.body as { id: string; reference: string; title: string };
  expect((await t.request(token, 'POST', `/api/v1/vacancies/${vacancy.id}/publish`)).status).toBe(200);
  return vacancy;
}

/** The date `days` from today, as a date input takes it. */
export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
