// HTTP calls to Google's Indexing API (docs/boards/google-for-jobs.md; wire names in map.ts).
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
import { type AnswerContext, errorFor } from './answers.js';
import {
  AUTHORIZATION_HEADER,
  DEFAULT_INDEXING_BASE_URL,
  DEFAULT_TOKEN_URL,
  METADATA_PATH,
  METADATA_URL_PARAM,
  NOTIFICATION_TYPES,
  type NotificationMetadata,
  type NotificationType,
  notificationBody,
  PUBLISH_PATH,
  urlOfReference,
} from './map.js';
import { nextPacificMidnight, sharedQuota } from './quota.js';
import type { GoogleSettings } from './settings.js';
import { accessToken, forgetToken, type TokenAccount } from './token.js';

const LABEL = 'Google';

const addresses = (settings: GoogleSettings) => {
  const base = settings.baseUrl?.replace(/\/+$/, '');
  return { indexing: base ?? DEFAULT_INDEXING_BASE_URL, token: base ? `${base}/token` : DEFAULT_TOKEN_URL };
};

function publishRequest(settings: GoogleSettings, url: string, type: NotificationType, token: string) {
  const wire = (bearer: string): WireRequest => ({
    method: 'POST',
    url: `${addresses(settings).indexing}${PUBLISH_PATH}`,
    headers: { ...JSON_HEADERS, [AUTHORIZATION_HEADER]: `Bearer ${bearer}` },
    body: notificationBody(url, type),
  });
  return { request: wire(token), redacted: wire(REDACTED) };
}

/** The notification `create` would send for these fields, the token redacted: what the preview shows. */
export const previewGoogleRequest = (fields: PostingFields, settings: GoogleSettings): WireRequest =>
  publishRequest(settings, String(fields.url ?? '').trim(), NOTIFICATION_TYPES.updated, REDACTED).redacted;

/** Refuses, before anything is sent, a URL that Google would refuse for the site: not under the verified property. */
function checkUrl(url: string, settings: GoogleSettings): void {
  const site = settings.siteUrl;
  if (url !== '' && (!site || url.startsWith(site.replace(/\/*$/, '/')))) return;
  const message = `The advert URL ${url || '(none)'} does not start with the connection's site URL ${site ?? ''}: Google accepts notifications only for pages of the site the service account owns`;
  throw new BoardError('invalid', message, {
    field: 'url',
    issues: [{ field: 'url', message, severity: 'error' }],
  });
}

/** The Indexing API for one connection (one service account). */
export function googleClient(settings: GoogleSettings, deps: ClientDeps): BoardClient {
  const { indexing, token: tokenUrl } = addresses(settings);
  const account: TokenAccount = {
    clientEmail: settings.clientEmail,
    privateKey: settings.privateKey,
    tokenUrl,
  };
  const context = (): AnswerContext => ({
    clientEmail: settings.clientEmail,
    siteUrl: settings.siteUrl ?? "the careers site's property",
    now: deps.now(),
  });

  /** One authorised call; a 401 drops the cached token and tries once more with a new one. */
  const authorised = async (call: (token: string) => Promise<BoardResponse>): Promise<BoardResponse> => {
    const response = await call(await accessToken(account, deps));
    if (response.status !== 401) return response;
    forgetToken(account);
    return call(await accessToken(account, deps));
  };

  const publish = async (url: string, type: NotificationType): Promise<BoardReceipt> => {
    checkUrl(url, settings);
    const now = deps.now();
    if (!sharedQuota.take(settings.clientEmail, settings.dailyQuota, now)) {
      const next = nextPacificMidnight(now);
      throw new BoardError(
        'rate_limited',
        `Google's daily quota of ${settings.dailyQuota} notifications for this service account is used up; Postroom sends this one after midnight Pacific Time (${next.toISOString()})`,
        { retryAfterMs: next.getTime() - now.getTime() },
      );
    }
    let response: BoardResponse;
    try {
      response = await authorised((token) => {
        const { request, redacted } = publishRequest(settings, url, type, token);
        return callBoard(deps, LABEL, request, redacted);
      });
    } catch (error) {
      // Never sent (or refused before the publish): Google did not count it.
      if (!(error instanceof BoardError) || error.reason !== 'unknown_outcome')
        sharedQuota.giveBack(settings.clientEmail, now);
      throw error;
    }
    if (response.status !== 200) throw errorFor(response, context());
    return { externalId: url, url, status: type };
  };

  const metadata = async (url: string): Promise<NotificationMetadata | null> => {
    const query = `${METADATA_URL_PARAM}=${encodeURIComponent(url)}`;
    const response = await authorised((token) => {
      const wire = (bearer: string): WireRequest => ({
        method: 'GET',
        url: `${indexing}${METADATA_PATH}?${query}`,
        headers: { accept: JSON_HEADERS.accept, [AUTHORIZATION_HEADER]: `Bearer ${bearer}` },
      });
      return callBoard(deps, LABEL, wire(token), wire(REDACTED));
    });
    if (response.status === 404) return null;
    if (response.status !== 200) throw errorFor(response, context());
    return (parseJson(response.text) ?? {}) as NotificationMetadata;
  };

  return {
    create: (fields) => publish(String(fields.url ?? '').trim(), NOTIFICATION_TYPES.updated),
    update: (_receipt, fields) => publish(String(fields.url ?? '').trim(), NOTIFICATION_TYPES.updated),
    close: (receipt) => publish(receipt.externalId, NOTIFICATION_TYPES.deleted),
    /** Google recorded an update of the URL that no removal followed: the notification arrived. */
    async lookup(reference) {
      const url = urlOfReference(reference);
      const found = await metadata(url);
      const updated = found?.latestUpdate?.notifyTime;
      const removed = found?.latestRemove?.notifyTime;
      if (!updated || (removed && removed > updated)) return null;
      return { externalId: url, url, status: NOTIFICATION_TYPES.updated };
    },
  };
}
