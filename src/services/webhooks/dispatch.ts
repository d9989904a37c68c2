import { and, asc, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { events, webhookDeliveries, webhookEndpoints } from '../../db/schema.js';
import type { ServiceDeps } from '../deps.js';
import { queueEventMails } from '../mail/event-mails.js';

const BATCH = 100;

/**
 * Fans recorded events out, in one transaction per batch: a delivery (and its queue job) per
 * subscribed, enabled endpoint, and the e-mails the event causes. Events are taken in the order
 * they were written, locked so two workers never take the same one. Returns how many it took.
 */
export async function dispatchEvents(deps: ServiceDeps): Promise<number> {
  // Most looks find nothing: that takes one statement here rather than a transaction's three.
  const [waiting] = await deps.db
    .select({ id: events.id })
    .from(events)
    .where(isNull(events.dispatchedAt))
    .limit(1);
  if (!waiting) return 0;
  return deps.db.transaction(async (tx) => {
    const batch = await tx
      .select()
      .from(events)
      .where(isNull(events.dispatchedAt))
      .orderBy(asc(events.id))
      .limit(BATCH)
      .for('update', { skipLocked: true });
    for (const event of batch) {
      const endpoints = await tx
        .select({ id: webhookEndpoints.id })
        .from(webhookEndpoints)
        .where(
          and(
            eq(webhookEndpoints.organisationId, event.organisationId),
            eq(webhookEndpoints.enabled, true),
            sql`${webhookEndpoints.events} ? ${event.type}`,
          ),
        );
      for (const endpoint of endpoints) {
        const [delivery] = await tx
          .insert(webhookDeliveries)
          .values({
            organisationId: event.organisationId,
            endpointId: endpoint.id,
            eventId: event.id,
            resourceId: event.resourceId,
            nextAttemptAt: deps.clock.now(),
          })
          .returning({ id: webhookDeliveries.id });
        await deps.queue.enqueueNotification(tx, { kind: 'webhook', deliveryId: delivery!.id });
      }
      await queueEventMails(deps, tx, event);
      // An event no endpoint wanted has done its work (its mails are queued): keep the table small.
      if (endpoints.length === 0) await tx.delete(events).where(eq(events.id, event.id));
      else await tx.update(events).set({ dispatchedAt: deps.clock.now() }).where(eq(events.id, event.id));
    }
    return batch.length;
  });
}

/** How long the delivery log keeps an event, its deliveries and their attempts. */
export const DELIVERY_LOG_DAYS = 30;

/** Deletes the delivery log older than {@link DELIVERY_LOG_DAYS}; deliveries and attempts go with their event. */
export async function pruneDeliveryLog(deps: Pick<ServiceDeps, 'db'>, now: Date): Promise<void> {
  const before = new Date(now.getTime() - DELIVERY_LOG_DAYS * 86_400_000);
  await deps.db.delete(events).where(and(isNotNull(events.dispatchedAt), lt(events.createdAt, before)));
}
