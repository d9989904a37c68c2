import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './client.js';

describe.runIf(!process.env.DATABASE_URL)('embedded database maintenance', () => {
  it('vacuums and analyses, as autovacuum would on a server', async () => {
    const database = await openDatabase({ kind: 'embedded', dataDir: 'memory://' });
    try {
      await database.migrate();
      const stats = async () =>
        (
          (await database.db.execute(
            sql`select last_vacuum, last_analyze from pg_stat_user_tables where relname = 'vacancies'`,
          )) as unknown as { rows: { last_vacuum: unknown; last_analyze: unknown }[] }
        ).rows[0];
      expect(await stats()).toEqual({ last_vacuum: null, last_analyze: null });
      await database.maintain?.();
      const after = await stats();
      expect(after?.last_vacuum).toBeTruthy();
      expect(after?.last_analyze).toBeTruthy();
    } finally {
      await database.close();
    }
  });
});
