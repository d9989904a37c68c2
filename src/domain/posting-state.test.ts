import { describe, expect, it } from 'vitest';
import type { BoardErrorReason, BoardReceipt } from '../boards/board.js';
import {
  approve,
  close,
  holdForApproval,
  post,
  RefusedRequest,
  reject,
  reschedule,
  resolve,
  retry,
  update,
} from './posting-requests.js';
import { queuedPosting } from './posting-state.fixtures.js';
import {
  type BoardCall,
  type BoardFailure,
  boardErrorSeen,
  boardStateSeen,
  closedWithoutBoard,
  connectionRemoved,
  createMayHaveReachedBoard,
  jobIsCurrent,
  type PostingState,
  readsBoardState,
  receiptSeen,
  startCall,
  startCreate,
  type TransitionContext,
} from './posting-state.js';

const now = new Date('2026-11-30T10:00:00Z');
const earlier = new Date('2026-11-29T09:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms);

const state = queuedPosting;
const posted = (values: Partial<PostingState> = {}) =>
  state({ status: 'posted', attempts: 1, externalId: 'AD-1', postedAt: earlier, ...values });

// random 0.5 takes the jitter out: the delay before attempt n+1 is 1 s × 2^(n-1).
const ctx: TransitionContext = {
  now,
  retry: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 60_000 },
  random: () => 0.5,
  boardLabel: 'Board',
  boardReference: 'REF-1',
};
const failure = (reason: BoardErrorReason, values: Partial<BoardFailure> = {}): BoardFailure => ({
  reason,
  message: `${reason} happened`,
  issues: [],
  ...values,
});
const receipt: BoardReceipt = {
  externalId: 'AD-1',
  url: 'https://board.example/AD-1',
  status: 'LIVE',
  state: 'published' as const,
};

describe('a person posts a vacancy', () => {
  it.each([
    ['now', null, 'queued', undefined],
    ['later', at(60_000), 'scheduled', at(60_000)],
  ])('%s: the posting waits for its create job', (_when, scheduledAt, status, jobAt) => {
    const t = post(scheduledAt);
    expect(t.set).toMatchObject({
      status,
      action: 'create',
      attempts: 0,
      scheduledAt,
      nextAttemptAt: scheduledAt,
    });
    expect(t.enqueue).toEqual({ action: 'create', ...(jobAt ? { at: jobAt } : {}) });
  });
});

describe('a post that needs approval', () => {
  const held = (values: Partial<PostingState> = {}) => state({ status: 'awaiting_approval', ...values });

  it.each([
    ['now', null],
    ['later', at(60_000)],
  ])('posted %s: waits for an approver, with no job queued', (_when, scheduledAt) => {
    const t = holdForApproval(scheduledAt);
    expect(t.set).toMatchObject({ status: 'awaiting_approval', action: 'create', attempts: 0, scheduledAt });
    expect(t).not.toHaveProperty('enqueue');
    expect(jobIsCurrent({ ...held(), ...t.set }, 'create')).toBe(false);
  });

  it.each([
    ['to post now', null, 'queued', undefined],
    ['scheduled for later', at(60_000), 'scheduled', at(60_000)],
    ['whose scheduled time passed while it waited', at(-60_000), 'queued', undefined],
  ] as const)('approved %s: goes out as the post would have', (_name, scheduledAt, status, jobAt) => {
    const t = approve(held(), scheduledAt, now);
    expect(t.set).toMatchObject({ status, action: 'create', attempts: 0 });
    expect(t.enqueue).toEqual({ action: 'create', ...(jobAt ? { at: jobAt } : {}) });
  });

  it('rejected: ends there, never sent', () => {
    const t = reject(held(), now);
    expect(t.set).toEqual({ status: 'rejected', closedAt: now, nextAttemptAt: null });
    expect(t).not.toHaveProperty('enqueue');
  });

  it.each(['queued', 'posted', 'rejected', 'closed'] as const)(
    'a %s posting cannot be approved or rejected',
    (status) => {
      expect(() => approve(state({ status }), null, now)).toThrow(/Only a posting awaiting approval/);
      expect(() => reject(state({ status }), now)).toThrow(RefusedRequest);
    },
  );

  it('takes changed fields while it waits, without a job', () => {
    const t = update(held(), { title: 'Senior nurse' });
    expect(t).toEqual({ set: { fields: { title: 'Senior nurse' } } });
  });

  it('closes at once when the vacancy closes while it waits', () => {
    expect(close(held(), 'expired', now).set).toMatchObject({ status: 'expired', closedAt: now });
  });

  it('a rejected posting stays rejected when closed', () => {
    expect(close(state({ status: 'rejected' }), 'closed', now)).toEqual({ set: {} });
  });
});

