import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { POSTING_STATUSES } from '../../domain/posting.js';
import type { ServiceDeps } from '../../services/deps.js';
import { closePosting } from '../../services/postings/close-posting.js';
import { createPosting } from '../../services/postings/create-posting.js';
import {
  getPosting,
  listPostingSummaries,
  listVacancyPostings,
} from '../../services/postings/find-postings.js';
import type { Posting } from '../../services/postings/posting-record.js';
import { refreshPosting } from '../../services/postings/refresh-posting.js';
import { resolvePosting } from '../../services/postings/resolve-posting.js';
import { retryPosting } from '../../services/postings/retry-posting.js';
import { updateOutOfDatePostings } from '../../services/postings/update-out-of-date.js';
import { updatePosting } from '../../services/postings/update-posting.js';
import { previewPosting } from '../../services/preview-posting.js';
import { actorOf } from '../auth.js';
import { errorBodySchema } from '../errors.js';
import { present } from '../present.js';
import { idParamsSchema } from '../schemas.js';

export const previewResponseSchema = z
  .object({
    connection: z.object({ id: z.uuid(), name: z.string(), board: z.string() }),
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

const errorSchema = z
  .object({
    reason: z
      .string()
      .describe('auth, invalid, conflict, rate_limited, unavailable, unknown_outcome, unexpected, manual'),
    message: z.string(),
    field: z.string().optional(),
    boardMessage: z.string().optional().describe("The board's own words"),
    status: z.number().optional(),
    issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    action: z.enum(['create', 'update', 'close']).optional(),
  })
  .nullable();

const STATE_WORD_SCHEMA = z
  .string()
  .nullable()
  .describe(
    'A short state for a chip where the board’s own state matters ("Draft in NHS Jobs", "Live on NHS Jobs"); null elsewhere',
  );

const changeSchema = z
  .object({
    field: z.string().describe("The board field's key (see GET /boards)"),
    label: z.string().describe("The board field's label"),
    onBoard: z.unknown().describe('The value the board holds (or is being sent)'),
    now: z.unknown().describe('The value the vacancy now gives, overrides kept'),
  })
  .meta({ id: 'PostingChange' });

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

export const postingResponseSchema = z
  .object({
    id: z.uuid(),
    vacancyId: z.uuid(),
    connectionId: z.uuid(),
    board: z.string(),
    boardLabel: z.string(),
    status: z.enum(POSTING_STATUSES),
    statusText: z
      .string()
      .describe(
        'The state in plain words, e.g. "Job Successfully Posted. Draft created — publish it in NHS Jobs"',
      ),
    stateWord: STATE_WORD_SCHEMA,
    action: z.enum(['create', 'update', 'close']).describe('What the pending or last job does'),
    trackingToken: z.string(),
    trackingUrl: z
      .string()
      .describe('The apply link sent to the board; applications through it are credited to the board'),
    fields: z.record(z.string(), z.unknown()),
    pendingFields: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe('Fields an update in progress will send'),
    overrides: z
      .record(z.string(), z.unknown())
      .describe('Fields the recruiter set differently from what the vacancy gives; every update keeps them'),
    currentFields: z
      .record(z.string(), z.unknown())
      .describe(
        "The vacancy's current values plus the overrides: what an update sends, and where an Update form starts",
      ),
    outOfDate: z
      .boolean()
      .describe('True when the board holds other values than the vacancy (plus the overrides) now gives'),
    changes: z
      .array(changeSchema)
      .describe(
        'Each field whose value on the board differs from what the vacancy now gives; empty when in step',
      ),
    advertEnd: z
      .object({
        endsOn: z.iso
          .date()
          .nullable()
          .describe('The UK day the advert ends on the board; null when it stays until closed on the board'),
        text: z
          .string()
          .describe(
            'In plain words, e.g. "Ends on s1jobs on 2026-12-28: s1jobs keeps an advert 28 days at most"',
          ),
      })
      .nullable()
      .describe(
        "When the advert ends on the board, by the board's advert life (s1jobs: 28 days at most; NHS Jobs: until closed there; else the closing date); null while it is not on the board",
      ),
    externalId: z.string().nullable().describe("The advert's id on the board"),
    externalUrl: z.string().nullable().describe('Where the advert (or the NHS Jobs draft) is on the board'),
    boardStatus: z
      .string()
      .nullable()
      .describe('The advert’s state as the board reports it (NHS Jobs: DRAFT, PUBLISHED or CLOSED)'),
    publishedOnBoardAt: z.iso.datetime().nullable().describe('When NHS Jobs reported the draft published'),
    attemptCount: z.number().int(),
    nextAttemptAt: z.iso.datetime().nullable(),
    lastError: errorSchema,
    uncertainReason: z.string().nullable(),
    scheduledAt: z.iso.datetime().nullable(),
    postedAt: z.iso.datetime().nullable(),
    closedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    attempts: z
      .array(
        z.object({
          id: z.number().int(),
          action: z.string(),
          outcome: z.enum(['pending', 'succeeded', 'failed', 'unknown']),
          startedAt: z.iso.datetime(),
          finishedAt: z.iso.datetime().nullable(),
          error: errorSchema,
          notice: z
            .string()
            .nullable()
            .describe('The board’s own words on success, e.g. NHS Jobs’ "Job Successfully Posted"'),
          exchanges: z.array(
            z.object({
              method: z.string(),
              url: z.string(),
              requestHeaders: z
                .record(z.string(), z.string())
                .optional()
                .describe('The request headers Postroom set (such as If-Match), credentials as "[redacted]"'),
              requestBody: z.unknown(),
              status: z.number().nullable(),
              responseBody: z.string().nullable(),
              durationMs: z.number(),
              at: z.string(),
              error: z.string().optional(),
            }),
          ),
        }),
      )
      .optional()
      .describe(
        'Every attempt with the request (credentials redacted) and the board’s answer: the proof of posting',
      ),
  })
  .meta({ id: 'Posting' });

export const updateAllResponseSchema = z.object({
  updated: z.number().int().describe('Postings whose changes are on their way'),
  skipped: z.number().int(),
  items: z.array(updateOutcomeSchema),
});

export const postingSummarySchema = z.object({
  id: z.uuid(),
  vacancyId: z.uuid(),
  vacancyReference: z.string(),
  vacancyTitle: z.string(),
  connectionName: z.string(),
  board: z.string(),
  status: z.enum(POSTING_STATUSES),
  statusText: z.string(),
  stateWord: STATE_WORD_SCHEMA,
  externalId: z.string().nullable(),
  outOfDate: z
    .boolean()
    .describe(
      'True when the board holds other values than the vacancy now gives; GET /postings/{id} has the changes',
    ),
  updatedAt: z.iso.datetime(),
});

const errors = { 401: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 422: errorBodySchema };
const fieldsSchema = z.record(z.string(), z.unknown()).describe('Board fields (see GET /boards)');

export async function postingRoutes(app: FastifyInstance, deps: ServiceDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Postings'];

  r.post(
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
        response: { 202: postingResponseSchema, ...errors },
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

  r.post(
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

  r.get(
    '/vacancies/:id/postings',
    {
      schema: {
        tags,
        operationId: 'listVacancyPostings',
        summary: "A vacancy's postings",
        description: 'Newest first, each with every attempt and the board’s answers.',
        params: idParamsSchema,
        response: { 200: z.object({ items: z.array(postingResponseSchema) }), ...errors },
      },
    },
    async (request) => ({
      items: present(await listVacancyPostings(deps, actorOf(request), request.params.id)),
    }),
  );

  r.get(
    '/postings',
    {
      schema: {
        tags,
        operationId: 'listPostings',
        summary: "The organisation's postings",
        description:
          'Newest first, in short: vacancy, connection, state. Filter by `status`, `vacancyReference`, or `vacancyId` repeated for up to 100 vacancies (`?vacancyId=…&vacancyId=…`: the states of a page of the vacancy list in one request; then `limit` defaults to 500). Ids of other organisations match nothing.',
        querystring: z
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
          .strict(),
        response: {
          200: z.object({
            items: z.array(postingSummarySchema),
          }),
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

  r.get(
    '/postings/:id',
    {
      schema: {
        tags,
        operationId: 'getPosting',
        summary: 'Read a posting, with the proof of every attempt',
        params: idParamsSchema,
        response: { 200: postingResponseSchema, ...errors },
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
        response: { 202: postingResponseSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(present(await updatePosting(deps, actorOf(request), request.params.id, request.body.fields))),
  );

  const simple = (
    path: string,
    summary: string,
    description: string,
    body: z.ZodType | undefined,
    handler: (request: FastifyRequest<{ Params: { id: string }; Body: unknown }>) => Promise<Posting>,
  ) =>
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
          response: { 202: postingResponseSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(202).send(present(await handler(request))),
    );

  simple(
    'close',
    'Close a posting',
    'Closes the advert on the board (closing → closed). A posting never sent closes at once; NHS Jobs drafts are closed in NHS Jobs.',
    undefined,
    (request) => closePosting(deps, actorOf(request), request.params.id),
  );
  const retryBody = z.object({ fields: fieldsSchema.optional() }).strict();
  simple(
    'retry',
    'Try a failed posting again',
    'After fixing what failed (the fields, given here, or the connection). The fields are checked again first.',
    retryBody.nullish(),
    (request) =>
      retryPosting(
        deps,
        actorOf(request),
        request.params.id,
        (request.body as z.infer<typeof retryBody> | undefined)?.fields,
      ),
  );
  const resolveBody = z.discriminatedUnion('exists', [
    z.object({ exists: z.literal(true), externalId: z.string().max(200).optional() }).strict(),
    z.object({ exists: z.literal(false) }).strict(),
  ]);
  simple(
    'resolve',
    'Settle an uncertain posting',
    'Say what you found on the board: the advert exists (`{"exists": true, "externalId": "…"}`: it is posted), or it does not (`{"exists": false}`: Postroom sends it).',
    resolveBody,
    (request) =>
      resolvePosting(deps, actorOf(request), request.params.id, request.body as z.infer<typeof resolveBody>),
  );
  simple(
    'refresh',
    "Check the advert's state on the board now",
    'For boards that report it (NHS Jobs: whether the employer has published the draft). Postroom also checks every 15 minutes.',
    undefined,
    (request) => refreshPosting(deps, actorOf(request), request.params.id),
  );
  r.post(
    '/vacancies/:id/postings/preview',
    {
      schema: {
        tags: ['Postings'],
        operationId: 'previewVacancyPosting',
        summary: 'Preview a posting: fields, problems and the exact request, without sending',
        description:
          "Pre-fills the board's fields from the vacancy and the organisation, puts the given `fields` on top, checks every rule of the board, and shows the request the board would receive (credentials redacted). Nothing is sent.",
        params: idParamsSchema,
        body: z
          .object({
            connectionId: z.string().max(100).describe('The board connection to post through'),
            fields: z
              .record(z.string(), z.unknown())
              .optional()
              .describe('Board fields to set or override (see GET /boards)'),
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
