// A post's one statement: the posting, its activity entries and its job. Built once per shape (the
// columns it writes and pg-boss's statement) on the database: Drizzle building it again for every
// post was a good part of a post's CPU (issue 20's profile).
import { sql } from 'drizzle-orm';
import {
  builtPerShape,
  type Db,
  type DbOrTx,
  placeholders,
  rawPlaceholders,
  rawValues,
  rowValues,
  shapeName,
} from '../../db/client.js';
import { activity, postings } from '../../db/schema.js';
import type { PostingRow } from './posting-record.js';

export interface PostingInsert {
  posting: typeof postings.$inferInsert;
  activity: (typeof activity.$inferInsert)[];
  /** The job's statement (`JobQueue.jobInsert`), or null when none is queued. */
  job: { text: string; values: unknown[] } | null;
}

/** Writes a new posting with its activity entries and its job, in one statement; in `tx` when given. */
export async function insertPosting(db: Db, insert: PostingInsert, tx?: DbOrTx): Promise<PostingRow> {
  const posting = rowValues(postings, insert.posting, 'p_');
  const entries = insert.activity.map((entry, i) => rowValues(activity, entry, `a${i}_`));
  const shape = JSON.stringify([posting.shape, entries.map((e) => e.shape), insert.job?.text ?? null]);
  const values = Object.assign(
    { ...posting.values, ...(insert.job ? rawValues(insert.job.values, 'job_') : {}) },
    ...entries.map((e) => e.values),
  );
  const [row] = await insertStatement(shape, db, tx).execute(values);
  if (!row) throw new Error('the posting was not written');
  return row;
}

/** `insertPosting`'s statement for `shape`: [posting columns, each entry's columns, the job's text or null]. */
const insertStatement = builtPerShape((shape, db) => {
  const [posting, entries, job] = JSON.parse(shape) as [string, string[], string | null];
  const row = <T>(columns: string, prefix: string) => placeholders(columns, prefix) as T;
  const recorded = db
    .$with('recorded')
    .as(
      db
        .insert(activity)
        .values(entries.map((columns, i) => row<typeof activity.$inferInsert>(columns, `a${i}_`))),
    );
  const queued =
    job === null
      ? null
      : db.$with('queued', { id: sql<string>`id`.as('id') }).as(rawPlaceholders(job, 'job_'));
  return db
    .with(...(queued ? [recorded, queued] : [recorded]))
    .insert(postings)
    .values(row<typeof postings.$inferInsert>(posting, 'p_'))
    .returning()
    .prepare(shapeName('posting_insert', shape));
});
