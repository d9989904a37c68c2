// HTTP calls to StepStone's JobFeed and the mapping of its answers to BoardError
// (docs/boards/stepstone.md, "Transport", "Responses", "Lifecycle").
import {
  type BoardClient,
  BoardError,
  type BoardReceipt,
  type ClientDeps,
  type PostingFields,
  REDACTED,
  type WireRequest,
} from '../board.js';
import { type BoardResponse, callBoard, htmlTitle, retryAfterMs } from '../http.js';
import { errorForAnswer, type FeedAnswer, isoDate, parseAnswer } from './answers.js';
import {
  CATEGORY_FIELDS,
  categoryIds,
  FEED_PATH,
  type FeedAction,
  FORM_KEYS,
  feedForm,
  jobfeedXml,
} from './map.js';
import type { StepStoneSettings } from './settings.js';

const LABEL = 'StepStone';
export const FORM_HEADERS = {
  accept: 'application/xml, text/plain',
  'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
} as const;

/** What StepStone answered, kept with the receipt. */
export interface StepStoneReceipt extends BoardReceipt {
  /** The answer's fields as sent (dates as StepStone wrote them), e.g. credits, contract end date. */
  answer: FeedAnswer;
  /** `listingexpiration` as YYYY-MM-DD, when it is a calendar date. */
  expiresOn?: string;
}

const urlOf = (settings: StepStoneSettings) => `${settings.baseUrl.replace(/\/+$/, '')}${FEED_PATH}`;

/** One call: the form with credentials, and its redacted copy for previews and the proof. */
function feedRequest(
  settings: StepStoneSettings,
  action: FeedAction,
  fields: PostingFields,
): { request: WireRequest; redacted: WireRequest } {
  const form = feedForm(jobfeedXml(action, fields, settings));
  const body = (password: string) => ({
    [FORM_KEYS.xmlResponse]: form[FORM_KEYS.xmlResponse],
    [FORM_KEYS.username]: settings.username,
    [FORM_KEYS.password]: password,
    [FORM_KEYS.xml]: form[FORM_KEYS.xml],
  });
  const base = { method: 'POST', url: urlOf(settings), headers: { ...FORM_HEADERS } };
  return { request: { ...base, body: body(settings.password) }, redacted: { ...base, body: body(REDACTED) } };
}

/** The INSERT request for these fields, credentials redacted: what the preview shows. */
export const previewStepStoneRequest = (fields: PostingFields, settings: StepStoneSettings): WireRequest =>
  feedRequest(settings, 'INSERT', fields).redacted;

/**
 * `callBoard` sends a body as JSON; the JobFeed takes a form. The request body is the form as an
 * object (so previews and the proof show it as one), encoded here on its way out.
 */
const formFetch =
  (inner: typeof fetch): typeof fetch =>
  (input, init) =>
    inner(input, {
      ...init,
      body: new URLSearchParams(JSON.parse(String(init?.body ?? '{}')) as Record<string, string>).toString(),
    });

/** Maps an HTTP answer that is not a readable JobFeed answer to the one BoardError. */
export function transportError(
  response: Pick<BoardResponse, 'status' | 'text' | 'headers'>,
  action: FeedAction,
  now: Date,
): BoardError {
  const { status } = response;
  const boardMessage = htmlTitle(response.text) ?? response.text.slice(0, 200);
  const base = { status, boardMessage };
  if (status === 429) {
    const wait = retryAfterMs(response.headers, now);
    return new BoardError('rate_limited', 'StepStone asked Postroom to slow down', {
      ...base,
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    });
  }
  if (status >= 500)
    return new BoardError(
      'unavailable',
      `StepStone is not available (HTTP ${status}); Postroom will try again`,
      base,
    );
  if (action === 'INSERT' && status >= 200 && status < 300) {
    return new BoardError(
      'unknown_outcome',
      'StepStone answered in neither of its documented formats, so Postroom cannot tell whether the listing was created',
      base,
    );
  }
  return new BoardError('unexpected', `StepStone answered HTTP ${status} without a JobFeed answer`, base);
}

