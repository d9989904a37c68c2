import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getMappings, MAX_ENTRIES, replaceMapping } from '../../services/connection-mappings.js';
import type { ServiceDeps } from '../../services/deps.js';
import { actorOf } from '../auth.js';
import { errorBodySchema } from '../errors.js';
import { present } from '../present.js';
import { idParamsSchema } from '../schemas.js';

export const mappingTableSchema = z
  .object({
    key: z.string().describe('The table, as /connections/{id}/mappings/{key} names it'),
    setting: z.string().describe('The connection setting that holds it (an object of tables)'),
    label: z.string(),
    description: z.string().describe("What it is for and where the board's ids come from"),
    from: z
      .object({
        label: z.string(),
        hint: z.string(),
        options: z
          .array(z.object({ value: z.string(), label: z.string() }))
          .optional()
          .describe("Postroom's values to choose from; absent: free text, matched in any case"),
        maxLength: z.number().int(),
      })
      .describe("Postroom's side of each row"),
    to: z
      .object({
        label: z.string(),
        hint: z.string(),
        pattern: z.string().describe('A regular expression every id must match'),
        error: z.string().describe('What an id that does not match is told'),
      })
      .describe("The board's side of each row: its id"),
  })
  .meta({ id: 'MappingTable' });

const entrySchema = z
  .object({
    from: z.string({ error: 'Enter the value Postroom sends' }).max(200),
    to: z.string({ error: "Enter the board's id for it" }).max(200),
  })
  .strict();

export const mappingSchema = mappingTableSchema
  .extend({
    entries: z
      .array(z.object({ from: z.string(), to: z.string() }))
      .describe("The rows: Postroom's value → the board's id"),
  })
  .meta({ id: 'Mapping' });

const errors = { 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 422: errorBodySchema };

/** GET /connections/{id}/mappings and PUT /connections/{id}/mappings/{key}: a board's id tables (admins). */
export function connectionMappingRoutes(app: FastifyInstance, deps: ServiceDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Connections'];
  r.get(
    '/connections/:id/mappings',
    {
      schema: {
        tags,
        operationId: 'listConnectionMappings',
        summary: "A connection's id tables (admins)",
        description:
          "The tables of the board's ids an admin keeps on this connection (e.g. StepStone's category ids, whose lists are not public), each with its rows. Empty for a board that needs none.",
        params: idParamsSchema,
        response: { 200: z.object({ items: z.array(mappingSchema) }), ...errors },
      },
    },
    async (request) => ({ items: present(await getMappings(deps, actorOf(request), request.params.id)) }),
  );

  r.put(
    '/connections/:id/mappings/:key',
    {
      schema: {
        tags,
        operationId: 'replaceConnectionMapping',
        summary: "Replace one of a connection's id tables (admins)",
        description: `Replaces every row of the table \`key\` (see GET /connections/{id}/mappings). Each row is checked: Postroom's value present, one of the table's options when it has some, not repeated (in any case); the board's id matching the table's pattern. Problems are reported on \`entries.<n>.from\` or \`entries.<n>.to\`. At most ${MAX_ENTRIES} rows; an empty list clears the table. Postings already sent keep what they were sent with.`,
        params: idParamsSchema.extend({ key: z.string().max(50) }),
        body: z
          .object({
            entries: z.array(entrySchema).max(MAX_ENTRIES, `A table holds at most ${MAX_ENTRIES} rows`),
          })
          .strict(),
        response: { 200: mappingSchema, ...errors },
      },
    },
    async (request) =>
      present(
        await replaceMapping(
          deps,
          actorOf(request),
          request.params.id,
          request.params.key,
          request.body.entries,
        ),
      ),
  );
}
