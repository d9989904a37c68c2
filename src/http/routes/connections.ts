import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { describeBoard } from '../../boards/json-schema.js';
import { boardIds, listBoards } from '../../boards/registry.js';
import {
  connectionNameSchema,
  createConnection,
  deleteConnection,
  getConnection,
  listConnections,
  updateConnection,
} from '../../services/connections.js';
import type { ServiceDeps } from '../../services/deps.js';
import { actorOf } from '../auth.js';
import { errorBodySchema } from '../errors.js';
import { present } from '../present.js';
import { idParamsSchema } from '../schemas.js';
import { connectionMappingRoutes, mappingTableSchema } from './connection-mappings.js';

export const connectionResponseSchema = z
  .object({
    id: z.uuid(),
    board: z.string(),
    boardLabel: z.string(),
    name: z.string(),
    settings: z.record(z.string(), z.unknown()).describe('The settings that are not secret'),
    secretsSet: z
      .record(z.string(), z.boolean())
      .describe('For each secret setting, whether it holds a value (values are never returned)'),
    requiresApproval: z
      .boolean()
      .describe('A recruiter’s post through this connection waits for an approver (admin or approver)'),
    costPence: z
      .number()
      .int()
      .nullable()
      .describe('What one posting costs, in pence (GBP); null: not recorded'),
    monthlyBudgetPence: z
      .number()
      .int()
      .nullable()
      .describe(
        'The most spent through this connection in a calendar month (UTC), in pence; null: no budget',
      ),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Connection' });

const settingSchema = z
  .object({
    title: z.string().optional(),
    description: z.string().optional(),
    type: z.union([z.string(), z.array(z.string())]).optional(),
    enum: z.array(z.string()).optional(),
  })
  .loose();

const pence = (what: string) =>
  z
    .number({ error: `${what} must be a whole number of pence` })
    .int(`${what} must be a whole number of pence`)
    .min(0, `${what} cannot be negative`)
    .max(100_000_000, `${what} must be at most £1,000,000`)
    .nullable()
    .optional();

/** The spending settings of a connection, as create and change take them (admins). */
const spendingBody = {
  requiresApproval: z
    .boolean({ error: 'Needs approval must be true or false' })
    .optional()
    .describe('A recruiter’s post through this connection waits for an approver'),
  costPence: pence('Cost per posting').describe('What one posting costs, in pence (GBP); null clears it'),
  monthlyBudgetPence: pence('Monthly budget').describe(
    'The most spent through this connection in a calendar month, in pence; null: no budget',
  ),
};

export const boardResponseSchema = z
  .object({
    id: z.string().describe('The board id, as connections and postings name it'),
    label: z.string(),
    description: z.string(),
    cost: z
      .string()
      .optional()
      .describe('What the board charges, in plain words (boards that spend credits), shown when posting'),
    connectionSettings: z
      .object({
        properties: z.record(z.string(), settingSchema).optional(),
        required: z.array(z.string()).optional(),
        'x-postroom': z.object({ secrets: z.array(z.string()).describe('Settings kept encrypted') }),
      })
      .loose()
      .describe("JSON Schema of the connection's settings"),
    postingFields: z
      .record(z.string(), z.unknown())
      .describe('JSON Schema of the posting fields, with form hints under `x-postroom`'),
    fields: z
      .array(z.looseObject({ key: z.string(), label: z.string(), type: z.string() }))
      .describe('The declared posting fields: key, label, type, limits, when shown or required'),
    mappingTables: z
      .array(mappingTableSchema)
      .describe(
        "Tables of the board's ids an admin keeps per connection (GET and PUT /connections/{id}/mappings/{key}); the setting named in `setting` is edited there, not in the settings form",
      ),
  })
  .meta({ id: 'Board' });

const errors = { 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 422: errorBodySchema };

export async function connectionRoutes(app: FastifyInstance, deps: ServiceDeps) {
  boardsRoute(app);
  connectionListRoutes(app, deps);
  connectionMappingRoutes(app, deps);
}

/** GET /boards: every board with its settings and fields, as JSON Schema. */
function boardsRoute(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/boards',
    {
      schema: {
        tags: ['Boards'],
        operationId: 'listBoards',
        summary: 'The boards Postroom can post to',
        description:
          "Each board's connection settings and posting fields, as JSON Schema with form hints under `x-postroom` (labels, sections, when a field is shown or required, live counters, options that depend on another field).",
        response: {
          200: z.object({ items: z.array(boardResponseSchema) }),
          401: errorBodySchema,
        },
      },
    },
    async () => ({ items: present(listBoards().map(describeBoard)) }),
  );
}

/** An organisation's board connections: list and create them (one connection's routes follow). */
function connectionListRoutes(app: FastifyInstance, deps: ServiceDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Connections'];
  r.get(
    '/connections',
    {
      schema: {
        tags,
        operationId: 'listConnections',
        summary: "The organisation's board connections",
        description:
          'Any member may list them, to choose where to post. Secret settings show only whether they are set.',
        response: { 200: z.object({ items: z.array(connectionResponseSchema) }), 401: errorBodySchema },
      },
    },
    async (request) => ({ items: present(await listConnections(deps, actorOf(request))) }),
  );

  r.post(
    '/connections',
    {
      schema: {
        tags,
        operationId: 'createConnection',
        summary: 'Connect a board (admins)',
        description:
          "`settings` follow the board's `connectionSettings` schema (see GET /boards). Secret settings (passwords, API keys) are encrypted at rest and never returned.",
        body: z
          .object({
            board: z.enum(boardIds() as [string, ...string[]], {
              error: `Board must be one of: ${boardIds().join(', ')}`,
            }),
            name: connectionNameSchema,
            settings: z.record(z.string(), z.unknown()).default({}),
            ...spendingBody,
          })
          .strict(),
        response: { 201: connectionResponseSchema, 409: errorBodySchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(present(await createConnection(deps, actorOf(request), request.body))),
  );

  oneConnectionRoutes(app, deps);
}

/** One connection: read, change (secrets again when the address changes), delete. */
function oneConnectionRoutes(app: FastifyInstance, deps: ServiceDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Connections'];
  r.get(
    '/connections/:id',
    {
      schema: {
        tags,
        operationId: 'getConnection',
        summary: 'Read a connection',
        params: idParamsSchema,
        response: { 200: connectionResponseSchema, ...errors },
      },
    },
    async (request) => present(await getConnection(deps, actorOf(request), request.params.id)),
  );

  r.patch(
    '/connections/:id',
    {
      schema: {
        tags,
        operationId: 'updateConnection',
        summary: 'Change a connection (admins)',
        description:
          'Settings are merged: leave a secret out to keep it, send it to replace it; `null` removes an optional setting. `requiresApproval`, `costPence` and `monthlyBudgetPence` govern posting through the connection (see docs/postings.md, "Approvals and spend").',
        params: idParamsSchema,
        body: z
          .object({
            name: connectionNameSchema.optional(),
            settings: z.record(z.string(), z.unknown()).optional(),
            ...spendingBody,
          })
          .strict(),
        response: { 200: connectionResponseSchema, 409: errorBodySchema, ...errors },
      },
    },
    async (request) =>
      present(await updateConnection(deps, actorOf(request), request.params.id, request.body)),
  );

  r.delete(
    '/connections/:id',
    {
      schema: {
        tags,
        operationId: 'deleteConnection',
        summary: 'Remove a connection (admins)',
        description: 'The connection is archived: postings made through it keep their history.',
        params: idParamsSchema,
        response: { 204: z.null().describe('Removed'), ...errors },
      },
    },
    async (request, reply) => {
      await deleteConnection(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
