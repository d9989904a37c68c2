// HTTP calls to the Teaching Vacancies ATS API (docs/boards/teaching-vacancies.md,
// "Transport", "Lifecycle"): create, full update, soft-delete close, and look-up by reference.
import {
  type BoardClient,
  BoardError,
  type BoardReceipt,
  type ClientDeps,
  type PostingFields,
  REDACTED,
  type WireRequest,
} from '../board.js';
import { type BoardResponse, callBoard, JSON_HEADERS, parseJson } from '../http.js';
import { errorFor, LABEL, messagesOf, type TvCall } from './answers.js';
import {
  ANSWER,
  BASE_URLS,
  type Environment,
  KEY_HEADER,
  mapVacancy,
  PAGE_PARAM,
  VACANCIES_PATH,
  WIRE_KEYS,
  wrapBody,
} from './map.js';

export interface TvSettings extends Record<string, unknown> {
  apiKey: string;
  environment: Environment;
  baseUrl?: string | undefined;
  schools?: { trustUid?: string | undefined; schoolUrns?: string[] | undefined } | undefined;
  phases?: string[] | undefined;
}

/** Pages read at most when looking an advert up (100 adverts a page). */
const MAX_PAGES = 200;

export const baseOf = (settings: TvSettings) =>
  (settings.baseUrl ?? BASE_URLS[settings.environment]).replace(/\/+$/, '');

const pathOf = (id?: string) => (id ? `${VACANCIES_PATH}/${encodeURIComponent(id)}` : VACANCIES_PATH);

/** One request, and its copy for proofs and previews with the API key redacted. */
export function tvRequest(
  settings: TvSettings,
  method: string,
  path: string,
  body?: unknown,
): { request: WireRequest; redacted: WireRequest } {
  const url = `${baseOf(settings)}${path}`;
  // Content-Type only with a body: GET and DELETE send none.
  const type = body === undefined ? { accept: JSON_HEADERS.accept } : JSON_HEADERS;
  const headers = (key: string) => ({ ...type, [KEY_HEADER]: key });
  const withBody = body === undefined ? {} : { body };
  return {
    request: { method, url, headers: headers(settings.apiKey), ...withBody },
    redacted: { method, url, headers: headers(REDACTED), ...withBody },
  };
}

/** The `vacancy` object for these fields, with the connection's schools and phases as defaults. */
export const mapTv = (fields: PostingFields, settings: TvSettings) =>
  mapVacancy(fields, { schools: settings.schools, phases: settings.phases });

/** The create request for these fields, the key redacted: what the preview shows. */
export const previewTvRequest = (fields: PostingFields, settings: TvSettings): WireRequest =>
  tvRequest(settings, 'POST', pathOf(), wrapBody(mapTv(fields, settings))).redacted;

/** Schools and phases may come from the connection: when neither gives them, say so before sending. */
function missingDefaults(vacancy: Record<string, unknown>): BoardError | null {
  const issues = [
    [
      WIRE_KEYS.schools,
      'schools',
      'Name the schools (or trust) this advert is for: neither the posting nor the connection does',
    ],
    [
      WIRE_KEYS.phases,
      'phases',
      'Choose the education phases: neither the posting nor the connection gives them',
    ],
  ]
    .filter(([wire]) => vacancy[wire as string] === undefined)
    .map(([, field, message]) => ({
      field: field as string,
      message: message as string,
      severity: 'error' as const,
    }));
  if (issues.length === 0) return null;
  return new BoardError('invalid', issues.map((i) => i.message).join('; '), {
    issues,
    field: issues[0]?.field,
  });
}

const objectOf = (text: string) => {
  const parsed = parseJson(text);
  return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
};

const receiptOf = (id: string, vacancy: Record<string, unknown>): BoardReceipt => {
  const url = vacancy[ANSWER.publicUrl];
  return { externalId: id, ...(typeof url === 'string' && url ? { url } : {}) };
};

/** The Teaching Vacancies API for one connection. */
export function tvClient(
  settings: TvSettings,
  deps: ClientDeps,
): BoardClient & { close(r: BoardReceipt): Promise<BoardReceipt> } {
  const send = async (method: string, path: string, body?: unknown): Promise<BoardResponse> => {
    const { request, redacted } = tvRequest(settings, method, path, body);
    return callBoard(deps, LABEL, request, redacted);
  };
  const ok = (response: BoardResponse, call: TvCall): BoardResponse => {
    if (response.status >= 200 && response.status < 300) return response;
    throw errorFor(response, call, deps.now());
  };

  /** 409 on create: adopt the advert the link names when it carries our reference (a replayed create). */
  const reconcile = async (conflict: BoardResponse, reference: unknown): Promise<BoardReceipt> => {
    const { link } = messagesOf(conflict.text);
    const id = link?.split('/').filter(Boolean).pop();
    if (!id) throw errorFor(conflict, 'create', deps.now());
    const found = await send('GET', pathOf(decodeURIComponent(id)));
    if (found.status === 404) throw errorFor(conflict, 'create', deps.now());
    const vacancy = objectOf(ok(found, 'read').text);
    if (vacancy[ANSWER.reference] !== reference) throw errorFor(conflict, 'create', deps.now());
    return receiptOf(String(vacancy[ANSWER.id] ?? id), vacancy);
  };

  return {
    async create(fields) {
      const vacancy = mapTv(fields, settings);
      const missing = missingDefaults(vacancy);
      if (missing) throw missing;
      const response = await send('POST', pathOf(), wrapBody(vacancy));
      if (response.status === 409) return reconcile(response, vacancy[WIRE_KEYS.reference]);
      const id = objectOf(ok(response, 'create').text)[ANSWER.id];
      if (typeof id !== 'string' || id === '')
        throw new BoardError(
          'unknown_outcome',
          'Teaching Vacancies answered success without the id of the advert',
          {
            status: response.status,
            boardMessage: response.text.slice(0, 200),
          },
        );
      return { externalId: id };
    },
    async update(receipt, fields) {
      const vacancy = mapTv(fields, settings);
      const missing = missingDefaults(vacancy);
      if (missing) throw missing;
      const response = ok(await send('PUT', pathOf(receipt.externalId), wrapBody(vacancy)), 'update');
      return receiptOf(receipt.externalId, objectOf(response.text));
    },
    async close(receipt) {
      const response = await send('DELETE', pathOf(receipt.externalId));
      // 404: deleted already (a second DELETE), so closed.
      if (response.status !== 404) ok(response, 'close');
      return { externalId: receipt.externalId };
    },
    async lookup(reference) {
      for (let page = 1; page <= MAX_PAGES; page++) {
        const response = ok(await send('GET', `${pathOf()}?${PAGE_PARAM}=${page}`), 'read');
        const answer = objectOf(response.text);
        const list = Array.isArray(answer[ANSWER.vacancies])
          ? (answer[ANSWER.vacancies] as Record<string, unknown>[])
          : [];
        const found = list.find((v) => v && v[ANSWER.reference] === reference);
        if (found) return receiptOf(String(found[ANSWER.id]), found);
        const meta = answer[ANSWER.meta] as Record<string, unknown> | undefined;
        const totalPages = Number(meta?.[ANSWER.totalPages] ?? 1);
        // A page past the end answers the last page again: stop at the last one.
        if (!(page < totalPages)) return null;
      }
      return null;
    },
  };
}
