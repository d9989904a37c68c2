import { fileURLToPath } from 'node:url';
import { getTableColumns, type SQL, sql, type Table } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { startPgliteThread } from './embedded.js';
import { PreparingClient } from './prepared-client.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The Drizzle database, the same type over PGlite and node-postgres. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction or the database itself: services accept either. */
export type DbOrTx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

/**
 * A statement built once per database and run with new values after (Drizzle's prepared query, with
 * `sql.placeholder` for the values; it runs outside any transaction): for the few that run for
 * every posting or API request, where building the statement again each time was a good part of
 * the CPU (issue 20's profile).
 */
export function builtOnce<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db) => {
    let statement = built.get(db);
    if (statement === undefined) {
      statement = build(db);
      built.set(db, statement);
    }
    return statement;
  };
}

/**
 * `builtOnce` for each shape of a statement (e.g. each combination of a list's filters), named by
 * `key`: `build(key)` is called once per key and database.
 */
export function builtOnceEach<T>(build: (key: string, db: Db) => T): (key: string, db: Db) => T {
  const byKey = new Map<string, (db: Db) => T>();
  return (key, db) => {
    let statement = byKey.get(key);
    if (!statement) {
      statement = builtOnce((d) => build(key, d));
      byKey.set(key, statement);
    }
    return statement(db);
  };
}

/**
 * `builtOnceEach` for a write that may also run in a transaction: on the database the statement is
 * built once per shape; in a transaction (`tx`), built for it each time.
 */
export function builtPerShape<T>(
  build: (shape: string, db: DbOrTx) => T,
): (shape: string, db: Db, tx?: DbOrTx) => T {
  const once = builtOnceEach(build);
  return (shape, db, tx) => (tx ? build(shape, tx) : once(shape, db));
}

/** A prepared statement's name for each kind and shape: the same shape, the same text, the same name. */
const shapeNames = new Map<string, string>();
export function shapeName(kind: string, shape: string): string {
  const key = `${kind} ${shape}`;
  let name = shapeNames.get(key);
  if (name === undefined) {
    name = `postroom_${kind}_${shapeNames.size + 1}`;
    shapeNames.set(key, name);
  }
  return name;
}

/**
 * A row's values for a statement built once per set of columns (`builtOnceEach`): `shape` names the
 * set (the keys given a value, in order; `placeholders(shape, prefix)` puts one where each value
 * goes) and `values` holds each value as its column sends it, under `prefix` + key. Null is SQL
 * NULL: Drizzle's own encoding of a placeholder would send JSON null, or fail on a null date.
 */
export function rowValues(table: Table, row: Record<string, unknown>, prefix: string) {
  const columns = getTableColumns(table);
  const keys = Object.keys(row).filter((key) => row[key] !== undefined);
  const values: Record<string, unknown> = {};
  for (const key of keys) {
    const column = columns[key];
    if (!column) throw new Error(`${key} is not a column`);
    values[prefix + key] = row[key] === null ? null : column.mapToDriverValue(row[key]);
  }
  return { shape: keys.join(','), values };
}

/** Where `rowValues`' values go in a statement built for `shape`: a placeholder per column. */
export function placeholders(shape: string, prefix: string): Record<string, SQL> {
  const keys = shape ? shape.split(',') : [];
  return Object.fromEntries(keys.map((key) => [key, sql`${sql.placeholder(prefix + key)}`]));
}

