import type { OpenAPIV3, OpenAPIV3_1 } from 'openapi-types';
import { z } from 'zod';
import { ADVERT_STATES } from '../domain/advert-state.js';
import { POSTING_STATUSES } from '../domain/posting.js';
import { EVENT_TYPES, type EventType } from '../services/webhooks/event-types.js';

// The bodies Postroom POSTs to webhook endpoints, for the OpenAPI document's `webhooks` section.
// Built by triggers (src/db/migrations/0007_webhooks_and_mail.sql) and services/webhooks/payload.ts.
const timestamp = z.iso.datetime().describe('ISO 8601 time, UTC');

const vacancy = z.object({
  id: z.uuid(),
  reference: z.string(),
  title: z.string(),
  status: z.enum(['draft', 'live', 'closed']),
  version: z.number().int(),
  employmentType: z.string(),
  location: z.record(z.string(), z.unknown()),
  salary: z.record(z.string(), z.unknown()).nullable(),
  closingDate: z.iso.date(),
  publishedAt: timestamp.nullable(),
  closedAt: timestamp.nullable(),
  updatedAt: timestamp,
});

const postingChange = z.object({
  posting: z.object({
    id: z.uuid(),
    vacancyId: z.uuid(),
    connectionId: z.uuid(),
    board: z.string().describe('The board id, as listed by GET /boards'),
    externalId: z.string().nullable(),
    externalUrl: z.string().nullable(),
  }),
  previousStatus: z.enum(POSTING_STATUSES),
  status: z.enum(POSTING_STATUSES).describe('Postroom’s normalised posting state'),
  statusText: z
    .string()
    .describe('The state in a recruiter’s words, e.g. "Draft created — publish it in NHS Jobs"'),
  boardStatus: z
    .string()
    .nullable()
    .describe('The board’s own status word for the advert, for boards that report it (see docs/boards/)'),
  advertState: z
    .enum(ADVERT_STATES)
    .nullable()
    .describe(
      'The advert’s state on the board in Postroom’s words, the same for every board, e.g. `published`',
    ),
  boardMessage: z.string().nullable().describe('The board’s own words about the last problem'),
  message: z.string().nullable().describe('Postroom’s explanation of the last problem'),
  uncertainReason: z.string().nullable(),
  changedAt: timestamp,
});

const application = z.object({
  application: z.object({
    id: z.uuid(),
    vacancyId: z.uuid(),
    name: z.string(),
    email: z.string(),
    phone: z.string(),
    source: z.object({ kind: z.enum(['board', 'careers', 'feed', 'unknown']), label: z.string() }),
    postingId: z.uuid().nullable(),
    cvType: z.enum(['pdf', 'docx']),
    cvSize: z.number().int(),
    cvUrl: z
      .url()
      .describe('GET it with your API token (`Authorization: Bearer …`); the CV is never in the webhook'),
    createdAt: timestamp,
  }),
});

const DATA: Record<EventType, { schema: z.ZodType; description: string }> = {
  'vacancy.published': {
    schema: z.object({ vacancy }),
    description: 'A vacancy went live on the careers site.',
  },
  'vacancy.updated': {
    schema: z.object({
      vacancy,
      changedFields: z.array(z.string()).describe('API names of the fields that changed'),
    }),
    description: 'A vacancy’s fields changed.',
  },
  'vacancy.closed': {
    schema: z.object({ vacancy }),
    description: 'A vacancy was closed (its postings close too).',
  },
  'posting.status_changed': {
    schema: postingChange,
    description:
      'A posting moved from one state to another. Deliveries for one posting arrive in order: one never arrives before the change it follows.',
  },
  'posting.out_of_date': {
    schema: z.object({ posting: z.object({ id: z.uuid(), vacancyId: z.uuid() }) }),
    description:
      'Reserved: emitted once out-of-date detection (a vacancy edit that a posting does not show yet) is built. Endpoints may subscribe now.',
  },
  'application.created': {
    schema: application,
    description: 'A candidate applied. No CV bytes: fetch `cvUrl`.',
  },
};

function bodySchema(type: EventType): OpenAPIV3.SchemaObject {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(
    z.object({ type: z.literal(type), timestamp, data: DATA[type].schema }),
    { target: 'draft-2020-12', io: 'output' },
  );
  // zod's JSON Schema 2020-12 is what OpenAPI 3.1 takes; only the TypeScript types differ.
  return schema as OpenAPIV3.SchemaObject;
}

/** OpenAPI 3.1 `webhooks`: one entry per event type, with the Standard Webhooks headers. */
export function webhookDocumentation(): Record<string, OpenAPIV3_1.PathItemObject> {
  const header = (description: string) => ({
    required: true,
    schema: { type: 'string' as const },
    description,
  });
  return Object.fromEntries(
    EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          operationId: `webhook_${type.replace('.', '_')}`,
          summary: type,
          description: `${DATA[type].description} Signed as in docs/webhooks.md (Standard Webhooks 1.0).`,
          parameters: [
            {
              in: 'header' as const,
              name: 'webhook-id',
              ...header('The event’s id: the same on every retry; drop duplicates by it'),
            },
            {
              in: 'header' as const,
              name: 'webhook-timestamp',
              ...header('Seconds since 1970 when this attempt was signed'),
            },
            {
              in: 'header' as const,
              name: 'webhook-signature',
              ...header('`v1,<base64 HMAC-SHA256>`, space separated during a secret rotation'),
            },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: bodySchema(type),
              },
            },
          },
          responses: {
            '200': { description: 'Any 2xx within 15 seconds is a success' },
            '4XX': { description: 'Any other answer, or none within 15 seconds, is retried on the schedule' },
          },
        },
      },
    ]),
  );
}
