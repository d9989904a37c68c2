import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db/client.js';
import { type ActivityChanges, users } from '../db/schema.js';
import { AppError, issuesFromZod, isUniqueViolation, isUuid, notFound } from '../domain/errors.js';
import { passwordSchema, roleSchema, userEmailSchema, userNameSchema } from '../domain/organisation.js';
import { recordActivity } from './activity.js';
import { type Actor, type Role, requireAdmin, type ServiceDeps } from './deps.js';
import { endUserSessions } from './sessions.js';

export const newUserSchema = z
  .object({ email: userEmailSchema, name: userNameSchema, role: roleSchema, password: passwordSchema })
  .strict();
export type NewUser = z.input<typeof newUserSchema>;

export const userPatchSchema = z
  .object({ name: userNameSchema, role: roleSchema, password: passwordSchema })
  .partial()
  .strict();
export type UserPatch = z.input<typeof userPatchSchema>;

/** A person who signs in to the web app. The password hash never leaves this module. */
export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
  lastSignInAt: Date | null;
}

type UserRow = typeof users.$inferSelect;
const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  createdAt: row.createdAt,
  lastSignInAt: row.lastSignInAt ?? null,
});

function parse<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new AppError('validation_failed', `The ${what} has invalid fields.`, {
      issues: issuesFromZod(parsed.error.issues),
    });
  }
  return parsed.data;
}

const emailTaken = (email: string) =>
  new AppError('conflict', `A user with the e-mail ${email} already exists.`, {
    issues: [{ path: 'email', message: 'This e-mail address already has an account' }],
  });

/** A password for a new user when the operator does not choose one: 18 random bytes, 24 characters. */
export const generatePassword = () => randomBytes(18).toString('base64url');

/** The organisation's users, by name. */
export async function listUsers(deps: Pick<ServiceDeps, 'db'>, actor: Actor): Promise<User[]> {
  requireAdmin(actor, 'see the users');
  const rows = await deps.db
    .select()
    .from(users)
    .where(eq(users.organisationId, actor.organisationId))
    .orderBy(asc(sql`lower(${users.name})`), asc(users.email));
  return rows.map(toUser);
}

/**
 * Adds a user to an organisation (admins). `actor` is null when the operator adds one from the
 * command line.
 */
export async function createUser(
  deps: ServiceDeps,
  organisationId: string,
  input: NewUser,
  actor: Actor | null,
): Promise<User> {
  if (actor) requireAdmin(actor, 'add users');
  const data = parse(newUserSchema, input, 'user');
  const passwordHash = await hash(data.password);
  const by: Actor = actor ?? {
    organisationId,
    role: 'admin',
    type: 'system',
    id: null,
    label: 'Command line',
  };
  try {
    return await deps.db.transaction(async (tx) => {
      const now = deps.clock.now();
      const [row] = await tx
        .insert(users)
        .values({
          organisationId,
          email: data.email,
          name: data.name,
          role: data.role,
          passwordHash,
          createdAt: now,
        })
        .returning();
      await recordActivity(
        tx,
        by,
        { type: 'user', id: row!.id },
        'created',
        {
          email: { from: null, to: data.email },
          name: { from: null, to: data.name },
          role: { from: null, to: data.role },
        },
        now,
      );
      return toUser(row!);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_unique')) throw emailTaken(data.email);
    throw error;
  }
}

async function loadUserForUpdate(tx: DbOrTx, actor: Actor, id: string): Promise<UserRow> {
  if (!isUuid(id)) throw notFound('User');
  const [row] = await tx
    .select()
    .from(users)
    .where(and(eq(users.id, id), eq(users.organisationId, actor.organisationId)))
    .for('update');
  if (!row) throw notFound('User');
  return row;
}

/** Refuses to leave the organisation without an administrator; locks the admins so two requests cannot race. */
async function requireAnotherAdmin(tx: DbOrTx, actor: Actor, row: UserRow, doing: string): Promise<void> {
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.organisationId, actor.organisationId), eq(users.role, 'admin')))
    .for('update');
  if (admins.every((a) => a.id === row.id)) {
    throw new AppError(
      'conflict',
      `${row.name} is the only administrator; make another user an administrator before you ${doing}.`,
    );
  }
}

/** Renames a user, changes their role or sets a new password (which ends their other sessions). */
export async function updateUser(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
  patch: UserPatch,
): Promise<User> {
  requireAdmin(actor, 'change users');
  const data = parse(userPatchSchema, patch, 'user');
  const passwordHash = data.password !== undefined ? await hash(data.password) : undefined;
  return deps.db.transaction(async (tx) => {
    const row = await loadUserForUpdate(tx, actor, id);
    const demoting = row.role === 'admin' && data.role !== undefined && data.role !== 'admin';
    if (demoting && actor.type === 'user' && actor.id === row.id) {
      throw new AppError(
        'conflict',
        'You cannot take away your own administrator role; ask another administrator to do it.',
        { issues: [{ path: 'role', message: 'You cannot change your own role' }] },
      );
    }
    if (demoting)
      await requireAnotherAdmin(
        tx,
        actor,
        row,
        `make them ${data.role === 'approver' ? 'an approver' : 'a recruiter'}`,
      );
    const changes: ActivityChanges = {};
    if (data.name !== undefined && data.name !== row.name) changes.name = { from: row.name, to: data.name };
    if (data.role !== undefined && data.role !== row.role) changes.role = { from: row.role, to: data.role };
    // The log says that the password changed, never what it is.
    if (passwordHash) changes.password = { from: null, to: 'changed' };
    if (Object.keys(changes).length === 0) return toUser(row);
    const now = deps.clock.now();
    const [updated] = await tx
      .update(users)
      .set({
        ...(data.name !== undefined ? { name: data.name } : {}),
        ...(data.role !== undefined ? { role: data.role } : {}),
        ...(passwordHash ? { passwordHash } : {}),
      })
      .where(eq(users.id, row.id))
      .returning();
    if (passwordHash) {
      // Whoever knew the old password is signed out everywhere; the admin changing their own keeps this session.
      await endUserSessions(tx, row.id, actor.id === row.id ? actor.sessionId : undefined);
    }
    await recordActivity(tx, actor, { type: 'user', id: row.id }, 'updated', changes, now);
    return toUser(updated!);
  });
}

/** Removes a user and ends their sessions. Nobody removes themselves or the last administrator. */
export async function deleteUser(deps: ServiceDeps, actor: Actor, id: string): Promise<void> {
  requireAdmin(actor, 'remove users');
  await deps.db.transaction(async (tx) => {
    const row = await loadUserForUpdate(tx, actor, id);
    if (actor.type === 'user' && actor.id === row.id) {
      throw new AppError(
        'conflict',
        'You cannot remove your own account; ask another administrator to do it.',
      );
    }
    if (row.role === 'admin') await requireAnotherAdmin(tx, actor, row, 'remove them');
    await endUserSessions(tx, row.id);
    await tx.delete(users).where(eq(users.id, row.id));
    await recordActivity(
      tx,
      actor,
      { type: 'user', id: row.id },
      'deleted',
      { email: { from: row.email, to: null }, name: { from: row.name, to: null } },
      deps.clock.now(),
    );
  });
}
