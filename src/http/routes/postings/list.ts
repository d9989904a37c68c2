import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { POSTING_STATUSES } from '../../../domain/posting.js';
import type { ServiceDeps } from '../../../services/deps.js';
import { listPostingSummaries } from '../../../services/postings/find-postings.js';
import { actorOf } from '../../auth.js';
import { errorBodySchema } from '../../errors.js';
import { present } from '../../present.js';
import { stateWordSchema, tags } from './schemas.js';

const listQuerySchema = z
  .object({
    status: z.enum(POSTING_STATUSES).optional(),
    vacancyReference: z.string().max(50).optional(),
    vacancyId: z
      .union([
        z.uuid('vacancyId must be a vacancy id'),
        z
          .array(z.uuid('vacancyId must be a vacancy id'))
          .max(100, 'Ask for the postings of at most 100 vacancies at once'),
      ])
      .optional()
      .describe('A vacancy id; repeat the parameter for several (at most 100)'),
    limit: z.coerce.number().int().min(1).max(500).optional().describe('At most 500; default 100'),
  })
  .strict();

export const postingSummarySchema = z.object({
  id: z.uuid(),
  vacancyId: z.uuid(),
  vacancyReference: z.string(),
  vacancyTitle: z.string(),
  connectionName: z.string(),
  board: z.string(),
  status: z.enum(POSTING_STATUSES),
  statusText: z.string(),
  stateWord: stateWordSchema,
  externalId: z.string().nullable(),
  outOfDate: z
    .boolean()
    .describe(
      'True when the board holds other values than the vacancy now gives; GET /postings/{id} has the changes',
    ),
  updatedAt: z.iso.datetime(),
});

/** GET /postings: the organisation's postings in short. */
export function listPostingsRoute(app: FastifyInstance, deps: ServiceDeps) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/postings',
    {
      schema: {
        tags,
        operationId: 'listPostings',
        summary: "The organisation's postings",
        description:
          'Newest first, in short: vacancy, connection, state. Filter by `status`, `vacancyReference`, or `vacancyId` repeated for up to 100 vacancies (`?vacancyId=…&vacancyId=…`: the states of a page of the vacancy list in one request; then `limit` defaults to 500). Ids of other organisations match nothing.',
        querystring: listQuerySchema,
        response: {
          200: z.object({ items: z.array(postingSummarySchema) }),
          401: errorBodySchema,
          422: errorBodySchema,
        },
      },
    },
    async (request) => {
      const { vacancyId, limit, ...filters } = request.query;
      const vacancyIds =
        vacancyId === undefined ? undefined : Array.isArray(vacancyId) ? vacancyId : [vacancyId];
      return {
        items: present(
          await listPostingSummaries(deps, actorOf(request), {
            ...filters,
            vacancyIds,
            limit: limit ?? (vacancyIds ? 500 : 100),
          }),
        ),
      };
    },
  );
}
