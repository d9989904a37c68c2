// HTTP calls to s1jobs / x1jobs and the mapping of its answers to BoardError
// (docs/boards/s1jobs.md; the wire keys, paths and headers are in map.ts).
import { z } from 'zod';
import {
  type BoardClient,
  BoardError,
  type BoardReceipt,
  type ClientDeps,
  type FieldIssue,
  type PostingFields,
  REDACTED,
  type WireRequest,
} from '../board.js';
import { type BoardResponse, callBoard, htmlTitle, JSON_HEADERS, parseJson, retryAfterMs } from '../http.js';
import {
  CLOSE_BODY,
  CREDENTIAL_KEYS,
  changedBody,
  fieldOfWireKey,
  IF_MATCH_HEADER,
  JOBS_PATH,
  jobPath,
  mapS1jobs,
  WHERE_PARAM,
  WIRE_KEYS,
} from './map.js';

export interface S1jobsSettings extends Record<string, unknown> {
  username: string;
  password: string;
  site: 's1jobs' | 'x1jobs';
  baseUrl?: string | undefined;
}

export const DEFAULT_BASE_URL = 'https://recruiter.x1jobs.com';
const LABEL = 's1jobs';

// Eve-style envelopes: https://docs.python-eve.org/en/stable/features.html
const okSchema = z
  .object({ _status: z.literal('OK'), _id: z.string().min(1), _etag: z.string().min(1) })
  .loose();
