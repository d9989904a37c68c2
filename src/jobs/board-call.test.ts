import { describe, expect, it } from 'vitest';
import { BoardError } from '../boards/board.js';
import { asBoardError, RESPONSE_KEPT, storedExchanges } from './board-call.js';

describe('asBoardError', () => {
  it('keeps a board error as it is', () => {
    const error = new BoardError('invalid', 'Bad title', { field: 'title' });
    expect(asBoardError(error)).toBe(error);
  });

  it('turns anything else thrown into an unknown outcome, keeping the cause', () => {
    const cause = new TypeError('socket hang up');
    const error = asBoardError(cause);
    expect(error.reason).toBe('unknown_outcome');
    expect(error.message).toBe('Postroom failed while talking to the board: socket hang up');
    expect(error.cause).toBe(cause);
  });
});

describe('storedExchanges', () => {
  const exchange = {
    method: 'POST',
    url: 'https://board.example/adverts',
    requestHeaders: { authorization: '[redacted]' },
    requestBody: { title: 'Nurse' },
    status: 201,
    responseBody: 'x'.repeat(RESPONSE_KEPT + 5),
    durationMs: 12,
    at: new Date('2026-11-30T10:00:00Z'),
  };

  it('keeps the time as ISO text and cuts a long answer', () => {
    const [stored] = storedExchanges([exchange]);
    expect(stored?.at).toBe('2026-11-30T10:00:00.000Z');
    expect(stored?.responseBody).toHaveLength(RESPONSE_KEPT);
    expect(stored?.requestHeaders).toEqual({ authorization: '[redacted]' });
  });

  it('keeps a missing answer as null', () => {
    const [stored] = storedExchanges([{ ...exchange, status: null, responseBody: null, error: 'timeout' }]);
    expect(stored?.responseBody).toBeNull();
    expect(stored?.error).toBe('timeout');
  });
});
