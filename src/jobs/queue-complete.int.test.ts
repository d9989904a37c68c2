import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db.js';
import type { Database } from '../db/client.js';
import { POSTING_QUEUE, PostingQueue } from './queue.js';

// Completions that arrive while one is being written are written together (queue.ts): every job
// asked to complete is completed, none twice, and one that arrives later is written on its own.

let database: Database;
let queue: PostingQueue;
const states = async (ids: string[]) =>
  (
    await database.executor.executeSql(
      'select state from pgboss.job where name = $1 and id = any($2::uuid[])',
      [POSTING_QUEUE, ids],
    )
  ).rows.map((r) => r.state);

beforeAll(async () => {
  database = await createTestDatabase();
  queue = new PostingQueue(database.executor, pino({ level: 'silent' }), {
    jobExpirySeconds: 60,
    maintenanceSeconds: 30,
  });
  await queue.start();
});
afterAll(async () => {
  await queue.stop();
  await database.close();
});

describe('completing posting jobs', () => {
  it('completes every job of a burst of completions, and a later one', async () => {
    for (let i = 0; i < 6; i++)
      await queue.enqueue(database.db, {
        postingId: crypto.randomUUID(),
        organisationId: crypto.randomUUID(),
        action: 'create',
      });
    const ids = (await queue.fetch(10)).map((j) => j.id);
    expect(ids).toHaveLength(6);
    await Promise.all(ids.slice(0, 5).map((id) => queue.complete(id)));
    expect(await states(ids.slice(0, 5))).toEqual(Array(5).fill('completed'));
    expect(await states(ids.slice(5))).toEqual(['active']);
    await queue.complete(ids[5]!);
    expect(await states(ids.slice(5))).toEqual(['completed']);
  });
});