describe('a create job starts', () => {
  it.each([
    ['never tried: sends', state(), false, 'create', { status: 'sending', attempts: 1, nextAttemptAt: null }],
    ['tried before: looks the advert up first', state({ attempts: 2 }), false, 'lookup', { attempts: 3 }],
    [
      'looked up, nothing there: sends',
      state({ attempts: 3 }),
      true,
      'create',
      { status: 'sending', attempts: 4 },
    ],
    [
      'closed before it reached the board: closes at once',
      state({ closeAs: 'expired' }),
      false,
      null,
      { status: 'expired', closedAt: now, nextAttemptAt: null },
    ],
    [
      'tried before and closed meanwhile: still looks first',
      state({ attempts: 1, closeAs: 'closed' }),
      false,
      'lookup',
      { attempts: 2 },
    ],
  ] as const)('%s', (_name, s, lookedUp, call, set) => {
    const step = startCreate(s, lookedUp, now);
    expect(step.call).toBe(call);
    expect(step.set).toMatchObject(set);
  });
});

describe('whether a retried create looks the advert up first', () => {
  const a = (action: string, outcome: string) => ({ action, outcome });
  it.each([
    ['no attempt yet', [], false],
    ['the board refused the create (a rate limit, a 503)', [a('create', 'failed')], false],
    ['the create timed out after sending', [a('create', 'unknown')], true],
    ['a worker died during the create', [a('create', 'pending')], true],
    [
      'the board was asked since and had nothing',
      [a('create', 'failed'), a('lookup', 'succeeded'), a('create', 'unknown')],
      false,
    ],
    ['the look-up itself failed', [a('lookup', 'failed'), a('create', 'unknown')], true],
    [
      'refused now, but an earlier create is still unknown',
      [a('create', 'failed'), a('create', 'unknown')],
      true,
    ],
  ] as const)('%s', (_name, newestFirst, expected) => {
    expect(createMayHaveReachedBoard(newestFirst)).toBe(expected);
  });
});

describe('an update, close or state read starts', () => {
  it.each([
    ['update', { status: 'updating', attempts: 2, nextAttemptAt: null }],
    ['close', { status: 'closing', attempts: 2, nextAttemptAt: null }],
    ['status', {}],
  ] as const)('%s', (call, set) => {
    expect(startCall(posted(), call)).toEqual(set);
  });
});

