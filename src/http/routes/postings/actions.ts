import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceDeps } from '../../../services/deps.js';
import { approvePosting, rejectPosting } from '../../../services/postings/approvals.js';
import { closePosting } from '../../../services/postings/close-posting.js';
import type { Posting } from '../../../services/postings/posting-record.js';
import { refreshPosting } from '../../../services/postings/refresh-posting.js';
import { relistOrExtendPosting } from '../../../services/postings/relist-or-extend.js';
import { renewPosting } from '../../../services/postings/renew-posting.js';
import { reschedulePosting } from '../../../services/postings/reschedule-posting.js';
import { resolvePosting } from '../../../services/postings/resolve-posting.js';
import { retryPosting } from '../../../services/postings/retry-posting.js';
import { actorOf } from '../../auth.js';
import { errorBodySchema } from '../../errors.js';
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
const rescheduleBody = z
  .object({
    scheduleAt: z.iso
      .datetime({ offset: true })
      .describe('The new time to post at: in the future, on or before the closing date'),
  })
  .strict();
const resolveBody = z.discriminatedUnion('exists', [
  z.object({ exists: z.literal(true), externalId: z.string().max(200).optional() }).strict(),
  z.object({ exists: z.literal(false) }).strict(),
]);

const rejectBody = z
  .object({
    reason: z
      .string({ error: 'Give a reason for the rejection' })
      .trim()
      .min(1, 'Give a reason for the rejection')
      .max(1000, 'The reason must be 1,000 characters or fewer'),
  })
  .strict();

function actions(deps: ServiceDeps): PostingAction[] {
  return [
    {
      path: 'approve',
      summary: 'Approve a post awaiting approval (approvers and admins)',
      description:
        'The posting goes out as the post would have (queued, or scheduled), and its cost counts from now. Only a posting `awaiting_approval` can be approved (else 409); a recruiter gets 403. An organisation that refuses posts over budget refuses the approval too when the connection’s month would go over (422 on `connectionId`).',
      handler: (request) => approvePosting(deps, actorOf(request), request.params.id),
    },
    {
      path: 'reject',
      summary: 'Reject a post awaiting approval, with a reason (approvers and admins)',
      description:
        'The posting ends as `rejected` with the reason shown, and nothing is ever sent to the board; the person who posted is told (activity log, e-mail). A recruiter gets 403.',
      body: rejectBody,
      handler: (request) =>
        rejectPosting(
          deps,
          actorOf(request),
          request.params.id,
          (request.body as z.infer<typeof rejectBody>).reason,
        ),
    },
    {
      path: 'close',
      summary: 'Close a posting',
      description:
        'Closes the advert on the board (closing → closed). A posting never sent closes at once (this cancels a scheduled posting); on a board that posts drafts, the draft is closed on the board.',
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
      path: 'reschedule',
      summary: 'Post a scheduled posting at another time',
      description:
        'Only a `scheduled` posting (409 otherwise). The time follows the rules of `scheduleAt` when posting: in the future, on or before the closing date. To cancel it, close it.',
      body: rescheduleBody,
      handler: (request) =>
        reschedulePosting(
          deps,
          actorOf(request),
          request.params.id,
          new Date((request.body as z.infer<typeof rescheduleBody>).scheduleAt),
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
      path: 'relist',
      summary: 'Relist an advert that ran out on its board',
      description:
        "On a board whose adverts run out there and can be relisted (`capabilities.relist` on the posting; it says what it costs, e.g. one Reed credit): an `expired` posting whose advert's run ended on the board (not one Postroom closed at the vacancy's closing date) goes back on the board for a new run from today. A job sends it (updating → posted); a refusal leaves it expired with the board's reason. Refused (409) on another board, in another state, when the vacancy's closing date has passed, or when the vacancy has another open posting through the connection. A lost answer is never re-sent: the posting stays expired and says to look on the board first.",
      handler: (request) => relistOrExtendPosting(deps, actorOf(request), request.params.id, 'relist'),
    },
    {
      path: 'extend',
      summary: "Extend a live advert's run on its board",
      description:
        "On a board that extends adverts (`capabilities.extend` on the posting; it says what it costs, e.g. one Reed credit): a `posted` advert's run restarts from today for its days on the board, so `advertEnd` moves on. A job sends it (updating → posted); a refusal leaves it posted with the board's reason. Refused (409) on another board or in another state. A lost answer is never re-sent: the posting stays posted and says to look on the board first.",
      handler: (request) => relistOrExtendPosting(deps, actorOf(request), request.params.id, 'extend'),
    },
    {
      path: 'renew',
      summary: "Renew a posting's advert before it ends on the board",
      description:
        'On a board with a fixed advert life that allows it (`capabilities.renews` on the posting), as the board allows: the advert is closed on the board and posted again as a new posting (`renewedFrom` links it to this one), with the vacancy’s current values and this posting’s overrides. Answers with the new posting. Exactly once: asking again answers with the same renewal. A renewal is a new advert, so a board that charges for adverts charges for it.',
      handler: (request) => renewPosting(deps, actorOf(request), request.params.id),
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

/** POST /postings/{id}/approve, reject, close, retry, reschedule, resolve, relist, extend, renew and refresh: each answers 202 with the posting (renew: the new one). */
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
          response: { 202: postingResponseSchema, 403: errorBodySchema, ...postingErrors },
        },
      },
      async (request, reply) => reply.status(202).send(present(await handler(request as ActionRequest))),
    );
  }
}