/** Resolves from both src/db and dist/db: the migrations are committed under src/db/migrations. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../src/db/migrations', import.meta.url));

/** Key of the PostgreSQL advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK = 7_110_417;

/** Raw SQL with positional parameters: what pg-boss needs of a database. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

export interface Database {
  db: Db;
  kind: DatabaseConfig['kind'];
  /** The same database for raw SQL (the queue). */
  executor: SqlExecutor;
  /** Runs the committed migrations; safe to call from several processes at once. */
  migrate(): Promise<void>;
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  /**
   * Embedded only (one process holds the database): a number that moves on after every statement
   * that may have written (anything but a SELECT) and after every transaction, once it is over.
   * A read started at epoch N sees every change made before N, so results kept under N are
   * current while the epoch is N (ContentCache), with no query to find out.
   */
  localEpoch?(): number;
  /**
   * Calls `onNotify` on every NOTIFY on `channel` from another process (this one's services wake
   * its own workers directly), over a connection of its own that reconnects after a loss
   * (notifications sent meanwhile are missed). Server mode only: an embedded database has one
   * process. Returns how to stop listening.
   */
  listen?(channel: string, onNotify: () => void): () => Promise<void>;
  /**
   * Embedded only: what autovacuum does on a server, which PGlite lacks: reclaims the space of
   * deleted and updated rows (the queue makes many) and refreshes the planner's statistics.
   */
  maintain?(): Promise<void>;
  close(): Promise<void>;
}

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.kind === 'embedded' ? openEmbedded(config.dataDir) : openServer(config.url);
}

/**
 * Connections to the embedded database: while PGlite runs one statement, the others' next ones
 * wait in its thread rather than behind a round trip to the main thread.
 */
const EMBEDDED_CONNECTIONS = 4;

