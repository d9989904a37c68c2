import { BoardError, type BoardExchange, type ClientDeps, REDACTED, type WireRequest } from './board.js';
import { ADDRESS_REFUSED } from './guarded-fetch.js';

export interface BoardResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** Error codes that mean the request never reached the board, so sending again is safe. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  ADDRESS_REFUSED,
]);

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let i = 0; current && i < 4; i++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The headers of a JSON request; the request builders add them, so previews show them too. */
export const JSON_HEADERS = { accept: 'application/json', 'content-type': 'application/json' } as const;

// Headers that carry credentials by their nature: redacted in the proof even if an adapter forgot.
const SECRET_HEADER = /authorization|cookie|api-?key|token|secret|password/i;

/** The request headers as kept in the proof: the redacted copy's, with credential headers masked. */
function proofHeaders(headers: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      SECRET_HEADER.test(name) && !value.includes(REDACTED) ? REDACTED : value,
    ]),
  );
}

/** Seconds or an HTTP date in Retry-After, as milliseconds. */
export function retryAfterMs(headers: Headers, now: Date): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/**
 * One HTTP call to a board, with a time limit, recorded as proof (with `redacted` standing in for
 * anything secret). Network failures become BoardErrors: `unavailable` when the request surely
 * never arrived, `unknown_outcome` when it may have.
 */
export async function callBoard(
  deps: ClientDeps,
  boardLabel: string,
  request: WireRequest,
  redacted: WireRequest,
): Promise<BoardResponse> {
  const started = deps.now();
  const t0 = performance.now();
  const record = (partial: Pick<BoardExchange, 'status' | 'responseBody'> & { error?: string }) => {
    deps.onExchange?.({
      method: request.method,
      url: redacted.url,
      requestHeaders: proofHeaders(redacted.headers),
      requestBody: redacted.body ?? null,
      durationMs: Math.round(performance.now() - t0),
      at: started,
      ...partial,
    });
  };
  let response: Response;
  let text: string;
  try {
    response = await deps.fetch(request.url, {
      method: request.method,
      headers: request.headers ?? {},
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      signal: AbortSignal.timeout(deps.timeoutMs ?? 30_000),
    });
    text = await response.text();
  } catch (error) {
    const code = causeCode(error);
    const name = (error as { name?: string }).name;
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    const message = timedOut
      ? `no answer within ${deps.timeoutMs ?? 30_000} ms`
      : (code ?? (error as Error).message);
    record({ status: null, responseBody: null, error: message });
    if (!timedOut && code && NOT_SENT.has(code)) {
      throw new BoardError(
        'unavailable',
        `${boardLabel} could not be reached (${code}); Postroom will try again.`,
        { cause: error },
      );
    }
    throw new BoardError(
      'unknown_outcome',
      `${boardLabel} did not answer (${message}); the request may or may not have arrived.`,
      { cause: error },
    );
  }
  record({ status: response.status, responseBody: text });
  return { status: response.status, headers: response.headers, text };
}

/** Parses JSON, or returns null for an HTML or empty body (boards answer some errors with HTML pages). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The title of an HTML error page, for messages. */
export function htmlTitle(text: string): string | undefined {
  return /<title>([^<]{1,200})<\/title>/i.exec(text)?.[1]?.trim();
}
