// The posting state machine (SPEC.md, "Postings" and "Exactly once"): every transition of a posting,
// pure. Each takes the posting's state and an event and returns what to write on the posting, what to
// record on the attempt, and what job to queue. The worker and the services only claim, call the
// board and persist what these return. What a person asks (post, update, close, expire, retry,
// resolve) is in posting-requests.ts; what the board answers is here.
import type { BoardErrorReason, BoardReceipt, FieldIssue } from '../boards/board.js';
import { ADVERT_ENDED, type AdvertState } from './advert-state.js';
import {
  IN_FLIGHT_STATUSES,
  isRenewal,
  type PostingAction,
  type PostingError,
  type PostingStatus,
  type RenewalAction,
  type RetryPolicy,
  retryDelayMs,
} from './posting.js';

/** What the state machine reads of a posting (a stored posting row has all of it). */
export interface PostingState {
  status: PostingStatus;
  action: PostingAction;
  attempts: number;
  closeAs: 'closed' | 'expired' | null;
  fields: Record<string, unknown>;
  pendingFields: Record<string, unknown> | null;
  externalId: string | null;
  externalUrl: string | null;
  etag: string | null;
  boardStatus: string | null;
  advertState: AdvertState | null;
  postedAt: Date | null;
  publishedOnBoardAt: Date | null;
}

/** The values a transition writes on the posting (the stored row's columns). */
export interface PostingValues extends Partial<PostingState> {
  nextAttemptAt?: Date | null;
  lastError?: PostingError | null;
  uncertainReason?: string | null;
  boardCheckedAt?: Date | null;
  closedAt?: Date | null;
  scheduledAt?: Date | null;
  /** When the advert's current run on the board began (a relist or extend restarts it); null: at `postedAt`. */
  runStartedAt?: Date | null;
}

/** A job to queue: now, or at `at`. */
export interface NextJob {
  action: PostingAction;
  at?: Date;
}

/** The result of one transition. */
export interface Transition {
  set: PostingValues;
  /** How the attempt ends (absent: no attempt was made, or it goes on). */
  record?: { outcome: 'succeeded' | 'failed' | 'unknown'; error?: PostingError };
  enqueue?: NextJob;
  /** The board asked Postroom to slow down: every posting through the connection waits until then. */
  pauseConnectionUntil?: Date;
}

/** What the transitions need besides the state: the clock, the retry policy and the board's words. */
export interface TransitionContext {
  now: Date;
  retry: RetryPolicy;
  random?: () => number;
  boardLabel: string;
  boardReference: string;
}

/** A board's refusal, as a board client throws it (BoardError has this shape). */
export interface BoardFailure {
  reason: BoardErrorReason;
  message: string;
  field?: string | undefined;
  boardMessage?: string | undefined;
  status?: number | undefined;
  retryAfterMs?: number | undefined;
  issues: readonly FieldIssue[];
  advertStatus?: string | undefined;
  advertState?: AdvertState | undefined;
}

/** A board call of the worker: the posting's action, or a look-up or a state read. */
export type BoardCall = PostingAction | 'lookup' | 'status';

/**
 * True when Postroom reads the advert's state from the board: a posted one, and one closed in
 * Postroom that the board still shows (a published draft), until it is closed there.
 */
export function readsBoardState(state: Pick<PostingState, 'status' | 'advertState' | 'externalId'>): boolean {
  if (!state.externalId) return false;
  if (state.status === 'posted' || state.status === 'sent') return true;
  return (state.status === 'closed' || state.status === 'expired') && state.advertState === 'published';
}

/**
 * True when a job of this kind is still wanted by the posting; else it is stale (the posting moved
 * on). A scheduled posting wants only the job queued for its current time (`scheduledFor`).
 */
