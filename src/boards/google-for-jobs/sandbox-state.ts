// What the sandbox remembers: the URLs notified, tokens issued and the quota used, per project.

const DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Los_Angeles',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export interface Notice {
  url: string;
  type: string;
  notifyTime: string;
}

export interface NotifiedUrl {
  url: string;
  latestUpdate?: Notice;
  latestRemove?: Notice;
  /** URL_UPDATED received while the URL was not announced (new, or removed before): more than one in a row is a duplicate. */
  createCount: number;
  updates: number;
  removes: number;
}

/** Counters that reset at midnight Pacific Time (publish) or each minute (all requests). */
export class QuotaCounters {
  private day = '';
  private publishes = 0;
  private readonly minutes = new Map<string, { minute: number; calls: number }>();

  /** Counts a publish; false when the day's limit is reached (nothing counted). */
  publish(now: Date, limit: number): boolean {
    const day = DAY.format(now);
    if (day !== this.day) {
      this.day = day;
      this.publishes = 0;
    }
    if (this.publishes >= limit) return false;
    this.publishes += 1;
    return true;
  }

  /** Counts a request of a kind (all requests, metadata requests); false past the per-minute limit. */
  perMinute(kind: string, now: Date, limit: number): boolean {
    const minute = Math.floor(now.getTime() / 60_000);
    const entry = this.minutes.get(kind);
    const calls = entry && entry.minute === minute ? entry.calls + 1 : 1;
    this.minutes.set(kind, { minute, calls });
    return calls <= limit;
  }

  get usedToday() {
    return { day: this.day, publishes: this.publishes };
  }
}

export class SandboxState {
  readonly urls = new Map<string, NotifiedUrl>();
  readonly tokens = new Map<string, { email: string; expiresAt: number }>();
  quota = new QuotaCounters();

  record(url: string, type: string, now: Date): NotifiedUrl {
    const entry = this.urls.get(url) ?? { url, createCount: 0, updates: 0, removes: 0 };
    const notice = { url, type, notifyTime: now.toISOString() };
    if (type === 'URL_DELETED') {
      entry.latestRemove = notice;
      entry.removes += 1;
    } else {
      const announced =
        entry.latestUpdate &&
        !(entry.latestRemove && entry.latestRemove.notifyTime >= entry.latestUpdate.notifyTime);
      if (!announced) entry.createCount += 1;
      entry.latestUpdate = notice;
      entry.updates += 1;
    }
    this.urls.set(url, entry);
    return entry;
  }
}
