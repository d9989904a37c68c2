import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { POSTING_STATUSES } from '../../domain/posting.js';
import type { Vacancy } from '../../domain/vacancy.js';
import { personSpecificationSchema, VACANCY_STATUSES, vacancyFieldsSchema } from '../../domain/vacancy.js';
import { listActivity } from '../../services/activity.js';
import type { ContentCache } from '../../services/content-cache.js';
import type { ServiceDeps } from '../../services/deps.js';
import { closeVacancy, publishVacancy } from '../../services/vacancies/change-vacancy-status.js';
import { copyVacancy } from '../../services/vacancies/copy-vacancy.js';
import { createVacancy } from '../../services/vacancies/create-vacancy.js';
import { getVacancy, listVacanciesJson } from '../../services/vacancies/find-vacancies.js';
import { updateVacancy } from '../../services/vacancies/update-vacancy.js';
import { EXPIRING_DAYS, hasPostingFilters } from '../../services/vacancies/vacancy-filters.js';
import { cachedVacancyIndex } from '../../services/vacancies/vacancy-index.js';
import { todayIn } from '../../services/vacancies/vacancy-record.js';
import { actorOf } from '../auth.js';
import { errorBodySchema } from '../errors.js';
import { present } from '../present.js';
import { sendJsonText } from '../response-check.js';
import { activityResponseSchema, idParamsSchema, pageOf, vacancyResponseSchema } from '../schemas.js';

const ifMatchHeaders = z.object({
  'if-match': z
    .string()
    .regex(/^(W\/)?"?\d+"?$/, 'If-Match must be the ETag of the vacancy, e.g. "3"')
    .optional()
    .describe('The ETag (version) you read; the change is refused with 412 if the vacancy changed since.'),
});

const expectedVersion = (header: string | undefined) =>
  header === undefined ? undefined : Number(header.replace(/\D/g, ''));

/** Sends a vacancy with its version as a strong ETag. */
function sendVacancy(reply: FastifyReply, vacancy: Vacancy, status = 200) {
  return reply.status(status).header('etag', `"${vacancy.version}"`).send(present(vacancy));
}

/** A true/false query flag; only "true" turns it on. */
const queryFlag = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => v === 'true');

const errors = { 401: errorBodySchema, 404: errorBodySchema, 422: errorBodySchema };