/** The receipt for an answer of status code 100. */
function receiptFor(
  answer: FeedAnswer,
  action: FeedAction,
  reference: string,
  previous?: BoardReceipt,
): StepStoneReceipt {
  const externalId = answer.listingId ?? previous?.externalId;
  if (!externalId) {
    throw new BoardError('unknown_outcome', 'StepStone answered 100 without a listing id', {
      boardMessage: `${answer.statusCode} ${answer.status ?? ''}`.trim(),
    });
  }
  const expiresOn = isoDate(answer.listingExpiration);
  return {
    externalId,
    // The feed addresses a listing by its reference (UPDATE, OFFLINE): kept where Postroom keeps a
    // board's handle for the next call, since BoardClient.close gets the receipt only.
    etag: reference,
    status: action === 'OFFLINE' ? 'offline' : 'online',
    answer,
    ...(expiresOn ? { expiresOn } : {}),
  };
}

/** Categories cannot change through an UPDATE: refused here, before anything is sent. */
function frozenCategoryError(fields: PostingFields, previous: PostingFields | undefined): BoardError | null {
  if (!previous) return null;
  const changed = CATEGORY_FIELDS.filter(
    (key) => JSON.stringify(fields[key] ?? null) !== JSON.stringify(previous[key] ?? null),
  );
  if (changed.length === 0) return null;
  const message =
    'StepStone keeps the categories of the first send: "categorization values cannot be modified through updates"';
  return new BoardError('invalid', message, {
    field: changed[0],
    issues: changed.map((field) => ({ field, message, severity: 'error' as const })),
  });
}

/** A category on the posting that the connection's table has no StepStone id for. */
function unmappedCategoryError(fields: PostingFields, settings: StepStoneSettings): BoardError | null {
  const mapped = new Set(categoryIds(fields, settings).map(([node]) => node));
  const missing = [
    ['category', 'workfield', fields.category],
    ['employmentType', 'contracttype', fields.employmentType],
    ['hours', 'worktype', fields.hours],
  ].filter(
    ([, node, value]) => typeof value === 'string' && value.trim() !== '' && !mapped.has(node as string),
  );
  if (missing.length === 0) return null;
  const issues = missing.map(([field, , value]) => ({
    field: field as string,
    message: `The connection's category table has no StepStone id for "${String(value)}": an admin adds it, or leave the field empty`,
    severity: 'error' as const,
  }));
  return new BoardError('invalid', issues[0]!.message, { field: issues[0]!.field, issues });
}

/** The StepStone JobFeed for one connection. StepStone has no read call, so `lookup` cannot find an advert. */
export function stepstoneClient(settings: StepStoneSettings, deps: ClientDeps): BoardClient {
  const formDeps: ClientDeps = { ...deps, fetch: formFetch(deps.fetch) };
  const send = async (action: FeedAction, fields: PostingFields, previous?: BoardReceipt) => {
    const { request, redacted } = feedRequest(settings, action, fields);
    const response = await callBoard(formDeps, LABEL, request, redacted);
    const answer = response.status >= 200 && response.status < 300 ? parseAnswer(response.text) : null;
    if (!answer) throw transportError(response, action, deps.now());
    if (answer.statusCode !== '100') throw errorForAnswer(answer);
    if (action === 'INSERT' && answer.action === 'IGNORE') {
      throw new BoardError(
        'conflict',
        `StepStone already has a listing with the reference ${String(fields.reference)} (listing ${answer.listingId ?? 'unknown'}) and changed nothing: a reference is never reusable, so a new posting needs a new one`,
        { field: 'reference', boardMessage: `IGNORE ${answer.listingId ?? ''}`.trim() },
      );
    }
    return receiptFor(answer, action, String(fields.reference).trim(), previous);
  };

  return {
    async create(fields) {
      const unmapped = unmappedCategoryError(fields, settings);
      if (unmapped) throw unmapped;
      return send('INSERT', fields);
    },
    async update(receipt, fields, previous) {
      const refused = frozenCategoryError(fields, previous) ?? unmappedCategoryError(fields, settings);
      if (refused) throw refused;
      return send('UPDATE', fields, receipt);
    },
    async close(receipt) {
      const reference = receipt.etag;
      if (!reference) {
        throw new BoardError('unexpected', 'Postroom does not know the StepStone reference of this listing');
      }
      return send('OFFLINE', { reference }, receipt);
    },
    async lookup(reference) {
      throw new BoardError(
        'unexpected',
        `StepStone has no call to find a listing by its reference: look for reference ${reference} in your StepStone account`,
      );
    },
  };
}
