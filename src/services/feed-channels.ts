import { and, eq } from 'drizzle-orm';
import { feedChannels, feedVacancyExclusions } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import {
  FEED_CHANNELS,
  FEED_LABELS,
  type FeedChannel,
  type FeedChannelState,
} from '../domain/feed-channels.js';
import { type Actor, requireAdmin, type ServiceDeps } from './deps.js';
import { getVacancy } from './vacancies/find-vacancies.js';

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

/** Whether a vacancy goes into each feed, and whether a recruiter may change that. */
export interface VacancyFeed {
  channel: FeedChannel;
  label: string;
  included: boolean;
  /** False for Indeed: it takes every job of the careers site or none. */
  optional: boolean;
}

/** Channels a recruiter may keep one vacancy out of: not Indeed, which refuses partial feeds. */
const PER_VACANCY: readonly FeedChannel[] = ['linkedin', 'adzuna', 'jooble'];

/** Each feed and whether the vacancy (of the actor's organisation) goes into it. */
export async function listVacancyFeeds(deps: Deps, actor: Actor, vacancyId: string): Promise<VacancyFeed[]> {
  const vacancy = await getVacancy(deps, actor, vacancyId);
  const rows = await deps.db
    .select({ channel: feedVacancyExclusions.channel })
    .from(feedVacancyExclusions)
    .where(
      and(
        eq(feedVacancyExclusions.organisationId, actor.organisationId),
        eq(feedVacancyExclusions.vacancyId, vacancy.id),
      ),
    );
  return FEED_CHANNELS.map((channel) => ({
    channel,
    label: FEED_LABELS[channel],
    included: !rows.some((r) => r.channel === channel),
    optional: PER_VACANCY.includes(channel),
  }));
}

/** Put a vacancy into a feed or keep it out (not Indeed: a clear error on the field). */
export async function setVacancyFeed(
  deps: Deps,
  actor: Actor,
  vacancyId: string,
  channel: FeedChannel,
  included: boolean,
): Promise<VacancyFeed[]> {
  const vacancy = await getVacancy(deps, actor, vacancyId);
  if (!PER_VACANCY.includes(channel))
    throw new AppError('validation_failed', 'Indeed takes every job or none.', {
      issues: [
        {
          path: 'channel',
          message: 'Indeed takes every job of your careers site: switch its feed off instead',
        },
      ],
    });
  const key = { organisationId: actor.organisationId, vacancyId: vacancy.id, channel };
  if (included)
    await deps.db
      .delete(feedVacancyExclusions)
      .where(
        and(
          eq(feedVacancyExclusions.organisationId, key.organisationId),
          eq(feedVacancyExclusions.vacancyId, key.vacancyId),
          eq(feedVacancyExclusions.channel, channel),
        ),
      );
  else await deps.db.insert(feedVacancyExclusions).values(key).onConflictDoNothing();
  return listVacancyFeeds(deps, actor, vacancy.id);
}

/** The ids of the organisation's vacancies kept out of a feed. */
export async function excludedFromFeed(
  deps: Deps,
  organisationId: string,
  channel: FeedChannel,
): Promise<Set<string>> {
  const rows = await deps.db
    .select({ vacancyId: feedVacancyExclusions.vacancyId })
    .from(feedVacancyExclusions)
    .where(
      and(
        eq(feedVacancyExclusions.organisationId, organisationId),
        eq(feedVacancyExclusions.channel, channel),
      ),
    );
  return new Set(rows.map((r) => r.vacancyId));
}
