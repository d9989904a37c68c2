import type { FeedChannel } from '../../../domain/feed-channels.js';
import { adzunaFeed, adzunaPreflight } from './adzuna.js';
import { indeedFeed } from './indeed.js';
import { joobleFeed } from './jooble.js';
import { linkedinFeed, linkedinPreflight } from './linkedin.js';
import type { FeedBuild, FeedInput, LeftOut } from './xml.js';

export { jsonFeed } from './json.js';
export type { FeedBuild, FeedInput, LeftOut } from './xml.js';

/** The aggregators' XML feeds, each at `/feeds/<org>/<channel>.xml`. */
export const FEED_BUILDERS: Record<FeedChannel, (input: FeedInput) => FeedBuild> = {
  indeed: indeedFeed,
  linkedin: linkedinFeed,
  adzuna: adzunaFeed,
  jooble: joobleFeed,
};

/** Each channel's pre-flight check: why it would refuse a vacancy, or null (Indeed, Jooble: none). */
export const FEED_PREFLIGHT: Record<
  FeedChannel,
  (input: FeedInput, v: FeedInput['vacancies'][number]) => LeftOut | null
> = {
  indeed: () => null,
  linkedin: linkedinPreflight,
  adzuna: adzunaPreflight,
  jooble: () => null,
};
