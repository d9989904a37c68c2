// Property tests of the posting state machine: a simulated worker runs its transitions against a
// simulated board (which may accept a create whose answer is lost, or a worker that dies mid-call),
// under any sequence of what people ask. SPEC.md, "Exactly once".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BoardErrorReason, BoardReceipt } from '../boards/board.js';
import type { PostingAction } from './posting.js';
import {
  approve,
  close,
  holdForApproval,
  post,
  ranOut,
  reject,
  relistOrExtend,
  relistOrExtendRefusal,
  resolve,
  retry,
  update,
} from './posting-requests.js';
import { queuedPosting } from './posting-state.fixtures.js';
import {
  type BoardCall,
  boardErrorSeen,
  closedWithoutBoard,
  jobIsCurrent,
  type PostingState,
  type PostingValues,
  RENEWAL_INTERRUPTED,
  receiptSeen,
  renewalMayHaveReachedBoard,
  startCall,
  startCreate,
  type Transition,
  type TransitionContext,
} from './posting-state.js';

const REASONS: BoardErrorReason[] = [
  'auth',
  'invalid',
  'conflict',
  'rate_limited',
  'unavailable',
  'unknown_outcome',
  'unexpected',
];

/** What the board does with one call: answers, refuses (perhaps after acting), or the worker dies. */
type Outcome =
  | { kind: 'ok' }
  | { kind: 'error'; reason: BoardErrorReason; reached: boolean; status: 404 | 409 }
  | { kind: 'crash'; reached: boolean };

type Request =
  | { kind: 'work' }
  | { kind: 'close' }
  | { kind: 'expire' }
  | { kind: 'retry' }
  | { kind: 'resolve' }
  | { kind: 'update' }
  | { kind: 'poll' }
  | { kind: 'publish' }
  | { kind: 'approve' }
  | { kind: 'reject' }
  | { kind: 'runout' }
  | { kind: 'relist' }
  | { kind: 'extend' };

const outcome: fc.Arbitrary<Outcome> = fc.oneof(
  fc.constant({ kind: 'ok' as const }),
  fc.record({
    kind: fc.constant('error' as const),
    reason: fc.constantFrom(...REASONS),
    reached: fc.boolean(),
    status: fc.constantFrom(404 as const, 409 as const),
  }),
  fc.record({ kind: fc.constant('crash' as const), reached: fc.boolean() }),
);
const request: fc.Arbitrary<Request> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'work' as const }) },
  ...(
    [
      'close',
      'expire',
      'retry',
      'resolve',
      'update',
      'poll',
      'publish',
      'runout',
      'relist',
      'extend',
      'approve',
      'reject',
    ] as const
  ).map((kind) => ({
    weight: 1,
    arbitrary: fc.constant({ kind }),
  })),
);

const now = new Date('2026-11-30T10:00:00Z');
const ctx: TransitionContext = {
  now,
  retry: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 60_000 },
  random: () => 0.5,
  boardLabel: 'Board',
  boardReference: 'REF-1',
};

/** One posting, its queue of jobs, and the board's side of the story. */
class Simulation {
  state: PostingState & PostingValues = queuedPosting();
  jobs: (PostingAction | 'status')[] = [];
  /** The board holds the advert (it accepted a create). */
  accepted = false;
  advertState: 'draft' | 'published' | 'closed' | 'expired' = 'draft';
  /** Creates sent while the board already held the advert: must stay 0. */
  secondCreates = 0;
  /** A post that needed approval has had it (a post that needed none has it from the start). */
  approved: boolean;
  /** Creates sent before an approver approved: must stay 0. */
  unapprovedSends = 0;
  /** Relists and extends a person asked for, and those that reached the board (each spends a credit). */
  renewalsAsked = 0;
  renewalsSent = 0;
  /** The newest attempt, as the worker reads it back (a renewal whose worker died stays pending). */
  newestAttempt: { action: string; outcome: string } | null = null;

