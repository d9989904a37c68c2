import { and, eq } from 'drizzle-orm';
import { findBoard } from '../../boards/registry.js';
import { postings } from '../../db/schema.js';
import { type ApplicationSource, CAREERS_SITE_SOURCE, UNKNOWN_SOURCE } from '../../domain/application.js';
import { FEED_CHANNELS, FEED_LABELS, feedToken } from '../../domain/feed-channels.js';
import type { ServiceDeps } from '../deps.js';

/** The fixed tokens of the feeds' links: each aggregator by its name, and Postroom's JSON feed. */
const FEED_SOURCES: Record<string, ApplicationSource> = {
  ...Object.fromEntries(
    FEED_CHANNELS.map((channel) => [
      feedToken(channel),
      { kind: 'feed', label: FEED_LABELS[channel], postingId: null } satisfies ApplicationSource,
    ]),
  ),
  [feedToken('json')]: { kind: 'feed', label: 'JSON feed', postingId: null },
};

/**
 * Who brought the candidate: no token is the careers site; a feed's token is that feed; a posting's
 * token of this organisation is that posting's board. Anything else — a typo, another
 * organisation's token — is "Unknown", never a guess.
 */
export async function resolveApplicationSource(
  deps: Pick<ServiceDeps, 'db'>,
  organisationId: string,
  token: string | null,
): Promise<ApplicationSource> {
  if (!token) return CAREERS_SITE_SOURCE;
  const feed = FEED_SOURCES[token];
  if (feed) return feed;
  const [posting] = await deps.db
    .select({ id: postings.id, board: postings.board })
    .from(postings)
    .where(and(eq(postings.organisationId, organisationId), eq(postings.trackingToken, token)))
    .limit(1);
  if (!posting) return UNKNOWN_SOURCE;
  return { kind: 'board', label: findBoard(posting.board)?.label ?? posting.board, postingId: posting.id };
}
