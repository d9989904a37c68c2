import { adzunaFeed } from './adzuna.js';
import { indeedFeed } from './indeed.js';
import { joobleFeed } from './jooble.js';
import { linkedinFeed } from './linkedin.js';
import type { FeedBuild, FeedInput } from './xml.js';

export { jsonFeed } from './json.js';
export type { FeedBuild, FeedInput, LeftOut } from './xml.js';

/** The aggregators' XML feeds, each at `/feeds/<org>/<channel>.xml`. */
export const FEED_CHANNELS = ['indeed', 'linkedin', 'adzuna', 'jooble'] as const;
export type FeedChannel = (typeof FEED_CHANNELS)[number];

export const FEED_BUILDERS: Record<FeedChannel, (input: FeedInput) => FeedBuild> = {
  indeed: indeedFeed,
  linkedin: linkedinFeed,
  adzuna: adzunaFeed,
  jooble: joobleFeed,
};
