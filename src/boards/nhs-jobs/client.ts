// HTTP calls to the NHS Jobs draft-vacancy API and the mapping of its answers to BoardError
// (docs/boards/nhs-jobs.md, "Wire format" and "Messages a user sees").
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
  ACCOUNT_HEADER,
  ADVERT_STATE_OF,
  ALREADY_PUBLISHED,
  DRAFT_STATUS,
  DUPLICATE_REFERENCE,
  draftsPath,
  fieldOfWireKey,
  mapNhsJobs,
  WIRE_KEYS,
} from './map.js';
import { fieldLabel, MESSAGES } from './rules.js';

export interface NhsJobsSettings extends Record<string, unknown> {
  organisationId: string;
  accountId: string;
  apiKey: string;
  testMode: boolean;
  baseUrl?: string | undefined;
}

// NHSBSA does not publish these addresses; they are placeholders until onboarding gives the real ones.
export const PRODUCTION_BASE_URL = 'https://api.jobs.nhs.uk';
export const TEST_BASE_URL = 'https://api.test.jobs.nhs.uk';
const LABEL = 'NHS Jobs';

export const CONFIGURATION_MESSAGE =
  'NHS Jobs refused the connection: check the Organisation ID / Account ID and API key of this connection';
export const PUBLISHED_MESSAGE =
  'This vacancy is already published in NHS Jobs; edit it there, or copy the vacancy and post the copy';

const draftSchema = z
  .object({
    id: z.string().min(1),
    status: z.string().optional(),
    url: z.string().optional(),
    jobReference: z.string().optional(),
  })
  .loose();
const listSchema = z.object({ items: z.array(draftSchema) }).loose();
const conflictSchema = z.object({ error: z.string(), id: z.string().optional() }).loose();
const validationSchema = z
  .object({ errors: z.array(z.object({ field: z.string(), message: z.string() }).loose()) })
  .loose();

const receiptOf = (draft: z.infer<typeof draftSchema>): BoardReceipt => ({
  externalId: draft.id,
  ...(draft.url ? { url: draft.url } : {}),
  ...(draft.status ? { status: draft.status } : {}),
  ...(draft.status && ADVERT_STATE_OF[draft.status] ? { state: ADVERT_STATE_OF[draft.status] } : {}),
});

/** Maps an NHS Jobs answer that is not a success to the one BoardError. */
export function errorFor(
  response: Pick<BoardResponse, 'status' | 'text' | 'headers'>,
  now: Date,
): BoardError {
  const json = parseJson(response.text);
  const status = response.status;
  const plain = (json as { error?: unknown } | null)?.error;
  const boardMessage =
    typeof plain === 'string' ? plain : (htmlTitle(response.text) ?? response.text.slice(0, 200));
  const base = { status, boardMessage };
  if (status === 401 || status === 403) return new BoardError('auth', CONFIGURATION_MESSAGE, base);
  if (status === 400) {
    const parsed = validationSchema.safeParse(json);
    const issues: FieldIssue[] = (parsed.success ? parsed.data.errors : []).map((e) => {
      const field = fieldOfWireKey(e.field);
      const message =
        e.message === MESSAGES.salary
          ? MESSAGES.salary
          : `NHS Jobs rejected ${fieldLabel(e.field)}: ${e.message}`;
      return { field, message, severity: 'error' };
    });
    return new BoardError(
      'invalid',
      'NHS Jobs rejected the draft; re-enter the fields it names in another format and try again',
      {
        ...base,
        issues,
        ...(issues[0] ? { field: issues[0].field } : {}),
      },
    );
  }
  if (status === 409) {
    const conflict = conflictSchema.safeParse(json);
    if (conflict.success && conflict.data.error === ALREADY_PUBLISHED)
      return new BoardError('conflict', PUBLISHED_MESSAGE, {
        ...base,
        advertStatus: DRAFT_STATUS.published,
        advertState: 'published',
      });
    if (conflict.success && conflict.data.error === DUPLICATE_REFERENCE) {
      return new BoardError('conflict', 'NHS Jobs already has a draft with this job reference', {
        ...base,
        field: 'jobReference',
      });
    }
    return new BoardError('conflict', `NHS Jobs refused the change: ${boardMessage}`, base);
  }
  if (status === 404) return new BoardError('conflict', 'NHS Jobs no longer has this draft', base);
  if (status === 429) {
    const wait = retryAfterMs(response.headers, now);
    return new BoardError('rate_limited', 'NHS Jobs asked Postroom to slow down', {
      ...base,
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    });
  }
  if (status >= 500) {
    const wait = retryAfterMs(response.headers, now);
    return new BoardError('unavailable', `NHS Jobs is not available (${status}); Postroom will try again`, {
      ...base,
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    });
  }
  return new BoardError('unexpected', `NHS Jobs answered ${status}: ${boardMessage}`, base);
}

