import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseConfig } from '../../test/support/db.js';
import { PreparingClient } from './prepared-client.js';

// On a PostgreSQL server every statement with parameters is prepared once per connection and then
// only bound and run: the server keeps it, by a name made from its text.
describe.runIf(Boolean(process.env.DATABASE_URL))('prepared statements (PostgreSQL)', () => {
  let client: PreparingClient;
  type Prepared = { name: string; statement: string };
  const prepared = async (): Promise<Prepared[]> =>
    (await client.query('select name, statement from pg_prepared_statements')).rows;

  beforeAll(async () => {
    const config = await freshDatabaseConfig();
    if (config.kind !== 'server') throw new Error('needs a server');
    client = new PreparingClient({ connectionString: config.url });
    await client.connect();
  });
  afterAll(async () => client?.end());

  it('prepares a statement with parameters once and reuses it; one without runs unnamed', async () => {
    const text = 'select $1::int + 1 as n';
    expect((await client.query(text, [1])).rows).toEqual([{ n: 2 }]);
    expect((await client.query({ text, values: [41] })).rows).toEqual([{ n: 42 }]);
    await client.query('select 1');
    const names = (await prepared()).filter((p) => p.statement === text).map((p) => p.name);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^postroom_[0-9a-f]{24}$/);
    expect((await prepared()).some((p) => p.statement === 'select 1')).toBe(false);
  });
});
