import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db.js';
import type { Database } from '../db/client.js';
import { boardConnections, organisations } from '../db/schema.js';
import { countCall, countingWindow, leaseSlot, releaseSlot } from './connection-limits.js';

let database: Database;
let connectionId: string;
const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  database = await createTestDatabase();
  const [org] = await database.db
    .insert(organisations)
    .values({ slug: 'limits', name: 'Limits' })
    .returning();
  const [connection] = await database.db
    .insert(boardConnections)
    .values({ organisationId: org!.id, board: 'teaching-vacancies', name: 'TV', secrets: '' })
    .returning();
  connectionId = connection!.id;
});
afterAll(async () => database?.close());

describe('connection slots', () => {
  it('leases at most the limit at once, frees a slot given back or run out, and only by its own lease', async () => {
    const now = at('2026-11-30T10:00:00Z');
    const until = at('2026-11-30T10:00:30Z');
    const lease = () => leaseSlot(database.db, connectionId, 2, now, until);
    expect([await lease(), await lease(), await lease()]).toEqual([0, 1, null]);

    // Another worker's lease (a different time) does not free the slot; our own does.
    await releaseSlot(database.db, connectionId, 1, at('2026-11-30T10:00:31Z'));
    expect(await lease()).toBeNull();
    await releaseSlot(database.db, connectionId, 1, until);
    expect(await lease()).toBe(1);

    // A dead process's leases run out by themselves.
    const later = await leaseSlot(
      database.db,
      connectionId,
      2,
      at('2026-11-30T10:00:30Z'),
      at('2026-11-30T10:01:00Z'),
    );
    expect(later).toBe(0);
  });
});

describe('a rate limit per connection', () => {
  it('refuses the call past the fixed window’s allowance until the next window', async () => {
    const limit = { requests: 3, perMs: 60_000, window: 'fixed' as const };
    const results = [];
    for (let i = 0; i < 4; i += 1)
      results.push(await countCall(database.db, connectionId, limit, at(`2026-11-30T10:00:1${i}Z`)));
    expect(results).toEqual([null, null, null, at('2026-11-30T10:01:00Z')]);
    expect(await countCall(database.db, connectionId, limit, at('2026-11-30T10:01:00Z'))).toBeNull();
  });

  it('holds a rolling limit over any span: 2,000 an hour is 181 every 6 minutes', () => {
    expect(countingWindow({ requests: 2_000, perMs: 3_600_000, window: 'rolling' })).toEqual({
      windowMs: 360_000,
      allowed: 181,
    });
    expect(countingWindow({ requests: 600, perMs: 60_000, window: 'fixed' })).toEqual({
      windowMs: 60_000,
      allowed: 600,
    });
  });
});
