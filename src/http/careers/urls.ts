import { feedToken } from '../../domain/feed-channels.js';

/** The fixed tracking tokens of the feeds' links, so applications through a feed can be credited to it. */
export const FEED_TOKENS = {
  indeed: feedToken('indeed'),
  linkedin: feedToken('linkedin'),
  adzuna: feedToken('adzuna'),
  jooble: feedToken('jooble'),
  json: feedToken('json'),
} as const;

/** A `src` value worth keeping on the apply link: short, URL-safe (posting tokens are base64url). */
export const SOURCE_TOKEN = /^[A-Za-z0-9_-]{1,64}$/;

const seg = encodeURIComponent;

/** Paths of the careers site, relative to the site root. */
export const careersPaths = {
  list: (org: string) => `/careers/${seg(org)}`,
  advert: (org: string, reference: string) => `/careers/${seg(org)}/${seg(reference)}`,
  /** An aggregator's XML feed (`feeds.md`). */
  feed: (org: string, channel: string) => `/feeds/${seg(org)}/${seg(channel)}.xml`,
  apply: (org: string, reference: string, src?: string | null) =>
    `/careers/${seg(org)}/${seg(reference)}/apply${src ? `?src=${seg(src)}` : ''}`,
};

/** PUBLIC_URL without a trailing slash, joined with a path. */
export const absolute = (publicUrl: string, path: string) => `${publicUrl.replace(/\/+$/, '')}${path}`;
