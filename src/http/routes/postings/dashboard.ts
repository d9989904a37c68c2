import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceDeps } from '../../../services/deps.js';
import { COMPARED_AT_MOST, dashboard } from '../../../services/postings/dashboard.js';
import { actorOf } from '../../auth.js';
import { errorBodySchema } from '../../errors.js';
import { tags } from './schemas.js';

const countsSchema = z.object({
  connectionId: z.uuid(),
  connectionName: z.string(),
  board: z.string().describe('The board id: the vacancy list filters by it (`?board=`)'),
  boardLabel: z.string(),
  live: z.number().int().describe('Adverts posted on the board, changes on their way included'),
  expiringSoon: z
    .number()
    .int()
    .describe(
      "Live adverts that end on the board within 7 days (today included), by the board's advert life",
    ),
  failed: z.number().int(),
  uncertain: z.number().int(),
  outOfDate: z
    .number()
    .int()
    .describe('Postings whose board values differ from what the vacancy (plus the overrides) now gives'),
});

export const dashboardResponseSchema = z
  .object({
    connections: z
      .array(countsSchema)
      .describe("Each of the organisation's board connections, by name, with its postings counted by state"),
    partial: z
      .boolean()
      .describe(
        `True when the organisation has more than ${COMPARED_AT_MOST} postings that follow their vacancy: \`expiringSoon\` and \`outOfDate\` then count the newest ${COMPARED_AT_MOST} (the other counts are always complete)`,
      ),
  })
  .meta({ id: 'Dashboard' });

/** GET /dashboard: what is live where. */
export function dashboardRoute(app: FastifyInstance, deps: ServiceDeps) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/dashboard',
    {
      schema: {
        tags,
        operationId: 'getDashboard',
        summary: "What's live where",
        description:
          'Per board connection: how many adverts are live, expiring within 7 days, failed, uncertain and out of date. The vacancy list takes the same filters (`board`, `postingStatus`, `expiring`, `outOfDate`).',
        response: { 200: dashboardResponseSchema, 401: errorBodySchema },
      },
    },
    async (request) => dashboard(deps, actorOf(request)),
  );
}
