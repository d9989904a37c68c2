import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { activity, vacancies } from '../../db/schema.js';
import { AppError, type Issue, issuePath, issuesFromZod, isUniqueViolation } from '../../domain/errors.js';
import { findUnstorableText, storableForm as shown, UNSTORABLE_MESSAGE } from '../../domain/storable-text.js';
import { crossFieldIssues, type VacancyFields, vacancyFieldsSchema } from '../../domain/vacancy.js';
import type { ImportRow } from '../../domain/vacancy-import.js';
import { activityEntry } from '../activity.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { createVacancy, creationChanges, newVacancyValues } from './create-vacancy.js';
import { updateVacancy, type VacancyPatch } from './update-vacancy.js';
import { EDITABLE_FIELDS, todayIn, toVacancy, type VacancyRow } from './vacancy-record.js';

export const IMPORT_OUTCOMES = ['created', 'updated', 'unchanged', 'refused'] as const;
export type ImportOutcome = (typeof IMPORT_OUTCOMES)[number];

/** What the import did (or, in a dry run, would do) with one row. */
export interface ImportRowResult {
  row: number;
  reference: string | null;
  outcome: ImportOutcome;
  vacancyId: string | null;
  issues: Issue[];
}

export interface ImportSummary {
  dryRun: boolean;
  counts: Record<ImportOutcome, number>;
  rows: ImportRowResult[];
}

/** Rows written in one transaction: few enough to hold locks briefly, enough to be quick. */
export const IMPORT_BATCH_SIZE = 100;
export const IMPORT_MAX_ROWS = 5000;

type Checked = { row: number; reference: string | null } & (
  | { fields: VacancyFields & { reference: string } }
  | { issues: Issue[] }
);

/**
 * Creates or updates vacancies by reference, each row checked with the API's schema and messages.
 * A refused row writes nothing; a row equal to its vacancy is "unchanged", so a second run of the
 * same file changes nothing. `dryRun` says what would happen and writes nothing.
 */
