import { randomBytes } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { AdvertEnd, Board, BoardReceipt, BoardRunAction, PostingFields } from '../../boards/board.js';
import { frozenFieldIssues } from '../../boards/field-checks.js';
import { findBoard } from '../../boards/registry.js';
import type { DbOrTx } from '../../db/client.js';
import { postingAttempts, postings } from '../../db/schema.js';
import type { AdvertState } from '../../domain/advert-state.js';
import { type Issue, isUuid, notFound } from '../../domain/errors.js';
import type { PostingApproval, PostingError, PostingStatus, StoredExchange } from '../../domain/posting.js';
import { renewRefusal } from '../../domain/posting-requests.js';
import { renewalNeedless, renewalWarning } from '../../domain/renewal.js';
import { formatUkTime } from '../../domain/uk-time.js';
import type { Actor } from '../deps.js';
import { type DerivationSource, type FieldChange, inStep, overridesOfRow } from './in-step.js';
import { trackingUrl } from './tracking-url.js';

export type PostingRow = typeof postings.$inferSelect;
export type AttemptRow = typeof postingAttempts.$inferSelect;

export interface PostingAttempt {
  id: number;
  action: string;
  outcome: AttemptRow['outcome'];
  startedAt: Date;
  finishedAt: Date | null;
  error: PostingError | null;
  /** The board's own words on success, where it has some (NHS Jobs: "Job Successfully Posted"). */
  notice: string | null;
  exchanges: StoredExchange[];
}

/** A posting as the API shows it. */
export interface Posting {
  id: string;
  vacancyId: string;
  connectionId: string;
  board: string;
  boardLabel: string;
  /** What the board lets Postroom do, so that clients need not know boards by name. */
  capabilities: BoardCapabilities;
  status: PostingStatus;
  /** The status in a recruiter's words, e.g. "Draft created — publish it in NHS Jobs". */
  statusText: string;
  /** A chip's word where the board's own state matters ("Draft in NHS Jobs"), else null. */
  stateWord: string | null;
  action: PostingRow['action'];
  trackingToken: string;
  trackingUrl: string;
  fields: Record<string, unknown>;
  pendingFields: Record<string, unknown> | null;
  /** The fields the recruiter set differently from the vacancy; kept on every update. */
  overrides: Record<string, unknown>;
  /** The vacancy's current values plus the overrides: where an Update form starts. */
  currentFields: Record<string, unknown>;
  /** True when the board holds other values than the vacancy now gives (see `changes`). */
  outOfDate: boolean;
  changes: FieldChange[];
  /** When the advert ends on the board, by the board's advert life; null until it is on the board. */
  advertEnd: AdvertEnd | null;
  /** Renewing the advert: the warning before it ends, and whether "Renew" is offered. */
  renewal: PostingRenewal;
  /** Renew the advert automatically before it ends on the board, until the vacancy closes. */
  autoRenew: boolean;
  /** The posting this one renews (its advert posted again as this one), or null. */
  renewedFrom: string | null;
  externalId: string | null;
  externalUrl: string | null;
  /** The board's own status word, shown as it is. */
  boardStatus: string | null;
  /** The advert's state on the board in Postroom's words; null until the board tells it. */
  advertState: AdvertState | null;
  publishedOnBoardAt: Date | null;
  attemptCount: number;
  nextAttemptAt: Date | null;
  lastError: PostingError | null;
  uncertainReason: string | null;
  scheduledAt: Date | null;
  /** Who asked for a post that needs approval, why, and the approver's decision; null when none was needed. */
  approval: PostingApproval | null;
  /** What the posting cost when it was accepted for sending, in pence; null until then or when free. */
  costPence: number | null;
  postedAt: Date | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  attempts?: PostingAttempt[];
}

export interface PostingRenewal {
  /** "The s1jobs advert ends on 3 Dec; the vacancy closes on 20 Dec", or null when that is not so soon. */
  warning: string | null;
  /** True when "Renew" can be used now: a posted advert that ends on its board before the vacancy closes. */
  canRenew: boolean;
  /** What renewing does on this board (null where the board does not renew). */
  text: string | null;
  /** What the board charges for a new advert, where it charges (a renewal is a new advert). */
  cost: string | null;
}

export interface BoardCapabilities {
  /** Postroom sends drafts that a person publishes (and closes) on the board itself. */
  drafts: boolean;
  /** Postroom can close the advert on the board. */
  canClose: boolean;
  /** Postroom reads the advert's state from the board (`advertState`). */
  readsStatus: boolean;
  /** The board relists an advert that ran out there: what it does and costs; null when it cannot. */
  relist: BoardRunAction | null;
  /** The board extends a live advert's run: what it does and costs; null when it cannot. */
  extend: BoardRunAction | null;
  /** Postroom can renew the advert before its advert life on the board ends (post it again). */
  renews: boolean;
}