describe('the board answers', () => {
  it.each<[string, PostingState, BoardCall, BoardReceipt | null, object, object | undefined]>([
    [
      'a create: posted, with the advert as the board names it',
      state({ status: 'sending', attempts: 1 }),
      'create',
      receipt,
      {
        status: 'posted',
        externalId: 'AD-1',
        externalUrl: receipt.url,
        boardStatus: 'LIVE',
        advertState: 'published',
        postedAt: now,
        lastError: null,
      },
      undefined,
    ],
    [
      'a create while a close was asked: on to closing',
      state({ status: 'sending', attempts: 1, closeAs: 'closed' }),
      'create',
      receipt,
      { status: 'closing', action: 'close', attempts: 0, externalId: 'AD-1' },
      { action: 'close' },
    ],
    [
      'a look-up that finds the advert: posted, nothing sent again',
      state({ status: 'retrying', attempts: 2, postedAt: null }),
      'lookup',
      receipt,
      { status: 'posted', externalId: 'AD-1', uncertainReason: null },
      undefined,
    ],
    [
      'a look-up that finds nothing: the run goes on to send',
      state({ attempts: 2 }),
      'lookup',
      null,
      {},
      undefined,
    ],
    [
      'an update: posted with the new fields',
      posted({ status: 'updating', pendingFields: { title: 'Senior nurse' }, etag: 'v1' }),
      'update',
      { ...receipt, etag: 'v2' },
      {
        status: 'posted',
        fields: { title: 'Senior nurse' },
        pendingFields: null,
        etag: 'v2',
        lastError: null,
      },
      undefined,
    ],
    [
      'a close: closed, or expired when the closing date closed it',
      posted({ status: 'closing', action: 'close', closeAs: 'expired' }),
      'close',
      { externalId: 'AD-1' },
      { status: 'expired', closedAt: now, advertState: 'closed', lastError: null },
      undefined,
    ],
    [
      'a state read: the state kept, published seen for the first time',
      posted({ advertState: 'draft', boardStatus: 'DRAFT' }),
      'status',
      receipt,
      { boardStatus: 'LIVE', advertState: 'published', boardCheckedAt: now, publishedOnBoardAt: now },
      undefined,
    ],
  ])('%s', (_name, s, call, answer, set, enqueue) => {
    const t = receiptSeen(s, call, answer, now);
    expect(t.set).toMatchObject(set);
    expect(t.record).toEqual({ outcome: 'succeeded' });
    expect(t.enqueue).toEqual(enqueue);
  });

  it('keeps when the advert was first seen published', () => {
    const s = posted({ advertState: 'published', publishedOnBoardAt: earlier });
    expect(boardStateSeen(s, receipt, now).set).not.toHaveProperty('publishedOnBoardAt');
  });

  it('keeps the last known state when the board says none', () => {
    const s = posted({ advertState: 'draft', boardStatus: 'DRAFT' });
    expect(boardStateSeen(s, { externalId: 'AD-1' }, now).set).toMatchObject({
      advertState: 'draft',
      boardStatus: 'DRAFT',
    });
  });
});