async function openEmbedded(dataDir: string): Promise<Database> {
  const thread = await startPgliteThread(dataDir);
  // Every statement runs through this pool (Drizzle, the queue, migrations): see `localEpoch`. Its
  // connections share PGlite's one session, which runs their statements one at a time and a
  // transaction's alone, so nothing reads between a write and its epoch (pglite-thread.mjs).
  let epoch = 0;
  const pool = new pg.Pool({
    max: EMBEDDED_CONNECTIONS,
    idleTimeoutMillis: 0,
    allowExitOnIdle: true,
    user: 'postgres',
    database: 'postgres',
    stream: () => thread.connect(),
    Client: epochCounting(() => {
      epoch += 1;
    }),
  });
  pool.on('error', () => {});
  const database = poolDatabase(pool, 'embedded');
  let closed = false;
  return {
    ...database,
    async migrate() {
      await migrateNodePg(drizzleNodePg({ client: pool, schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    },
    async maintain() {
      await pool.query('VACUUM (ANALYZE)');
    },
    localEpoch: () => epoch,
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
      await thread.close();
    },
  };
}

/** A PreparingClient that calls `wrote` after each statement that may have written (not a SELECT). */
function epochCounting(wrote: () => void): typeof PreparingClient {
  const isRead = (text: unknown) => typeof text === 'string' && /^\s*select\b/i.test(text);
  return class EpochCountingClient extends PreparingClient {
    // biome-ignore lint/suspicious/noExplicitAny: pg's query() has many overloads; this passes them through.
    override query(config: any, values?: any, callback?: any): any {
      if (isRead(typeof config === 'string' ? config : config?.text))
        return super.query(config, values, callback);
      // biome-ignore lint/suspicious/noExplicitAny: as above.
      const after = (done: any) => (error: unknown, result: unknown) => {
        wrote();
        done(error, result);
      };
      if (typeof values === 'function') return super.query(config, after(values));
      if (typeof callback === 'function') return super.query(config, values, after(callback));
      const result = super.query(config, values);
      return typeof result?.finally === 'function' ? result.finally(wrote) : result;
    }
  };
}

/** What a node-postgres pool gives in both modes: Drizzle, the queue's raw SQL and a ping. */
function poolDatabase(pool: pg.Pool, kind: Database['kind']) {
  const db = drizzleNodePg({ client: pool, schema }) as unknown as Db;
  return {
    db,
    kind,
    executor: {
      async executeSql(text: string, values?: unknown[]) {
        // Several statements without parameters (pg-boss's set-up) answer with one result each.
        const result = (await pool.query(text, values)) as pg.QueryResult | pg.QueryResult[];
        const last = Array.isArray(result) ? result.at(-1) : result;
        return { rows: (last?.rows ?? []) as Record<string, unknown>[] };
      },
    } satisfies SqlExecutor,
    async ping() {
      await db.execute(sql`select 1`);
    },
  };
}

async function openServer(url: string): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    idleTimeoutMillis: 30_000,
    Client: PreparingClient,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  // The server processes of this pool's connections: a NOTIFY sent through one of them comes from
  // this process, whose services wake its own workers directly (see `listen`).
  const ours = new Set<number>();
  const backend = (client: pg.PoolClient) => (client as unknown as { processID: number }).processID;
  pool.on('connect', (client) => ours.add(backend(client)));
  pool.on('remove', (client) => ours.delete(backend(client)));
  let closed = false;
  return {
    ...poolDatabase(pool, 'server'),
    async migrate() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migrateNodePg(drizzleNodePg({ client, schema }), { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
        await client.end();
      }
    },
    listen(channel, onNotify) {
      let client: pg.Client | null = null;
      let stopped = false;
      let retry: NodeJS.Timeout | undefined;
      const connect = () => {
        if (stopped) return;
        const c = new pg.Client({ connectionString: url });
        client = c;
        const lost = () => {
          c.removeAllListeners();
          c.on('error', () => {});
          void c.end().catch(() => {});
          if (client === c) client = null;
          if (!stopped) retry = setTimeout(connect, 1_000);
        };
        c.on('error', lost);
        c.on('end', lost);
        c.on('notification', (message) => {
          // This process's own NOTIFY: its services already woke its workers, which would only
          // look for the same job twice.
          if (message.channel === channel && !ours.has(message.processId)) onNotify();
        });
        c.connect()
          .then(() => c.query(`LISTEN ${pg.escapeIdentifier(channel)}`))
          .catch(lost);
      };
      connect();
      return async () => {
        stopped = true;
        clearTimeout(retry);
        const c = client;
        client = null;
        c?.removeAllListeners();
        c?.on('error', () => {});
        await c?.end().catch(() => {});
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** A raw statement's value as Drizzle sends it: NULL for undefined, JSON for an object. */
const rawValue = (value: unknown) => {
  // Drizzle leaves out an undefined parameter (shifting the others): send NULL instead.
  if (value === undefined) return null;
  if (value && typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value)) {
    return JSON.stringify(value);
  }
  return value;
};

/** Raw SQL with `$n` placeholders (as pg-boss writes its statements), each `$n` as `param(n)`. */
function rawSql(text: string, param: (n: number) => SQL): SQL {
  const parts = text.split(/\$(\d+)/);
  return sql.join(parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : param(Number(part)))));
}

/** Raw SQL as a Drizzle SQL chunk, each `$n` a Drizzle parameter with the n-th value. */
export const rawStatement = (text: string, values: readonly unknown[]): SQL =>
  rawSql(text, (n) => sql`${rawValue(values[n - 1])}`);

/**
 * `rawStatement` for a statement built once: `$n` becomes the placeholder `prefix` + n, and
 * `rawValues` gives the values under those names.
 */
export const rawPlaceholders = (text: string, prefix: string): SQL =>
  rawSql(text, (n) => sql`${sql.placeholder(`${prefix}${n}`)}`);

export function rawValues(values: readonly unknown[], prefix: string): Record<string, unknown> {
  return Object.fromEntries(values.map((value, i) => [`${prefix}${i + 1}`, rawValue(value)]));
}

/**
 * Raw SQL inside a Drizzle transaction, so that a queue job is written in the same transaction as
 * the records it is about.
 */
export function transactionExecutor(tx: DbOrTx): SqlExecutor {
  return {
    async executeSql(text, values = []) {
      const chunks = rawStatement(text, values);
      const result = (await tx.execute(chunks)) as unknown as { rows: Record<string, unknown>[] };
      return { rows: result.rows };
    },
  };
}