export async function vacancyRoutes(
  app: FastifyInstance,
  deps: ServiceDeps,
  options: { contentCache: ContentCache },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const today = todayIn(deps.clock);
  const fields = vacancyFieldsSchema(today);
  const patch = fields.extend({ personSpecification: personSpecificationSchema }).partial().strict();
  const tags = ['Vacancies'];

  r.get(
    '/vacancies',
    {
      schema: {
        tags,
        operationId: 'listVacancies',
        summary: 'List vacancies',
        description:
          'Newest first, a page at a time. Follow `nextCursor` for the next page (the filters stay as given). Filters combine: each one narrows the list.',
        querystring: z
          .object({
            status: z.enum(VACANCY_STATUSES).optional(),
            q: z
              .string()
              .max(200)
              .optional()
              .describe('Text to find in the title, summary or reference (case-insensitive)'),
            board: z
              .string()
              .max(100)
              .optional()
              .describe(
                'Only vacancies with a posting on this board (a board id, see GET /boards); with `outOfDate` or `expiring`, that posting is the one out of date or ending',
              ),
            postingStatus: z
              .enum(POSTING_STATUSES)
              .optional()
              .describe('Only vacancies with a posting in this state (on `board`, when given too)'),
            outOfDate: queryFlag.describe(
              'true: only vacancies with a posting whose board values differ from what the vacancy now gives',
            ),
            expiring: queryFlag.describe(
              `true: only live vacancies whose closing date, or a posting's advert end on its board (see \`advertEnd\` on a posting), is within the next ${EXPIRING_DAYS} days (today included)`,
            ),
            cursor: z.string().max(500).optional(),
            limit: z.coerce.number().int().min(1).max(100).default(25),
          })
          .strict(),
        response: { 200: pageOf(vacancyResponseSchema), 401: errorBodySchema, 422: errorBodySchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { contentCache } = options;
      // The organisation's vacancy index, for a keyword search (an epoch is no content version).
      const index = async () =>
        request.query.q?.trim()
          ? cachedVacancyIndex(
              contentCache,
              deps.db,
              actor.organisationId,
              deps.localEpoch ? undefined : actor.contentVersion,
              deps.localEpoch?.(),
            )
          : undefined;
      const list = async () => listVacanciesJson(deps, actor, request.query, await index());
      // The page as JSON text, reused while the organisation's vacancies are unchanged. Postings
      // change without moving the organisation's content version: those filters are read afresh.
      const body = hasPostingFilters(request.query)
        ? await list()
        : await contentCache.get(
            actor.organisationId,
            actor.contentVersion,
            `api:vacancies:${JSON.stringify(request.query)}`,
            list,
          );
      return sendJsonText(reply, body);
    },
  );

  r.post(
    '/vacancies',
    {
      schema: {
        tags,
        operationId: 'createVacancy',
        summary: 'Create a vacancy',
        description:
          'Creates a draft. Every invalid field comes back as its own issue. Without `reference`, Postroom makes one (PR-XXXXXX).',
        body: fields,
        response: { 201: vacancyResponseSchema, 409: errorBodySchema, ...errors },
      },
    },
    async (request, reply) => {
      const vacancy = await createVacancy(deps, actorOf(request), request.body);
      reply.header('location', `/api/v1/vacancies/${vacancy.id}`);
      return sendVacancy(reply, vacancy, 201);
    },
  );

  r.get(
    '/vacancies/:id',
    {
      schema: {
        tags,
        operationId: 'getVacancy',
        summary: 'Read a vacancy',
        params: idParamsSchema,
        response: { 200: vacancyResponseSchema, ...errors },
      },
    },
    async (request, reply) => sendVacancy(reply, await getVacancy(deps, actorOf(request), request.params.id)),
  );

  r.patch(
    '/vacancies/:id',
    {
      schema: {
        tags,
        operationId: 'updateVacancy',
        summary: 'Change a vacancy',
        description:
          'Send only the fields to change; `null` clears an optional field. Nested objects (location, salary, personSpecification) are replaced whole. A closed vacancy cannot change.',
        params: idParamsSchema,
        headers: ifMatchHeaders,
        body: patch,
        response: { 200: vacancyResponseSchema, 409: errorBodySchema, 412: errorBodySchema, ...errors },
      },
    },
    async (request, reply) =>
      sendVacancy(
        reply,
        await updateVacancy(
          deps,
          actorOf(request),
          request.params.id,
          request.body,
          expectedVersion(request.headers['if-match']),
        ),
      ),
  );

  const statusChange = (
    action: 'publish' | 'close',
    summary: string,
    description: string,
    run: typeof publishVacancy,
  ) =>
    r.post(
      `/vacancies/:id/${action}`,
      {
        schema: {
          tags,
          operationId: `${action}Vacancy`,
          summary,
          description,
          params: idParamsSchema,
          headers: ifMatchHeaders,
          response: { 200: vacancyResponseSchema, 409: errorBodySchema, 412: errorBodySchema, ...errors },
        },
      },
      async (request: FastifyRequest<{ Params: { id: string }; Headers: { 'if-match'?: string } }>, reply) =>
        sendVacancy(
          reply,
          await run(deps, actorOf(request), request.params.id, expectedVersion(request.headers['if-match'])),
        ),
    );
  statusChange(
    'publish',
    'Publish a vacancy on the careers site',
    'draft → live. The vacancy is then "advertised externally", which NHS Jobs requires before posting. Publishing a live vacancy again changes nothing.',
    publishVacancy,
  );
  statusChange(
    'close',
    'Close a vacancy',
    'draft or live → closed. It leaves the careers site. Closing twice changes nothing.',
    closeVacancy,
  );

  r.post(
    '/vacancies/:id/copy',
    {
      schema: {
        tags,
        operationId: 'copyVacancy',
        summary: 'Copy a vacancy into a new draft',
        description:
          'Any vacancy, closed ones included, can be copied: the copy is a draft with every field and a new reference. The way to advertise a post again.',
        params: idParamsSchema,
        response: { 201: vacancyResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const vacancy = await copyVacancy(deps, actorOf(request), request.params.id);
      reply.header('location', `/api/v1/vacancies/${vacancy.id}`);
      return sendVacancy(reply, vacancy, 201);
    },
  );

  r.get(
    '/vacancies/:id/activity',
    {
      schema: {
        tags,
        operationId: 'listVacancyActivity',
        summary: "A vacancy's activity log",
        description: 'Who changed what and when, oldest first. Pass the last `id` as `after` for more.',
        params: idParamsSchema,
        querystring: z
          .object({
            after: z.coerce.number().int().min(0).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(100),
          })
          .strict(),
        response: { 200: z.object({ items: z.array(activityResponseSchema) }), ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await getVacancy(deps, actor, request.params.id);
      return { items: present(await listActivity(deps, actor, request.params.id, request.query)) };
    },
  );
}