export const jobIsCurrent = (
  state: Pick<PostingState, 'status' | 'action' | 'advertState' | 'externalId'> & {
    scheduledAt?: Date | null;
  },
  job: PostingAction | 'status',
  scheduledFor?: string,
): boolean => {
  if (job === 'status') return readsBoardState(state);
  if (state.action !== job || !IN_FLIGHT_STATUSES.includes(state.status)) return false;
  if (state.status !== 'scheduled' || scheduledFor === undefined || !state.scheduledAt) return true;
  return state.scheduledAt.toISOString() === scheduledFor;
};

/** True when trying again later, unchanged, may succeed. */
export const isTransient = (reason: BoardErrorReason) =>
  reason === 'rate_limited' || reason === 'unavailable';

/** The error as stored on the posting and its attempt. */
export const storedError = (error: BoardFailure, action?: PostingAction): PostingError => ({
  reason: error.reason,
  message: error.message,
  field: error.field,
  boardMessage: error.boardMessage,
  status: error.status,
  ...(error.issues.length > 0
    ? { issues: error.issues.map(({ field, message }) => ({ field, message })) }
    : {}),
  ...(action ? { action } : {}),
});

const uncertainText = (error: BoardFailure, ctx: TransitionContext) =>
  `Postroom could not find out whether ${ctx.boardLabel} received the advert (${error.message}). Look on ${ctx.boardLabel} for an advert with the reference ${ctx.boardReference}, then resolve this posting: it exists, or it does not.`;

/** The advert's state the board told, with when it was first seen published. */
function stateSeen(
  state: PostingState,
  seen: { boardStatus: string | null; advertState: AdvertState | null },
  now: Date,
): PostingValues {
  const published = seen.advertState === 'published' && !state.publishedOnBoardAt;
  return { ...seen, boardCheckedAt: now, ...(published ? { publishedOnBoardAt: now } : {}) };
}

/**
 * Whether an earlier create may have reached the board, from the posting's attempts, newest first:
 * a create whose outcome is unknown (or still pending: its worker died mid-call) since the last
 * look-up the board answered. A create the board refused, or one that never got a connection, left
 * nothing there, so its retry is sent again without a look-up (a board that cannot look adverts up,
 * like Reed, would otherwise turn every rate limit into an uncertain posting).
 */
export function createMayHaveReachedBoard(attempts: readonly { action: string; outcome: string }[]): boolean {
  for (const attempt of attempts) {
    if (attempt.action === 'lookup' && attempt.outcome === 'succeeded') return false;
    if (attempt.action === 'create' && (attempt.outcome === 'unknown' || attempt.outcome === 'pending'))
      return true;
  }
  return false;
}

/**
 * Whether a relist or extend job that runs again may already have reached the board: its newest
 * attempt (newest first) is one of the same action still pending (a worker died mid-call). Both
 * spend a credit, so such a job is not sent again (the worker records an unknown outcome).
 */
export function renewalMayHaveReachedBoard(
  attempts: readonly { action: string; outcome: string }[],
  action: RenewalAction,
): boolean {
  const [newest] = attempts;
  return newest?.action === action && newest.outcome === 'pending';
}

/** The unknown outcome a relist or extend records instead of sending again (see renewalMayHaveReachedBoard). */
export const RENEWAL_INTERRUPTED: BoardFailure = {
  reason: 'unknown_outcome',
  message: 'an earlier try stopped while it was being sent',
  issues: [],
};

/**
 * Where a create job starts. An earlier attempt may have reached the board, so a create tried before
 * looks the advert up first (a look-up counts as an attempt, so a board that keeps failing them ends
 * failed or uncertain, never loops); a posting closed before it reached the board closes at once.
 */
export function startCreate(
  state: PostingState,
  lookedUp: boolean,
  now: Date,
): { call: 'lookup' | 'create'; set: PostingValues } | { call: null; set: PostingValues } {
  if (state.attempts > 0 && !lookedUp) return { call: 'lookup', set: { attempts: state.attempts + 1 } };
  if (state.closeAs)
    return { call: null, set: { status: state.closeAs, closedAt: now, nextAttemptAt: null } };
  return { call: 'create', set: { status: 'sending', attempts: state.attempts + 1, nextAttemptAt: null } };
}

