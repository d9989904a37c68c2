/** The aggregators that read an organisation's XML feed (`feeds.md`). */
export const FEED_CHANNELS = ['indeed', 'linkedin', 'adzuna', 'jooble'] as const;
export type FeedChannel = (typeof FEED_CHANNELS)[number];

/** How applications through each feed are credited, and how the web app names the feed. */
export const FEED_LABELS: Record<FeedChannel, string> = {
  indeed: 'Indeed',
  linkedin: 'LinkedIn',
  adzuna: 'Adzuna',
  jooble: 'Jooble',
};

/** An organisation's feed: whether it is served, and when its aggregator last read it. */
export interface FeedChannelState {
  channel: FeedChannel;
  label: string;
  enabled: boolean;
  lastReadAt: Date | null;
  /** The User-Agent of the last read, e.g. "JoobleBot". */
  lastReadBy: string | null;
}

/** The fixed `src` token of a feed's links, so applications through the feed are credited to it. */
export const feedToken = (channel: FeedChannel | 'json') => `feed-${channel}`;
