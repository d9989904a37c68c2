import type { Logger } from 'pino';
import type { BoardAddressPolicy } from '../boards/address-policy.js';
import type { ApplyLimits } from '../config.js';
import type { Db } from '../db/client.js';
import { AppError } from '../domain/errors.js';
import type { Role } from '../domain/organisation.js';
import type { JobQueue } from '../jobs/queue.js';
import type { SecretBox } from './secret-box.js';

/** A source of time, so tests can pin "today". */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** What every use case needs; main/ builds the real one, tests build their own. */
export interface ServiceDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Encrypts board credentials at rest with POSTROOM_SECRET_KEY. */
  secretBox: SecretBox;
  /** HTTP to job boards; in production the guarded fetch of boards/guarded-fetch.ts, which applies `boardAddresses`. */
  fetch: typeof fetch;
  /** Where a connection's `baseUrl` may point (POSTROOM_BOARD_URL_ALLOW, this server's sandboxes). */
  boardAddresses: BoardAddressPolicy;
  /** The apply form's rate limits and the organisations' upload quota (POSTROOM_APPLY_LIMIT_*, POSTROOM_UPLOAD_QUOTA_MB). */
  applyLimits: ApplyLimits;
  /** Where people reach this Postroom (PUBLIC_URL), for tracked apply links. */
  publicUrl: string;
  /** The posting queue: jobs are added in the same transaction as the postings they are about. */
  queue: JobQueue;
  /** Embedded mode: the database's write epoch (see Database.localEpoch), for ContentCache. */
  localEpoch?: () => number;
}

export type { Role };

/** Who is acting: every query is scoped to `organisationId`, and every change is logged with `label`. */
export interface Actor {
  organisationId: string;
  role: Role;
  type: 'user' | 'token' | 'system';
  id: string | null;
  label: string;
  /**
   * The organisation's content version, when it was read with the credentials: reads may then come
   * from the process's ContentCache (src/services/content-cache.ts).
   */
  contentVersion?: number;
  /** The signed-in session the request came with (type `user` only), so a user can keep it when ending others. */
  sessionId?: string;
}

/**
 * The one check for what only an administrator may do: users, API tokens, board connections and
 * the organisation's settings. `what` finishes the sentence "Only an administrator can …".
 */
export function requireAdmin(actor: Actor, what: string): void {
  if (actor.role !== 'admin') throw new AppError('forbidden', `Only an administrator can ${what}.`);
}

/** Admins and approvers approve or reject posts that need approval; their own posts need none. */
export const canApprove = (actor: Pick<Actor, 'role'>) => actor.role === 'admin' || actor.role === 'approver';

/** The one check for approving or rejecting a post (admins and approvers). */
export function requireApprover(actor: Actor): void {
  if (!canApprove(actor))
    throw new AppError('forbidden', 'Only an approver or an administrator can approve or reject a post.');
}

export const systemActor = (organisationId: string, label = 'Postroom'): Actor => ({
  organisationId,
  role: 'admin',
  type: 'system',
  id: null,
  label,
});
