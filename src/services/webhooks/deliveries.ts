import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { events, webhookAttempts, webhookDeliveries } from '../../db/schema.js';
import { AppError, isUuid, notFound } from '../../domain/errors.js';
import { type Actor, requireAdmin, type ServiceDeps } from '../deps.js';
import { loadWebhook } from './endpoints.js';
import { TEST_EVENT } from './event-types.js';

export interface DeliveryAttempt {
  startedAt: Date;
  durationMs: number;
  request: { url: string; headers: Record<string, string>; body: string };
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
}

export interface Delivery {
  id: string;
  webhookId: string;
  eventType: string;
  status: 'pending' | 'succeeded' | 'failed';
  attemptCount: number;
  nextAttemptAt: Date | null;
  createdAt: Date;
  attempts: DeliveryAttempt[];
}

/** The endpoint's deliveries, newest first, each with its attempts (oldest first). */
export async function listDeliveries(
  deps: ServiceDeps,
  actor: Actor,
  webhookId: string,
  options: { limit: number },
): Promise<Delivery[]> {
  requireAdmin(actor, 'manage webhooks');
  const endpoint = await loadWebhook(deps, actor, webhookId);
  const rows = await deps.db
    .select({ delivery: webhookDeliveries, event: events })
    .from(webhookDeliveries)
    .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
    .where(
      and(
        eq(webhookDeliveries.endpointId, endpoint.id),
        eq(webhookDeliveries.organisationId, actor.organisationId),
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.eventId))
    .limit(options.limit);
  const ids = rows.map((r) => r.delivery.id);
  const attempts = ids.length
    ? await deps.db
        .select()
        .from(webhookAttempts)
        .where(inArray(webhookAttempts.deliveryId, ids))
        .orderBy(asc(webhookAttempts.id))
    : [];
  return rows.map(({ delivery, event }) => ({
    id: delivery.id,
    webhookId: event.webhookId,
    eventType: event.type,
    status: delivery.status,
    attemptCount: delivery.attempts,
    nextAttemptAt: delivery.nextAttemptAt,
    createdAt: delivery.createdAt,
    attempts: attempts
      .filter((a) => a.deliveryId === delivery.id)
      .map((a) => ({
        startedAt: a.startedAt,
        durationMs: a.durationMs,
        request: a.request,
        responseStatus: a.responseStatus,
        responseBody: a.responseBody,
        error: a.error,
      })),
  }));
}

/** Sends the delivery again now, with the same `webhook-id`, and a fresh retry schedule. */
export async function redeliver(
  deps: ServiceDeps,
  actor: Actor,
  webhookId: string,
  deliveryId: string,
): Promise<void> {
  requireAdmin(actor, 'manage webhooks');
  const endpoint = await loadWebhook(deps, actor, webhookId);
  if (!endpoint.enabled)
    throw new AppError('invalid_state', 'This endpoint is disabled; enable it before redelivering.');
  if (!isUuid(deliveryId)) throw notFound('Delivery');
  await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookDeliveries)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: deps.clock.now(), updatedAt: deps.clock.now() })
      .where(
        and(
          eq(webhookDeliveries.id, deliveryId),
          eq(webhookDeliveries.endpointId, endpoint.id),
          eq(webhookDeliveries.organisationId, actor.organisationId),
        ),
      )
      .returning({ id: webhookDeliveries.id });
    if (!row) throw notFound('Delivery');
    await deps.queue.enqueueNotification(tx, { kind: 'webhook', deliveryId: row.id });
  });
  deps.queue.wake();
}

/** Sends a `webhook.test` event to this endpoint only, whatever events it chose. */
export async function sendTestEvent(
  deps: ServiceDeps,
  actor: Actor,
  webhookId: string,
): Promise<{ deliveryId: string }> {
  requireAdmin(actor, 'manage webhooks');
  const endpoint = await loadWebhook(deps, actor, webhookId);
  if (!endpoint.enabled)
    throw new AppError('invalid_state', 'This endpoint is disabled; enable it before sending a test event.');
  const now = deps.clock.now();
  const deliveryId = await deps.db.transaction(async (tx) => {
    const [event] = await tx
      .insert(events)
      .values({
        organisationId: actor.organisationId,
        type: TEST_EVENT,
        resourceId: endpoint.id,
        data: { webhook: { id: endpoint.id, url: endpoint.url }, message: 'A test event from Postroom.' },
        createdAt: now,
        dispatchedAt: now,
      })
      .returning({ id: events.id });
    const [delivery] = await tx
      .insert(webhookDeliveries)
      .values({
        organisationId: actor.organisationId,
        endpointId: endpoint.id,
        eventId: event!.id,
        resourceId: endpoint.id,
        nextAttemptAt: now,
        createdAt: now,
      })
      .returning({ id: webhookDeliveries.id });
    await deps.queue.enqueueNotification(tx, { kind: 'webhook', deliveryId: delivery!.id });
    return delivery!.id;
  });
  deps.queue.wake();
  return { deliveryId };
}
