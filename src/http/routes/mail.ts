import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceDeps } from '../../services/deps.js';
import {
  getPreferences,
  listMails,
  notificationPreferencesSchema,
  setPreferences,
} from '../../services/mail/outbox.js';
import { actorOf } from '../auth.js';
import { errorBodySchema } from '../errors.js';
import { present } from '../present.js';

const timestamp = z.iso.datetime();
export const mailSchema = z.object({
  id: z.uuid(),
  kind: z
    .string()
    .describe(
      'application_received, application_confirmation, application_digest, posting_failed, posting_uncertain, webhook_disabled',
    ),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  status: z
    .enum(['queued', 'sent', 'kept', 'failed'])
    .describe('`kept`: no SMTP_URL, so the mail stays in this outbox'),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: timestamp,
  sentAt: timestamp.nullable(),
});

/** The outbox (admins) and each person's e-mail preferences. */
export async function mailRoutes(app: FastifyInstance, deps: ServiceDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['E-mail'];

  r.get(
    '/mails',
    {
      schema: {
        tags,
        operationId: 'listMails',
        summary: 'The e-mails Postroom sent or keeps (admins)',
        description:
          'Newest first. Without SMTP_URL (the embedded demo) mails are kept here instead of sent.',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
        response: {
          200: z.object({ items: z.array(mailSchema) }),
          401: errorBodySchema,
          403: errorBodySchema,
          422: errorBodySchema,
        },
      },
    },
    async (request) => ({
      items: present(await listMails(deps, actorOf(request), { limit: request.query.limit })),
    }),
  );

  r.get(
    '/me/notifications',
    {
      schema: {
        tags,
        operationId: 'getNotificationPreferences',
        summary: 'Your application e-mails: each, daily digest or none',
        description: 'For a signed-in person; an API token has no preferences (409).',
        response: { 200: notificationPreferencesSchema, 401: errorBodySchema, 409: errorBodySchema },
      },
    },
    async (request) => getPreferences(deps, actorOf(request)),
  );

  r.put(
    '/me/notifications',
    {
      schema: {
        tags,
        operationId: 'setNotificationPreferences',
        summary: 'Choose your application e-mails',
        body: notificationPreferencesSchema,
        response: {
          200: notificationPreferencesSchema,
          401: errorBodySchema,
          409: errorBodySchema,
          422: errorBodySchema,
        },
      },
    },
    async (request) => setPreferences(deps, actorOf(request), request.body),
  );
}
