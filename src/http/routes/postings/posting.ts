import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceDeps } from '../../../services/deps.js';
import { getPosting } from '../../../services/postings/find-postings.js';
import { setAutoRenew } from '../../../services/postings/renew-posting.js';
import { updatePosting } from '../../../services/postings/update-posting.js';
import { actorOf } from '../../auth.js';
import { present } from '../../present.js';
import { idParamsSchema } from '../../schemas.js';
import { fieldsSchema, postingErrors, postingResponseSchema, tags } from './schemas.js';

/** One posting: read it (with the proof of every attempt) and change its fields. */
export function singlePostingRoutes(app: FastifyInstance, deps: ServiceDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/postings/:id',
    {
      schema: {
        tags,
        operationId: 'getPosting',
        summary: 'Read a posting, with the proof of every attempt',
        params: idParamsSchema,
        response: { 200: postingResponseSchema, ...postingErrors },
      },
    },
    async (request) => present(await getPosting(deps, actorOf(request), request.params.id)),
  );

  r.patch(
    '/postings/:id',
    {
      schema: {
        tags,
        operationId: 'updatePosting',
        summary: 'Change a posting',
        description:
          'The given fields are merged with those sent and checked again. A posted advert is updated on the board (posted → updating → posted); one not sent yet goes with the new fields.',
        params: idParamsSchema,
        body: z.object({ fields: fieldsSchema }).strict(),
        response: { 202: postingResponseSchema, ...postingErrors },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(present(await updatePosting(deps, actorOf(request), request.params.id, request.body.fields))),
  );

  r.put(
    '/postings/:id/auto-renew',
    {
      schema: {
        tags,
        operationId: 'setPostingAutoRenew',
        summary: 'Renew the advert automatically until the vacancy closes',
        description:
          'With `autoRenew: true`, Postroom renews the advert (POST /postings/{id}/renew) by itself the day before it ends on the board, each time, until the vacancy closes; the renewal keeps the option. Only on boards that renew (`capabilities.renews`).',
        params: idParamsSchema,
        body: z.object({ autoRenew: z.boolean({ error: 'autoRenew must be true or false' }) }).strict(),
        response: { 200: postingResponseSchema, ...postingErrors },
      },
    },
    async (request) =>
      present(await setAutoRenew(deps, actorOf(request), request.params.id, request.body.autoRenew)),
  );
}
