// Relist and extend (a board whose adverts run out there, such as Reed): what a person asks, what the
// sweep does when the run ends, and what the board's answers make of the posting.
import { describe, expect, it } from 'vitest';
import type { BoardErrorReason, BoardReceipt } from '../boards/board.js';
import type { RenewalAction } from './posting.js';
import { close, RefusedRequest, ranOut, relistOrExtend, relistOrExtendRefusal } from './posting-requests.js';
import { queuedPosting } from './posting-state.fixtures.js';
import {
  type BoardFailure,
  boardErrorSeen,
  jobIsCurrent,
  type PostingState,
  receiptSeen,
  startCall,
  type TransitionContext,
} from './posting-state.js';

const now = new Date('2026-11-30T10:00:00Z');
const earlier = new Date('2026-10-01T09:00:00Z');
const ctx: TransitionContext = {
  now,
  retry: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 60_000 },
  random: () => 0.5,
  boardLabel: 'Board',
  boardReference: 'REF-1',
};
const posted = (values: Partial<PostingState> = {}) =>
  queuedPosting({
    status: 'posted',
    attempts: 1,
    externalId: 'AD-1',
    postedAt: earlier,
    advertState: 'published',
    ...values,
  });
const ranOutPosting = () => ({ ...posted(), ...ranOut(posted(), now).set }) as PostingState;
const failure = (reason: BoardErrorReason): BoardFailure => ({
  reason,
  message: `${reason} happened`,
  issues: [],
});
const receipt: BoardReceipt = { externalId: 'AD-1' };

describe('the advert runs out on the board', () => {
  it('a posted advert expires there, with no call, and can be relisted', () => {
    const t = ranOut(posted(), now);
    expect(t.set).toEqual({ status: 'expired', advertState: 'expired', closedAt: now, nextAttemptAt: null });
    expect(t.enqueue).toBeUndefined();
    expect(relistOrExtendRefusal(ranOutPosting(), 'relist')).toBeNull();
  });

  it.each(['updating', 'closing', 'closed', 'failed'] as const)('a posting %s is left as it is', (status) => {
    expect(ranOut(posted({ status }), now)).toEqual({ set: {} });
  });
});

describe('a person relists or extends', () => {
  it.each([
    ['relist', ranOutPosting()],
    ['extend', posted()],
  ] as [RenewalAction, PostingState][])(
    '%s: a job sends it, with a fresh budget of attempts',
    (action, state) => {
      const t = relistOrExtend(state, action);
      expect(t.set).toEqual({
        status: 'updating',
        action,
        attempts: 0,
        lastError: null,
        nextAttemptAt: null,
      });
      expect(t.enqueue).toEqual({ action });
      expect(jobIsCurrent({ ...state, ...t.set } as PostingState, action)).toBe(true);
    },
  );

  it.each([
    ['relist', posted(), /Only an expired advert can be relisted; this posting is posted/],
    [
      'relist',
      posted({ status: 'expired', advertState: 'closed' }),
      /ran out on the board.*Post the vacancy again/,
    ],
    ['relist', posted({ status: 'closed', advertState: 'closed' }), /ran out on the board/],
    ['extend', ranOutPosting(), /Only a live advert can be extended; this posting is expired/],
    ['extend', posted({ status: 'updating' }), /this posting is updating/],
  ] as [RenewalAction, PostingState, RegExp][])(
    '%s is refused when the posting is %o',
    (action, state, why) => {
      expect(relistOrExtendRefusal(state, action)).toMatch(why);
      expect(() => relistOrExtend(state, action)).toThrow(RefusedRequest);
    },
  );

  it('a relisted posting can be closed again before its job runs', () => {
    const relisting = {
      ...ranOutPosting(),
      ...relistOrExtend(ranOutPosting(), 'relist').set,
    } as PostingState;
    expect(close(relisting, 'closed', now).set).toMatchObject({ status: 'closing', action: 'close' });
  });
});

describe("the board's answer to a relist or extend", () => {
  const sending = (action: RenewalAction) => {
    const base = action === 'relist' ? ranOutPosting() : posted();
    const asked = { ...base, ...relistOrExtend(base, action).set } as PostingState;
    return { ...asked, ...startCall(asked, action) } as PostingState;
  };

  it.each(['relist', 'extend'] as const)('%s accepted: live again, its run starting now', (action) => {
    const t = receiptSeen(sending(action), action, receipt, now);
    expect(t.set).toMatchObject({
      status: 'posted',
      runStartedAt: now,
      closedAt: null,
      closeAs: null,
      advertState: 'published',
      lastError: null,
    });
    expect(t.record).toEqual({ outcome: 'succeeded' });
  });

  it.each([
    ['relist', 'expired'],
    ['extend', 'posted'],
  ] as const)('%s refused: back where it was (%s), with the reason; not retried', (action, back) => {
    const t = boardErrorSeen(sending(action), action, failure('conflict'), ctx);
    expect(t.set).toMatchObject({ status: back, lastError: { reason: 'conflict', action } });
    expect(t.enqueue).toBeUndefined();
  });

  it.each(['relist', 'extend'] as const)(
    '%s with a lost answer is never re-sent: a person looks first',
    (action) => {
      const t = boardErrorSeen(sending(action), action, failure('unknown_outcome'), ctx);
      expect(t.enqueue).toBeUndefined();
      expect(t.record?.outcome).toBe('unknown');
      expect(t.set.lastError?.message).toMatch(
        /could not find out whether Board .*Look at the advert on Board/,
      );
    },
  );

  it('a board that is down is tried again, then the posting rests where it was', () => {
    const first = boardErrorSeen(sending('extend'), 'extend', failure('unavailable'), ctx);
    expect(first.set.status).toBe('retrying');
    expect(first.enqueue).toMatchObject({ action: 'extend' });
    const last = boardErrorSeen({ ...sending('extend'), attempts: 3 }, 'extend', failure('unavailable'), ctx);
    expect(last.set).toMatchObject({ status: 'posted', lastError: { reason: 'unavailable' } });
    expect(last.enqueue).toBeUndefined();
  });
});
