import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from './client.js';
import { startPgliteThread } from './embedded.js';

type Rows<T> = { rows: T[] };

// The embedded database runs in a thread of its own, reached over the wire protocol (embedded.ts).
describe.runIf(!process.env.DATABASE_URL)('the embedded database in its own thread', () => {
  let dir: string;
  let database: Database;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'postroom-embedded-'));
    database = await openDatabase({ kind: 'embedded', dataDir: join(dir, 'pgdata') });
    await database.db.execute(sql`create table notes (id serial primary key, body text not null)`);
  });
  afterAll(async () => {
    await database.close();
    await rm(dir, { recursive: true, force: true });
  });

  const count = async (db: Database) =>
    ((await db.db.execute(sql`select count(*)::int as n from notes`)) as unknown as Rows<{ n: number }>)
      .rows[0]?.n;

  it('keeps a transaction to itself: a statement sent meanwhile neither joins it nor sees it before it commits', async () => {
    const before = (await count(database)) ?? 0;
    let outside: Promise<number | undefined> | undefined;
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into notes (body) values ('inside')`);
      outside = count(database); // waits for the transaction's one session
      await new Promise((resolve) => setTimeout(resolve, 50));
      await tx.execute(sql`insert into notes (body) values ('inside too')`);
    });
    expect(await outside).toBe(before + 2);
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into notes (body) values ('rolled back')`);
        await tx.execute(sql`select 1/0`);
      }),
    ).rejects.toMatchObject({ cause: { message: 'division by zero' } });
    expect(await count(database)).toBe(before + 2);
  });

  it('after a statement fails, the statements waiting for the session still run', async () => {
    const failing = database.db.execute(sql`select 1/0`);
    const waiting = [count(database), count(database)]; // count() awaits: both are sent now
    await expect(failing).rejects.toMatchObject({ cause: { message: 'division by zero' } });
    for (const n of await Promise.all(waiting)) expect(n).toBeGreaterThanOrEqual(0);
  });

  it('moves the write epoch after a write and not after a read', async () => {
    const epoch = database.localEpoch!();
    await count(database);
    expect(database.localEpoch!()).toBe(epoch);
    await database.db.execute(sql`insert into notes (body) values ('epoch')`);
    expect(database.localEpoch!()).toBeGreaterThan(epoch);
  });

  it('carries odd and large text both ways intact, and refuses a NUL with PostgreSQL’s own error', async () => {
    const odd = 'Café 🚀 مرحبا\u202e\t"quoted" \\ back';
    const big = 'x'.repeat(3_000_000);
    for (const body of [odd, big]) {
      const rows = (
        (await database.db.execute(
          sql`insert into notes (body) values (${body}) returning body`,
        )) as unknown as Rows<{
          body: string;
        }>
      ).rows;
      expect(rows[0]?.body).toBe(body);
    }
    await expect(
      database.db.execute(sql`insert into notes (body) values (${'a\u0000b'})`),
    ).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/invalid byte sequence.*0x00/) },
    });
    expect(await count(database)).toBeGreaterThan(0); // the session goes on after the error
  });

  it('writes to its directory, so a reopened database has every committed row', async () => {
    const n = await count(database);
    await database.close();
    database = await openDatabase({ kind: 'embedded', dataDir: join(dir, 'pgdata') });
    expect(await count(database)).toBe(n);
  });

  it('closes while a statement runs: the statement finishes, then the database closes', async () => {
    const other = await openDatabase({ kind: 'embedded', dataDir: 'memory://' });
    await other.ping();
    // Drizzle runs a statement when it is awaited: `then` sends it now.
    const running = other.db.execute(sql`select pg_sleep(0.2), 1 as one`).then((r) => r);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await other.close();
    expect(((await running) as unknown as Rows<{ one: number }>).rows[0]?.one).toBe(1);
  });

  describe('connections sharing its one session', () => {
    const clients: pg.Client[] = [];
    let thread: Awaited<ReturnType<typeof startPgliteThread>>;
    const connect = async () => {
      const client = new pg.Client({
        user: 'postgres',
        database: 'postgres',
        stream: () => thread.connect(),
      });
      client.on('error', () => {});
      await client.connect();
      clients.push(client);
      return client;
    };
    beforeAll(async () => {
      thread = await startPgliteThread('memory://');
      const setUp = await connect();
      await setUp.query('create table marks (n int not null)');
    });
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.end().catch(() => {})));
      await thread.close();
    });

    it('runs the same named statement on every connection, whichever parsed it first', async () => {
      const [a, b, c] = await Promise.all([connect(), connect(), connect()]);
      const ask = (client: pg.Client, n: number) =>
        client.query({ name: 'double', text: 'select $1::int * 2 as n', values: [n] });
      // Each connection parses it once; the thread runs its Parse once and answers the others as done.
      const answers = await Promise.all([a!, b!, c!, a!, b!, c!].map((client, i) => ask(client, i)));
      expect(answers.map((r) => r.rows[0].n)).toEqual([0, 2, 4, 6, 8, 10]);
      await expect(
        b!.query({ name: 'double', text: 'select $1::int * 2 as n', values: ['x'] }),
      ).rejects.toThrow(/invalid input syntax for type integer/);
      expect((await ask(b!, 21)).rows[0].n).toBe(42);
    });

    it("keeps another connection's statement waiting until a transaction ends, and rolls back one left open", async () => {
      const [a, b] = await Promise.all([connect(), connect()]);
      await a!.query('begin');
      await a!.query('insert into marks values (1)');
      let seen: number | undefined;
      const waiting = b!.query('select count(*)::int as n from marks').then((r) => {
        seen = r.rows[0].n;
      });
      await a!.query('insert into marks values (2)');
      expect(seen).toBeUndefined();
      await a!.query('commit');
      await waiting;
      expect(seen).toBe(2);
      // A connection that ends inside its transaction: what it wrote goes, and the others go on.
      await b!.query('begin');
      await b!.query('insert into marks values (3)');
      await b!.end();
      expect((await a!.query('select count(*)::int as n from marks')).rows[0].n).toBe(2);
    });
  });
});
