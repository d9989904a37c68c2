import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { and, eq, lt, ne, or, sql } from 'drizzle-orm';
import type { SessionConfig } from '../config.js';
import type { DbOrTx } from '../db/client.js';
import { organisations, sessions, signInFailures, users } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import type { Actor, Role, ServiceDeps } from './deps.js';

/** The cookie that carries the session id; only its SHA-256 is stored. */
export const SESSION_COOKIE = 'postroom_session';

export const DEFAULT_SESSION_CONFIG: SessionConfig = { idleMinutes: 30, maxHours: 12 };

/** After this many failed sign-ins in a row an account is locked, first for a minute, then twice as long each time. */
export const LOCK_AFTER_FAILURES = 5;
const FIRST_LOCK_MS = 60_000;
const LONGEST_LOCK_MS = 60 * 60_000;
/** Failures older than this are forgotten, so a mistyped password last week does not count. */
const FAILURE_MEMORY_MS = 24 * 60 * 60_000;
/** last_seen_at is written at most this often per session, so that reads stay reads. */
const TOUCH_GRANULARITY_MS = 60_000;

export const WRONG_CREDENTIALS = 'The e-mail address or password is not right.';

export interface SessionView {
  user: { id: string; email: string; name: string; role: Role };
  organisation: { id: string; slug: string; name: string };
  /** Send it back in X-CSRF-Token with every POST, PUT, PATCH and DELETE made with the cookie. */
  csrfToken: string;
}

export interface AuthenticatedSession extends SessionView {
  actor: Actor;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const hashSessionId = (sessionId: string) => sha256(sessionId);

/**
 * The session's CSRF token, derived from the secret session id (so it is stable for the session,
 * stored nowhere, and unknown to anyone who cannot read the HttpOnly cookie).
 */
export const csrfTokenFor = (sessionId: string) =>
  createHash('sha256').update(`postroom-csrf\0${sessionId}`).digest('base64url');

let dummyHash: Promise<string> | null = null;
/** A hash to verify against when no account has the e-mail, so both answers take as long. */
const hashForMissingUser = () => {
  dummyHash ??= hash(randomBytes(16).toString('hex'));
  return dummyHash;
};

function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

const lockedOut = (lockedUntil: Date, now: Date) => {
  const seconds = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
  return new AppError(
    'too_many_attempts',
    `Too many failed sign-ins for this account. Try again in ${waitText(seconds)}.`,
    { retryAfterSeconds: seconds },
  );
};

/** The lock after the n-th failure in a row: none before the fifth, then 1, 2, 4 … minutes, at most an hour. */
export function lockDurationMs(failures: number): number {
  if (failures < LOCK_AFTER_FAILURES) return 0;
  return Math.min(FIRST_LOCK_MS * 2 ** (failures - LOCK_AFTER_FAILURES), LONGEST_LOCK_MS);
}

/**
 * Reserves one password check for the address before the password is verified, in one atomic
 * statement: the attempt is counted as a failure up front, and the attempt that reaches the limit
 * sets the lock in the same statement. So however many sign-ins run at once, at most
 * {@link LOCK_AFTER_FAILURES} passwords are ever verified before the lock (and one more after
 * each lock ends). Returns the lock that refuses this attempt, or null when it may go ahead.
 */
async function reserveAttempt(
  deps: Pick<ServiceDeps, 'db'>,
  email: string,
  now: Date,
): Promise<{ refusedUntil: Date | null; lockedUntil: Date | null }> {
  const forgetBefore = new Date(now.getTime() - FAILURE_MEMORY_MS).toISOString();
  const nowText = now.toISOString();
  const failures = sql`(case when ${signInFailures.lastFailureAt} < ${forgetBefore}::timestamptz then 1 else ${signInFailures.failures} + 1 end)`;
  const [reserved] = await deps.db
    .insert(signInFailures)
    .values({ email, failures: 1, lastFailureAt: now })
    .onConflictDoUpdate({
      target: signInFailures.email,
      set: {
        failures,
        lastFailureAt: now,
        lockedUntil: sql`case when ${failures} >= ${LOCK_AFTER_FAILURES}
          then ${nowText}::timestamptz + least(${FIRST_LOCK_MS} * power(2, least(${failures} - ${LOCK_AFTER_FAILURES}, 20)), ${LONGEST_LOCK_MS}) * interval '1 millisecond'
          else null end`,
      },
      // A locked address reserves nothing: the row is left as it is and no row comes back.
      setWhere: sql`${signInFailures.lockedUntil} is null or ${signInFailures.lockedUntil} <= ${nowText}::timestamptz`,
    })
    .returning({ lockedUntil: signInFailures.lockedUntil });
  if (reserved) return { refusedUntil: null, lockedUntil: reserved.lockedUntil };
  const [row] = await deps.db
    .select({ lockedUntil: signInFailures.lockedUntil })
    .from(signInFailures)
    .where(eq(signInFailures.email, email));
  return { refusedUntil: row?.lockedUntil ?? now, lockedUntil: row?.lockedUntil ?? null };
}

/**
 * Signs a user in with e-mail and password and opens a session. A wrong e-mail and a wrong password
 * get the same answer after the same work; repeated failures lock the address for a while.
 * Returns the session id for the cookie: it is not stored anywhere.
 */
export async function signIn(
  deps: ServiceDeps,
  settings: SessionConfig,
  input: { email: string; password: string },
): Promise<SessionView & { sessionId: string }> {
  const email = input.email.trim().toLowerCase();
  const now = deps.clock.now();
  const attempt = await reserveAttempt(deps, email, now);
  if (attempt.refusedUntil) throw lockedOut(attempt.refusedUntil, now);

  const [found] = await deps.db
    .select({ user: users, organisation: organisations })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(sql`lower(${users.email})`, email));
  const passwordHash = found?.user.passwordHash ?? (await hashForMissingUser());
  const matches = await verify(passwordHash, input.password).catch(() => false);
  if (!found || !matches) {
    // The failure was counted when the attempt was reserved; the last allowed one also set the lock.
    if (attempt.lockedUntil) throw lockedOut(attempt.lockedUntil, now);
    throw new AppError('unauthorized', WRONG_CREDENTIALS);
  }