const capabilitiesOf = (board: Board | undefined): BoardCapabilities => ({
  drafts: Boolean(board?.drafts),
  canClose: board?.canClose ?? false,
  readsStatus: board?.readsStatus ?? false,
  relist: board?.relistOrExtend?.relist ?? null,
  extend: board?.relistOrExtend?.extend ?? null,
  renews: Boolean(board?.renewal),
});

/** The renewal part of a posting: the warning, and whether "Renew" is offered now. */
export function renewalOf(
  row: PostingRow,
  source: Pick<DerivationSource, 'vacancy' | 'today'>,
): PostingRenewal {
  const board = findBoard(row.board);
  const { vacancy, today } = source;
  const end = advertEndOf(row, vacancy.closingDate);
  const life = {
    endsOn: end?.endsOn ?? null,
    closingDate: vacancy.closingDate,
    vacancyOpen: vacancy.status === 'live',
    today,
  };
  return {
    warning: renewalWarning(board?.label ?? row.board, life),
    canRenew: Boolean(board?.renewal) && renewRefusal(row) === null && renewalNeedless(life) === null,
    text: board?.renewal?.text ?? null,
    cost: board?.renewal ? (board.cost ?? null) : null,
  };
}

export const newTrackingToken = () => randomBytes(12).toString('base64url');

/** What a recruiter reads for each state. */
export function statusText(
  row: Partial<Pick<PostingRow, 'approval' | 'action'>> &
    Pick<
      PostingRow,
      'status' | 'board' | 'advertState' | 'lastError' | 'uncertainReason' | 'nextAttemptAt' | 'scheduledAt'
    >,
): string {
  const board = findBoard(row.board);
  const label = board?.label ?? row.board;
  const time = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) : 'soon');
  switch (row.status) {
    case 'scheduled':
      return row.scheduledAt ? `Scheduled for ${formatUkTime(row.scheduledAt)} (UK time)` : 'Scheduled';
    case 'queued':
      return 'Waiting to be sent';
    case 'sending':
      return `Sending to ${label}`;
    case 'sent':
      return `Delivered to ${label}: waiting for its import and report`;
    case 'posted':
      return board?.drafts?.postedText(row.advertState) ?? `Live on ${label}`;
    case 'updating':
      if (row.action === 'relist') return `Relisting on ${label}`;
      if (row.action === 'extend') return `Extending on ${label}`;
      return `Sending changes to ${label}`;
    case 'closing':
      return `Closing on ${label}`;
    case 'closed':
      return board?.drafts?.closedText(row.advertState, 'closed') ?? 'Closed';
    case 'expired':
      if (board?.relistOrExtend && row.advertState === 'expired')
        return `Expired: the advert's run on ${label} ended`;
      return board?.drafts?.closedText(row.advertState, 'expired') ?? 'Expired: the closing date has passed';
    case 'retrying': {
      // The board's own words when it answered (StepStone's "no credits"), else that it did not.
      const said =
        row.lastError?.boardMessage ??
        (row.lastError?.reason === 'rate_limited' ? row.lastError.message : null);
      const why = said ? `${label} answered: ${said}` : `${label} did not answer`;
      return `${why}; Postroom will try again at ${time(row.nextAttemptAt)} UTC`;
    }
    case 'failed':
      return `Failed: ${row.lastError?.message ?? 'see the last error'}`;
    case 'uncertain':
      return `Check on ${label}: ${row.uncertainReason ?? 'the outcome is not known'}`;
    case 'awaiting_approval':
      return row.approval?.reason === 'over_budget'
        ? `Waiting for approval: it would take ${label} over this month's budget`
        : `Waiting for approval before it is sent to ${label}`;
    case 'rejected': {
      const decision = row.approval?.decision;
      return `Rejected${decision ? ` by ${decision.by}: ${decision.reason ?? ''}` : ''}; nothing was sent to ${label}`;
    }
  }
}

/** The chip's word from the board's own state of the advert, where that matters (NHS Jobs drafts). */
export const stateWord = (row: Pick<PostingRow, 'status' | 'board' | 'advertState'>): string | null =>
  findBoard(row.board)?.drafts?.chipWord(row.status, row.advertState ?? null) ?? null;

/** States in which the advert is on the board. */
export const ON_BOARD: readonly PostingStatus[] = ['posted', 'updating', 'closing'];

/** When the posting's advert ends on the board: the board's advert life, or else the closing date. */
export function advertEndOf(row: PostingRow, closingDate: string): AdvertEnd | null {
  if (!ON_BOARD.includes(row.status) || !row.postedAt) return null;
  const board = findBoard(row.board);
  return (
    board?.advertEnd?.(row.fields, row.runStartedAt ?? row.postedAt) ?? {
      endsOn: closingDate,
      text: `Ends on ${board?.label ?? row.board} at the closing date, ${closingDate}`,
    }
  );
}