/** What is written before an update, close, relist, extend or state read is sent to the board. */
export function startCall(
  state: PostingState,
  call: 'update' | 'close' | 'status' | RenewalAction,
): PostingValues {
  if (call === 'status') return {};
  return {
    attempts: state.attempts + 1,
    status: call === 'close' ? 'closing' : 'updating',
    nextAttemptAt: null,
  };
}

/** `posted`, or `sent` when the board answers later (a delivered file waiting for its report). */
const postedOrSent = (receipt: BoardReceipt) => (receipt.delivered ? 'sent' : 'posted');

/** The advert is on the board (created, or found by a look-up): posted, or on to closing when asked meanwhile. */
function onBoard(state: PostingState, receipt: BoardReceipt, now: Date): Transition {
  const set: PostingValues = {
    externalId: receipt.externalId,
    etag: receipt.etag ?? null,
    externalUrl: receipt.url ?? null,
    boardStatus: receipt.status ?? null,
    advertState: receipt.state ?? null,
    postedAt: state.postedAt ?? now,
    nextAttemptAt: null,
    lastError: null,
    uncertainReason: null,
  };
  if (!state.closeAs)
    return { set: { ...set, status: postedOrSent(receipt) }, record: { outcome: 'succeeded' } };
  return {
    set: { ...set, status: 'closing', action: 'close', attempts: 0 },
    record: { outcome: 'succeeded' },
    enqueue: { action: 'close' },
  };
}

/**
 * The board's answer to a call. A look-up that finds nothing (`receipt` null) records its attempt and
 * goes on (`startCreate` with `lookedUp`): only then is a create sent.
 */
export function receiptSeen(
  state: PostingState,
  call: BoardCall,
  receipt: BoardReceipt | null,
  now: Date,
): Transition {
  if (call === 'lookup' || call === 'create') {
    return receipt ? onBoard(state, receipt, now) : { set: {}, record: { outcome: 'succeeded' } };
  }
  if (!receipt) throw new Error(`A ${call} answer carries the advert`);
  if (call === 'status') return boardStateSeen(state, receipt, now);
  if (isRenewal(call)) return renewed(state, receipt, now);
  if (call === 'update') {
    return {
      set: {
        status: postedOrSent(receipt),
        fields: state.pendingFields ?? state.fields,
        pendingFields: null,
        // A board may answer an update with a new advert (DWP's re-post under a new code).
        externalId: receipt.externalId,
        etag: receipt.etag ?? state.etag,
        externalUrl: receipt.url ?? state.externalUrl,
        boardStatus: receipt.status ?? state.boardStatus,
        advertState: receipt.state ?? state.advertState,
        lastError: null,
        nextAttemptAt: null,
      },
      record: { outcome: 'succeeded' },
    };
  }
  return {
    set: {
      status: state.closeAs ?? 'closed',
      closedAt: now,
      etag: receipt.etag ?? state.etag,
      advertState: receipt.state ?? 'closed',
      lastError: null,
      nextAttemptAt: null,
    },
    record: { outcome: 'succeeded' },
  };
}

/** The board relisted or extended the advert: live again, its run starting now. */
function renewed(state: PostingState, receipt: BoardReceipt, now: Date): Transition {
  return {
    set: {
      status: 'posted',
      runStartedAt: now,
      closedAt: null,
      closeAs: null,
      etag: receipt.etag ?? state.etag,
      externalUrl: receipt.url ?? state.externalUrl,
      boardStatus: receipt.status ?? state.boardStatus,
      advertState: receipt.state ?? 'published',
      lastError: null,
      nextAttemptAt: null,
    },
    record: { outcome: 'succeeded' },
  };
}

/**
 * The board told the advert's state (a state read): kept, with when it was first seen published.
 * A `sent` advert the board now shows is `posted`; one the board ended meanwhile is closed.
 */
