/*
 * The Reed sandbox's accounts, credits and jobs (boards/reed.md, "Lifecycle" and "What the sandbox
 * must do"). Written from the contract, never from the adapter.
 */

/** Credit types by productId: 1 Standard, 2 Premium, 3 Featured, 4 Premium+, 81 Marketplace. */
export const PRODUCT_NAMES: Readonly<Record<number, string>> = {
  1: 'Standard',
  2: 'Premium',
  3: 'Featured',
  4: 'Premium+',
  81: 'Marketplace',
};
/** "The best available credit" when no type is asked for and the preferred one is spent (reconstructed order). */
const BEST_FIRST = [4, 3, 2, 1, 81] as const;
// Standard credits are plentiful, so the demo, the fault test and the benchmark do not run out.
const DEFAULT_CREDITS: Readonly<Record<number, number>> = { 1: 1000, 2: 5, 3: 2, 4: 1, 81: 0 };

export interface SandboxAccount {
  username: string;
  /** Set for a client's account posted to "on behalf of multiple clients". */
  postingKey?: string;
  preferredProduct?: number;
}
export interface SandboxClient {
  clientId: string;
  apiKey: string;
  accounts: readonly SandboxAccount[];
}

/** The built-in API users: a recruiter posting for itself and for one client, and another agency. */
export const REED_SANDBOX_CLIENTS: readonly SandboxClient[] = [
  {
    clientId: '1001',
    apiKey: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
    accounts: [
      { username: 'recruiter@demo-agency.example', preferredProduct: 1 },
      {
        username: 'hiring@demo-client.example',
        postingKey: '9b2e7c1a-6d4f-4e8b-a1c3-5f7d9e0b2a64',
        preferredProduct: 1,
      },
    ],
  },
  {
    clientId: '1002',
    apiKey: 'a7d1c9e2-0b3f-4c5d-8e6f-1a2b3c4d5e6f',
    accounts: [{ username: 'jobs@other-agency.example', preferredProduct: 2 }],
  },
];

export type JobStatus = 'draft' | 'live' | 'ended' | 'expired';

export interface SandboxJob {
  id: number;
  clientId: string;
  username: string;
  productId: number | null;
  demo: boolean;
  ended: boolean;
  created: Date;
  expires: Date;
  applications: number;
  /** The job as Reed keeps it: the bound values of the create, with edits merged. */
  values: Record<string, unknown>;
  /** The create form as received, without the posting key. */
  body: Record<string, string>;
  edits: Record<string, string>[];
  /** Keys sent that the model has no property for (ASP.NET ignores them). */
  ignoredKeys: string[];
  /** Credits this job spent (create, charged edits, relist, extend). */
  creditsSpent: number;
}

const DAY_MS = 86_400_000;

export class SandboxState {
  readonly jobs = new Map<number, SandboxJob>();
  readonly credits = new Map<string, Record<number, number>>();
  private nextId = 50_000_001;

  constructor() {
    this.reset();
  }

  reset() {
    this.jobs.clear();
    this.credits.clear();
    for (const client of REED_SANDBOX_CLIENTS)
      for (const account of client.accounts) this.credits.set(account.username, { ...DEFAULT_CREDITS });
  }

  newId(): number {
    return this.nextId++;
  }

  status(job: SandboxJob, now: Date): JobStatus {
    if (job.ended) return 'ended';
    if (job.demo) return 'draft';
    return now >= job.expires ? 'expired' : 'live';
  }

  /** The credit type a create spends, or undefined when the account has none of it. */
  productFor(account: SandboxAccount, asked: number | undefined): number | undefined {
    const credits = this.credits.get(account.username) ?? {};
    if (asked !== undefined) return (credits[asked] ?? 0) > 0 ? asked : undefined;
    const preferred = account.preferredProduct;
    if (preferred !== undefined && (credits[preferred] ?? 0) > 0) return preferred;
    return BEST_FIRST.find((product) => (credits[product] ?? 0) > 0);
  }

  /** Spends one credit of this type; false when none is left. */
  spend(username: string, product: number): boolean {
    const credits = this.credits.get(username);
    if (!credits || (credits[product] ?? 0) < 1) return false;
    credits[product] = (credits[product] ?? 0) - 1;
    return true;
  }

  runFrom(job: SandboxJob, from: Date) {
    const days = typeof job.values.expiryInDays === 'number' ? job.values.expiryInDays : 42;
    job.expires = new Date(from.getTime() + days * DAY_MS);
  }
}
