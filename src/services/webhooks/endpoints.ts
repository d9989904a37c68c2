import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { webhookEndpoints } from '../../db/schema.js';
import { AppError, isUuid, notFound } from '../../domain/errors.js';
import { recordActivity } from '../activity.js';
import { type Actor, requireAdmin, type ServiceDeps } from '../deps.js';
import { assertOutboundAllowed, OutboundRefused } from '../outbound.js';
import { EVENT_TYPES, type EventType } from './event-types.js';
import { newSigningSecret, rotatedSecrets, sealSecrets } from './signing.js';

export const webhookInputSchema = z
  .object({
    url: z
      .url({ protocol: /^https?$/, error: 'Enter an address starting with https://' })
      .max(2000)
      .describe('Where Postroom POSTs the events (https:// in production)'),
    description: z.string().trim().max(200).default('').describe('What the endpoint is for'),
    events: z
      .array(z.enum(EVENT_TYPES))
      .min(1, 'Choose at least one event')
      .describe('The events this endpoint receives'),
  })
  .strict();
export type WebhookInput = z.infer<typeof webhookInputSchema>;

export const webhookPatchSchema = z
  .object({
    url: webhookInputSchema.shape.url.optional(),
    description: z.string().trim().max(200).optional(),
    events: webhookInputSchema.shape.events.optional(),
    enabled: z.boolean().optional().describe('false pauses deliveries; true re-enables a disabled endpoint'),
  })
  .strict();
export type WebhookPatch = z.infer<typeof webhookPatchSchema>;

export type WebhookRow = typeof webhookEndpoints.$inferSelect;

/** An endpoint as the API shows it: never its secrets. */
export interface Webhook {
  id: string;
  url: string;
  description: string;
  events: EventType[];
  enabled: boolean;
  disabledReason: string | null;
  failingSince: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const toWebhook = (row: WebhookRow): Webhook => ({
  id: row.id,
  url: row.url,
  description: row.description,
  // Written only through webhookInputSchema, so every entry is an EventType.
  events: row.events as EventType[],
  enabled: row.enabled,
  disabledReason: row.disabledReason,
  failingSince: row.failingSince,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/** What webhook services need beyond the usual: the operator's allowed private addresses. */
export type WebhookDeps = ServiceDeps & { outboundAllow: readonly string[] };

async function checkUrl(deps: WebhookDeps, url: string) {
  try {
    await assertOutboundAllowed(url, deps.outboundAllow);
  } catch (error) {
    if (!(error instanceof OutboundRefused)) throw error;
    throw new AppError('validation_failed', 'Postroom cannot send webhooks to this address.', {
      issues: [{ path: 'url', message: error.message }],
    });
  }
}

/** The endpoint of the actor's organisation, or 404 (another organisation's id included). */
export async function loadWebhook(
  deps: Pick<ServiceDeps, 'db'>,
  actor: Actor,
  id: string,
): Promise<WebhookRow> {
  if (!isUuid(id)) throw notFound('Webhook');
  const [row] = await deps.db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.organisationId, actor.organisationId)));
  if (!row) throw notFound('Webhook');
  return row;
}

export async function listWebhooks(deps: ServiceDeps, actor: Actor): Promise<Webhook[]> {
  requireAdmin(actor, 'manage webhooks');
  const rows = await deps.db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.organisationId, actor.organisationId))
    .orderBy(asc(webhookEndpoints.createdAt));
  return rows.map(toWebhook);
}

export async function getWebhook(deps: ServiceDeps, actor: Actor, id: string): Promise<Webhook> {
  requireAdmin(actor, 'manage webhooks');
  return toWebhook(await loadWebhook(deps, actor, id));
}

/** Creates an endpoint; its signing secret is in this answer only. */
export async function createWebhook(
  deps: WebhookDeps,
  actor: Actor,
  input: WebhookInput,
): Promise<{ webhook: Webhook; secret: string }> {
  requireAdmin(actor, 'manage webhooks');
  await checkUrl(deps, input.url);
  const id = randomUUID();
  const secret = newSigningSecret();
  const now = deps.clock.now();
  const secrets = sealSecrets(
    deps.secretBox,
    { organisationId: actor.organisationId, id },
    {
      keys: [{ secret, until: null }],
    },
  );
  const row = await deps.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(webhookEndpoints)
      .values({ id, organisationId: actor.organisationId, ...input, secrets, createdAt: now, updatedAt: now })
      .returning();
    await recordActivity(
      tx,
      actor,
      { type: 'webhook', id },
      'created',
      { url: { from: null, to: input.url } },
      now,
    );
    return created!;
  });
  return { webhook: toWebhook(row), secret };
}

export async function updateWebhook(
  deps: WebhookDeps,
  actor: Actor,
  id: string,
  patch: WebhookPatch,
): Promise<Webhook> {
  requireAdmin(actor, 'manage webhooks');
  const row = await loadWebhook(deps, actor, id);
  if (patch.url) await checkUrl(deps, patch.url);
  const now = deps.clock.now();
  const reenabled = patch.enabled === true && !row.enabled;
  const [updated] = await deps.db
    .update(webhookEndpoints)
    .set({
      ...patch,
      // Re-enabling starts a new failure window.
      ...(reenabled ? { disabledReason: null, failingSince: null } : {}),
      ...(patch.enabled === false ? { disabledReason: 'Paused by an administrator' } : {}),
      updatedAt: now,
    })
    .where(and(eq(webhookEndpoints.id, row.id), eq(webhookEndpoints.organisationId, actor.organisationId)))
    .returning();
  return toWebhook(updated!);
}

export async function deleteWebhook(deps: ServiceDeps, actor: Actor, id: string): Promise<void> {
  requireAdmin(actor, 'manage webhooks');
  const row = await loadWebhook(deps, actor, id);
  await deps.db.transaction(async (tx) => {
    await tx
      .delete(webhookEndpoints)
      .where(and(eq(webhookEndpoints.id, row.id), eq(webhookEndpoints.organisationId, actor.organisationId)));
    await recordActivity(tx, actor, { type: 'webhook', id: row.id }, 'deleted', {}, deps.clock.now());
  });
}

/** A new signing secret, shown once; the old one keeps signing for 24 hours beside it. */
export async function rotateWebhookSecret(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
): Promise<{ secret: string }> {
  requireAdmin(actor, 'manage webhooks');
  const row = await loadWebhook(deps, actor, id);
  const secret = newSigningSecret();
  const now = deps.clock.now();
  const secrets = sealSecrets(deps.secretBox, row, rotatedSecrets(deps.secretBox, row, secret, now));
  await deps.db.transaction(async (tx) => {
    await tx
      .update(webhookEndpoints)
      .set({ secrets, updatedAt: now })
      .where(and(eq(webhookEndpoints.id, row.id), eq(webhookEndpoints.organisationId, actor.organisationId)));
    await recordActivity(tx, actor, { type: 'webhook', id: row.id }, 'secret_rotated', {}, now);
  });
  return { secret };
}
