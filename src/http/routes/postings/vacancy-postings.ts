import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceDeps } from '../../../services/deps.js';
import { createPosting } from '../../../services/postings/create-posting.js';
import { listVacancyPostings } from '../../../services/postings/find-postings.js';
import { updateOutOfDatePostings } from '../../../services/postings/update-out-of-date.js';
import { actorOf } from '../../auth.js';
import { errorBodySchema } from '../../errors.js';
import { present } from '../../present.js';
import { idParamsSchema } from '../../schemas.js';
import { changeSchema, fieldsSchema, postingErrors, postingResponseSchema, tags } from './schemas.js';

const updateOutcomeSchema = z.object({
  postingId: z.uuid(),
  board: z.string(),
  boardLabel: z.string(),
  outcome: z.enum(['updated', 'skipped']).describe('updated: the changes are on their way to the board'),
  reason: z
    .string()
    .nullable()
    .describe('Why it was skipped and what to do instead (e.g. edit it on the board)'),
  changes: z.array(changeSchema),
});

export const updateAllResponseSchema = z.object({
  updated: z.number().int().describe('Postings whose changes are on their way'),
  skipped: z.number().int(),
  items: z.array(updateOutcomeSchema),
});

/** A vacancy's postings: post it to a board, update the out-of-date ones, list them. */
export function vacancyPostingRoutes(app: FastifyInstance, deps: ServiceDeps) {
  createPostingRoute(app, deps);
  updateOutOfDateRoute(app, deps);
  listVacancyPostingsRoute(app, deps);
}

function createPostingRoute(app: FastifyInstance, deps: ServiceDeps) {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/vacancies/:id/postings',
    {
      schema: {
        tags,
        operationId: 'createVacancyPosting',
        summary: 'Post a vacancy to a board',
        description:
          "Checks the board's precondition and every field rule first: any blocking issue answers 422 and nothing is queued. Otherwise the posting and its job are written together and the answer is 202 with the posting (`queued`, or `scheduled` with `scheduleAt`). One live posting per vacancy and connection: a second answers 409 naming the first.",
        params: idParamsSchema,
        body: z
          .object({
            connectionId: z.string().max(100),
            fields: fieldsSchema.optional(),
            scheduleAt: z.iso
              .datetime({ offset: true })
              .optional()
              .describe('Post at this time instead of now'),
          })
          .strict(),
        response: { 202: postingResponseSchema, ...postingErrors },
      },
    },
    async (request, reply) => {
      const { scheduleAt, ...rest } = request.body;
      const posting = await createPosting(deps, actorOf(request), request.params.id, {
        ...rest,
        ...(scheduleAt ? { scheduleAt: new Date(scheduleAt) } : {}),
      });
      reply.header('location', `/api/v1/postings/${posting.id}`);
      return reply.status(202).send(present(posting));
    },
  );
}

function updateOutOfDateRoute(app: FastifyInstance, deps: ServiceDeps) {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/vacancies/:id/postings/update',
    {
      schema: {
        tags,
        operationId: 'updateOutOfDatePostings',
        summary: 'Update every out-of-date posting of a vacancy',
        description:
          "Sends the vacancy's current values, plus each posting's overrides, to every posting that is out of date (see `outOfDate` on a posting), through each board's own update. A posting the board will not let Postroom change (a draft published on the board) or one already being updated is skipped with the reason. Postings in step are left alone. Answers 202 with one item per out-of-date posting.",
        params: idParamsSchema,
        response: {
          202: updateAllResponseSchema,
          401: errorBodySchema.describe('No or an unknown token'),
          404: errorBodySchema.describe('No such vacancy in this organisation'),
        },
      },
    },
    async (request, reply) => {
      const items = await updateOutOfDatePostings(deps, actorOf(request), request.params.id);
      return reply.status(202).send({
        updated: items.filter((i) => i.outcome === 'updated').length,
        skipped: items.filter((i) => i.outcome === 'skipped').length,
        items,
      });
    },
  );
}

function listVacancyPostingsRoute(app: FastifyInstance, deps: ServiceDeps) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/vacancies/:id/postings',
    {
      schema: {
        tags,
        operationId: 'listVacancyPostings',
        summary: "A vacancy's postings",
        description: 'Newest first, each with every attempt and the board’s answers.',
        params: idParamsSchema,
        response: { 200: z.object({ items: z.array(postingResponseSchema) }), ...postingErrors },
      },
    },
    async (request) => ({
      items: present(await listVacancyPostings(deps, actorOf(request), request.params.id)),
    }),
  );
}
