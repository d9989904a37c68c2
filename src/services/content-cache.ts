import { keepRecent } from './recently-used.js';

/**
 * Read results an organisation's visitors ask for again and again (a careers page, an advert, the
 * first page of the vacancies API), kept in this process while the organisation's content version
 * is unchanged. The version is read in the query every such request makes anyway (the careers
 * site's organisation, the API token), and triggers add one to it in the same transaction as any
 * change to the organisation or its vacancies (migration 0004), so a cached result is never older than
 * the version the request saw: every process, every writer (API, worker, sweep, SQL) included.
 * Embedded, where this process alone holds the database, the version is the database's local write
 * epoch instead (Database.localEpoch), read without a query.
 */
export interface ContentCacheOptions {
  /** Results kept per organisation; the least recently used go first. */
  entriesPerOrganisation: number;
  /** Organisations kept; the least recently used go first. */
  organisations: number;
}

interface Shelf {
  version: number;
  entries: Map<string, Promise<unknown>>;
}

export class ContentCache {
  private readonly shelves = new Map<string, Shelf>();

  constructor(
    private readonly options: ContentCacheOptions = { entriesPerOrganisation: 500, organisations: 1_000 },
  ) {}

  /**
   * The result of `load` for this key at this content version: the cached one when there is one.
   * `version` undefined (not known for this request) always loads. Concurrent misses share one load;
   * a failed load is not kept.
   */
  async get<T>(
    organisationId: string,
    version: number | undefined,
    key: string,
    load: () => Promise<T>,
  ): Promise<T> {
    if (version === undefined) return load();
    let shelf = this.shelves.get(organisationId);
    if (shelf && shelf.version > version) return load(); // this request read an older version
    if (!shelf || shelf.version < version) shelf = { version, entries: new Map() };
    keepRecent(this.shelves, organisationId, shelf, this.options.organisations);
    const { entriesPerOrganisation } = this.options;
    const cached = shelf.entries.get(key) as Promise<T> | undefined;
    if (cached) {
      keepRecent(shelf.entries, key, cached, entriesPerOrganisation);
      return cached;
    }
    const loading = load();
    keepRecent(shelf.entries, key, loading, entriesPerOrganisation);
    const kept = shelf;
    loading.catch(() => {
      if (kept.entries.get(key) === loading) kept.entries.delete(key);
    });
    return loading;
  }

  /** Entries held, over every organisation (for tests and diagnostics). */
  get size(): number {
    let n = 0;
    for (const shelf of this.shelves.values()) n += shelf.entries.size;
    return n;
  }
}
