import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { DatabaseConfig } from '../../src/config.js';
import { type Database, openDatabase } from '../../src/db/client.js';
import { withDatabase } from './global-setup.js';

/** Which database the suite runs on: the PostgreSQL server when DATABASE_URL is set, else PGlite. */
export const databaseMode = process.env.DATABASE_URL ? 'server' : 'embedded';

/**
 * A fresh, migrated, empty database of the suite's mode: a copy of the run's template on the
 * server, or an in-memory PGlite. Returns its config too, for a child process to use (server only).
 */
export async function freshDatabaseConfig(): Promise<DatabaseConfig> {
  const url = process.env.DATABASE_URL;
  if (!url) return { kind: 'embedded', dataDir: 'memory://' };
  const name = `${inject('testDatabasePrefix')}${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('templateDatabase')}`);
  } finally {
    await admin.end();
  }
  return { kind: 'server', url: withDatabase(url, name) };
}

export async function createTestDatabase(): Promise<Database> {
  const config = await freshDatabaseConfig();
  const database = await openDatabase(config);
  if (config.kind === 'embedded') await database.migrate();
  return database;
}