const itemSchema = z.object({ _id: z.string().min(1), _etag: z.string().min(1) }).loose();
const listSchema = z.object({ _items: z.array(itemSchema) }).loose();
const errorSchema = z
  .object({
    _status: z.literal('ERR'),
    _error: z.object({ message: z.string(), code: z.number().optional() }).loose(),
    _issues: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();

const CREDENTIALS_TEXT = 'username and/or password incorrect or not provided';
const COMPANY_TEXT = 'User is not allowed to post this job for this company';

/** Maps an s1jobs answer that is not a success to the one BoardError. */
export function errorFor(
  response: Pick<BoardResponse, 'status' | 'text' | 'headers'>,
  now: Date,
): BoardError {
  const parsed = errorSchema.safeParse(parseJson(response.text));
  const boardMessage = parsed.success
    ? parsed.data._error.message
    : (htmlTitle(response.text) ?? response.text.slice(0, 200));
  const status = response.status;
  const base = { status, boardMessage };
  if (status === 403 && boardMessage.startsWith(CREDENTIALS_TEXT)) {
    return new BoardError('auth', "s1jobs rejected the connection's username or password", {
      ...base,
      field: 'username',
    });
  }
  if (status === 403 && boardMessage.startsWith(COMPANY_TEXT)) {
    return new BoardError('auth', 'This s1jobs user may not edit jobs of that company', base);
  }
  if (status === 401 || status === 403) {
    return new BoardError('auth', `s1jobs refused the connection: ${boardMessage}`, base);
  }
  if (status === 422) {
    const issues: FieldIssue[] = Object.entries(parsed.success ? (parsed.data._issues ?? {}) : {}).map(
      ([key, message]) => ({
        field: fieldOfWireKey(key) ?? key,
        message: `s1jobs rejected this: ${typeof message === 'string' ? message : JSON.stringify(message)}`,
        severity: 'error',
      }),
    );
    return new BoardError('invalid', `s1jobs rejected the advert: ${boardMessage}`, {
      ...base,
      issues,
      ...(issues[0] ? { field: issues[0].field } : {}),
    });
  }
  if (status === 428 || status === 412) {
    return new BoardError(
      'conflict',
      'The advert changed on s1jobs since Postroom last saw it (the ETags do not match)',
      base,
    );
  }
  if (status === 404) return new BoardError('conflict', 's1jobs no longer has this advert', base);
  if (status === 429) {
    const wait = retryAfterMs(response.headers, now);
    return new BoardError('rate_limited', 's1jobs asked Postroom to slow down', {
      ...base,
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    });
  }
  if (status >= 500)
    return new BoardError(
      'unavailable',
      `s1jobs is not available (${status}); Postroom will try again`,
      base,
    );
  return new BoardError('unexpected', `s1jobs answered ${status}: ${boardMessage}`, base);
}

const receiptOf = (data: { _id: string; _etag: string }): BoardReceipt => ({
  externalId: data._id,
  etag: data._etag,
});

const baseOf = (settings: S1jobsSettings) => (settings.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');

/** A write to s1jobs: credentials travel in the JSON body. Returns the request and its redacted copy. */
function writeRequest(
  settings: S1jobsSettings,
  method: 'POST' | 'PATCH',
  path: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): { request: WireRequest; redacted: WireRequest } {
  const url = `${baseOf(settings)}${path}`;
  const withCredentials = (password: string) => ({
    [CREDENTIAL_KEYS.username]: settings.username,
    [CREDENTIAL_KEYS.password]: password,
    ...body,
  });
  const allHeaders = { ...JSON_HEADERS, ...headers };
  return {
    request: { method, url, headers: allHeaders, body: withCredentials(settings.password) },
    redacted: { method, url, headers: allHeaders, body: withCredentials(REDACTED) },
  };
}

/** The create request for these fields, credentials redacted: what the preview shows. */
export const previewS1jobsRequest = (fields: PostingFields, settings: S1jobsSettings): WireRequest =>
  writeRequest(settings, 'POST', JOBS_PATH, mapS1jobs(fields)).redacted;

/** The s1jobs API for one connection. */
export function s1jobsClient(settings: S1jobsSettings, deps: ClientDeps): BoardClient {
  const base = baseOf(settings);

  const write = async (
    method: 'POST' | 'PATCH',
    path: string,
    body: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) => {
    const { request, redacted } = writeRequest(settings, method, path, body, headers);
    return callBoard(deps, LABEL, request, redacted);
  };

  /** A read: credentials as query parameters. */
  const read = async (path: string, query: Record<string, string> = {}) => {
    const params = (password: string) =>
      new URLSearchParams({
        ...query,
        [CREDENTIAL_KEYS.username]: settings.username,
        [CREDENTIAL_KEYS.password]: password,
      }).toString();
    return callBoard(
      deps,
      LABEL,
      {
        method: 'GET',
        url: `${base}${path}?${params(settings.password)}`,
        headers: { accept: JSON_HEADERS.accept },
      },
      { method: 'GET', url: `${base}${path}?${params(REDACTED)}`, headers: { accept: JSON_HEADERS.accept } },
    );
  };
  const expectOk = (response: BoardResponse): BoardReceipt => {
    if (response.status < 200 || response.status >= 300) throw errorFor(response, deps.now());
    const parsed = okSchema.safeParse(parseJson(response.text));
    if (!parsed.success) {
      throw new BoardError('unexpected', 's1jobs answered success without the job id and ETag', {
        status: response.status,
        boardMessage: response.text.slice(0, 200),
      });
    }
    return receiptOf(parsed.data);
  };

  const currentEtag = async (externalId: string): Promise<string> => {
    const response = await read(jobPath(externalId));
    if (response.status !== 200) throw errorFor(response, deps.now());
    const parsed = itemSchema.safeParse(parseJson(response.text));
    if (!parsed.success)
      throw new BoardError('unexpected', 's1jobs answered without the ETag of the job', {
        status: response.status,
      });
    return parsed.data._etag;
  };

  /**
   * An edit with If-Match. A stale ETag (the board answers 428, or 412 for a wrong If-Match) means
   * the advert was edited on the board: the ETag is re-read once and the same edit sent again. The
   * edit carries only what Postroom changed, so that second send keeps the board's edits to others.
   */
  const patch = async (receipt: BoardReceipt, body: Record<string, unknown>): Promise<BoardReceipt> => {
    const path = jobPath(receipt.externalId);
    const attempt = (etag: string | undefined) =>
      write('PATCH', path, body, etag ? { [IF_MATCH_HEADER]: etag } : {});
    let response = await attempt(receipt.etag);
    if (response.status === 428 || response.status === 412) {
      response = await attempt(await currentEtag(receipt.externalId));
    }
    return { ...receipt, ...expectOk(response) };
  };

  return {
    async create(fields: PostingFields) {
      return expectOk(await write('POST', JOBS_PATH, mapS1jobs(fields)));
    },
    async update(receipt, fields, previous) {
      const body = mapS1jobs(fields);
      return patch(receipt, previous ? changedBody(body, mapS1jobs(previous)) : body);
    },
    async close(receipt) {
      return patch(receipt, { ...CLOSE_BODY });
    },
    async lookup(reference, exclude = []) {
      const response = await read(JOBS_PATH, {
        [WHERE_PARAM]: JSON.stringify({ [WIRE_KEYS.reference]: reference }),
      });
      if (response.status !== 200) throw errorFor(response, deps.now());
      const parsed = listSchema.safeParse(parseJson(response.text));
      if (!parsed.success)
        throw new BoardError('unexpected', 's1jobs answered the look-up without a list of jobs', {
          status: response.status,
        });
      const found = parsed.data._items.map(receiptOf).find((r) => !exclude.includes(r.externalId));
      return found ?? null;
    },
  };
}