export function toPosting(
  row: PostingRow,
  context: {
    publicUrl: string;
    organisationSlug: string;
    vacancyReference: string;
    source: DerivationSource;
  },
  attempts?: AttemptRow[],
): Posting {
  const step = inStep(row, context.source);
  return {
    id: row.id,
    vacancyId: row.vacancyId,
    connectionId: row.connectionId,
    board: row.board,
    boardLabel: findBoard(row.board)?.label ?? row.board,
    capabilities: capabilitiesOf(findBoard(row.board)),
    status: row.status,
    statusText: statusText(row),
    stateWord: stateWord(row),
    action: row.action,
    trackingToken: row.trackingToken,
    trackingUrl: trackingUrl(
      context.publicUrl,
      context.organisationSlug,
      context.vacancyReference,
      row.trackingToken,
    ),
    fields: row.fields,
    pendingFields: row.pendingFields ?? null,
    overrides: overridesOfRow(row),
    currentFields: step.currentFields,
    outOfDate: step.outOfDate,
    changes: step.changes,
    advertEnd: advertEndOf(row, context.source.vacancy.closingDate),
    renewal: renewalOf(row, context.source),
    autoRenew: row.autoRenew,
    renewedFrom: row.renewedFrom ?? null,
    externalId: row.externalId ?? null,
    externalUrl: row.externalUrl ?? null,
    boardStatus: row.boardStatus ?? null,
    advertState: row.advertState ?? null,
    publishedOnBoardAt: row.publishedOnBoardAt ?? null,
    attemptCount: row.attempts,
    nextAttemptAt: row.nextAttemptAt ?? null,
    lastError: row.lastError ?? null,
    uncertainReason: row.uncertainReason ?? null,
    scheduledAt: row.scheduledAt ?? null,
    approval: row.approval ?? null,
    costPence: row.costPence ?? null,
    postedAt: row.postedAt ?? null,
    closedAt: row.closedAt ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    ...(attempts
      ? {
          attempts: attempts.map((a) => ({
            id: a.id,
            action: a.action,
            outcome: a.outcome,
            startedAt: a.startedAt,
            finishedAt: a.finishedAt ?? null,
            error: a.error ?? null,
            notice: noticeOf(row.board, a),
            exchanges: a.exchanges,
          })),
        }
      : {}),
  };
}

/** A create the board accepted reads in the board's words, when it has some. */
function noticeOf(boardId: string, attempt: AttemptRow): string | null {
  const accepted = attempt.action === 'create' && attempt.outcome === 'succeeded';
  return accepted ? (findBoard(boardId)?.drafts?.acceptedMessage ?? null) : null;
}

export async function loadPosting(
  tx: DbOrTx,
  actor: Actor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<PostingRow> {
  if (!isUuid(id)) throw notFound('Posting');
  const query = tx
    .select()
    .from(postings)
    .where(and(eq(postings.id, id), eq(postings.organisationId, actor.organisationId)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Posting');
  return row;
}

export async function loadAttempts(tx: DbOrTx, postingId: string): Promise<AttemptRow[]> {
  return tx
    .select()
    .from(postingAttempts)
    .where(eq(postingAttempts.postingId, postingId))
    .orderBy(asc(postingAttempts.id));
}

/** What the board told us about the advert, for the next call. */
export const receiptOf = (row: PostingRow): BoardReceipt => ({
  externalId: row.externalId ?? '',
  ...(row.etag ? { etag: row.etag } : {}),
  ...(row.externalUrl ? { url: row.externalUrl } : {}),
  ...(row.boardStatus ? { status: row.boardStatus } : {}),
  ...(row.advertState ? { state: row.advertState } : {}),
});

/**
 * What blocks sending changed fields of a posting: the board's own check, a changed reference
 * (the reference is how Postroom finds the advert on the board, so it never changes), and a
 * changed field the board keeps as first accepted. `previous`: the fields the board last
 * accepted, when it has the advert.
 */
export function changedFieldIssues(
  board: Board,
  fields: Record<string, unknown>,
  boardReference: string,
  today: string,
  previous?: PostingFields,
): Issue[] {
  const issues: Issue[] = [
    ...board.check(fields, { today, ...(previous ? { previous } : {}) }),
    ...frozenFieldIssues(board.fields, fields, previous, board.label),
  ]
    .filter((i) => i.severity === 'error')
    .map((i) => ({ path: `fields.${i.field}`, message: i.message }));
  if (String(fields[board.referenceField] ?? '').trim() !== boardReference) {
    issues.push({
      path: `fields.${board.referenceField}`,
      message: `The reference cannot change: it is how Postroom finds the advert on ${board.label} (it is ${boardReference})`,
    });
  }
  return issues;
}

/** The fields the board last accepted, when it has the advert (a create it accepted); else undefined. */
export const acceptedFields = (row: PostingRow): PostingFields | undefined =>
  row.externalId ? row.fields : undefined;
