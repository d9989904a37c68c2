import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestContext } from '../../test/support/app.js';
import { createTestDatabase, databaseMode } from '../../test/support/db.js';
import type { Database } from '../db/client.js';
import { logOptions } from './logger.js';

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$S3CR3Tha5hV4lu3n0tInL0gs';
const EMAIL = 'alice.secret@example.org';

/** Logs `error` as the server would (its serializers and redaction) and returns the line. */
function logged(error: unknown): string {
  const lines: string[] = [];
  pino(logOptions('info'), { write: (line: string) => lines.push(line) }).error(
    { err: error },
    'unexpected error',
  );
  return lines.join('\n');
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('the statement was expected to fail');
}

describe(`database errors in logs (${databaseMode} database)`, () => {
  let database: Database;
  const table = `log_test_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.db.execute(sql.raw(`create table ${table} (email text unique)`));
  });

  afterAll(async () => {
    await database?.close();
  });

  it('name the statement and the reason, never a value the statement carried', async () => {
    const badCast = await failure(() => database.db.execute(sql`select ${HASH}::uuid as id`));
    await database.db.execute(sql`insert into ${sql.raw(table)} (email) values (${EMAIL})`);
    const duplicate = await failure(() =>
      database.db.execute(sql`insert into ${sql.raw(table)} (email) values (${EMAIL})`),
    );
    for (const error of [badCast, duplicate]) {
      // The raw error does carry them: that is what must not reach a log.
      expect(
        JSON.stringify({ m: (error as Error).message, p: (error as { params?: unknown }).params }),
      ).toMatch(/argon2id|alice\.secret/);
      const line = logged(error);
      expect(line).toContain('Failed query:');
      expect(line).not.toContain('argon2id');
      expect(line).not.toContain('S3CR3T');
      expect(line).not.toContain('alice.secret');
      expect(line).not.toContain('params');
    }
    expect(logged(badCast)).toContain('invalid input syntax for type uuid: [value]');
    expect(logged(duplicate)).toContain(`insert into ${table}`);
    expect(logged(duplicate)).toContain('duplicate key value violates unique constraint');
  });
});

describe(`a request that fails in the database (${databaseMode} database)`, () => {
  it('logs the failure without the e-mail address or password hash it was looking up', async () => {
    const lines: string[] = [];
    const t = await createTestContext({ logLines: lines });
    try {
      const org = await t.organisation('Logged Trust');
      await t.database.close();
      const response = await t.request(null, 'POST', '/api/v1/session', {
        email: org.adminEmail,
        password: ADMIN_PASSWORD,
      });
      expect(response.status).toBe(500);
      const errors = lines.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
      expect(errors.length).toBeGreaterThan(0);
      const text = errors.join('\n');
      expect(text).toContain('Failed query:');
      expect(text).not.toContain(org.adminEmail);
      expect(text).not.toContain('$argon2');
      expect(text).not.toContain('params');
    } finally {
      await t.close().catch(() => undefined);
    }
  });
});
