// Migration 0010 on a database that already has postings: the advert state is filled in from the
// board's words stored so far, and the migration runs after 0009 (its journal time is later).
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from './client.js';

const client = new PGlite({ extensions: { pg_trgm } });
const db = drizzle({ client });
let folder = '';
afterAll(async () => {
  await client.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** The committed migrations up to and including `tag`, as a folder of their own. */
async function migrationsUpTo(tag: string): Promise<string> {
  folder = await mkdtemp(join(tmpdir(), 'postroom-migrations-'));
  await cp(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const end = journal.entries.findIndex((e) => e.tag === tag);
  await writeFile(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, end + 1) }));
  return folder;
}

it('fills in the advert state of existing postings from their board status', async () => {
  await migrate(db, { migrationsFolder: await migrationsUpTo('0009_apply_limits') });
  await client.exec(`
    INSERT INTO organisations (id, slug, name) VALUES ('00000000-0000-4000-8000-000000000001', 'o', 'O');
    INSERT INTO vacancies (id, organisation_id, reference, title, employment_type, hours, workplace, location,
      description, closing_date, person_specification)
      VALUES ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', 'R', 'T',
        'permanent', 'full_time', 'on_site', '{}', 'D', '2027-01-31', '{}');
  `);
  const words = ['DRAFT', 'PUBLISHED', 'CLOSED', 'SOMETHING', null];
  for (const [i, word] of words.entries()) {
    await client.query(
      `INSERT INTO board_connections (id, organisation_id, board, name, secrets)
         VALUES ($1, '00000000-0000-4000-8000-000000000001', 'b', $2, 's')`,
      [`00000000-0000-4000-8000-00000000010${i}`, `c${i}`],
    );
    await client.query(
      `INSERT INTO postings (id, organisation_id, vacancy_id, connection_id, board, status, action,
         tracking_token, board_reference, fields, board_status)
         VALUES ($1, '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', $2,
           'b', 'posted', 'create', $3, 'R', '{}', $4)`,
      [`00000000-0000-4000-8000-00000000020${i}`, `00000000-0000-4000-8000-00000000010${i}`, `t${i}`, word],
    );
  }

  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });

  const rows = await db.execute(sql`select board_status, advert_state from postings order by id`);
  expect(rows.rows).toEqual([
    { board_status: 'DRAFT', advert_state: 'draft' },
    { board_status: 'PUBLISHED', advert_state: 'published' },
    { board_status: 'CLOSED', advert_state: 'closed' },
    { board_status: 'SOMETHING', advert_state: null },
    { board_status: null, advert_state: null },
  ]);
});
