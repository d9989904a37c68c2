// Every wire name of Google's Indexing API and OAuth token endpoint (docs/boards/google-for-jobs.md,
// from Google's "Using the Indexing API" and "Using OAuth 2.0 for Server to Server Applications").
import type { PostingFields, PrefillContext } from '../board.js';

export const DEFAULT_INDEXING_BASE_URL = 'https://indexing.googleapis.com';
export const DEFAULT_TOKEN_URL = 'https://oauth2.googleapis.com/token';

/** The JWT's `aud`: this exact string, even when the token request goes to another address. */
export const TOKEN_AUDIENCE = 'https://oauth2.googleapis.com/token';
export const INDEXING_SCOPE = 'https://www.googleapis.com/auth/indexing';
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** The form keys of the token request. */
export const TOKEN_FORM = { grantType: 'grant_type', assertion: 'assertion' } as const;

export const PUBLISH_PATH = '/v3/urlNotifications:publish';
export const METADATA_PATH = '/v3/urlNotifications/metadata';
export const METADATA_URL_PARAM = 'url';
export const AUTHORIZATION_HEADER = 'authorization';

export const NOTIFICATION_TYPES = { updated: 'URL_UPDATED', deleted: 'URL_DELETED' } as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[keyof typeof NOTIFICATION_TYPES];

/** The service account's JSON key file: the keys Postroom reads from it. */
export const KEY_FILE = {
  clientEmail: 'client_email',
  privateKey: 'private_key',
  tokenUri: 'token_uri',
} as const;

/** The publish body: one URL per request. */
export const notificationBody = (url: string, type: NotificationType) => ({ url, type });

/** What a publish or metadata answer may carry (Google often answers with the URL only, since 2024). */
export interface NotificationMetadata {
  url?: string;
  latestUpdate?: { url?: string; type?: string; notifyTime?: string };
  latestRemove?: { url?: string; type?: string; notifyTime?: string };
}
export const PUBLISH_ANSWER_KEY = 'urlNotificationMetadata';

/**
 * The canonical advert page of the posting's vacancy: the tracked apply link without `/apply` and
 * its `?src=` token (Google gets the canonical URL, never a tracked one).
 */
export function advertUrlOf(trackingUrl: string): string {
  const url = new URL(trackingUrl);
  url.search = '';
  url.hash = '';
  url.pathname = url.pathname.replace(/\/apply\/?$/, '');
  return url.toString();
}

/**
 * The posting's fields: the advert URL, Postroom's reference for the posting (the URL with a
 * fragment, so that a second posting of the vacancy gets its own reference while the URL stays),
 * and the vacancy's version, so that any edit of the advert page makes the posting out of date.
 */
export function prefillGoogle(context: PrefillContext): PostingFields {
  const url = advertUrlOf(context.trackingUrl);
  return {
    url,
    reference: `${url}#google`,
    title: context.vacancy.title,
    pageVersion: context.vacancy.version,
  };
}

/** The URL a reference stands for: the reference without its fragment. */
export const urlOfReference = (reference: string) => reference.replace(/#.*$/, '');

export const mapGoogle = (fields: PostingFields) =>
  notificationBody(String(fields.url ?? '').trim(), NOTIFICATION_TYPES.updated);
