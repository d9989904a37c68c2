// What a person (or the sweep) asks of a posting: post, update, close, expire, retry, resolve, and on
// a board whose adverts run out there, relist and extend (and the sweep's `ranOut`). Pure
// transitions of the posting state machine (posting-state.ts holds the board's answers).
import { FINAL_STATUSES, type PostingStatus, type RenewalAction } from './posting.js';
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

/** Why this posting's time cannot change, or null when it can (only a scheduled one can). */
export const rescheduleRefusal = (state: Pick<PostingState, 'status'>): string | null =>
  state.status === 'scheduled'
    ? null
    : `Only a scheduled posting can be given a new time; this one is ${state.status}.`;

/** Move a scheduled posting to a new time: a create job for then; the one queued before is stale (jobIsCurrent). */
export function reschedule(state: PostingState, at: Date): Transition {
  const refused = rescheduleRefusal(state);
  if (refused) throw new RefusedRequest(refused);
  return { set: { scheduledAt: at, nextAttemptAt: at }, enqueue: { action: 'create', at } };
}

/** A change a person asked for is refused in this state; the message says what to do instead. */
export class RefusedRequest extends Error {}

/**
 * Post a vacancy that needs an approver's say-so first: the posting waits as `awaiting_approval`, with
 * no job queued, so nothing reaches the board until `approve`.
 */
export function holdForApproval(scheduledAt: Date | null) {
  return {
    set: {
      status: 'awaiting_approval' as const,
      action: 'create' as const,
      attempts: 0,
      scheduledAt,
      nextAttemptAt: null,
    },
  } satisfies Transition;
}

/** Why this posting cannot be approved or rejected, or null when it can (only one awaiting approval can). */
export const decisionRefusal = (state: Pick<PostingState, 'status'>): string | null =>
  state.status === 'awaiting_approval'
    ? null
    : `Only a posting awaiting approval can be approved or rejected; this one is ${state.status}.`;

/**
 * An approver approves a held posting: it goes out as the post would have, now or at its scheduled
 * time (now when that time has passed meanwhile).
 */
export function approve(state: PostingState, scheduledAt: Date | null, now: Date): Transition {
  const refused = decisionRefusal(state);
  if (refused) throw new RefusedRequest(refused);
  return post(scheduledAt && scheduledAt > now ? scheduledAt : null);
}

/** An approver rejects a held posting: it ends there, never sent. */
export function reject(state: PostingState, now: Date): Transition {
  const refused = decisionRefusal(state);
  if (refused) throw new RefusedRequest(refused);
  return { set: { status: 'rejected', closedAt: now, nextAttemptAt: null } };
}

/** Why this posting cannot be updated now, or null when it can. */
export function updateRefusal(state: Pick<PostingState, 'status'>): string | null {
  const s = state.status;
  if (s === 'posted' || s === 'sent' || s === 'queued' || s === 'scheduled' || s === 'awaiting_approval')
    return null;
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
  const waiting = ['queued', 'scheduled', 'awaiting_approval'].includes(state.status);
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
    // A relist or extend never ends failed (renewalFailed): listed for completeness.
    relist: { status: 'updating' },
    extend: { status: 'updating' },
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

/**
 * The advert's run on the board ended (a board whose adverts run out there, with no callback: the
 * sweep sees its computed end pass). The posting is expired without a call, and may be relisted.
 */
export function ranOut(state: PostingState, now: Date): Transition {
  if (state.status !== 'posted') return { set: {} };
  return { set: { status: 'expired', advertState: 'expired', closedAt: now, nextAttemptAt: null } };
}

/** Why this posting cannot be relisted, or null when it can (its advert ran out on the board). */
export function relistRefusal(state: Pick<PostingState, 'status' | 'advertState'>): string | null {
  if (state.status === 'expired' && state.advertState === 'expired') return null;
  if (state.status === 'expired' || state.status === 'closed')
    return `Only an advert that ran out on the board can be relisted; this one was ${state.status} by Postroom. Post the vacancy again instead.`;
  return `Only an expired advert can be relisted; this posting is ${state.status}.`;
}

/** Why this posting cannot be extended, or null when it can (its advert is live). */
export const extendRefusal = (state: Pick<PostingState, 'status'>): string | null =>
  state.status === 'posted' ? null : `Only a live advert can be extended; this posting is ${state.status}.`;

/** Why this posting cannot be relisted (or extended), or null when it can. */
export const relistOrExtendRefusal = (
  state: Pick<PostingState, 'status' | 'advertState'>,
  action: RenewalAction,
): string | null => (action === 'relist' ? relistRefusal(state) : extendRefusal(state));

/**
 * Relist an advert that ran out on the board, or extend a live one: a job sends it (a fresh budget of
 * attempts); on success the advert's run starts again (posting-state.ts, `renewed`).
 */
export function relistOrExtend(state: PostingState, action: RenewalAction): Transition {
  const refused = relistOrExtendRefusal(state, action);
  if (refused) throw new RefusedRequest(refused);
  return {
    set: { status: 'updating', action, attempts: 0, lastError: null, nextAttemptAt: null },
    enqueue: { action },
  };
}

/** Why this posting cannot be renewed now, or null when it can (its advert is live on the board). */
export function renewRefusal(state: Pick<PostingState, 'status' | 'closeAs'>): string | null {
  if (state.status === 'posted' && !state.closeAs) return null;
  return state.status === 'updating'
    ? 'Changes are on their way to the board; renew once the posting is posted again.'
    : `Only a posted advert can be renewed; this posting is ${state.status}.`;
}

/**
 * Renew a posted advert as the board allows it (post it again): the posting closes (its advert is
 * closed on the board), and a new posting, linked to it, waits for its create job.
 */
export function renew(state: PostingState, now: Date): { old: Transition; renewal: ReturnType<typeof post> } {
  const refused = renewRefusal(state);
  if (refused) throw new RefusedRequest(refused);
  return { old: close(state, 'closed', now), renewal: post(null) };
}