describe('a board that answers later (a delivered file, then its report)', () => {
  const delivered: BoardReceipt = { externalId: 'REF-1', etag: '2026-11-30/f.xml', delivered: true };
  const sent = (values: Partial<PostingState> = {}) => posted({ status: 'sent', ...values });
  it.each<[string, PostingState, BoardCall, BoardReceipt, object]>([
    [
      'a create delivered: sent, not yet posted',
      state({ status: 'sending', attempts: 1 }),
      'create',
      delivered,
      { status: 'sent', externalId: 'REF-1', postedAt: now },
    ],
    [
      'an update delivered under a new code (a re-post): sent, with the new code',
      sent({ status: 'updating', pendingFields: { version: 1 } }),
      'update',
      { ...delivered, externalId: 'REF-1-1' },
      { status: 'sent', externalId: 'REF-1-1', fields: { version: 1 } },
    ],
    [
      'a report that accepts it: posted',
      sent(),
      'status',
      { ...delivered, state: 'published', status: 'Success' },
      { status: 'posted', advertState: 'published', boardStatus: 'Success', lastError: null },
    ],
    [
      'a report that says the service deleted it: closed',
      sent(),
      'status',
      { ...delivered, state: 'closed' },
      { status: 'closed', closedAt: now },
    ],
    ['no report yet: still sent', sent(), 'status', delivered, { boardCheckedAt: now }],
  ])('%s', (_name, s, call, answer, set) => {
    const t = receiptSeen(s, call, answer, now);
    expect(t.set).toMatchObject(set);
    if (_name.startsWith('no report')) expect(t.set).not.toHaveProperty('status');
    expect(t.record).toEqual({ outcome: 'succeeded' });
  });

  it("a report that refuses it: failed, with the board's words on the field", () => {
    const refusal = failure('invalid', { field: 'closingDate', boardMessage: 'Closing date must be…' });
    const t = boardErrorSeen(sent(), 'status', refusal, ctx);
    expect(t.set).toMatchObject({
      status: 'failed',
      lastError: { reason: 'invalid', field: 'closingDate', boardMessage: 'Closing date must be…' },
    });
    expect(t.enqueue).toBeUndefined();
  });

  it('a refused create left nothing there: a retry sends it again, without a look-up', () => {
    const refusal = failure('invalid', { field: 'postcode' });
    const failed = { ...sent(), ...boardErrorSeen(sent(), 'status', refusal, ctx).set } as PostingState;
    expect(failed).toMatchObject({ externalId: null, attempts: 0 });
    const retried = { ...failed, ...retry(failed, { postcode: 'G2 1DY' }).set } as PostingState;
    expect(startCreate(retried, false, now).call).toBe('create');
  });

  it('a refused update keeps the advert the board has, and its code', () => {
    const refusal = failure('invalid', { field: 'closingDate' });
    const t = boardErrorSeen(sent({ action: 'update' }), 'status', refusal, ctx);
    expect(t.set).toMatchObject({ status: 'failed', lastError: { action: 'update' } });
    expect(t.set).not.toHaveProperty('externalId');
  });

  it('a report that cannot be read yet leaves it sent', () => {
    const t = boardErrorSeen(sent(), 'status', failure('unavailable'), ctx);
    expect(t.set).not.toHaveProperty('status');
  });

  it('is read until its report comes, and may be changed or closed meanwhile', () => {
    expect(readsBoardState(sent())).toBe(true);
    expect(jobIsCurrent(sent(), 'status')).toBe(true);
    expect(jobIsCurrent(sent(), 'create')).toBe(false);
    expect(update(sent(), { title: 'New' }).set).toMatchObject({ status: 'updating' });
    expect(close(sent(), 'closed', now).set).toMatchObject({ status: 'closing', action: 'close' });
  });
});

