import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceDeps } from '../../../services/deps.js';
import { BATCH_LIMIT, type BatchOutcome, runBatch } from '../../../services/postings/batch-postings.js';
import { actorOf } from '../../auth.js';
import { errorBodySchema, STATUS } from '../../errors.js';
import { present } from '../../present.js';
import { fieldsSchema, postingResponseSchema, tags } from './schemas.js';

const id = z.string().max(100);

const batchItemSchema = z.discriminatedUnion('action', [
  z
    .object({ action: z.literal('post'), vacancyId: id, connectionId: id, fields: fieldsSchema.optional() })
    .strict()
    .describe('Post a vacancy through a connection, as POST /vacancies/{id}/postings'),
  z
    .object({ action: z.literal('update'), postingId: id, fields: fieldsSchema.optional() })
    .strict()
    .describe(
      "Update a posting, as PATCH /postings/{id}: without fields it sends the vacancy's current values plus the overrides",
    ),
  z
    .object({ action: z.literal('close'), postingId: id })
    .strict()
    .describe('Close a posting, as POST /postings/{id}/close'),
]);

export const batchResultSchema = z
  .object({
    index: z.number().int().describe("The item's position in the request, from 0"),
    status: z
      .number()
      .int()
      .describe('What the single call would have answered: 202 when accepted, else 404, 409, 422…'),
    posting: postingResponseSchema.optional().describe('The posting, when accepted'),
    error: errorBodySchema.shape.error.optional().describe('Why the item was refused'),
  })
  .meta({ id: 'BatchResult' });

export const batchResponseSchema = z.object({
  succeeded: z.number().int().describe('Items accepted (status 202)'),
  failed: z.number().int().describe('Items refused'),
  results: z.array(batchResultSchema).describe('One result per item, in the order sent'),
});

const toResult = (outcome: BatchOutcome) =>
  'posting' in outcome
    ? { index: outcome.index, status: 202, posting: present(outcome.posting) }
    : {
        index: outcome.index,
        status: STATUS[outcome.error.code],
        error: { code: outcome.error.code, message: outcome.error.message, issues: outcome.error.issues },
      };

/** POST /postings/batch: many posts, updates and closes in one request, each answered on its own. */
export function batchPostingsRoute(app: FastifyInstance, deps: ServiceDeps) {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/postings/batch',
    {
      schema: {
        tags,
        operationId: 'batchPostings',
        summary: 'Post, update or close many postings at once',
        description: `Up to ${BATCH_LIMIT} items, each run as its own single call would run (the same checks, the same one-live-posting-per-connection rule) and answered on its own: one refused item never stops the others. The answer is 200 with one result per item, in order; only a malformed request (not a list of 1 to ${BATCH_LIMIT} well-formed items) answers 422. An Idempotency-Key makes a retry answer the first result again.`,
        body: z
          .object({
            items: z
              .array(batchItemSchema)
              .min(1, 'Send at least one item')
              .max(
                BATCH_LIMIT,
                `Send at most ${BATCH_LIMIT} items in one batch; split the rest into another`,
              ),
          })
          .strict(),
        response: { 200: batchResponseSchema, 401: errorBodySchema, 422: errorBodySchema },
      },
    },
    async (request) => {
      const outcomes = await runBatch(deps, actorOf(request), request.body.items, (err, index) =>
        request.log.error({ err, index }, 'batch item failed unexpectedly'),
      );
      const results = outcomes.map(toResult);
      const succeeded = results.filter((r) => r.status === 202).length;
      return { succeeded, failed: results.length - succeeded, results };
    },
  );
}
