import { SOURCE_TOKEN } from './urls.js';

/** The cookie that remembers the first `src` of a visit to a vacancy's pages. */
export const SOURCE_COOKIE = 'postroom_src';

/** The first `postroom_src` cookie the browser sent (the most specific path comes first), if sane. */
export function rememberedSource(cookieHeader: string | undefined): string | null {
  if (!cookieHeader) return null;
  for (const pair of cookieHeader.split(';')) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== SOURCE_COOKIE) continue;
    const value = pair.slice(at + 1).trim();
    return SOURCE_TOKEN.test(value) ? value : null;
  }
  return null;
}

/** `src` from the query string when it looks like a token; anything else is ignored. */
export function sourceParam(query: unknown): string | null {
  const src = query && typeof query === 'object' ? (query as Record<string, unknown>).src : undefined;
  return typeof src === 'string' && SOURCE_TOKEN.test(src) ? src : null;
}

export interface Tracking {
  /** The token to credit: the remembered one wins over a later `src` (first touch). */
  token: string | null;
  /** The request carried `src`, so its page must not sit in a shared cache. */
  tracked: boolean;
  /** A Set-Cookie value to send, when this request is the visit's first touch. */
  setCookie: string | null;
}

/**
 * First touch wins: a `src` is remembered for the visit (a session cookie on the vacancy's pages:
 * the advert and its apply form) and neither a later `src` nor a visit without one replaces it.
 */
export function trackVisit(
  request: { headers: { cookie?: string | undefined }; query: unknown },
  options: { vacancyPath: string; secure: boolean },
): Tracking {
  const remembered = rememberedSource(request.headers.cookie);
  const given = sourceParam(request.query);
  const setCookie =
    !remembered && given
      ? [
          `${SOURCE_COOKIE}=${given}`,
          `Path=${options.vacancyPath}`,
          'HttpOnly',
          'SameSite=Lax',
          ...(options.secure ? ['Secure'] : []),
        ].join('; ')
      : null;
  return { token: remembered ?? given, tracked: given !== null, setCookie };
}
