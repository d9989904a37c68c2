import { and, eq, isNull, lte } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { idempotencyKeys } from '../db/schema.js';
import type { ServiceDeps } from './deps.js';

/** How long the first answer to a key is given again (Stripe and the IETF draft keep 24 hours). */
export const IDEMPOTENCY_KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
/**
 * A key still "in progress" this long after its request started belongs to a process that died
 * mid-request (no request runs this long: bodies are at most 1 MB and board calls are queued), so
 * a retry may take it over instead of waiting for an answer that will never come.
 */
const ABANDONED_AFTER_MS = 5 * 60 * 1000;

/** Whose keys these are: one caller's keys never answer another caller. */
export interface IdempotencyScope {
  organisationId: string;
  /** `token:<id>`, `user:<id>` or `system:<label>`. */
  principal: string;
  key: string;
}

/** The answer kept for a key: what a retry of the request gets back. */
export interface StoredAnswer {
  status: number;
  contentType: string;
  /** Other headers of the first answer that a client acts on (Location, ETag). */
  headers: Record<string, string>;
  body: string;
}

export type Claim =
  | { kind: 'claimed'; id: string }
  | { kind: 'replay'; answer: StoredAnswer }
  | { kind: 'mismatch' }
  | { kind: 'in_progress' };

const sealContext = (id: string) => `idempotency:${id}`;

/** What a key already taken means for a request with this fingerprint, at `now`. */
export type KeyVerdict = 'stale' | 'mismatch' | 'in_progress' | 'answered';

/**
 * `stale`: expired, or in progress so long that its process died (take it over); `mismatch`: the
 * key was used for another request; `in_progress`: its first request has no answer yet;
 * `answered`: give the kept answer again.
 */
export function keyVerdict(
  row: { fingerprint: string; createdAt: Date; expiresAt: Date; responseStatus: number | null },
  fingerprint: string,
  now: Date,
): KeyVerdict {
  const abandoned =
    row.responseStatus === null && row.createdAt.getTime() < now.getTime() - ABANDONED_AFTER_MS;
  if (row.expiresAt <= now || abandoned) return 'stale';
  if (row.fingerprint !== fingerprint) return 'mismatch';
  return row.responseStatus === null ? 'in_progress' : 'answered';
}

/**
 * Takes the key for this request, or says what became of it: the unique index on
 * (organisation, principal, key) lets exactly one of several concurrent requests claim it.
 */
export async function claimIdempotencyKey(
  deps: ServiceDeps,
  scope: IdempotencyScope,
  fingerprint: string,
): Promise<Claim> {
  const now = deps.clock.now();
  // Twice at most: a stale row found on the first pass is deleted, then the key is claimed afresh.
  for (let pass = 0; pass < 2; pass++) {
    const [inserted] = await deps.db
      .insert(idempotencyKeys)
      .values({
        ...scope,
        fingerprint,
        createdAt: now,
        expiresAt: new Date(now.getTime() + IDEMPOTENCY_KEY_LIFETIME_MS),
      })
      .onConflictDoNothing({
        target: [idempotencyKeys.organisationId, idempotencyKeys.principal, idempotencyKeys.key],
      })
      .returning({ id: idempotencyKeys.id });
    if (inserted) return { kind: 'claimed', id: inserted.id };

    const [row] = await deps.db
      .select()
      .from(idempotencyKeys)
      .where(
        and(
          eq(idempotencyKeys.organisationId, scope.organisationId),
          eq(idempotencyKeys.principal, scope.principal),
          eq(idempotencyKeys.key, scope.key),
        ),
      );
    if (!row) continue; // completed with a 5xx and released meanwhile: claim it now
    const verdict = keyVerdict(row, fingerprint, now);
    if (verdict === 'stale') {
      await deps.db.delete(idempotencyKeys).where(eq(idempotencyKeys.id, row.id));
      continue;
    }
    if (verdict === 'mismatch' || verdict === 'in_progress') return { kind: verdict };
    if (row.responseStatus === null || row.response === null) return { kind: 'in_progress' };
    const sealed = deps.secretBox.open(row.response, sealContext(row.id));
    return {
      kind: 'replay',
      answer: {
        status: row.responseStatus,
        contentType: sealed.contentType ?? 'application/json; charset=utf-8',
        headers: JSON.parse(sealed.headers ?? '{}') as Record<string, string>,
        body: sealed.body ?? '',
      },
    };
  }
  return { kind: 'in_progress' };
}

/** Keeps the first answer, sealed: some answers show a secret once (a new API token). */
export async function completeIdempotencyKey(deps: ServiceDeps, id: string, answer: StoredAnswer) {
  const response = deps.secretBox.seal(
    { contentType: answer.contentType, headers: JSON.stringify(answer.headers), body: answer.body },
    sealContext(id),
  );
  await deps.db
    .update(idempotencyKeys)
    .set({ responseStatus: answer.status, response })
    .where(and(eq(idempotencyKeys.id, id), isNull(idempotencyKeys.responseStatus)));
}

/** Gives the key back when no answer is worth keeping (a 5xx): the client's retry does the work. */
export async function releaseIdempotencyKey(deps: ServiceDeps, id: string) {
  await deps.db
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.id, id), isNull(idempotencyKeys.responseStatus)));
}

/** Deletes keys past their 24 hours (claims ignore them anyway; this keeps the table small). */
export async function purgeExpiredIdempotencyKeys(db: DbOrTx, now: Date) {
  await db.delete(idempotencyKeys).where(lte(idempotencyKeys.expiresAt, now));
}
