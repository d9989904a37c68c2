// What a person (or the sweep) asks of a posting: post, update, close, expire, retry, resolve. Pure
// transitions of the posting state machine (posting-state.ts holds the board's answers).
import { FINAL_STATUSES, type PostingStatus } from './posting.js';
import type { NextJob, PostingState, Transition } from './posting-state.js';

/** Post a vacancy: a new posting waits for its create job, now or at `scheduledAt`. */
export function post(scheduledAt: Date | null) {
  const status: PostingStatus = scheduledAt ? 'scheduled' : 'queued';
  const enqueue: NextJob = { action: 'create', ...(scheduledAt ? { at: scheduledAt } : {}) };
  return {
    set: { status, action: 'create' as const, attempts: 0, scheduledAt, nextAttemptAt: scheduledAt },
    enqueue,
  } satisfies Transition;
}

/** A change a person asked for is refused in this state; the message says what to do instead. */
export class RefusedRequest extends Error {}

/** Why this posting cannot be updated now, or null when it can. */
export function updateRefusal(state: Pick<PostingState, 'status'>): string | null {
  const s = state.status;
  if (s === 'posted' || s === 'sent' || s === 'queued' || s === 'scheduled') return null;
  return s === 'failed' || s === 'uncertain'
    ? `This posting is ${s}: fix it with retry or resolve, not update.`
    : `This posting is ${s}; wait until it is posted to change it.`;
}

/**
 * Send changed fields. A posting still waiting for its create only takes the new fields; a posted
 * one sends them in an update job (a fresh budget of attempts).
 */
export function update(state: PostingState, fields: Record<string, unknown>): Transition {
  const refused = updateRefusal(state);
  if (refused) throw new RefusedRequest(refused);
  const waiting = state.status === 'queued' || state.status === 'scheduled';
  if (waiting) return { set: { fields } };
  return {
    set: { status: 'updating', action: 'update', pendingFields: fields, attempts: 0, lastError: null },
    enqueue: { action: 'update' },
  };
}

/**
 * Close the posting (`closed`), or expire it at its closing date (`expired`). A posting never sent
 * closes at once; an advert on the board is closed there (a close job); one whose create may have
 * reached the board is looked up first (the create job does that, then closes). A final posting stays.
 */
export function close(state: PostingState, closeAs: 'closed' | 'expired', now: Date): Transition {
  if (FINAL_STATUSES.includes(state.status)) return { set: {} };
  const neverSent = state.action === 'create' && state.attempts === 0 && !state.externalId;
  if (neverSent && state.status !== 'sending')
    return { set: { status: closeAs, closeAs, closedAt: now, nextAttemptAt: null } };
  if (state.externalId) {
    return {
      set: { status: 'closing', action: 'close', closeAs, attempts: 0, nextAttemptAt: null, lastError: null },
      enqueue: { action: 'close' },
    };
  }
  // A create is on its way (`sending`): it sees `closeAs` when it ends, so no second job.
  const sending = state.status === 'sending';
  return {
    set: { status: sending ? 'sending' : 'retrying', action: 'create', closeAs, nextAttemptAt: now },
    ...(sending ? {} : { enqueue: { action: 'create' } }),
  };
}

/** Why this posting cannot be retried, or null when it can (only a failed one can). */
export const retryRefusal = (state: Pick<PostingState, 'status'>): string | null =>
  state.status === 'failed' ? null : `Only a failed posting can be retried; this one is ${state.status}.`;

/**
 * Try a failed posting again, with the fields it will send. A fresh budget of attempts; a create that
 * was tried before keeps one, so that it still looks the advert up before sending.
 */
export function retry(state: PostingState, fields: Record<string, unknown>): Transition {
  const refused = retryRefusal(state);
  if (refused) throw new RefusedRequest(refused);
  const byAction = {
    create: { status: 'queued', fields },
    update: { status: 'updating', pendingFields: fields },
    close: { status: 'closing' },
  } as const;
  return {
    set: {
      ...byAction[state.action],
      attempts: state.action === 'create' && state.attempts > 0 ? 1 : 0,
      lastError: null,
      nextAttemptAt: null,
    },
    enqueue: { action: state.action },
  };
}

/** Why this posting cannot be resolved, or null when it can (only an uncertain one can). */
export const resolveRefusal = (state: Pick<PostingState, 'status'>): string | null =>
  state.status === 'uncertain'
    ? null
    : `Only an uncertain posting can be resolved; this one is ${state.status}.`;

/**
 * Settle an uncertain posting with what a person found on the board: the advert is there (posted,
 * with its id if they give it), or it is not (sent now; the person checked, so no look-up first).
 */
export function resolve(
  state: PostingState,
  answer: { exists: true; externalId?: string | undefined } | { exists: false },
  now: Date,
): Transition {
  const refused = resolveRefusal(state);
  if (refused) throw new RefusedRequest(refused);
  const settled = { uncertainReason: null, lastError: null, nextAttemptAt: null };
  if (answer.exists) {
    return {
      set: {
        ...settled,
        status: 'posted',
        externalId: answer.externalId ?? state.externalId,
        postedAt: state.postedAt ?? now,
      },
    };
  }
  return {
    set: { ...settled, status: 'queued', action: 'create', attempts: 0 },
    enqueue: { action: 'create' },
  };
}
