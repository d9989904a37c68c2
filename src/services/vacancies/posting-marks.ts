import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { PostingStatus } from '../../domain/posting.js';
import type { ServiceDeps } from '../deps.js';
import { keepRecent } from '../recently-used.js';
import type { VacancyIndex } from './vacancy-index.js';

/** A posting as a keyword search's board and posting-state filters test it. */
interface Mark {
  id: string;
  board: string;
  status: PostingStatus;
}

/**
 * An organisation's postings by vacancy: their board and state, as of the snapshot whose oldest
 * running transaction was `xmin`. Every posting added or moved to another state since is stamped
 * with its transaction (`state_xid`, migration 0023), and a transaction invisible to that snapshot
 * has an id of at least its `xmin`, so reading the postings stamped `xmin` or later brings the
 * marks up to date, however late such a transaction commits.
 */
interface OrganisationMarks {
  byVacancy: Map<string, Mark[]>;
  xmin: string;
  /** Moves on whenever a read changes `byVacancy`. */
  version: number;
  /** Embedded: the local write epoch when the last read began (nothing to read while it stands). */
  epoch: number | undefined;
  /** The vacancies of each of the last reads that changed any, with the version it moved to. */
  log: { version: number; vacancyIds: string[] }[];
  /** The read under way, and the one queued after it (for calls that came while it ran). */
  running: Promise<void> | null;
  next: Promise<void> | null;
}

/** Organisations kept per database; the least recently searched goes first. */
const MOST_ORGANISATIONS = 200;
/** Reads whose changed vacancies are kept, so that a filter's bits follow them. */
const LOGGED_READS = 64;
/** Filters whose bits are kept per vacancy index. */
const MOST_FILTERS = 64;
type MarksDeps = Pick<ServiceDeps, 'db' | 'localEpoch'>;
const byDatabase = new WeakMap<Db, Map<string, OrganisationMarks>>();

/** A vacancy index's positions by vacancy id, and each filter's bits over them. */
interface IndexBits {
  positions: Map<string, number>;
  filters: Map<string, { marks: OrganisationMarks; version: number; bits: Uint8Array }>;
}
const bitsKept = new WeakMap<VacancyIndex, IndexBits>();

/** A keyword search's filters on its vacancies' postings. */
export interface PostingFilter {
  board?: string | undefined;
  postingStatus?: PostingStatus | undefined;
}

/**
 * Which of the index's vacancies, by position, have a posting on the filter's board and in its
 * state (1), as the postings are now: it sees every change committed before the call. It never
 * leaves out a vacancy that has one; it may keep one whose posting was deleted since, so the
 * caller still reads its vacancies with the filter's SQL condition. The first call for an
 * organisation reads all its postings' boards and states, later calls only what changed (embedded,
 * nothing while the process has written nothing since); the bits are kept per index and filter,
 * and follow the vacancies each read changed.
 */
export async function postingBits(
  deps: MarksDeps,
  organisationId: string,
  filter: PostingFilter,
  index: VacancyIndex,
): Promise<Uint8Array> {
  const marks = await currentMarks(deps, organisationId);
  const kept = bitsKept.get(index) ?? { positions: positionsOf(index), filters: new Map() };
  bitsKept.set(index, kept);
  const key = `${filter.board ?? ''}/${filter.postingStatus ?? ''}`;
  const found = kept.filters.get(key);
  const changed = found?.marks === marks ? changedSince(marks, found.version) : null;
  if (found && changed) {
    for (const id of changed) {
      const at = kept.positions.get(id);
      if (at !== undefined) found.bits[at] = matches(marks.byVacancy.get(id), filter) ? 1 : 0;
    }
    found.version = marks.version;
    return found.bits;
  }
  const bits = new Uint8Array(index.entries.length);
  for (const [id, list] of marks.byVacancy) {
    const at = kept.positions.get(id);
    if (at !== undefined && matches(list, filter)) bits[at] = 1;
  }
  // A board is any text a caller sends: keep a few dozen filters, not one per text.
  if (kept.filters.size >= MOST_FILTERS) kept.filters.clear();
  kept.filters.set(key, { marks, version: marks.version, bits });
  return bits;
}

