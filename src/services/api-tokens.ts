import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { builtOnce } from '../db/client.js';
import { apiTokens, contentVersions, organisations } from '../db/schema.js';
import { AppError, isUuid, notFound } from '../domain/errors.js';
import { recordActivity } from './activity.js';
import { type Actor, type Role, requireAdmin, type ServiceDeps } from './deps.js';

export const tokenNameSchema = z
  .string({ error: 'Enter a name for the token' })
  .trim()
  .min(1, 'Enter a name for the token')
  .max(100, 'Token name must be 100 characters or fewer');

export interface ApiToken {
  id: string;
  name: string;
  /** The first characters of the token, to tell tokens apart; never enough to use it. */
  prefix: string;
  role: Role;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const TOKEN_PREFIX = 'pr_';
// last_used_at is written at most this often per token, so that reads stay reads.
const LAST_USED_GRANULARITY_MS = 60_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

type TokenRow = typeof apiTokens.$inferSelect;
const toApiToken = (r: TokenRow): ApiToken => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  role: r.role,
  createdAt: r.createdAt,
  lastUsedAt: r.lastUsedAt ?? null,
  revokedAt: r.revokedAt ?? null,
});

/**
 * Creates an API token. The token itself is returned only here: Postroom keeps only its hash.
 * `actor` is null when the operator creates the first token from the command line.
 */
export async function createApiToken(
  deps: ServiceDeps,
  organisationId: string,
  input: { name: string; role?: Role },
  actor: Actor | null,
): Promise<{ token: string; apiToken: ApiToken }> {
  if (actor) requireAdmin(actor, 'create API tokens');
  const name = tokenNameSchema.safeParse(input.name);
  if (!name.success) {
    throw new AppError('validation_failed', 'The token has invalid fields.', {
      issues: [{ path: 'name', message: name.error.issues[0]!.message }],
    });
  }
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const [row] = await tx
      .insert(apiTokens)
      .values({
        organisationId,
        name: name.data,
        tokenHash: hashToken(token),
        prefix: token.slice(0, TOKEN_PREFIX.length + 6),
        role: input.role ?? 'admin',
        createdAt: now,
      })
      .returning();
    const by: Actor = actor ?? {
      organisationId,
      role: 'admin',
      type: 'system',
      id: null,
      label: 'Command line',
    };
    await recordActivity(
      tx,
      by,
      { type: 'token', id: row!.id },
      'created',
      { name: { from: null, to: name.data } },
      now,
    );
    return { token, apiToken: toApiToken(row!) };
  });
}

/** The token with this hash, unless revoked, built once: every API request reads it. */
const tokenByHash = builtOnce((db) =>
  db
    .select({
      id: apiTokens.id,
      organisationId: apiTokens.organisationId,
      name: apiTokens.name,
      role: apiTokens.role,
      lastUsedAt: apiTokens.lastUsedAt,
      contentVersion: contentVersions.version,
    })
    .from(apiTokens)
    .innerJoin(organisations, eq(organisations.id, apiTokens.organisationId))
    .leftJoin(contentVersions, eq(contentVersions.organisationId, apiTokens.organisationId))
    .where(and(eq(apiTokens.tokenHash, sql.placeholder('tokenHash')), isNull(apiTokens.revokedAt)))
    .prepare('postroom_token_by_hash'),
);

/** The actor a bearer token stands for, or null when it is unknown or revoked. */
export async function authenticateToken(deps: ServiceDeps, token: string): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const [row] = await tokenByHash(deps.db).execute({ tokenHash: hashToken(token) });
  if (!row) return null;
  const now = deps.clock.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    await deps.db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  return {
    organisationId: row.organisationId,
    role: row.role,
    type: 'token',
    id: row.id,
    label: `API token "${row.name}"`,
    contentVersion: row.contentVersion ?? 0,
  };
}

export async function listApiTokens(deps: Pick<ServiceDeps, 'db'>, actor: Actor): Promise<ApiToken[]> {
  requireAdmin(actor, 'see API tokens');
  const rows = await deps.db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.organisationId, actor.organisationId))
    .orderBy(desc(apiTokens.createdAt));
  return rows.map(toApiToken);
}

/** Revokes a token at once; revoking it again changes nothing. */
export async function revokeApiToken(deps: ServiceDeps, actor: Actor, id: string): Promise<ApiToken> {
  requireAdmin(actor, 'revoke API tokens');
  if (!isUuid(id)) throw notFound('API token');
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.id, id), eq(apiTokens.organisationId, actor.organisationId)));
    if (!row) throw notFound('API token');
    if (row.revokedAt) return toApiToken(row);
    const now = deps.clock.now();
    const [updated] = await tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(eq(apiTokens.id, id))
      .returning();
    await recordActivity(tx, actor, { type: 'token', id }, 'revoked', {}, now);
    return toApiToken(updated!);
  });
}
