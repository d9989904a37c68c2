import { describe, expect, it } from 'vitest';
import { RefusedRequest, renew, renewRefusal } from './posting-requests.js';
import { queuedPosting } from './posting-state.fixtures.js';
import { autoRenewDue, renewalNeedless, renewalWarning } from './renewal.js';

const now = new Date('2026-11-30T10:00:00Z');
const posted = queuedPosting({
  status: 'posted',
  externalId: 'job-1',
  postedAt: new Date('2026-11-05T10:00:00Z'),
});

describe('a person renews a posting', () => {
  it('closes the posted advert on the board and queues a new posting for its create', () => {
    const { old, renewal } = renew(posted, now);
    expect(old).toEqual({
      set: {
        status: 'closing',
        action: 'close',
        closeAs: 'closed',
        attempts: 0,
        nextAttemptAt: null,
        lastError: null,
      },
      enqueue: { action: 'close' },
    });
    expect(renewal).toEqual({
      set: { status: 'queued', action: 'create', attempts: 0, scheduledAt: null, nextAttemptAt: null },
      enqueue: { action: 'create' },
    });
  });

  it.each([
    ['queued', null, 'Only a posted advert can be renewed; this posting is queued.'],
    ['updating', null, 'Changes are on their way to the board; renew once the posting is posted again.'],
    ['closing', 'closed', 'Only a posted advert can be renewed; this posting is closing.'],
    ['closed', 'closed', 'Only a posted advert can be renewed; this posting is closed.'],
    ['failed', null, 'Only a posted advert can be renewed; this posting is failed.'],
    ['uncertain', null, 'Only a posted advert can be renewed; this posting is uncertain.'],
  ] as const)('is refused while %s', (status, closeAs, message) => {
    const state = { ...posted, status, closeAs };
    expect(renewRefusal(state)).toBe(message);
    expect(() => renew(state, now)).toThrow(new RefusedRequest(message));
  });
});

describe('when an advert is due for renewal', () => {
  const life = (endsOn: string | null, closingDate: string, vacancyOpen = true) => ({
    endsOn,
    closingDate,
    vacancyOpen,
    today: '2026-11-30',
  });
  it.each([
    // endsOn, closingDate, open, warning, auto-renewed
    [
      '2026-12-03',
      '2026-12-20',
      true,
      'The s1jobs advert ends on 3 Dec; the vacancy closes on 20 Dec',
      false,
    ],
    [
      '2026-12-07',
      '2026-12-20',
      true,
      'The s1jobs advert ends on 7 Dec; the vacancy closes on 20 Dec',
      false,
    ],
    ['2026-12-08', '2026-12-20', true, null, false],
    ['2026-12-01', '2026-12-20', true, 'The s1jobs advert ends on 1 Dec; the vacancy closes on 20 Dec', true],
    [
      '2026-11-30',
      '2026-12-20',
      true,
      'The s1jobs advert ends on 30 Nov; the vacancy closes on 20 Dec',
      true,
    ],
    // The advert outlives the vacancy: nothing to renew.
    ['2026-12-03', '2026-12-03', true, null, false],
    ['2026-12-01', '2026-11-30', true, null, false],
    // The vacancy is closed, or the advert stays until closed on the board.
    ['2026-12-01', '2026-12-20', false, null, false],
    [null, '2026-12-20', true, null, false],
  ] as const)('ends %s, vacancy closes %s (open: %s)', (endsOn, closingDate, open, warning, due) => {
    const l = life(endsOn, closingDate, open);
    expect(renewalWarning('s1jobs', l)).toBe(warning);
    expect(autoRenewDue(l)).toBe(due);
  });
});

describe('whether renewing makes sense', () => {
  const today = '2026-11-30';
  const lasts = 'The advert already stays on the board until the vacancy closes: there is nothing to renew.';
  const shut = 'The vacancy is not open, so its advert is not renewed.';
  it.each([
    ['2026-12-27', '2027-01-20', true, null],
    ['2026-12-21', '2026-12-20', true, lasts],
    ['2026-12-20', '2026-12-20', true, lasts],
    [null, '2026-12-20', true, lasts],
    ['2026-12-27', '2027-01-20', false, shut],
    ['2026-11-29', '2026-11-29', true, shut],
  ] as const)('advert ends %s, vacancy closes %s (open: %s)', (endsOn, closingDate, vacancyOpen, why) => {
    expect(renewalNeedless({ endsOn, closingDate, vacancyOpen, today })).toBe(why);
  });
});