export const baseUrlOf = (settings: NhsJobsSettings) =>
  (settings.baseUrl ?? (settings.testMode ? TEST_BASE_URL : PRODUCTION_BASE_URL)).replace(/\/+$/, '');

function request(
  settings: NhsJobsSettings,
  method: string,
  path: string,
  body?: unknown,
): { request: WireRequest; redacted: WireRequest } {
  const url = `${baseUrlOf(settings)}${draftsPath(settings.organisationId)}${path}`;
  const headers = (key: string) => ({
    ...(body !== undefined ? JSON_HEADERS : { accept: JSON_HEADERS.accept }),
    authorization: `Bearer ${key}`,
    [ACCOUNT_HEADER]: settings.accountId,
  });
  return {
    request: { method, url, headers: headers(settings.apiKey), ...(body !== undefined ? { body } : {}) },
    redacted: { method, url, headers: headers(REDACTED), ...(body !== undefined ? { body } : {}) },
  };
}

/** The create request for these fields, the API key redacted: what the preview shows. */
export const previewNhsJobsRequest = (fields: PostingFields, settings: NhsJobsSettings): WireRequest =>
  request(settings, 'POST', '', mapNhsJobs(fields)).redacted;

/** The NHS Jobs API for one connection. There is no "close" call: a draft is closed in NHS Jobs. */
export function nhsJobsClient(settings: NhsJobsSettings, deps: ClientDeps): BoardClient {
  const send = async (method: string, path: string, body?: unknown) => {
    const { request: wire, redacted } = request(settings, method, path, body);
    return callBoard(deps, LABEL, wire, redacted);
  };
  const draftOf = (response: BoardResponse): BoardReceipt => {
    const parsed = draftSchema.safeParse(parseJson(response.text));
    if (!parsed.success) {
      throw new BoardError('unexpected', 'NHS Jobs answered success without the draft id', {
        status: response.status,
        boardMessage: response.text.slice(0, 200),
      });
    }
    return receiptOf(parsed.data);
  };
  const read = async (externalId: string): Promise<BoardReceipt> => {
    const response = await send('GET', `/${encodeURIComponent(externalId)}`);
    if (response.status !== 200) throw errorFor(response, deps.now());
    return draftOf(response);
  };

  return {
    async create(fields) {
      const response = await send('POST', '', mapNhsJobs(fields));
      if (response.status === 201 || response.status === 200) return draftOf(response);
      // A create that already happened (a retry after a lost answer) names the existing draft: take it.
      const conflict = conflictSchema.safeParse(parseJson(response.text));
      if (
        response.status === 409 &&
        conflict.success &&
        conflict.data.error === DUPLICATE_REFERENCE &&
        conflict.data.id
      ) {
        return read(conflict.data.id);
      }
      throw errorFor(response, deps.now());
    },
    async update(receipt, fields) {
      const response = await send('PUT', `/${encodeURIComponent(receipt.externalId)}`, mapNhsJobs(fields));
      if (response.status !== 200) throw errorFor(response, deps.now());
      return { ...receipt, ...draftOf(response) };
    },
    async lookup(reference) {
      const response = await send('GET', `?${new URLSearchParams({ [WIRE_KEYS.jobReference]: reference })}`);
      if (response.status !== 200) throw errorFor(response, deps.now());
      const parsed = listSchema.safeParse(parseJson(response.text));
      if (!parsed.success)
        throw new BoardError('unexpected', 'NHS Jobs answered the look-up without a list of drafts', {
          status: response.status,
        });
      const [first] = parsed.data.items;
      return first ? receiptOf(first) : null;
    },
    async status(receipt) {
      return { ...receipt, ...(await read(receipt.externalId)) };
    },
  };
}