describe('the board refuses, by reason', () => {
  const sending = state({ status: 'sending', attempts: 1 });
  it.each<[string, PostingState, BoardCall, BoardFailure, object, string, object | undefined]>([
    [
      'rate_limited: retries, and pauses the connection',
      sending,
      'create',
      failure('rate_limited', { retryAfterMs: 5000 }),
      { status: 'retrying', nextAttemptAt: at(5000) },
      'failed',
      { action: 'create', at: at(5000) },
    ],
    [
      'rate_limited past the attempts: still waits as asked, never fails',
      state({ status: 'sending', attempts: 3 }),
      'create',
      failure('rate_limited', { retryAfterMs: 5000 }),
      { status: 'retrying', nextAttemptAt: at(5000) },
      'failed',
      { action: 'create', at: at(5000) },
    ],
    [
      'unavailable: retries with back-off',
      state({ status: 'sending', attempts: 2 }),
      'create',
      failure('unavailable'),
      { status: 'retrying', nextAttemptAt: at(2000) },
      'failed',
      { action: 'create', at: at(2000) },
    ],
    [
      'unknown_outcome: retries (the retry looks first)',
      sending,
      'create',
      failure('unknown_outcome'),
      { status: 'retrying' },
      'unknown',
      { action: 'create', at: at(1000) },
    ],
    [
      'unknown_outcome, out of attempts: uncertain, a person checks',
      state({ status: 'sending', attempts: 3 }),
      'create',
      failure('unknown_outcome'),
      { status: 'uncertain' },
      'unknown',
      undefined,
    ],
    [
      'unavailable, out of attempts: failed, saying so',
      state({ status: 'sending', attempts: 3 }),
      'create',
      failure('unavailable'),
      { status: 'failed', nextAttemptAt: null },
      'failed',
      undefined,
    ],
    [
      'auth: failed, waits for a person',
      sending,
      'create',
      failure('auth'),
      { status: 'failed' },
      'failed',
      undefined,
    ],
    [
      'invalid: failed, with the fields named',
      sending,
      'create',
      failure('invalid', { field: 'title' }),
      { status: 'failed' },
      'failed',
      undefined,
    ],
    [
      'conflict: failed',
      sending,
      'create',
      failure('conflict', { status: 409 }),
      { status: 'failed' },
      'failed',
      undefined,
    ],
    [
      'unexpected: failed',
      sending,
      'create',
      failure('unexpected'),
      { status: 'failed' },
      'failed',
      undefined,
    ],
    [
      'a look-up refused: uncertain',
      state({ attempts: 2 }),
      'lookup',
      failure('auth'),
      { status: 'uncertain' },
      'failed',
      undefined,
    ],
    [
      'a look-up unavailable: retries the create',
      state({ attempts: 2 }),
      'lookup',
      failure('unavailable'),
      { status: 'retrying' },
      'failed',
      { action: 'create', at: at(2000) },
    ],
    [
      'an update refused: stays posted, as it was',
      posted({ status: 'updating' }),
      'update',
      failure('invalid'),
      { status: 'posted', action: 'update', nextAttemptAt: null },
      'failed',
      undefined,
    ],
    [
      'an update refused as published: shown published at once',
      posted({ status: 'updating', advertState: 'draft' }),
      'update',
      failure('conflict', { advertStatus: 'PUBLISHED', advertState: 'published' }),
      {
        status: 'posted',
        boardStatus: 'PUBLISHED',
        advertState: 'published',
        publishedOnBoardAt: now,
        boardCheckedAt: now,
      },
      'failed',
      undefined,
    ],
    [
      "an update of an advert the board no longer has: closed, with the board's words",
      posted({ status: 'updating' }),
      'update',
      failure('conflict', { status: 404, advertState: 'closed' }),
      { status: 'closed', advertState: 'closed', closedAt: now, nextAttemptAt: null },
      'failed',
      undefined,
    ],
    [
      'a close of an advert the board no longer has: closed',
      posted({ status: 'closing', action: 'close' }),
      'close',
      failure('conflict', { status: 404 }),
      { status: 'closed', closedAt: now, lastError: null },
      'failed',
      undefined,
    ],
    [
      'a close refused: failed',
      posted({ status: 'closing', action: 'close' }),
      'close',
      failure('conflict', { status: 409 }),
      { status: 'failed' },
      'failed',
      undefined,
    ],
    [
      'a close unavailable: retries the close',
      posted({ status: 'closing', action: 'close', attempts: 1 }),
      'close',
      failure('unavailable'),
      { status: 'retrying' },
      'failed',
      { action: 'close', at: at(1000) },
    ],
    [
      'a state read failed: only the time of the check changes',
      posted(),
      'status',
      failure('unavailable'),
      { boardCheckedAt: now },
      'failed',
      undefined,
    ],
  ])('%s', (_name, s, call, error, set, outcome, enqueue) => {
    const t = boardErrorSeen(s, call, error, ctx);
    expect(t.set).toMatchObject(set);
    expect(t.record?.outcome).toBe(outcome);
    expect(t.record?.error?.reason).toBe(error.reason);
    expect(t.enqueue).toEqual(enqueue);
    if (t.set.status === 'failed' || t.set.status === 'retrying')
      expect(t.set.lastError?.reason).toBe(error.reason);
  });

  it('pauses the connection on a rate limit only', () => {
    const sending = state({ status: 'sending', attempts: 1 });
    expect(
      boardErrorSeen(sending, 'create', failure('rate_limited', { retryAfterMs: 5000 }), ctx)
        .pauseConnectionUntil,
    ).toEqual(at(5000));
    expect(
      boardErrorSeen(sending, 'create', failure('unavailable'), ctx).pauseConnectionUntil,
    ).toBeUndefined();
  });

  it('says how many attempts it gave up after', () => {
    const t = boardErrorSeen(
      state({ status: 'sending', attempts: 3 }),
      'create',
      failure('unavailable'),
      ctx,
    );
    expect(t.set.lastError?.message).toBe('unavailable happened (gave up after 3 attempts)');
  });

  it('tells a person what to look for when the outcome stays unknown', () => {
    const t = boardErrorSeen(
      state({ status: 'sending', attempts: 3 }),
      'create',
      failure('unknown_outcome'),
      ctx,
    );
    expect(t.set.uncertainReason).toBe(
      'Postroom could not find out whether Board received the advert (unknown_outcome happened). Look on Board for an advert with the reference REF-1, then resolve this posting: it exists, or it does not.',
    );
  });

  it('keeps the issues the board named, and the action that failed', () => {
    const issues = [{ field: 'title', message: 'Too long', severity: 'error' as const }];
    const t = boardErrorSeen(
      state({ status: 'sending', attempts: 1 }),
      'create',
      failure('invalid', { issues }),
      ctx,
    );
    expect(t.record?.error).toMatchObject({
      action: 'create',
      issues: [{ field: 'title', message: 'Too long' }],
    });
  });
});

