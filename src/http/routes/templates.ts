import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceDeps } from '../../services/deps.js';
import {
  deleteTemplate,
  getTemplate,
  listTemplates,
  TEMPLATE_LIMIT,
} from '../../services/templates/find-templates.js';
import { saveTemplate } from '../../services/templates/save-template.js';
import { startFromTemplate } from '../../services/templates/start-from-template.js';
import { actorOf } from '../auth.js';
import { errorBodySchema } from '../errors.js';
import { present } from '../present.js';
import { idParamsSchema, vacancyResponseSchema } from '../schemas.js';

export const TEMPLATE_NAME_MAX = 100;

/** Every field of a vacancy a person edits, but its reference. */
const templateFields = vacancyResponseSchema.omit({
  id: true,
  reference: true,
  status: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  publishedAt: true,
  closedAt: true,
});

export const templateResponseSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    sourceReference: z.string().describe('The reference of the vacancy it was saved from'),
    fields: templateFields.describe('The vacancy fields a new vacancy starts with'),
    boardFields: z
      .record(z.string(), z.record(z.string(), z.unknown()))
      .describe(
        'Per board id: the fields the recruiter set on that board instead of what the vacancy pre-fills, offered when posting a vacancy started from the template',
      ),
    createdBy: z.string(),
    createdAt: z.iso.datetime().describe('ISO 8601 time, UTC'),
  })
  .meta({ id: 'Template' });

const nameBody = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'Give the template a name')
      .max(TEMPLATE_NAME_MAX, `Keep the name to ${TEMPLATE_NAME_MAX} characters or fewer`)
      .describe('Unique in the organisation (ignoring case)'),
  })
  .strict();

const errors = { 401: errorBodySchema, 404: errorBodySchema, 422: errorBodySchema };

/** Vacancy templates: save a vacancy as one, list, read, delete, and start a new vacancy from one. */
export async function templateRoutes(app: FastifyInstance, deps: ServiceDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Templates'];

  r.post(
    '/vacancies/:id/template',
    {
      schema: {
        tags,
        operationId: 'saveVacancyTemplate',
        summary: 'Save a vacancy as a template',
        description:
          "Keeps every field but the reference, and the fields set per board on the vacancy's postings (the newest posting per board). A name already used in the organisation answers 409 with an issue on `name`.",
        params: idParamsSchema,
        body: nameBody,
        response: { 201: templateResponseSchema, 409: errorBodySchema, ...errors },
      },
    },
    async (request, reply) => {
      const template = await saveTemplate(deps, actorOf(request), request.params.id, request.body.name);
      reply.header('location', `/api/v1/templates/${template.id}`);
      return reply.status(201).send(present(template));
    },
  );

  r.get(
    '/templates',
    {
      schema: {
        tags,
        operationId: 'listTemplates',
        summary: 'List vacancy templates',
        description: `By name, at most ${TEMPLATE_LIMIT}.`,
        response: { 200: z.object({ items: z.array(templateResponseSchema) }), 401: errorBodySchema },
      },
    },
    async (request) => ({ items: present(await listTemplates(deps, actorOf(request))) }),
  );

  r.get(
    '/templates/:id',
    {
      schema: {
        tags,
        operationId: 'getTemplate',
        summary: 'Read a vacancy template',
        params: idParamsSchema,
        response: { 200: templateResponseSchema, ...errors },
      },
    },
    async (request) => present(await getTemplate(deps, actorOf(request), request.params.id)),
  );

  r.delete(
    '/templates/:id',
    {
      schema: {
        tags,
        operationId: 'deleteTemplate',
        summary: 'Delete a vacancy template',
        description: 'Vacancies started from it keep their fields.',
        params: idParamsSchema,
        response: { 204: z.null().describe('Deleted'), ...errors },
      },
    },
    async (request, reply) => {
      await deleteTemplate(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/templates/:id/vacancies',
    {
      schema: {
        tags,
        operationId: 'startVacancyFromTemplate',
        summary: 'Start a new vacancy from a template',
        description:
          "Creates a draft with the template's fields and a new reference, as a copy does; its activity log names the template. Check the title and closing date, then publish it.",
        params: idParamsSchema,
        response: { 201: vacancyResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const vacancy = await startFromTemplate(deps, actorOf(request), request.params.id);
      reply.header('location', `/api/v1/vacancies/${vacancy.id}`);
      return reply.status(201).header('etag', `"${vacancy.version}"`).send(present(vacancy));
    },
  );
}
