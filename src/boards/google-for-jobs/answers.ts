// Google's answers that are not a success, mapped to the one BoardError (docs/boards/google-for-jobs.md,
// "Responses and errors").
import { BoardError } from '../board.js';
import { type BoardResponse, htmlTitle, parseJson, retryAfterMs } from '../http.js';
import { nextPacificMidnight } from './quota.js';

const LABEL = 'Google';

/** Google's error envelope `{"error":{"code","message","errors"?,"status"}}`, or OAuth's `{"error","error_description"}`. */
export function googleMessage(text: string): { message: string; status?: string; oauthError?: string } {
  const body = parseJson(text) as { error?: unknown; error_description?: unknown } | null;
  if (body && typeof body.error === 'object' && body.error !== null) {
    const e = body.error as { message?: unknown; status?: unknown };
    return {
      message: typeof e.message === 'string' ? e.message : text.slice(0, 200),
      ...(typeof e.status === 'string' ? { status: e.status } : {}),
    };
  }
  if (body && typeof body.error === 'string') {
    const description = typeof body.error_description === 'string' ? body.error_description : body.error;
    return { message: description, oauthError: body.error };
  }
  return { message: htmlTitle(text) ?? text.slice(0, 200) };
}

/** How long to wait after a 429: the next quota day for a daily limit, else Retry-After, else 60 s and a little. */
export function rateLimitWait(response: Pick<BoardResponse, 'headers'>, message: string, now: Date): number {
  if (/per day/i.test(message)) return nextPacificMidnight(now).getTime() - now.getTime();
  return retryAfterMs(response.headers, now) ?? 60_000 + Math.floor(Math.random() * 10_000);
}

export interface AnswerContext {
  clientEmail: string;
  siteUrl: string;
  now: Date;
}

/** A refused publish or metadata call. */
export function errorFor(response: Pick<BoardResponse, 'status' | 'text' | 'headers'>, ctx: AnswerContext) {
  const { status } = response;
  const { message } = googleMessage(response.text);
  const base = { status, boardMessage: message };
  if (status === 403 && /ownership/i.test(message)) {
    return new BoardError(
      'auth',
      `Google refused: the service account does not own the advert's site. Add ${ctx.clientEmail} as an Owner of ${ctx.siteUrl} in Search Console (Full permission is not enough), and check the advert URL starts with it`,
      { ...base, field: 'url' },
    );
  }
  const project = /project (\d+)/.exec(message)?.[1];
  if (status === 403 && /has not been used|disabled/i.test(message)) {
    return new BoardError(
      'auth',
      `Google refused: enable the Indexing API in Cloud project ${project ?? 'of the service account'}, then try again`,
      base,
    );
  }
  if (status === 401 || status === 403)
    return new BoardError('auth', `Google refused the connection: ${message}`, base);
  if (status === 400) {
    return new BoardError('invalid', `Google refused the notification: ${message}`, {
      ...base,
      field: 'url',
      issues: [{ field: 'url', message: `Google refused this: ${message}`, severity: 'error' }],
    });
  }
  if (status === 429) {
    const wait = rateLimitWait(response, message, ctx.now);
    return new BoardError('rate_limited', `${LABEL} asked Postroom to slow down: ${message}`, {
      ...base,
      retryAfterMs: wait,
    });
  }
  if (status >= 500)
    return new BoardError(
      'unavailable',
      `${LABEL} is not available (${status}); Postroom will try again`,
      base,
    );
  return new BoardError('unexpected', `${LABEL} answered ${status}: ${message}`, base);
}

/** A refused token request: a wrong key is never retried. */
export function tokenErrorFor(response: Pick<BoardResponse, 'status' | 'text' | 'headers'>, now: Date) {
  const { status } = response;
  const { message } = googleMessage(response.text);
  const base = { status, boardMessage: message };
  if (/Invalid JWT Signature/i.test(message)) {
    return new BoardError(
      'auth',
      'Google rejected the service account key (wrong, rotated or deleted): paste the private key of a current key',
      { ...base, field: 'privateKey' },
    );
  }
  if (status === 429)
    return new BoardError('rate_limited', `${LABEL} asked Postroom to slow down`, {
      ...base,
      retryAfterMs: rateLimitWait(response, message, now),
    });
  if (status >= 500)
    return new BoardError(
      'unavailable',
      `${LABEL}'s token service is not available (${status}); Postroom will try again`,
      base,
    );
  if (status === 400 || status === 401 || status === 403) {
    return new BoardError('auth', `Google refused the service account: ${message}`, {
      ...base,
      field: 'clientEmail',
    });
  }
  return new BoardError('unexpected', `${LABEL}'s token service answered ${status}: ${message}`, base);
}

/** "Invalid JWT: Token must be a short-lived token …": the clock or `exp`; one retry with a fresh `iat`. */
export const isShortLivedRefusal = (text: string) => /short-lived token/i.test(googleMessage(text).message);