  constructor(
    private readonly canClose: boolean,
    private readonly outcomes: () => Outcome,
    held = false,
  ) {
    this.approved = !held;
    this.apply(held ? holdForApproval(null) : post(null));
  }

  private set(values: PostingValues) {
    this.state = { ...this.state, ...values };
  }

  apply(t: Transition) {
    this.set(t.set);
    if (t.enqueue) this.jobs.push(t.enqueue.action);
  }

  private receipt(): BoardReceipt {
    return { externalId: 'AD-1', status: this.advertState.toUpperCase(), state: this.advertState };
  }

  /** Calls the board; false when the worker died (the job stays queued, as pg-boss would redeliver it). */
  private call(call: BoardCall, act: () => void): boolean {
    const o = this.outcomes();
    this.newestAttempt = { action: call, outcome: 'pending' };
    if (o.kind === 'crash') {
      if (o.reached) act();
      return false;
    }
    this.newestAttempt = { action: call, outcome: 'done' };
    if (o.kind === 'ok') {
      act();
      const answer = call === 'lookup' && !this.accepted ? null : this.receipt();
      this.apply(receiptSeen(this.state, call, answer, now));
      return true;
    }
    if (o.reason === 'unknown_outcome' && o.reached) act();
    const error = { reason: o.reason, message: o.reason, issues: [], status: o.status };
    this.apply(boardErrorSeen(this.state, call, error, ctx));
    return true;
  }

  private create(): boolean {
    let step = startCreate(this.state, false, now);
    if (step.call === 'lookup') {
      this.set(step.set);
      const o = this.outcomes();
      if (o.kind === 'crash') return false;
      if (o.kind === 'error') {
        const error = { reason: o.reason, message: o.reason, issues: [] };
        this.apply(boardErrorSeen(this.state, 'lookup', error, ctx));
        return true;
      }
      const found = this.accepted ? this.receipt() : null;
      this.apply(receiptSeen(this.state, 'lookup', found, now));
      if (found) return true;
      step = startCreate(this.state, true, now);
    }
    this.set(step.set);
    if (step.call === null) return true;
    return this.call('create', () => {
      if (!this.approved) this.unapprovedSends += 1;
      if (this.accepted) this.secondCreates += 1;
      this.accepted = true;
    });
  }

  /** Runs the first queued job, as the worker does; a stale job is dropped. */
  work() {
    const job = this.jobs.shift();
    if (!job || !jobIsCurrent(this.state, job)) return;
    let done = true;
    if (job === 'create') done = this.create();
    else if (job === 'close' && !this.canClose) this.apply(closedWithoutBoard(this.state, ctx));
    else if (job === 'status') done = this.call('status', () => {});
    else if ((job === 'relist' || job === 'extend') && this.interrupted(job))
      this.apply(
        boardErrorSeen({ ...this.state, ...startCall(this.state, job) }, job, RENEWAL_INTERRUPTED, ctx),
      );
    else {
      this.set(startCall(this.state, job));
      done = this.call(job, () => {
        if (job === 'close') this.advertState = 'closed';
        if (job === 'relist' || job === 'extend') {
          this.renewalsSent += 1;
          this.advertState = 'published';
        }
      });
    }
    if (!done) this.jobs.unshift(job);
  }

  private interrupted(job: 'relist' | 'extend'): boolean {
    const interrupted = renewalMayHaveReachedBoard(this.newestAttempt ? [this.newestAttempt] : [], job);
    this.newestAttempt = { action: job, outcome: 'unknown' };
    return interrupted;
  }