describe('a person updates', () => {
  it.each([
    [
      'a posted advert: an update job',
      posted(),
      { status: 'updating', action: 'update', pendingFields: { title: 'X' }, attempts: 0, lastError: null },
      { action: 'update' },
    ],
    [
      'a posting not sent yet: just the new fields',
      state({ status: 'scheduled' }),
      { fields: { title: 'X' } },
      undefined,
    ],
  ])('%s', (_name, s, set, enqueue) => {
    const t = update(s, { title: 'X' });
    expect(t.set).toEqual(set);
    expect(t.enqueue).toEqual(enqueue);
  });

  it.each(['failed', 'uncertain', 'sending', 'updating', 'closing', 'closed'] as const)(
    'refuses a %s posting',
    (status) => {
      expect(() => update(state({ status }), {})).toThrow(RefusedRequest);
    },
  );
});

describe('a person closes, or the closing date expires it', () => {
  it.each([
    [
      'never sent: closed at once',
      state(),
      'closed',
      { status: 'closed', closeAs: 'closed', closedAt: now },
      undefined,
    ],
    [
      'on the board: a close job',
      posted(),
      'expired',
      { status: 'closing', action: 'close', closeAs: 'expired', attempts: 0 },
      { action: 'close' },
    ],
    [
      'perhaps on the board: the create job looks first',
      state({ status: 'retrying', attempts: 1 }),
      'closed',
      { status: 'retrying', action: 'create', closeAs: 'closed', nextAttemptAt: now },
      { action: 'create' },
    ],
    [
      'being sent: the running create sees it, no second job',
      state({ status: 'sending', attempts: 1 }),
      'closed',
      { status: 'sending', closeAs: 'closed' },
      undefined,
    ],
    ['already closed: nothing changes', state({ status: 'closed' }), 'expired', {}, undefined],
  ] as const)('%s', (_name, s, closeAs, set, enqueue) => {
    const t = close(s, closeAs, now);
    expect(t.set).toMatchObject(set);
    expect(t.enqueue).toEqual(enqueue);
  });

  it('a board without a close call: closed in Postroom, with what to do on the board', () => {
    const t = closedWithoutBoard(posted({ status: 'closing', closeAs: 'expired' }), ctx);
    expect(t.set).toMatchObject({ status: 'expired', closedAt: now, lastError: { reason: 'manual' } });
    expect(t.set.lastError?.message).toBe(
      'Board cannot be closed from Postroom: close the advert in Board too.',
    );
  });
});

describe('a person moves a scheduled posting to another time', () => {
  it('a create job for the new time', () => {
    const s = state({ status: 'scheduled' });
    const t = reschedule(s, at(120_000));
    expect(t.set).toEqual({ scheduledAt: at(120_000), nextAttemptAt: at(120_000) });
    expect(t.enqueue).toEqual({ action: 'create', at: at(120_000) });
  });

  it.each(['queued', 'sending', 'posted', 'closed'] as const)('%s: refused, saying why', (status) => {
    expect(() => reschedule(state({ status }), at(60_000))).toThrow(
      new RefusedRequest(`Only a scheduled posting can be given a new time; this one is ${status}.`),
    );
  });
});

