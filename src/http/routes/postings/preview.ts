import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceDeps } from '../../../services/deps.js';
import { previewPosting } from '../../../services/preview-posting.js';
import { actorOf } from '../../auth.js';
import { errorBodySchema } from '../../errors.js';
import { idParamsSchema } from '../../schemas.js';
import { tags } from './schemas.js';

export const previewResponseSchema = z
  .object({
    connection: z.object({
      id: z.uuid(),
      name: z.string(),
      board: z.string(),
      requiresApproval: z
        .boolean()
        .describe(
          'A recruiter’s post through this connection waits for an approver (admins and approvers need none)',
        ),
      costPence: z
        .number()
        .int()
        .nullable()
        .describe('What one posting costs, in pence (GBP); null: not recorded'),
      monthlyBudgetPence: z
        .number()
        .int()
        .nullable()
        .describe('The connection’s monthly budget, in pence; null: none'),
    }),
    fields: z.record(z.string(), z.unknown()).describe('Pre-filled fields with the given ones on top'),
    prefilled: z.array(z.string()).describe('Fields filled from the vacancy or the organisation'),
    issues: z.array(
      z.object({
        path: z.string().describe('fields.<key>'),
        message: z.string(),
        severity: z.enum(['error', 'warning']).describe('error blocks sending; warning does not'),
      }),
    ),
    blocked: z.boolean().describe('True when an error stops the posting'),
    request: z
      .object({
        method: z.string(),
        url: z.string(),
        headers: z.record(z.string(), z.string()).optional(),
        body: z.unknown().optional(),
      })
      .describe('The request the board would receive, credentials redacted'),
  })
  .meta({ id: 'PostingPreview' });

/** POST /vacancies/{id}/postings/preview: what a posting would send, without sending it. */
export function previewPostingRoute(app: FastifyInstance, deps: ServiceDeps) {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/vacancies/:id/postings/preview',
    {
      schema: {
        tags,
        operationId: 'previewVacancyPosting',
        summary: 'Preview a posting: fields, problems and the exact request, without sending',
        description:
          "Pre-fills the board's fields from the vacancy and the organisation, puts the given `fields` on top, checks every rule of the board, and shows the request the board would receive (credentials redacted). Nothing is sent. With `postingId`, the fields are checked as an update of that posting.",
        params: idParamsSchema,
        body: z
          .object({
            connectionId: z.string().max(100).describe('The board connection to post through'),
            fields: z
              .record(z.string(), z.unknown())
              .optional()
              .describe('Board fields to set or override (see GET /boards)'),
            postingId: z
              .string()
              .max(100)
              .optional()
              .describe(
                "When changing a posting of this vacancy on this connection: its id. The fields are then checked as a change to the advert the board has: what the board charges for is a warning, a field it keeps as first accepted (`fixedOnceSent`) an error when changed, and the posting's own reference is not taken as an earlier posting's.",
              ),
          })
          .strict(),
        response: {
          200: previewResponseSchema,
          401: errorBodySchema,
          404: errorBodySchema,
          409: errorBodySchema,
          422: errorBodySchema,
        },
      },
    },
    async (request) => previewPosting(deps, actorOf(request), request.params.id, request.body),
  );
}
