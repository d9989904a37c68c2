import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db.js';
import type { Database } from '../db/client.js';
import { boardConnections, organisations } from '../db/schema.js';
import {
  countCall,
  countingWindow,
  leaseSlot,
  pausedUntil,
  releaseSlot,
  renewSlot,
} from './connection-limits.js';

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

describe("a board's pause on a connection", () => {
  it('lets no process lease or renew a slot until it ends, and says when it does', async () => {
    const now = at('2026-11-30T11:00:00Z');
    const until = at('2026-11-30T11:00:30Z');
    const slot = await leaseSlot(database.db, connectionId, 2, now, until);
    expect(slot).not.toBeNull();
    const pauseEnds = at('2026-11-30T11:00:20Z');
    await database.db.update(boardConnections).set({ pausedUntil: pauseEnds });
    try {
      expect(await leaseSlot(database.db, connectionId, 2, now, until)).toBeNull();
      const renew = (moment: Date) =>
        renewSlot(database.db, connectionId, slot!, until, at('2026-11-30T11:01:00Z'), moment.toISOString());
      expect(await renew(now)).toEqual([]);
      expect(await pausedUntil(database.db, connectionId, now)).toEqual(pauseEnds);
      // Once it has ended, slots are leased and renewed again.
      expect(await pausedUntil(database.db, connectionId, pauseEnds)).toBeNull();
      expect(await renew(pauseEnds)).toEqual([{ slot }]);
      expect(await leaseSlot(database.db, connectionId, 2, pauseEnds, until)).not.toBeNull();
    } finally {
      await database.db.update(boardConnections).set({ pausedUntil: null });
    }
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
