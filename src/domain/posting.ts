/** Where a posting is in its life (SPEC.md, "Postings"). */
export const POSTING_STATUSES = [
  'scheduled',
  'queued',
  'sending',
  'sent',
  'posted',
  'updating',
  'closing',
  'closed',
  'expired',
  'retrying',
  'failed',
  'uncertain',
  'awaiting_approval',
  'rejected',
] as const;
export type PostingStatus = (typeof POSTING_STATUSES)[number];
export type PostingAction = 'create' | 'update' | 'close' | RenewalAction;
/**
 * What renews an advert's run on a board that lets adverts run out (a board's `relist` and `extend`):
 * relist puts back an advert that expired on the board; extend restarts the run of a live one.
 */
export type RenewalAction = 'relist' | 'extend';
export const RENEWAL_ACTIONS = ['relist', 'extend'] as const satisfies readonly RenewalAction[];
export const isRenewal = (action: string): action is RenewalAction =>
  (RENEWAL_ACTIONS as readonly string[]).includes(action);
/** Every action a posting's job may run, for the API's enums. */
export const POSTING_ACTIONS = ['create', 'update', 'close', 'relist', 'extend'] as const;

/**
 * Final for the advert: no job runs for it again, except a relist that a person asks for, on a board
 * that lets adverts run out and relists them (posting-requests.ts, `relist`). A rejected post was
 * never sent.
 */
export const FINAL_STATUSES: readonly PostingStatus[] = ['closed', 'expired', 'rejected'];
/** States with a job on its way. */
export const IN_FLIGHT_STATUSES: readonly PostingStatus[] = [
  'scheduled',
  'queued',
  'sending',
  'updating',
  'closing',
  'retrying',
];

export interface PostingError {
  /** The BoardError reason, or `check` for Postroom's own pre-flight check. */
  reason: string;
  message: string;
  field?: string | undefined;
  boardMessage?: string | undefined;
  status?: number | undefined;
  issues?: { field: string; message: string }[] | undefined;
  /** The action that failed (an update that failed leaves the advert as it was). */
  action?: PostingAction | undefined;
}

export interface StoredExchange {
  method: string;
  url: string;
  /** Absent on attempts recorded before headers were kept. */
  requestHeaders?: Record<string, string> | undefined;
  requestBody: unknown;
  status: number | null;
  responseBody: string | null;
  durationMs: number;
  at: string;
  error?: string | undefined;
}

export interface RetryPolicy {
  /** Attempts of one action before it fails for good. */
  maxAttempts: number;
  /** Delay before the second attempt; each later one doubles. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * The wait before attempt `attempt + 1`: exponential, with ±20% jitter so that many postings that
 * failed together do not all come back at once; never shorter than the board's Retry-After.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs = 0,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exponential * (0.8 + 0.4 * random());
  return Math.round(Math.max(jittered, retryAfterMs));
}

/** Why a post waits for an approver: its connection needs approval, or it would go over the monthly budget. */
export type ApprovalReason = 'connection' | 'over_budget';

/** A posting's approval: asked for by whom and why, and the approver's decision once made. */
export interface PostingApproval {
  reason: ApprovalReason;
  requestedBy: { type: 'user' | 'token' | 'system'; id: string | null; label: string };
  requestedAt: string;
  decision?: { outcome: 'approved' | 'rejected'; by: string; at: string; reason?: string | undefined };
}
