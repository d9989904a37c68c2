import type { Clock } from '../../services/deps.js';

/** How long a feed is served from memory: feeds are correct within a minute of a change. */
export const FEED_TTL_SECONDS = 60;

/**
 * Built feeds per organisation and format, kept at most FEED_TTL_SECONDS by the given clock.
 * Only existing organisations are cached, so the map holds at most one entry per organisation and format.
 */
export class FeedCache {
  private readonly entries = new Map<string, { builtAt: number; body: string }>();

  constructor(private readonly clock: Clock) {}

  async get(key: string, build: (builtAt: Date) => Promise<string>): Promise<string> {
    const now = this.clock.now();
    const hit = this.entries.get(key);
    if (hit && now.getTime() - hit.builtAt < FEED_TTL_SECONDS * 1000) return hit.body;
    // A failed build never empties the feed (aggregators would drop every job): the last good one stays.
    const body = await build(now).catch((error: unknown) => {
      if (hit) return hit.body;
      throw error;
    });
    this.entries.set(key, { builtAt: now.getTime(), body });
    return body;
  }
}
