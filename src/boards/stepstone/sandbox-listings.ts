import {
  type Code,
  type FeedListing,
  FeedRefusal,
  type SandboxAccount,
  STEPSTONE_SANDBOX_ACCOUNTS,
} from './sandbox-feed.js';

const DAY_MS = 86_400_000;

/** One listing as the sandbox keeps it (and `_inspect/listings` shows it). */
export interface SandboxListing {
  listingId: string;
  senderId: string;
  reference: string;
  /** `expired` only in _inspect: StepStone puts a listing offline at its expiry. */
  state: 'online' | 'offline' | 'test' | 'expired';
  inserted: string;
  expires: string;
  categories: string;
  nodes: Record<string, string>;
  /** Every request for this reference: its action, the status code, and the answer's action. */
  requests: { action: string; statusCode: string; answered: string }[];
}
export type Stored = SandboxListing & { expiresAt: Date };

/** What the work of one request decided, before it is written in StepStone's format. */
export interface Answer {
  code: Code;
  action?: string;
  account?: SandboxAccount;
  reference?: string;
  listing?: Stored;
  warningCode?: string;
  comment?: string;
}

/**
 * The sandbox's listings and contracts: credits per account, spent by INSERT only; listings keyed
 * by sender and reference, so a reference is never reused, even offline.
 */
export class SandboxListings {
  readonly credits = new Map<string, number | null>();
  readonly listings = new Map<string, Stored>();
  /** Every sandbox contract runs a year from the sandbox's start. */
  readonly contractEnd: Date;
  private nextListingId = 12738;

  constructor(private readonly now: () => Date) {
    this.contractEnd = new Date(now().getTime() + 365 * DAY_MS);
    this.reset();
  }

  reset() {
    this.listings.clear();
    for (const a of STEPSTONE_SANDBOX_ACCOUNTS) this.credits.set(a.username, a.credits);
  }

  /** The listings as `_inspect/listings` shows them. */
  inspect(): SandboxListing[] {
    return [...this.listings.values()].map(({ expiresAt, ...l }) => ({
      ...l,
      state: l.state === 'online' && this.now() >= expiresAt ? 'expired' : l.state,
    }));
  }

  private insert(account: SandboxAccount, listing: FeedListing, known: Stored | undefined): Answer {
    const base = { account, reference: listing.reference };
    if (known) {
      // (r) a known reference, even offline, is never reused: nothing changes, no credit is spent.
      known.requests.push({ action: 'INSERT', statusCode: '100', answered: 'IGNORE' });
      return { ...base, code: 'ok', action: 'IGNORE', listing: known };
    }
    const test = listing.reference.startsWith('test_');
    const left = this.credits.get(account.username);
    if (left === null || left === undefined || this.now() > this.contractEnd)
      throw new FeedRefusal('noContract');
    if (!test && left < 1) throw new FeedRefusal('noCredits');
    if (!test) this.credits.set(account.username, left - 1);
    const days = Math.min(listing.duration ?? account.validityDays, account.validityDays);
    const at = this.now();
    const stored: Stored = {
      listingId: String(this.nextListingId++),
      senderId: account.senderId,
      reference: listing.reference,
      state: test ? 'test' : 'online',
      inserted: at.toISOString(),
      expiresAt: new Date(at.getTime() + days * DAY_MS),
      expires: new Date(at.getTime() + days * DAY_MS).toISOString(),
      categories: listing.categories,
      nodes: listing.nodes,
      requests: [{ action: 'INSERT', statusCode: '100', answered: 'INSERT' }],
    };
    this.listings.set(`${account.senderId}:${listing.reference}`, stored);
    return { ...base, code: 'ok', action: 'INSERT', listing: stored };
  }

  /** UPDATE (free; puts an offline listing back online within validity) and OFFLINE. */
  private change(account: SandboxAccount, listing: FeedListing, known: Stored | undefined): Answer {
    if (!known) throw new FeedRefusal('internal', `no listing with reference ${listing.reference}`);
    const base = { account, reference: listing.reference, listing: known };
    if (listing.action === 'OFFLINE') {
      if (known.state === 'online') known.state = 'offline';
      known.requests.push({ action: 'OFFLINE', statusCode: '100', answered: 'OFFLINE' });
      return { ...base, code: 'ok', action: 'OFFLINE' };
    }
    if (this.now() >= known.expiresAt) {
      known.requests.push({ action: 'UPDATE', statusCode: '222', answered: 'UPDATE' });
      throw new FeedRefusal('renew');
    }
    // "categorization values cannot be modified through updates": kept, with a warning (r).
    const kept = Object.entries(known.nodes).filter(([path]) => path.includes('/categorization'));
    const others = Object.entries(listing.nodes).filter(([path]) => !path.includes('/categorization'));
    known.nodes = Object.fromEntries([...others, ...kept]);
    if (known.state === 'offline') known.state = 'online';
    known.requests.push({ action: 'UPDATE', statusCode: '100', answered: 'UPDATE' });
    const warningCode = listing.categories !== known.categories ? '1' : undefined;
    return { ...base, code: 'ok', action: 'UPDATE', ...(warningCode ? { warningCode } : {}) };
  }

  apply(account: SandboxAccount, listing: FeedListing): Answer {
    if (listing.action === 'TRANSLATE')
      throw new FeedRefusal('internal', 'TRANSLATE is for multilingual sites only');
    const known = this.listings.get(`${account.senderId}:${listing.reference}`);
    return listing.action === 'INSERT'
      ? this.insert(account, listing, known)
      : this.change(account, listing, known);
  }
}
