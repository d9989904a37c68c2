import { and, eq } from 'drizzle-orm';
import { feedChannels } from '../db/schema.js';
import {
  FEED_CHANNELS,
  FEED_LABELS,
  type FeedChannel,
  type FeedChannelState,
} from '../domain/feed-channels.js';
import { type Actor, requireAdmin, type ServiceDeps } from './deps.js';

type Deps = Pick<ServiceDeps, 'db'>;

/** The User-Agent kept for a read, cut to a sane length. */
const USER_AGENT_MAX = 200;

/** Each feed of the organisation, on unless switched off, with its last read. */
export async function listFeedChannels(deps: Deps, organisationId: string): Promise<FeedChannelState[]> {
  const rows = await deps.db
    .select()
    .from(feedChannels)
    .where(eq(feedChannels.organisationId, organisationId));
  return FEED_CHANNELS.map((channel) => {
    const row = rows.find((r) => r.channel === channel);
    return {
      channel,
      label: FEED_LABELS[channel],
      enabled: row?.enabled ?? true,
      lastReadAt: row?.lastReadAt ?? null,
      lastReadBy: row?.lastReadBy ?? null,
    };
  });
}

/** Whether the organisation serves this feed (feeds are on until an admin switches one off). */
export async function feedEnabled(
  deps: Deps,
  organisationId: string,
  channel: FeedChannel,
): Promise<boolean> {
  const [row] = await deps.db
    .select({ enabled: feedChannels.enabled })
    .from(feedChannels)
    .where(and(eq(feedChannels.organisationId, organisationId), eq(feedChannels.channel, channel)));
  return row?.enabled ?? true;
}

/** Switch a feed on or off (admins). Off, its URL answers 404 and the aggregator drops every job. */
export async function setFeedEnabled(
  deps: Deps,
  actor: Actor,
  channel: FeedChannel,
  enabled: boolean,
): Promise<FeedChannelState[]> {
  requireAdmin(actor, 'switch feeds on or off');
  await deps.db
    .insert(feedChannels)
    .values({ organisationId: actor.organisationId, channel, enabled })
    .onConflictDoUpdate({ target: [feedChannels.organisationId, feedChannels.channel], set: { enabled } });
  return listFeedChannels(deps, actor.organisationId);
}

/** Remember that the feed was read, when and by which User-Agent. */
export async function recordFeedRead(
  deps: Deps,
  organisationId: string,
  channel: FeedChannel,
  at: Date,
  userAgent: string | undefined,
): Promise<void> {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are dropped.
  const lastReadBy = userAgent?.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, USER_AGENT_MAX) || null;
  await deps.db
    .insert(feedChannels)
    .values({ organisationId, channel, lastReadAt: at, lastReadBy })
    .onConflictDoUpdate({
      target: [feedChannels.organisationId, feedChannels.channel],
      set: { lastReadAt: at, lastReadBy },
    });
}