  /** What a person (or the sweep) asks, when it applies; a person answers "resolve" truthfully. */
  ask(r: Request) {
    const s = this.state;
    const final = s.status === 'closed' || s.status === 'expired';
    if (r.kind === 'work') this.work();
    else if ((r.kind === 'close' || r.kind === 'expire') && !final)
      this.apply(close(s, r.kind === 'close' ? 'closed' : 'expired', now));
    else if (r.kind === 'retry' && s.status === 'failed') this.apply(retry(s, s.fields));
    else if (r.kind === 'resolve' && s.status === 'uncertain')
      this.apply(resolve(s, this.accepted ? { exists: true, externalId: 'AD-1' } : { exists: false }, now));
    else if (r.kind === 'update' && s.status === 'posted') this.apply(update(s, { title: 'Senior nurse' }));
    else if (r.kind === 'poll' && jobIsCurrent(s, 'status')) this.jobs.push('status');
    else if (r.kind === 'publish' && this.accepted && this.advertState === 'draft')
      this.advertState = 'published';
    else if (r.kind === 'approve' && s.status === 'awaiting_approval') {
      this.approved = true;
      this.apply(approve(s, null, now));
    } else if (r.kind === 'reject' && s.status === 'awaiting_approval') this.apply(reject(s, now));
    else if (r.kind === 'runout' && s.status === 'posted' && this.advertState === 'published') {
      this.advertState = 'expired';
      this.apply(ranOut(s, now));
    } else if ((r.kind === 'relist' || r.kind === 'extend') && !relistOrExtendRefusal(s, r.kind)) {
      this.renewalsAsked += 1;
      this.apply(relistOrExtend(s, r.kind));
    }
  }

  /** Runs queued jobs until none is left; false when they never end. */
  drain(limit = 200): boolean {
    for (let i = 0; i < limit && this.jobs.length > 0; i++) this.work();
    return this.jobs.length === 0;
  }
}

/** Outcomes from a list, then success forever. */
const scripted = (list: Outcome[]) => {
  let i = 0;
  return () => list[i++] ?? { kind: 'ok' as const };
};

const RESTING = ['posted', 'failed', 'uncertain', 'closed', 'expired', 'awaiting_approval', 'rejected'];
const FINAL = ['closed', 'expired', 'rejected'];

describe('the posting state machine, under any sequence of events', () => {
  it('never sends a second create for an advert the board already accepted, nor one before its approval, nor a relist or extend twice', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.boolean(),
        fc.array(request, { maxLength: 60 }),
        fc.array(outcome, { maxLength: 60 }),
        (canClose, held, requests, outcomes) => {
          const sim = new Simulation(canClose, scripted(outcomes), held);
          for (const r of requests) sim.ask(r);
          sim.drain();
          expect(sim.secondCreates).toBe(0);
          expect(sim.unapprovedSends).toBe(0);
          // A relist or extend spends a credit: never sent more often than a person asked.
          expect(sim.renewalsSent).toBeLessThanOrEqual(sim.renewalsAsked);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('comes to rest with a reason, and a person can always bring it to a final state', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.boolean(),
        fc.array(request, { maxLength: 60 }),
        fc.array(outcome, { maxLength: 60 }),
        (canClose, held, requests, outcomes) => {
          const sim = new Simulation(canClose, scripted(outcomes), held);
          for (const r of requests) sim.ask(r);
          // Whatever the board answers, the jobs end (attempts are bounded) and the posting rests.
          expect(sim.drain()).toBe(true);
          const s = sim.state;
          expect(RESTING).toContain(s.status);
          if (s.status === 'failed') expect(s.lastError?.reason).toBeTruthy();
          if (s.status === 'uncertain') expect(s.uncertainReason).toBeTruthy();
          // A person settles it and closes it (resolve, retry, close), until the board answers.
          for (let round = 0; round < 5 && !FINAL.includes(sim.state.status); round++) {
            for (const kind of ['resolve', 'retry', 'close'] as const) {
              sim.ask({ kind });
              expect(sim.drain()).toBe(true);
            }
          }
          expect(FINAL).toContain(sim.state.status);
          expect(sim.state.closedAt).toBeInstanceOf(Date);
          expect(sim.secondCreates).toBe(0);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