export async function importVacancies(
  deps: ServiceDeps,
  actor: Actor,
  rows: readonly ImportRow[],
  options: { dryRun?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<ImportSummary> {
  if (rows.length === 0) throw fileRefused('The file has no vacancies: add a row per vacancy');
  if (rows.length > IMPORT_MAX_ROWS)
    throw fileRefused(`The file has ${rows.length} vacancies; import at most ${IMPORT_MAX_ROWS} at a time`);
  const checked = refuseRepeatedReferences(rows.map(checkRow(todayIn(deps.clock))));
  const results: ImportRowResult[] = [];
  for (let start = 0; start < checked.length; start += IMPORT_BATCH_SIZE) {
    const batch = checked.slice(start, start + IMPORT_BATCH_SIZE);
    results.push(
      ...(options.dryRun
        ? planBatch(batch, await existingByReference(deps.db, actor, batch, false)).map(withoutFields)
        : await deps.db.transaction(async (tx) => writeBatch({ ...deps, db: tx }, actor, batch))),
    );
    options.onProgress?.(Math.min(start + IMPORT_BATCH_SIZE, checked.length), checked.length);
  }
  const counts = { created: 0, updated: 0, unchanged: 0, refused: 0 };
  for (const result of results) counts[result.outcome]++;
  return { dryRun: Boolean(options.dryRun), counts, rows: results };
}

const fileRefused = (message: string) =>
  new AppError('validation_failed', 'The file cannot be imported.', { issues: [{ path: 'rows', message }] });

/** One row through the API's schema; text PostgreSQL cannot store is refused on its field first. */
function checkRow(today: () => string) {
  const schema = vacancyFieldsSchema(today);
  return ({ row, input }: ImportRow): Checked => {
    const given = (input as { reference?: unknown } | null)?.reference;
    const reference = typeof given === 'string' ? shown(given.trim()) || null : null;
    const unstorable = findUnstorableText(input);
    if (unstorable)
      return {
        row,
        reference,
        issues: [{ path: shown(issuePath(unstorable)), message: UNSTORABLE_MESSAGE }],
      };
    const parsed = schema.safeParse(input);
    const issues = parsed.success ? crossFieldIssues(parsed.data) : issuesFromZod(parsed.error.issues);
    // A null reference is the schema's to refuse ("Reference must be text"); a missing one is the import's.
    if (given === undefined)
      issues.unshift({
        path: 'reference',
        message: 'Enter a reference: the import finds the vacancy to update by it',
      });
    if (issues.length > 0 || !parsed.success || !parsed.data.reference) return { row, reference, issues };
    return {
      row,
      reference: parsed.data.reference,
      fields: { ...parsed.data, reference: parsed.data.reference },
    };
  };
}

/** A reference on two rows would make the second undo the first on every run: the later rows are refused. */
function refuseRepeatedReferences(rows: Checked[]): Checked[] {
  const firstRow = new Map<string, number>();
  return rows.map((r) => {
    if (!('fields' in r)) return r;
    const first = firstRow.get(r.fields.reference);
    if (first === undefined) {
      firstRow.set(r.fields.reference, r.row);
      return r;
    }
    const message = `Reference "${r.fields.reference}" is also on row ${first}; each vacancy may be in the file once`;
    return { row: r.row, reference: r.reference, issues: [{ path: 'reference', message }] };
  });
}

/** The organisation's vacancies with the batch's references, locked when they are about to change. */
async function existingByReference(
  db: DbOrTx,
  actor: Actor,
  batch: Checked[],
  forUpdate: boolean,
): Promise<Map<string, VacancyRow>> {
  const references = batch.flatMap((r) => ('fields' in r ? [r.fields.reference] : []));
  if (references.length === 0) return new Map();
  const query = db
    .select()
    .from(vacancies)
    .where(and(eq(vacancies.organisationId, actor.organisationId), inArray(vacancies.reference, references)));
  const found = forUpdate ? await query.for('update') : await query;
  return new Map(found.map((row) => [row.reference, row]));
}

type Planned = ImportRowResult & { fields?: VacancyFields & { reference: string } };

/** What each row of a batch comes to, given the vacancies that already have its reference. */
function planBatch(batch: Checked[], existing: Map<string, VacancyRow>): Planned[] {
  return batch.map((r): Planned => {
    const base = { row: r.row, reference: r.reference, vacancyId: null, issues: [] };
    if (!('fields' in r)) return { ...base, outcome: 'refused', issues: r.issues };
    const current = existing.get(r.fields.reference);
    if (!current) return { ...base, outcome: 'created', fields: r.fields };
    const found = { ...base, vacancyId: current.id };
    if (sameFields(toVacancy(current), r.fields)) return { ...found, outcome: 'unchanged' };
    if (current.status === 'closed') {
      const message = `Vacancy "${r.fields.reference}" is closed and can no longer be edited; copy it to advertise again`;
      return { ...found, outcome: 'refused', issues: [{ path: 'reference', message }] };
    }
    return { ...found, outcome: 'updated', fields: r.fields };
  });
}

const withoutFields = ({ fields: _, ...result }: Planned): ImportRowResult => result;

/** Writes a batch in the caller's transaction: new vacancies in one insert, each other row in its own savepoint. */
async function writeBatch(deps: ServiceDeps, actor: Actor, batch: Checked[]): Promise<ImportRowResult[]> {
  const planned = planBatch(batch, await existingByReference(deps.db, actor, batch, true));
  const created = await insertNew(deps, actor, planned);
  const results: ImportRowResult[] = [];
  for (const { fields, ...result } of planned) {
    try {
      if (result.outcome === 'created' && fields)
        result.vacancyId = created?.get(fields.reference) ?? (await createVacancy(deps, actor, fields)).id;
      else if (result.outcome === 'updated' && fields && result.vacancyId)
        await updateVacancy(deps, actor, result.vacancyId, patchOf(fields));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      Object.assign(result, { outcome: 'refused', issues: issuesOf(error) });
    }
    results.push(result);
  }
  return results;
}

/**
 * Inserts the batch's new vacancies and their log entries in two statements, as createVacancy
 * would one by one; their ids by reference. Null when a reference was taken meanwhile by someone
 * else: nothing is kept, and each is then created on its own, so only that row is refused.
 */
async function insertNew(
  deps: ServiceDeps,
  actor: Actor,
  planned: Planned[],
): Promise<Map<string, string> | null> {
  const fields = planned.flatMap((p) => (p.outcome === 'created' && p.fields ? [p.fields] : []));
  if (fields.length === 0) return new Map();
  const now = deps.clock.now();
  try {
    return await deps.db.transaction(async (tx) => {
      const rows = await tx
        .insert(vacancies)
        .values(fields.map((f) => newVacancyValues(actor, f, f.reference, now)))
        .returning();
      const subject = (id: string) => ({ type: 'vacancy' as const, id });
      await tx
        .insert(activity)
        .values(
          rows.map((row) =>
            activityEntry(actor, subject(row.id), 'created', creationChanges(toVacancy(row)), now),
          ),
        );
      return new Map(rows.map((row) => [row.reference, row.id]));
    });
  } catch (error) {
    if (!isUniqueViolation(error, 'vacancies_reference_unique')) throw error;
    return null;
  }
}

const issuesOf = (error: AppError): Issue[] =>
  error.issues.length > 0 ? error.issues : [{ path: 'reference', message: error.message }];

/** The whole vacancy as the row gives it: a column left empty clears the field. */
function patchOf(fields: VacancyFields): VacancyPatch {
  return Object.fromEntries(EDITABLE_FIELDS.map((key) => [key, fields[key] ?? null])) as VacancyPatch;
}

function sameFields(
  current: Record<(typeof EDITABLE_FIELDS)[number], unknown>,
  fields: VacancyFields,
): boolean {
  return EDITABLE_FIELDS.every((key) => canonical(current[key]) === canonical(fields[key]));
}

/** JSON with object keys sorted and empty values dropped: the database returns JSON keys in its own order. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([, inner]) => inner !== undefined && inner !== null)
            .sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}