describe('a person retries a failed posting', () => {
  it.each([
    [
      'a create never accepted: sent afresh',
      state({ status: 'failed', attempts: 0 }),
      { status: 'queued', attempts: 0, fields: { title: 'X' } },
      'create',
    ],
    [
      'a create tried before: still looks first',
      state({ status: 'failed', attempts: 3 }),
      { status: 'queued', attempts: 1 },
      'create',
    ],
    [
      'an update',
      posted({ status: 'failed', action: 'update' }),
      { status: 'updating', attempts: 0, pendingFields: { title: 'X' } },
      'update',
    ],
    ['a close', posted({ status: 'failed', action: 'close' }), { status: 'closing', attempts: 0 }, 'close'],
  ] as const)('%s', (_name, s, set, action) => {
    const t = retry(s, { title: 'X' });
    expect(t.set).toMatchObject({ ...set, lastError: null, nextAttemptAt: null });
    expect(t.enqueue).toEqual({ action });
  });

  it('refuses a posting that did not fail', () => {
    expect(() => retry(posted(), {})).toThrow('Only a failed posting can be retried; this one is posted.');
  });
});

describe('a person resolves an uncertain posting', () => {
  const uncertain = state({ status: 'uncertain', attempts: 3 });
  it('it is on the board: posted, with the id they give', () => {
    const t = resolve(uncertain, { exists: true, externalId: 'AD-9' }, now);
    expect(t.set).toMatchObject({
      status: 'posted',
      externalId: 'AD-9',
      postedAt: now,
      uncertainReason: null,
    });
    expect(t.enqueue).toBeUndefined();
  });

  it('it is not there: sent now, without a look-up', () => {
    const t = resolve(uncertain, { exists: false }, now);
    expect(t.set).toMatchObject({ status: 'queued', action: 'create', attempts: 0 });
    expect(t.enqueue).toEqual({ action: 'create' });
  });

  it('refuses a posting that is not uncertain', () => {
    expect(() => resolve(posted(), { exists: false }, now)).toThrow(RefusedRequest);
  });
});

describe('which jobs are still wanted', () => {
  it.each([
    [state({ status: 'queued' }), 'create', true],
    [state({ status: 'posted' }), 'create', false],
    [posted({ status: 'closing', action: 'close' }), 'close', true],
    [posted({ status: 'closing', action: 'close' }), 'update', false],
    [posted(), 'status', true],
    [state({ status: 'posted', externalId: null }), 'status', false],
    [posted({ status: 'closed', advertState: 'published' }), 'status', true],
    [posted({ status: 'closed', advertState: 'closed' }), 'status', false],
  ] as const)('%o, a %s job: %s', (s, job, wanted) => {
    expect(jobIsCurrent(s, job)).toBe(wanted);
    if (job === 'status') expect(readsBoardState(s)).toBe(wanted);
  });

  const scheduled = { ...state({ status: 'scheduled' }), scheduledAt: at(120_000) };
  it.each([
    ['queued for its time', scheduled, at(120_000).toISOString(), true],
    ['queued for a time it was moved from', scheduled, at(60_000).toISOString(), false],
    ['queued before jobs carried their time', scheduled, undefined, true],
    [
      'for a posting that went out at its earlier time',
      state({ status: 'posted' }),
      at(60_000).toISOString(),
      false,
    ],
    ['after the schedule was cancelled', state({ status: 'closed' }), at(120_000).toISOString(), false],
  ] as const)('a scheduled create job %s: %s', (_name, s, scheduledFor, wanted) => {
    expect(jobIsCurrent(s, 'create', scheduledFor)).toBe(wanted);
  });
});

it('a removed connection fails the posting with a reason', () => {
  expect(connectionRemoved().set).toMatchObject({ status: 'failed', lastError: { reason: 'auth' } });
});
