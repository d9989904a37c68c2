import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseConfig } from '../../test/support/db.js';
import { type Database, openDatabase, rawStatement } from '../db/client.js';
import { PostingQueue } from './queue.js';

const logger = pino({ level: 'silent' });
const server = Boolean(process.env.DATABASE_URL);

// Two processes on one PostgreSQL database, as with `serve --no-worker` and `worker`: each has its
// own connections and its own queue object.
describe.runIf(server)('posting queue across processes (PostgreSQL)', () => {
  let api: Database;
  let worker: Database;
  let apiQueue: PostingQueue;
  let workerQueue: PostingQueue;

  beforeAll(async () => {
    const config = await freshDatabaseConfig();
    api = await openDatabase(config);
    worker = await openDatabase(config);
    const options = { jobExpirySeconds: 60, maintenanceSeconds: 30 };
    apiQueue = new PostingQueue(api.executor, logger, { ...options, listen: api.listen!.bind(api) });
    workerQueue = new PostingQueue(worker.executor, logger, {
      ...options,
      listen: worker.listen!.bind(worker),
    });
    await apiQueue.start();
    await workerQueue.start();
  });

  afterAll(async () => {
    await apiQueue?.stop();
    await workerQueue?.stop();
    await api?.close();
    await worker?.close();
  });

  it('wakes the worker of another process when a job commits, and not for a rolled-back one', async () => {
    let wakes = 0;
    let onWake = () => {};
    workerQueue.onWake(() => {
      wakes += 1;
      onWake();
    });
    const nextWake = () =>
      new Promise<void>((resolve) => {
        onWake = resolve;
      });
    // The listening connection is up once a NOTIFY of our own gets through (however long that takes).
    let up = false;
    const listening = nextWake().then(() => {
      up = true;
    });
    while (!up) {
      await api.db.execute(sql`select pg_notify('postroom_jobs', '')`);
      await Promise.race([listening, new Promise((r) => setTimeout(r, 100))]);
    }
    // One more probe, now that it cannot be lost: notifications arrive in commit order, so once it
    // wakes the worker, no earlier probe is still on its way.
    const lastProbe = nextWake();
    await api.db.execute(sql`select pg_notify('postroom_jobs', '')`);
    await lastProbe;
    wakes = 0;
    const woken = nextWake();
    const job = {
      postingId: crypto.randomUUID(),
      organisationId: crypto.randomUUID(),
      action: 'create' as const,
    };
    await api.db
      .transaction(async (tx) => {
        await apiQueue.enqueue(tx, job);
        throw new Error('rolled back');
      })
      .catch(() => {});
    await new Promise((r) => setTimeout(r, 300));
    expect(wakes).toBe(0);
    await api.db.transaction((tx) => apiQueue.enqueue(tx, job));
    // Woken by the NOTIFY itself: this test runs no poll.
    await woken;
    const fetched = await workerQueue.fetch(10);
    expect(fetched.map((j) => j.data)).toEqual([job]);
  });

  it("adds a job as part of a statement of the caller's, and wakes the worker of another process", async () => {
    let onWake = () => {};
    const stop = workerQueue.onWake(() => onWake());
    const woken = new Promise<void>((resolve) => {
      onWake = resolve;
    });
    const job = {
      postingId: crypto.randomUUID(),
      organisationId: crypto.randomUUID(),
      action: 'create' as const,
    };
    const { text, values } = await apiQueue.jobInsert(job);
    const queued = api.db.$with('queued', { id: sql<string>`id`.as('id') }).as(rawStatement(text, values));
    const [added] = await api.db.with(queued).select({ id: queued.id }).from(queued);
    await woken;
    stop();
    const fetched = await workerQueue.fetch(10);
    expect(fetched).toEqual([{ id: added!.id, data: job }]);
  });

  it("leaves out its own process's NOTIFY: its services wake its workers themselves", async () => {
    let wakes = 0;
    let onWake = () => {};
    const stop = workerQueue.onWake(() => {
      wakes += 1;
      onWake();
    });
    const job = {
      postingId: crypto.randomUUID(),
      organisationId: crypto.randomUUID(),
      action: 'create' as const,
    };
    await worker.db.transaction((tx) => workerQueue.enqueue(tx, job));
    const woken = new Promise<void>((resolve) => {
      onWake = resolve;
    });
    await api.db.execute(sql`select pg_notify('postroom_jobs', '')`);
    await woken;
    await new Promise((r) => setTimeout(r, 300)); // its own, had it come, would have woken it too
    stop();
    expect(wakes).toBe(1);
  });

  it("wakes only the listeners that asked for other processes' jobs; its own wakes reach every one", async () => {
    const woken: string[] = [];
    let onPostings = () => {};
    const stopPostings = workerQueue.onWake(() => {
      woken.push('postings');
      onPostings();
    });
    const stopOthers = workerQueue.onWake(() => woken.push('notifications'), { fromOtherProcesses: false });
    const postingsWoken = new Promise<void>((resolve) => {
      onPostings = resolve;
    });
    await api.db.transaction((tx) =>
      apiQueue.enqueue(tx, {
        postingId: crypto.randomUUID(),
        organisationId: crypto.randomUUID(),
        action: 'create',
      }),
    );
    await postingsWoken;
    // A NOTIFY wakes the listeners it wakes together, so the other one would have been called by now.
    expect(woken).toEqual(['postings']);
    workerQueue.wake();
    expect(woken).toEqual(['postings', 'postings', 'notifications']);
    stopPostings();
    stopOthers();
    await workerQueue.fetch(10);
  });
});
