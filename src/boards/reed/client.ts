// HTTP calls to Reed's recruiter API and the mapping of its answers to BoardError
// (docs/boards/reed.md, "Transport", "Responses", "Errors → what Postroom does").
import {
  type BoardClient,
  BoardError,
  type BoardReceipt,
  type ClientDeps,
  type PostingFields,
  REDACTED,
  type WireRequest,
} from '../board.js';
import { callBoard } from '../http.js';
import { answerOf, errorFor, LABEL } from './answers.js';
import {
  API_PATH,
  CREDENTIAL_KEYS,
  changedBody,
  DEMO_KEY,
  DO_NOT_EXTEND_KEY,
  FORM_TYPE,
  formEncode,
  HEADERS,
  mapReed,
  type ReedCall,
  ROUTES,
} from './map.js';
import { reedSignature, reedTimestamp } from './sign.js';

export interface ReedSettings extends Record<string, unknown> {
  clientId: string;
  apiKey: string;
  username: string;
  postingKey?: string | undefined;
  userAgent: string;
  testMode: boolean;
  baseUrl?: string | undefined;
}

export const DEFAULT_BASE_URL = 'https://www.reed.co.uk';

/** The Reed client: the board's calls, plus relist (an expired advert) and extend (a live one). */
export interface ReedClient extends BoardClient {
  close(receipt: BoardReceipt): Promise<BoardReceipt>;
  relist(receipt: BoardReceipt): Promise<BoardReceipt>;
  extend(receipt: BoardReceipt): Promise<BoardReceipt>;
}

type Form = Record<string, string | number | boolean>;

const baseOf = (settings: ReedSettings) => (settings.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');

/**
 * One signed request to Reed: the request as sent (the body a form object, encoded when sent) and
 * its copy for proofs and previews, with the posting key and the signature redacted.
 */
export function signedRequest(
  settings: ReedSettings,
  call: ReedCall,
  jobId: string,
  form: Form,
  now: Date,
): { request: WireRequest; redacted: WireRequest } {
  const { method, path } = ROUTES[call];
  const url = `${baseOf(settings)}${API_PATH}${path(jobId)}`;
  const timestamp = reedTimestamp(now);
  const signature = reedSignature(settings.apiKey, {
    method,
    userAgent: settings.userAgent,
    url,
    host: new URL(url).host,
    timestamp,
  });
  const headers = (sig: string): Record<string, string> => ({
    accept: 'application/json',
    'content-type': FORM_TYPE,
    [HEADERS.userAgent]: settings.userAgent,
    [HEADERS.clientId]: settings.clientId,
    [HEADERS.timestamp]: timestamp,
    [HEADERS.signature]: sig,
    [HEADERS.method]: method,
    [HEADERS.sampleContentType]: FORM_TYPE,
  });
  const body = (postingKey: string | undefined): Form => ({
    [CREDENTIAL_KEYS.username]: settings.username,
    ...(postingKey ? { [CREDENTIAL_KEYS.postingKey]: postingKey } : {}),
    ...form,
  });
  const redactedKey = settings.postingKey ? REDACTED : undefined;
  return {
    request: { method, url, headers: headers(signature), body: body(settings.postingKey) },
    redacted: { method, url, headers: headers(REDACTED), body: body(redactedKey) },
  };
}

/** The create body: the mapped fields, and `isDemo` when the connection is in test mode. */
export const createForm = (fields: PostingFields, settings: ReedSettings): Form => ({
  ...mapReed(fields),
  ...(settings.testMode ? { [DEMO_KEY]: true } : {}),
});

/** The create request for these fields, credentials redacted: what the preview shows. */
export const previewReedRequest = (fields: PostingFields, settings: ReedSettings): WireRequest =>
  signedRequest(settings, 'create', '', createForm(fields, settings), new Date()).redacted;

/** Reed has no read or search route: after a lost create answer nobody can tell, so a person looks. */
export const NO_LOOKUP =
  'Reed may have created it, and Reed has no way to find an advert by its reference: look in your reed.co.uk recruiter account';

/** The Reed API for one connection. */
export function reedClient(settings: ReedSettings, deps: ClientDeps): ReedClient {
  const send = async (call: ReedCall, jobId: string, form: Form): Promise<BoardReceipt> => {
    const { request, redacted } = signedRequest(settings, call, jobId, form, deps.now());
    const encoded = formEncode(request.body as Form);
    // callBoard writes JSON; Reed reads a form, so the body is replaced by its form encoding.
    const formDeps: ClientDeps = {
      ...deps,
      fetch: (url, init) => deps.fetch(url, { ...init, body: encoded }),
    };
    const response = await callBoard(formDeps, LABEL, request, redacted);
    if (response.status < 200 || response.status >= 300) throw errorFor(response, deps.now());
    return answerOf(response, jobId);
  };
  const job = (receipt: BoardReceipt) => receipt.externalId;
  return {
    create: (fields) => send('create', '', createForm(fields, settings)),
    update(receipt, fields, previous) {
      const next = mapReed(fields);
      const changed = previous ? changedBody(next, mapReed(previous)) : next;
      return send('update', job(receipt), { [DO_NOT_EXTEND_KEY]: true, ...changed });
    },
    close: (receipt) => send('end', job(receipt), {}),
    relist: (receipt) => send('relist', job(receipt), {}),
    extend: (receipt) => send('extend', job(receipt), {}),
    async lookup() {
      // Never re-send: the worker makes the posting `uncertain` with this reason and the reference.
      throw new BoardError('unexpected', NO_LOOKUP);
    },
  };
}
