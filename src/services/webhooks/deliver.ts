import { and, eq, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { events, users, webhookAttempts, webhookDeliveries, webhookEndpoints } from '../../db/schema.js';
import { recordActivity } from '../activity.js';
import { systemActor } from '../deps.js';
import { queueMail } from '../mail/queue-mail.js';
import { assertOutboundAllowed } from '../outbound.js';
import type { WebhookDeps } from './endpoints.js';
import { webhookBody } from './payload.js';
import { signatureHeader, signingSecrets } from './signing.js';

export interface DeliveryOptions {
  /** Wait before each attempt, in ms (POSTROOM_WEBHOOK_RETRY_SCHEDULE). */
  retryScheduleMs: readonly number[];
  /** POSTROOM_WEBHOOK_DISABLE_AFTER. */
  disableAfterMs: number;
}

/** Standard Webhooks: a delivery succeeded when the receiver answered 2xx within 15 seconds. */
const TIMEOUT_MS = 15_000;
/** How much of a receiver's answer the delivery log keeps. */
const BODY_EXCERPT = 2_000;

type Outcome = { status: number | null; body: string | null; error: string | null };

/** The start of the answer (2,000 characters at most), without reading a large body to its end. */
export async function excerpt(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (text.length < BODY_EXCERPT) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel().catch(() => undefined);
  return text.slice(0, BODY_EXCERPT);
}

async function call(
  deps: WebhookDeps,
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<Outcome> {
  try {
    await assertOutboundAllowed(url, deps.outboundAllow);
    // A redirect is not followed (it could lead anywhere) and counts as a failure.
    const response = await deps.fetch(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    return { status: response.status, body: await excerpt(response), error: null };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    return { status: null, body: null, error: timedOut ? 'No answer within 15 seconds' : message };
  }
}

/**
 * Runs one delivery attempt and records it; schedules the next attempt or gives up; disables an
 * endpoint that has failed for too long. Returns nothing: every outcome is in the database.
 */
export async function runWebhookDelivery(deps: WebhookDeps, options: DeliveryOptions, deliveryId: string) {
  const [found] = await deps.db
    .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints, event: events })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.id, deliveryId));
  if (!found || found.delivery.status !== 'pending') return;
  const { delivery, endpoint, event } = found;
  const now = deps.clock.now();
  if (!endpoint.enabled) {
    await deps.db
      .update(webhookDeliveries)
      .set({ status: 'failed', nextAttemptAt: null, updatedAt: now })
      .where(eq(webhookDeliveries.id, delivery.id));
    return;
  }
  if (event.type === 'posting.status_changed' && (await waitForEarlier(deps, delivery, now))) return;

  const body = webhookBody(event, deps.publicUrl);
  const timestamp = Math.floor(now.getTime() / 1000);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Postroom-Webhooks/1.0',
    'webhook-id': event.webhookId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatureHeader(
      signingSecrets(deps.secretBox, endpoint, now),
      event.webhookId,
      timestamp,
      body,
    ),
  };
  const started = performance.now();
  const outcome = await call(deps, endpoint.url, headers, body);
  const durationMs = Math.round(performance.now() - started);
  const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
  const finished = deps.clock.now();

  await deps.db.transaction(async (tx) => {
    await tx.insert(webhookAttempts).values({
      deliveryId: delivery.id,
      startedAt: now,
      durationMs,
      request: { url: endpoint.url, headers, body },
      responseStatus: outcome.status,
      responseBody: outcome.body,
      error: outcome.error,
    });
    const attempts = delivery.attempts + 1;
    if (ok) {
      await tx
        .update(webhookDeliveries)
        .set({ status: 'succeeded', attempts, nextAttemptAt: null, updatedAt: finished })
        .where(eq(webhookDeliveries.id, delivery.id));
      await tx
        .update(webhookEndpoints)
        .set({ failingSince: null })
        .where(eq(webhookEndpoints.id, endpoint.id));
      return;
    }
    const wait = options.retryScheduleMs[attempts];
    const next = wait === undefined ? null : new Date(finished.getTime() + wait);
    await tx
      .update(webhookDeliveries)
      .set({ status: next ? 'pending' : 'failed', attempts, nextAttemptAt: next, updatedAt: finished })
      .where(eq(webhookDeliveries.id, delivery.id));
    if (next)
      await deps.queue.enqueueNotification(
        tx,
        { kind: 'webhook', deliveryId: delivery.id },
        { startAfter: next },
      );
    await noteFailure(deps, tx, options, endpoint, finished);
  });
}

/** Order per resource: while an earlier change of the same posting is still pending, this one waits. */
async function waitForEarlier(
  deps: WebhookDeps,
  delivery: typeof webhookDeliveries.$inferSelect,
  now: Date,
): Promise<boolean> {
  const [earlier] = await deps.db
    .select({ nextAttemptAt: webhookDeliveries.nextAttemptAt })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.endpointId, delivery.endpointId),
        eq(webhookDeliveries.resourceId, delivery.resourceId),
        lt(webhookDeliveries.eventId, delivery.eventId),
        eq(webhookDeliveries.status, 'pending'),
      ),
    )
    .limit(1);
  if (!earlier) return false;
  const soon = new Date(now.getTime() + 1_000);
  const at = earlier.nextAttemptAt && earlier.nextAttemptAt > soon ? earlier.nextAttemptAt : soon;
  await deps.db.transaction((tx) =>
    deps.queue.enqueueNotification(tx, { kind: 'webhook', deliveryId: delivery.id }, { startAfter: at }),
  );
  return true;
}

/** Starts or continues the endpoint's failure window; past it, the endpoint is disabled and its admins told. */
async function noteFailure(
  deps: WebhookDeps,
  tx: DbOrTx,
  options: DeliveryOptions,
  endpoint: typeof webhookEndpoints.$inferSelect,
  now: Date,
) {
  const [row] = await tx
    .update(webhookEndpoints)
    .set({ failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${now.toISOString()}::timestamptz)` })
    .where(and(eq(webhookEndpoints.id, endpoint.id), eq(webhookEndpoints.enabled, true)))
    .returning({ failingSince: webhookEndpoints.failingSince });
  if (!row?.failingSince || now.getTime() - row.failingSince.getTime() < options.disableAfterMs) return;
  const reason = `Disabled after failing since ${row.failingSince.toISOString()}`;
  await tx
    .update(webhookEndpoints)
    .set({ enabled: false, disabledReason: reason, updatedAt: now })
    .where(eq(webhookEndpoints.id, endpoint.id));
  const actor = systemActor(endpoint.organisationId);
  await recordActivity(
    tx,
    actor,
    { type: 'webhook', id: endpoint.id },
    'disabled',
    { enabled: { from: true, to: false } },
    now,
  );
  const admins = await tx
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.organisationId, endpoint.organisationId), eq(users.role, 'admin')));
  for (const admin of admins)
    await queueMail(deps, tx, {
      organisationId: endpoint.organisationId,
      kind: 'webhook_disabled',
      to: admin.email,
      subject: 'A webhook endpoint was disabled',
      text: [
        `Postroom stopped sending webhooks to ${endpoint.url}: every delivery has failed since ${row.failingSince.toISOString()}.`,
        '',
        `See its deliveries and enable it again under Admin → Webhooks: ${deps.publicUrl}/app/admin/webhooks`,
      ].join('\n'),
    });
}
