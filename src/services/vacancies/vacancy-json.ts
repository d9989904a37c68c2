import { and, eq, sql } from 'drizzle-orm';
import { builtOnce, type Db } from '../../db/client.js';
import { anyOf, uuidArray } from '../../db/prepared-client.js';
import { vacancies } from '../../db/schema.js';
import { RecentlyUsed } from '../recently-used.js';
import { toVacancy } from './vacancy-record.js';

/**
 * A vacancy in a list: its place in the order (created_at, id) and the stamp of the stored version
 * read (the row's `xmin`, the transaction that wrote it: any change to the row, by Postroom or by
 * hand, writes a new version with a new stamp).
 */
export interface VacancyKey {
  id: string;
  createdAt: Date;
  stamp: string;
}

/** The columns a list reads for each of its vacancies: the rest comes from `vacanciesJson`. */
export const vacancyKeyColumns = {
  id: vacancies.id,
  createdAt: vacancies.createdAt,
  stamp: sql<string>`${vacancies}.xmin::text`.as('stamp'),
};

/** Characters of vacancy JSON kept per database (about 64 MB at two bytes a character, at most). */
const MOST_CHARACTERS = 32_000_000;

const keptByDatabase = new WeakMap<Db, RecentlyUsed<string, string>>();

/** The vacancies among `ids` of the organisation, with their stamps, as a statement built once. */
const readRows = builtOnce((db) =>
  db
    .select({ row: vacancies, stamp: sql<string>`${vacancies}.xmin::text` })
    .from(vacancies)
    .where(
      and(
        eq(vacancies.organisationId, sql.placeholder('organisationId')),
        anyOf(vacancies.id, sql.placeholder('ids')),
      ),
    )
    .prepare('postroom_vacancy_rows'),
);

/**
 * Each vacancy of `keys` as the API sends it (JSON text), in the same order. A vacancy is written
 * once per stored version: versions already written are taken as they are, the others read in one
 * statement. A vacancy deleted since its key was read is left out; one changed since is sent as it
 * is now.
 */
export async function vacanciesJson(db: Db, organisationId: string, keys: VacancyKey[]): Promise<string[]> {
  const kept =
    keptByDatabase.get(db) ?? new RecentlyUsed<string, string>(MOST_CHARACTERS, (json) => json.length);
  keptByDatabase.set(db, kept);
  const found = new Map<string, string>();
  const missing: string[] = [];
  for (const key of keys) {
    const json = kept.get(`${key.id}/${key.stamp}`);
    if (json === undefined) missing.push(key.id);
    else found.set(key.id, json);
  }
  if (missing.length > 0) {
    const rows = await readRows(db).execute({ organisationId, ids: uuidArray(missing) });
    for (const { row, stamp } of rows)
      found.set(row.id, kept.set(`${row.id}/${stamp}`, JSON.stringify(toVacancy(row))));
  }
  return keys.flatMap((key) => found.get(key.id) ?? []);
}