const matches = (list: Mark[] | undefined, filter: PostingFilter) =>
  list?.some(
    (m) =>
      (!filter.board || m.board === filter.board) &&
      (!filter.postingStatus || m.status === filter.postingStatus),
  ) ?? false;

const positionsOf = (index: VacancyIndex) => new Map(index.entries.map((e, at) => [e.id, at]));

/** The vacancies changed since `version`, or null when the log no longer goes back that far. */
function changedSince(marks: OrganisationMarks, version: number): string[] | null {
  if (version === marks.version) return [];
  const first = marks.log[0];
  if (!first || first.version > version + 1) return null;
  return marks.log.filter((read) => read.version > version).flatMap((read) => read.vacancyIds);
}

/** The organisation's marks, read up to a snapshot taken after this call (one read at a time). */
async function currentMarks(deps: MarksDeps, organisationId: string): Promise<OrganisationMarks> {
  const kept = byDatabase.get(deps.db) ?? new Map<string, OrganisationMarks>();
  byDatabase.set(deps.db, kept);
  const marks = kept.get(organisationId) ?? {
    byVacancy: new Map(),
    xmin: '0',
    version: 0,
    epoch: undefined,
    log: [],
    running: null,
    next: null,
  };
  const m = keepRecent(kept, organisationId, marks, MOST_ORGANISATIONS);
  if (m.epoch !== undefined && m.epoch === deps.localEpoch?.()) return m;
  // A read already under way may have taken its snapshot before this call: wait for the next.
  if (m.running) {
    m.next ??= m.running
      .catch(() => undefined)
      .then(() => {
        m.next = null;
        return startRead(deps, organisationId, m);
      });
    await m.next;
  } else await startRead(deps, organisationId, m);
  return m;
}

function startRead(deps: MarksDeps, organisationId: string, marks: OrganisationMarks): Promise<void> {
  const running = readChanges(deps, organisationId, marks).finally(() => {
    if (marks.running === running) marks.running = null;
  });
  marks.running = running;
  return running;
}

/** A posting read by `readChanges`: none (id null) when nothing was stamped since. */
interface ChangedRow {
  id: string | null;
  vacancy_id: string;
  board: string;
  status: PostingStatus;
}

/**
 * Puts the rows' postings in `byVacancy`, and gives their vacancies. A function of its own: the
 * first read of an organisation loops over all its postings, and V8 then entered that loop's
 * optimised code on every later read and threw it away at once (a thousand times in six seconds of
 * keyword searches), which cost more than the read itself.
 */
function applyChanges(byVacancy: Map<string, Mark[]>, rows: ChangedRow[]): string[] {
  const changed: string[] = [];
  for (const row of rows) {
    if (row.id === null) continue;
    changed.push(row.vacancy_id);
    const mark: Mark = { id: row.id, board: row.board, status: row.status };
    const list = byVacancy.get(row.vacancy_id);
    const at = list?.findIndex((m) => m.id === row.id) ?? -1;
    if (!list) byVacancy.set(row.vacancy_id, [mark]);
    else if (at < 0) list.push(mark);
    else list[at] = mark;
  }
  return changed;
}

/** Reads the postings stamped since the marks' snapshot, and that snapshot's successor. */
async function readChanges(deps: MarksDeps, organisationId: string, marks: OrganisationMarks): Promise<void> {
  const epoch = deps.localEpoch?.();
  const result = (await deps.db.execute(sql`
    select s.xmin::text as xmin, p.id, p.vacancy_id, p.board, p.status
    from (select pg_snapshot_xmin(pg_current_snapshot()) as xmin) s
    left join postings p on p.organisation_id = ${organisationId} and p.state_xid >= ${marks.xmin}::xid8`)) as unknown as {
    rows: (ChangedRow & { xmin: string })[];
  };
  const changed = applyChanges(marks.byVacancy, result.rows);
  if (changed.length > 0) {
    marks.version++;
    marks.log.push({ version: marks.version, vacancyIds: changed });
    if (marks.log.length > LOGGED_READS) marks.log.shift();
  }
  marks.xmin = result.rows[0]!.xmin;
  marks.epoch = epoch;
}