export function boardStateSeen(state: PostingState, receipt: BoardReceipt, now: Date): Transition {
  const seen = {
    boardStatus: receipt.status ?? state.boardStatus,
    advertState: receipt.state ?? state.advertState,
  };
  const set = stateSeen(state, seen, now);
  if (state.status === 'sent' && receipt.state === 'published')
    return { set: { ...set, status: 'posted', lastError: null }, record: { outcome: 'succeeded' } };
  if (state.status === 'sent' && receipt.state && ADVERT_ENDED.includes(receipt.state))
    return { set: { ...set, status: 'closed', closedAt: now }, record: { outcome: 'succeeded' } };
  return { set, record: { outcome: 'succeeded' } };
}

/**
 * A state read that failed changes nothing but when the board was last asked, except for a `sent`
 * advert the board refused in its report: that posting fails, with the board's words on the field.
 */
function statusFailed(state: PostingState, error: BoardFailure, now: Date): Transition {
  const outcome = error.reason === 'unknown_outcome' ? 'unknown' : 'failed';
  const stored = storedError(error);
  if (state.status === 'sent' && error.reason === 'invalid') {
    // A refused create left nothing on the board: closing it needs no call, and a retry sends it afresh.
    const nothingThere = state.action === 'create' ? { externalId: null, attempts: 0 } : {};
    const set = {
      status: 'failed',
      boardCheckedAt: now,
      lastError: storedError(error, state.action),
    } as const;
    return { set: { ...set, ...nothingThere }, record: { outcome, error: stored } };
  }
  return { set: { boardCheckedAt: now }, record: { outcome, error: stored } };
}

/**
 * The board refused a call, or its outcome is unknown. By reason: `rate_limited` and `unavailable`
 * retry with back-off (a rate limit pauses the whole connection); `unknown_outcome` retries too, and a
 * create that runs out of attempts becomes uncertain (a person checks the board); the rest fail and
 * wait for a person, except a refused update (the advert stays posted as it was, unless the board
 * says it has no such advert: then it is closed) and a close of an advert the board no longer has
 * (it is closed). A look-up the board refuses makes the posting uncertain.
 */
export function boardErrorSeen(
  state: PostingState,
  call: BoardCall,
  error: BoardFailure,
  ctx: TransitionContext,
): Transition {
  if (call === 'status') return statusFailed(state, error, ctx.now);
  const action: PostingAction = call === 'lookup' ? 'create' : call;
  const stored = storedError(error, action);
  const outcome = error.reason === 'unknown_outcome' ? 'unknown' : 'failed';
  const record = (e: PostingError) => ({ outcome, error: e }) as const;
  if (isRenewal(action)) return renewalFailed(state, action, error, ctx);
  if (isTransient(error.reason) || error.reason === 'unknown_outcome')
    return retryOrGiveUp(state, action, error, ctx);
  if (call === 'lookup') {
    const set = {
      status: 'uncertain',
      uncertainReason: uncertainText(error, ctx),
      lastError: stored,
    } as const;
    return { set, record: { outcome: 'failed', error: stored } };
  }
  if (action === 'update' && error.advertState === 'closed') {
    // The board no longer has the advert (deleted there): nothing is left to update, so it is closed.
    const set = {
      status: 'closed',
      advertState: 'closed',
      closedAt: ctx.now,
      nextAttemptAt: null,
      lastError: stored,
    } as const;
    return { set, record: record(stored) };
  }
  if (action === 'update') {
    // The advert is still on the board as it was: the posting stays posted, with the refusal shown,
    // and with the state the refusal reveals (a draft a person published there) shown at once, not at the next check.
    const revealed = error.advertState
      ? stateSeen(
          state,
          { boardStatus: error.advertStatus ?? state.boardStatus, advertState: error.advertState },
          ctx.now,
        )
      : {};
    const set = {
      status: 'posted',
      action: 'update',
      nextAttemptAt: null,
      lastError: stored,
      ...revealed,
    } as const;
    return { set, record: record(stored) };
  }
  if (action === 'close' && error.reason === 'conflict' && error.status === 404) {
    const set = { status: state.closeAs ?? 'closed', closedAt: ctx.now, lastError: null } as const;
    return { set, record: record(stored) };
  }
  return { set: { status: 'failed', nextAttemptAt: null, lastError: stored }, record: record(stored) };
}

