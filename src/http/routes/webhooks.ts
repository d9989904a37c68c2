import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceDeps } from '../../services/deps.js';
import { listDeliveries, redeliver, sendTestEvent } from '../../services/webhooks/deliveries.js';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhooks,
  rotateWebhookSecret,
  updateWebhook,
  webhookInputSchema,
  webhookPatchSchema,
} from '../../services/webhooks/endpoints.js';
import { EVENT_TYPES } from '../../services/webhooks/event-types.js';
import { actorOf } from '../auth.js';
import { errorBodySchema } from '../errors.js';
import { present } from '../present.js';
import { idParamsSchema } from '../schemas.js';

const timestamp = z.iso.datetime();
export const webhookSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string(),
    events: z.array(z.enum(EVENT_TYPES)),
    enabled: z.boolean(),
    disabledReason: z.string().nullable().describe('Why deliveries stopped, when `enabled` is false'),
    failingSince: timestamp.nullable().describe('The first failed attempt since the last success'),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Webhook' });
const secretSchema = z
  .string()
  .describe('`whsec_` + base64: shown in this answer only. Verify signatures with it (docs/webhooks.md).');
/** A new endpoint's answer, and a rotation's: the signing secret, shown this once. */
export const createdWebhookSchema = webhookSchema.extend({ secret: secretSchema });
export const rotatedSecretSchema = z.object({ secret: secretSchema });
export const deliverySchema = z.object({
  id: z.uuid(),
  webhookId: z.string().describe('The `webhook-id` header: the same on every attempt'),
  eventType: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  attemptCount: z.number().int(),
  nextAttemptAt: timestamp.nullable(),
  createdAt: timestamp,
  attempts: z.array(
    z.object({
      startedAt: timestamp,
      durationMs: z.number().int(),
      request: z.object({ url: z.string(), headers: z.record(z.string(), z.string()), body: z.string() }),
      responseStatus: z.number().int().nullable(),
      responseBody: z.string().nullable().describe('The first 2,000 characters of the answer'),
      error: z.string().nullable().describe('Why there was no answer (refused, timed out …)'),
    }),
  ),
});

const errors = { 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const withDelivery = idParamsSchema.extend({ deliveryId: z.string().max(100) });

/** Webhook endpoints and their delivery log (admins); every query is scoped to the caller's organisation. */
export async function webhookRoutes(
  app: FastifyInstance,
  deps: ServiceDeps,
  options: { outboundAllow: readonly string[] },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Webhooks'];
  const webhookDeps = { ...deps, outboundAllow: options.outboundAllow };

  r.get(
    '/webhooks',
    {
      schema: {
        tags,
        operationId: 'listWebhooks',
        summary: 'List webhook endpoints (admins)',
        response: {
          200: z.object({ items: z.array(webhookSchema) }),
          401: errorBodySchema,
          403: errorBodySchema,
        },
      },
    },
    async (request) => ({ items: present(await listWebhooks(deps, actorOf(request))) }),
  );

  r.post(
    '/webhooks',
    {
      schema: {
        tags,
        operationId: 'createWebhook',
        summary: 'Add a webhook endpoint (admins)',
        description:
          'Postroom signs every delivery (Standard Webhooks 1.0). The signing `secret` is in this answer only. The address must be public unless the operator allows it (POSTROOM_BOARD_URL_ALLOW): otherwise 422 with an issue on `url`.',
        body: webhookInputSchema,
        response: { 201: createdWebhookSchema, ...errors, 422: errorBodySchema },
      },
    },
    async (request, reply) => {
      const { webhook, secret } = await createWebhook(webhookDeps, actorOf(request), request.body);
      return reply.status(201).send({ ...present(webhook), secret });
    },
  );

  r.get(
    '/webhooks/:id',
    {
      schema: {
        tags,
        operationId: 'getWebhook',
        summary: 'One webhook endpoint (admins)',
        params: idParamsSchema,
        response: { 200: webhookSchema, ...errors },
      },
    },
    async (request) => present(await getWebhook(deps, actorOf(request), request.params.id)),
  );

  r.patch(
    '/webhooks/:id',
    {
      schema: {
        tags,
        operationId: 'updateWebhook',
        summary: 'Change a webhook endpoint (admins)',
        description:
          'Change its address, description or events; `enabled: true` re-enables an endpoint Postroom disabled.',
        params: idParamsSchema,
        body: webhookPatchSchema,
        response: { 200: webhookSchema, ...errors, 422: errorBodySchema },
      },
    },
    async (request) =>
      present(await updateWebhook(webhookDeps, actorOf(request), request.params.id, request.body)),
  );

  r.delete(
    '/webhooks/:id',
    {
      schema: {
        tags,
        operationId: 'deleteWebhook',
        summary: 'Remove a webhook endpoint (admins)',
        params: idParamsSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await deleteWebhook(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/webhooks/:id/rotate-secret',
    {
      schema: {
        tags,
        operationId: 'rotateWebhookSecret',
        summary: 'Make a new signing secret (admins)',
        description:
          'For 24 hours deliveries carry two signatures, one per secret, so the receiver can switch without losing any.',
        params: idParamsSchema,
        response: { 200: rotatedSecretSchema, ...errors },
      },
    },
    async (request) => rotateWebhookSecret(deps, actorOf(request), request.params.id),
  );

  r.post(
    '/webhooks/:id/test',
    {
      schema: {
        tags,
        operationId: 'sendWebhookTestEvent',
        summary: 'Send a test event (admins)',
        description: 'Queues a `webhook.test` event to this endpoint only; see it under …/deliveries.',
        params: idParamsSchema,
        response: { 202: z.object({ deliveryId: z.uuid() }), ...errors, 409: errorBodySchema },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await sendTestEvent(deps, actorOf(request), request.params.id)),
  );

  r.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        operationId: 'listWebhookDeliveries',
        summary: 'The delivery log of an endpoint (admins)',
        description:
          'Newest first; each attempt with its request, the answer’s status and first 2,000 characters, and its duration.',
        params: idParamsSchema,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) }).strict(),
        response: { 200: z.object({ items: z.array(deliverySchema) }), ...errors, 422: errorBodySchema },
      },
    },
    async (request) => ({
      items: present(
        await listDeliveries(deps, actorOf(request), request.params.id, { limit: request.query.limit }),
      ),
    }),
  );

  r.post(
    '/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      schema: {
        tags,
        operationId: 'redeliverWebhook',
        summary: 'Send a delivery again (admins)',
        description: 'With the same `webhook-id`, so a receiver that already has it can drop it.',
        params: withDelivery,
        response: { 202: z.null(), ...errors, 409: errorBodySchema },
      },
    },
    async (request, reply) => {
      await redeliver(deps, actorOf(request), request.params.id, request.params.deliveryId);
      return reply.status(202).send(null);
    },
  );
}
