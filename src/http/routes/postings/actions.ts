import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceDeps } from '../../../services/deps.js';
import { closePosting } from '../../../services/postings/close-posting.js';
import type { Posting } from '../../../services/postings/posting-record.js';
import { refreshPosting } from '../../../services/postings/refresh-posting.js';
import { resolvePosting } from '../../../services/postings/resolve-posting.js';
import { retryPosting } from '../../../services/postings/retry-posting.js';
import { actorOf } from '../../auth.js';
import { present } from '../../present.js';
import { idParamsSchema } from '../../schemas.js';
import { fieldsSchema, postingErrors, postingResponseSchema, tags } from './schemas.js';

type ActionRequest = FastifyRequest<{ Params: { id: string }; Body: unknown }>;

interface PostingAction {
  path: string;
  summary: string;
  description: string;
  body?: z.ZodType;
  handler: (request: ActionRequest) => Promise<Posting>;
}

const retryBody = z.object({ fields: fieldsSchema.optional() }).strict();
const resolveBody = z.discriminatedUnion('exists', [
  z.object({ exists: z.literal(true), externalId: z.string().max(200).optional() }).strict(),
  z.object({ exists: z.literal(false) }).strict(),
]);

function actions(deps: ServiceDeps): PostingAction[] {
  return [
    {
      path: 'close',
      summary: 'Close a posting',
      description:
        'Closes the advert on the board (closing → closed). A posting never sent closes at once; on a board that posts drafts, the draft is closed on the board.',
      handler: (request) => closePosting(deps, actorOf(request), request.params.id),
    },
    {
      path: 'retry',
      summary: 'Try a failed posting again',
      description:
        'After fixing what failed (the fields, given here, or the connection). The fields are checked again first.',
      body: retryBody.nullish(),
      handler: (request) =>
        retryPosting(
          deps,
          actorOf(request),
          request.params.id,
          (request.body as z.infer<typeof retryBody> | undefined)?.fields,
        ),
    },
    {
      path: 'resolve',
      summary: 'Settle an uncertain posting',
      description:
        'Say what you found on the board: the advert exists (`{"exists": true, "externalId": "…"}`: it is posted), or it does not (`{"exists": false}`: Postroom sends it).',
      body: resolveBody,
      handler: (request) =>
        resolvePosting(
          deps,
          actorOf(request),
          request.params.id,
          request.body as z.infer<typeof resolveBody>,
        ),
    },
    {
      path: 'refresh',
      summary: "Check the advert's state on the board now",
      description:
        'For boards that report it (e.g. whether the employer has published a draft on the board, or whether the report on a delivered file has come). Postroom also checks every 15 minutes.',
      handler: (request) => refreshPosting(deps, actorOf(request), request.params.id),
    },
  ];
}

/** POST /postings/{id}/close, retry, resolve and refresh: each answers 202 with the posting. */
export function postingActionRoutes(app: FastifyInstance, deps: ServiceDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  for (const { path, summary, description, body, handler } of actions(deps)) {
    r.post(
      `/postings/:id/${path}`,
      {
        schema: {
          tags,
          operationId: `${path}Posting`,
          summary,
          description,
          params: idParamsSchema,
          ...(body ? { body } : {}),
          response: { 202: postingResponseSchema, ...postingErrors },
        },
      },
      async (request, reply) => reply.status(202).send(present(await handler(request as ActionRequest))),
    );
  }
}