/**
 * A relist or extend that did not go through. Both spend a credit, so one whose outcome is unknown is
 * never re-sent: the posting goes back to where it was (expired, or posted) with the reason, and a
 * person looks on the board before asking again. A transient failure retries while attempts remain
 * (a rate limit: always, as for every call).
 */
function renewalFailed(
  state: PostingState,
  action: RenewalAction,
  error: BoardFailure,
  ctx: TransitionContext,
): Transition {
  const retries = state.attempts < ctx.retry.maxAttempts || error.reason === 'rate_limited';
  if (isTransient(error.reason) && retries) return retryOrGiveUp(state, action, error, ctx);
  const unknown = error.reason === 'unknown_outcome';
  const done = action === 'relist' ? 'relisted' : 'extended';
  const message = unknown
    ? `Postroom could not find out whether ${ctx.boardLabel} ${done} the advert (${error.message}). Look at the advert on ${ctx.boardLabel} before asking again: a second ${action} spends another credit.`
    : error.message;
  const stored = { ...storedError(error, action), message };
  const back = action === 'relist' ? 'expired' : 'posted';
  return {
    set: { status: back, nextAttemptAt: null, lastError: stored },
    record: { outcome: unknown ? 'unknown' : 'failed', error: stored },
  };
}

/**
 * A failure that may pass: try again later while attempts remain (a rate limit: always), then
 * uncertain (a create) or failed.
 */
function retryOrGiveUp(
  state: PostingState,
  action: PostingAction,
  error: BoardFailure,
  ctx: TransitionContext,
): Transition {
  const stored = storedError(error, action);
  const outcome = error.reason === 'unknown_outcome' ? 'unknown' : 'failed';
  // A board's rate limit is not a failure: the posting waits as long as the board asks, however often.
  if (state.attempts < ctx.retry.maxAttempts || error.reason === 'rate_limited') {
    const delay = retryDelayMs(ctx.retry, state.attempts, error.retryAfterMs ?? 0, ctx.random);
    const at = new Date(ctx.now.getTime() + delay);
    return {
      set: { status: 'retrying', nextAttemptAt: at, lastError: stored },
      record: { outcome, error: stored },
      enqueue: { action, at },
      ...(error.reason === 'rate_limited'
        ? { pauseConnectionUntil: new Date(ctx.now.getTime() + (error.retryAfterMs ?? delay)) }
        : {}),
    };
  }
  if (error.reason === 'unknown_outcome' && action === 'create') {
    const set = {
      status: 'uncertain',
      uncertainReason: uncertainText(error, ctx),
      lastError: stored,
    } as const;
    return { set, record: { outcome, error: stored } };
  }
  const gaveUp = { ...stored, message: `${stored.message} (gave up after ${state.attempts} attempts)` };
  return {
    set: { status: 'failed', nextAttemptAt: null, lastError: gaveUp },
    record: { outcome, error: gaveUp },
  };
}

/** The board has no close call (a drafts board): the posting closes in Postroom, and a person closes the advert there. */
export function closedWithoutBoard(
  state: PostingState,
  ctx: Pick<TransitionContext, 'now' | 'boardLabel'>,
): Transition {
  const label = ctx.boardLabel;
  return {
    set: {
      status: state.closeAs ?? 'closed',
      closedAt: ctx.now,
      lastError: {
        reason: 'manual',
        message: `${label} cannot be closed from Postroom: close the advert in ${label} too.`,
      },
    },
  };
}

/** The connection of the posting was removed: nothing can be sent through it. */
export const connectionRemoved = (): Transition => ({
  set: {
    status: 'failed',
    lastError: {
      reason: 'auth',
      message:
        'The board connection of this posting was removed; post the vacancy through another connection.',
    },
  },
});
