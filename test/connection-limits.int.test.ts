import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../src/db/client.js';
import { IN_FLIGHT_STATUSES } from '../src/domain/posting.js';
import { PostingQueue } from '../src/jobs/queue.js';
import type { RunningWorker } from '../src/jobs/worker.js';
import { startPostingWorker } from '../src/main/worker.js';
import { createTestContext, TEST_WORKER_CONFIG, type TestContext, validVacancy } from './support/app.js';

// Two posting workers share one database and one s1jobs account: the account's limit of calls in
// flight (POSTROOM_CONNECTION_CONCURRENCY, 4 here) holds across both, as the sandbox counts them.
// Embedded, both run in this process on the one PGlite; on a server, the second has its own pool.

const POSTINGS = 24;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const LIMIT = TEST_WORKER_CONFIG.perConnection;
/** Long enough that no call times out on a busy machine (an unknown outcome would add attempts). */
const WORKER = { ...TEST_WORKER_CONFIG, boardTimeoutMs: 15_000 };

type Posting = { id: string; status: string; attempts?: { action: string; outcome: string }[] };
type FaultState = { counters: { requests: number; inFlight: number; maxInFlight: number } };

let t: TestContext;
let token: string;
let second: { worker: RunningWorker; close(): Promise<void> };

const api = (method: 'GET' | 'POST', url: string, body?: unknown) => t.request(token, method, url, body);
const faults = async (body?: unknown): Promise<FaultState> =>
  (await (
    await fetch(`${t.baseUrl}/sandbox/s1jobs/_faults`, {
      method: body ? 'POST' : 'GET',
      ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
    })
  ).json()) as FaultState;

/** A second worker on the same database: the test's own deps embedded, a pool of its own on a server. */
async function startSecondWorker() {
  let database: Database | null = null;
  let deps = t.deps;
  if (t.databaseConfig.kind === 'server') {
    database = await openDatabase(t.databaseConfig);
    const queue = new PostingQueue(database.executor, pino({ level: 'silent' }), {
      jobExpirySeconds: 10,
      maintenanceSeconds: 5,
    });
    await queue.start();
    deps = { ...t.deps, db: database.db, queue };
  }
  const worker = startPostingWorker(deps, WORKER);
  return {
    worker,
    async close() {
      await worker.stop();
      if (database) {
        await deps.queue.stop();
        await database.close();
      }
    },
  };
}

/** Waits until no posting has a job on its way, with one short list request at a time. */
async function settled(): Promise<{ id: string; status: string }[]> {
  for (;;) {
    const { items } = (await api('GET', '/api/v1/postings?limit=500')).body as {
      items: { id: string; status: string }[];
    };
    if (items.every((p) => !(IN_FLIGHT_STATUSES as readonly string[]).includes(p.status))) return items;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  t = await createTestContext({ pipeline: true, worker: WORKER });
  token = (await t.organisation('Limits Trust')).token;
  second = await startSecondWorker();
});
afterAll(async () => {
  await second?.close();
  await t?.close();
});

describe('a board connection shared by two workers', () => {
  it(`never has more than ${LIMIT} calls in flight at the board, and every posting gets there once`, async () => {
    const connection = await api('POST', '/api/v1/connections', {
      board: 's1jobs',
      name: 's1jobs',
      settings: { username: 'demo-api', password: 'demo-secret', baseUrl: `${t.baseUrl}/sandbox/s1jobs` },
    });
    const connectionId = (connection.body as { id: string }).id;
    const vacancyIds: string[] = [];
    for (let i = 0; i < POSTINGS; i += 1) {
      const vacancy = await api(
        'POST',
        '/api/v1/vacancies',
        validVacancy({ reference: `LIM-${i}`, category: 'Nursing', closingDate: inDays(20) }),
      );
      const vacancyId = (vacancy.body as { id: string }).id;
      expect((await api('POST', `/api/v1/vacancies/${vacancyId}/publish`)).status).toBe(200);
      vacancyIds.push(vacancyId);
    }
    // Slow answers keep calls in flight while both workers pile onto the account.
    await faults({ latencyMs: 300 });
    const batch = await api('POST', '/api/v1/postings/batch', {
      items: vacancyIds.map((vacancyId) => ({ action: 'post', vacancyId, connectionId })),
    });
    const results = (batch.body as { results: { status: number; posting?: Posting }[] }).results;
    expect(results.map((r) => r.status)).toEqual(vacancyIds.map(() => 202));
    const ids = results.map((r) => r.posting!.id);

    const done = await settled();
    const seen = await faults();
    expect(seen.counters.maxInFlight).toBeLessThanOrEqual(LIMIT);
    // The workers kept the account busy, or the limit would prove nothing.
    expect(seen.counters.maxInFlight).toBe(LIMIT);
    expect(done.map((p) => p.status).sort()).toEqual(ids.map(() => 'posted'));
    // A posting turned away for want of a slot waited without an attempt: one create each.
    for (const p of done) {
      const detail = (await api('GET', `/api/v1/postings/${p.id}`)).body as Posting;
      expect(detail.attempts?.map((a) => `${a.action}:${a.outcome}`)).toEqual(['create:succeeded']);
    }
    await faults({});
  });
});
