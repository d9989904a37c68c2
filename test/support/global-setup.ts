import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/client.js';

/**
 * With DATABASE_URL (the PostgreSQL server run), migrates one template database per run; each test
 * file then gets its own copy of it (CREATE DATABASE … TEMPLATE), so files never share state.
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const run = randomBytes(4).toString('hex');
  const template = `postroom_tpl_${run}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const templateUrl = withDatabase(url, template);
  const database = await openDatabase({ kind: 'server', url: templateUrl });
  await database.migrate();
  await database.close();
  project.provide('templateDatabase', template);
  project.provide('testDatabasePrefix', `postroom_t_${run}_`);
  return async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // Only this run's databases: other runs may share the server (LIKE's `_` is escaped).
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE $1 || '%' OR datname = $2",
      [`postroom\\_t\\_${run}\\_`, template],
    );
    for (const row of rows) await client.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
    await client.end();
  };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
    testDatabasePrefix: string;
  }
}
