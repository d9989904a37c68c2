// Reed's answers: the job id of a success, and every other answer as the one BoardError
// (docs/boards/reed.md, "Responses" and "Errors → what Postroom does").
import { z } from 'zod';
import { BoardError, type BoardReceipt, type FieldIssue } from '../board.js';
import { type BoardResponse, htmlTitle, parseJson, retryAfterMs } from '../http.js';
import { ANSWER_KEYS, fieldOfWireKey, MODEL_STATE_KEY } from './map.js';

export const LABEL = 'Reed';
/** A 429 without Retry-After waits this long. */
export const DEFAULT_RETRY_MS = 60_000;

/** Reed has answered a JSON string holding the JSON object (client code): decode twice then. */
export function decodeAnswer(text: string): unknown {
  const once = parseJson(text);
  return typeof once === 'string' ? parseJson(once) : once;
}

const successSchema = z
  .object({ [ANSWER_KEYS.jobId]: z.union([z.number().int(), z.string().min(1)]) })
  .loose();
const errorSchema = z
  .object({
    [ANSWER_KEYS.errorMessage]: z.string().optional(),
    [MODEL_STATE_KEY]: z.record(z.string(), z.array(z.unknown())).optional(),
  })
  .loose();

/** The receipt of a success: Reed's JobId (create), or the job the call was about. */
export function answerOf(response: Pick<BoardResponse, 'status' | 'text'>, jobId: string): BoardReceipt {
  const parsed = successSchema.safeParse(decodeAnswer(response.text));
  const id = parsed.success ? String(parsed.data[ANSWER_KEYS.jobId]) : jobId;
  if (id === '')
    // Reed took the advert but Postroom cannot name it: a person looks, never a second create.
    throw new BoardError('unknown_outcome', 'Reed answered success without the JobId of the advert', {
      status: response.status,
      boardMessage: response.text.slice(0, 200),
    });
  return { externalId: id };
}

/** Each `modelState` message on the Postroom field its key names (Reed's own text, never matched on). */
function issuesOf(modelState: Record<string, unknown[]>): FieldIssue[] {
  return Object.entries(modelState).flatMap(([key, messages]) =>
    messages.map((message) => ({
      field: fieldOfWireKey(key) ?? key,
      message: `Reed refused this: ${typeof message === 'string' ? message : JSON.stringify(message)}`,
      severity: 'error' as const,
    })),
  );
}

const AUTH_TEXT = 'Reed refused the connection: check the Client ID, API key, username and posting key';

/** Maps a Reed answer that is not a success to the one BoardError. */
export function errorFor(
  response: Pick<BoardResponse, 'status' | 'text' | 'headers'>,
  now: Date,
): BoardError {
  const parsed = errorSchema.safeParse(decodeAnswer(response.text));
  const boardMessage =
    (parsed.success ? parsed.data[ANSWER_KEYS.errorMessage] : undefined) ??
    htmlTitle(response.text) ??
    response.text.slice(0, 200);
  const { status } = response;
  const base = { status, boardMessage };
  if (status === 400) {
    const issues = issuesOf((parsed.success ? parsed.data[MODEL_STATE_KEY] : undefined) ?? {});
    return new BoardError('invalid', `Reed refused the advert: ${boardMessage}`, {
      ...base,
      issues,
      ...(issues[0] ? { field: issues[0].field } : {}),
    });
  }
  if (status === 401 || status === 403) return new BoardError('auth', `${AUTH_TEXT} (${boardMessage})`, base);
  if (status === 409) return new BoardError('conflict', `Reed refused this now: ${boardMessage}`, base);
  if (status === 429) {
    return new BoardError('rate_limited', 'Reed asked Postroom to slow down', {
      ...base,
      retryAfterMs: retryAfterMs(response.headers, now) ?? DEFAULT_RETRY_MS,
    });
  }
  if (status >= 500)
    return new BoardError('unavailable', `Reed is not available (${status}); Postroom will try again`, base);
  return new BoardError('unexpected', `Reed answered ${status}: ${boardMessage}`, base);
}