  const sessionId = randomBytes(32).toString('base64url');
  const { user, organisation } = found;
  await deps.db.transaction(async (tx) => {
    // The right password ends the run of failures, and the lock its own reservation may have set.
    await tx.delete(signInFailures).where(eq(signInFailures.email, email));
    // Housekeeping: this user's ended sessions go as a new one starts.
    await tx
      .delete(sessions)
      .where(
        and(
          eq(sessions.userId, user.id),
          or(
            lt(sessions.expiresAt, now),
            lt(sessions.lastSeenAt, new Date(now.getTime() - settings.idleMinutes * 60_000)),
          ),
        ),
      );
    await tx.insert(sessions).values({
      userId: user.id,
      tokenHash: hashSessionId(sessionId),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + settings.maxHours * 3_600_000),
    });
    await tx.update(users).set({ lastSignInAt: now }).where(eq(users.id, user.id));
  });
  return {
    sessionId,
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
    organisation: { id: organisation.id, slug: organisation.slug, name: organisation.name },
    csrfToken: csrfTokenFor(sessionId),
  };
}

/**
 * The signed-in user of a session cookie, or null when the session is unknown or has ended (idle
 * for too long, or past its absolute expiry; an ended session is deleted). The role is read on
 * every request, so a change of role applies at once.
 */
export async function authenticateSession(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  settings: SessionConfig,
  sessionId: string,
): Promise<AuthenticatedSession | null> {
  if (sessionId.length === 0 || sessionId.length > 200) return null;
  const [row] = await deps.db
    .select({ session: sessions, user: users, organisation: organisations })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(sessions.tokenHash, hashSessionId(sessionId)));
  if (!row) return null;
  const { session, user, organisation } = row;
  const now = deps.clock.now();
  const idleMs = now.getTime() - session.lastSeenAt.getTime();
  if (now >= session.expiresAt || idleMs >= settings.idleMinutes * 60_000) {
    await deps.db.delete(sessions).where(eq(sessions.id, session.id));
    return null;
  }
  if (idleMs >= TOUCH_GRANULARITY_MS) {
    await deps.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, session.id));
  }
  return {
    actor: {
      organisationId: organisation.id,
      role: user.role,
      type: 'user',
      id: user.id,
      label: user.name,
      sessionId: session.id,
    },
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
    organisation: { id: organisation.id, slug: organisation.slug, name: organisation.name },
    csrfToken: csrfTokenFor(sessionId),
  };
}

/** Ends the session of this cookie; ending it again changes nothing. */
export async function signOut(deps: Pick<ServiceDeps, 'db'>, sessionId: string): Promise<void> {
  await deps.db.delete(sessions).where(eq(sessions.tokenHash, hashSessionId(sessionId)));
}

/** Ends every session of a user but, optionally, the one making the request. */
export async function endUserSessions(tx: DbOrTx, userId: string, keepSessionId?: string): Promise<void> {
  await tx
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), keepSessionId ? ne(sessions.id, keepSessionId) : undefined));
}
