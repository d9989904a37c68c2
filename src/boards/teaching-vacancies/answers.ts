// Teaching Vacancies' answers as BoardErrors (docs/boards/teaching-vacancies.md, "Responses"
// and "Errors → what Postroom does").
import { z } from 'zod';
import { BoardError, type FieldIssue } from '../board.js';
import { type BoardResponse, parseJson, retryAfterMs } from '../http.js';
import { ANSWER, fieldOfMessage } from './map.js';

export const LABEL = 'Teaching Vacancies';
/** The rate limit's fixed window: 600 requests per key per 60 seconds of the epoch clock. */
const WINDOW_MS = 60_000;
/** Past the window's end, so the first request of the next window is surely in it. */
const WINDOW_MARGIN_MS = 1_000;

const errorsSchema = z
  .object({
    [ANSWER.errors]: z.array(z.string()),
    [ANSWER.meta]: z
      .object({ [ANSWER.link]: z.string() })
      .loose()
      .optional(),
  })
  .loose();

/** The board's messages, and the 409's link, from an answer (empty when it is not TV's JSON). */
export function messagesOf(text: string): { messages: string[]; link?: string } {
  const parsed = errorsSchema.safeParse(parseJson(text));
  if (!parsed.success) return { messages: [] };
  const link = parsed.data[ANSWER.meta]?.[ANSWER.link];
  return { messages: parsed.data[ANSWER.errors], ...(link ? { link } : {}) };
}

/** Wait until the next fixed window: TV's 429 carries no Retry-After (a sandbox fault may). */
export function rateLimitWaitMs(headers: Headers, now: Date): number {
  return retryAfterMs(headers, now) ?? WINDOW_MS - (now.getTime() % WINDOW_MS) + WINDOW_MARGIN_MS;
}

function issuesOf(messages: string[]): FieldIssue[] {
  return messages.map((message) => ({
    field: fieldOfMessage(message) ?? 'advert',
    message: `Teaching Vacancies refused this: ${message}`,
    severity: 'error' as const,
  }));
}

export type TvCall = 'create' | 'read' | 'update' | 'close';

/** Maps an answer that is not a success to the one BoardError (409 on create is reconciled before). */
export function errorFor(response: BoardResponse, call: TvCall, now: Date): BoardError {
  const { status } = response;
  const { messages } = messagesOf(response.text);
  const boardMessage = messages.join('; ') || response.text.trim().slice(0, 200);
  const base = { status, boardMessage };
  if (status === 400 || status === 422) {
    const issues = issuesOf(messages.length > 0 ? messages : [boardMessage]);
    return new BoardError('invalid', `Teaching Vacancies refused the advert: ${boardMessage}`, {
      ...base,
      issues,
      ...(issues[0] ? { field: issues[0].field } : {}),
    });
  }
  if (status === 401)
    return new BoardError('auth', "Teaching Vacancies rejected this connection's API key", base);
  if (status === 403)
    return new BoardError(
      'unexpected',
      'Teaching Vacancies blocked requests from this server (403): tell the operator',
      base,
    );
  if (status === 404)
    return new BoardError('conflict', 'The advert is no longer on Teaching Vacancies (deleted there)', {
      ...base,
      advertState: 'closed',
    });
  if (status === 409)
    return new BoardError('conflict', `Teaching Vacancies refused this: ${boardMessage}`, base);
  if (status === 429)
    return new BoardError(
      'rate_limited',
      'Teaching Vacancies asked Postroom to slow down (600 requests a minute)',
      {
        ...base,
        retryAfterMs: rateLimitWaitMs(response.headers, now),
      },
    );
  // A create that failed with 500 (or a gateway's 502/504) may have been stored: settle it first.
  if (call === 'create' && status >= 500 && status !== 503)
    return new BoardError(
      'unknown_outcome',
      `Teaching Vacancies answered ${status}; the advert may or may not have been created`,
      base,
    );
  if (status >= 500)
    return new BoardError(
      'unavailable',
      `Teaching Vacancies is not available (${status}); Postroom will try again`,
      base,
    );
  return new BoardError('unexpected', `Teaching Vacancies answered ${status}: ${boardMessage}`, base);
}
