import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { organisationSettingsSchema, ROLES } from '../../domain/organisation.js';
import { createApiToken, listApiTokens, revokeApiToken, tokenNameSchema } from '../../services/api-tokens.js';
import type { ServiceDeps } from '../../services/deps.js';
import { organisationChecks } from '../../services/organisation-checks.js';
import { getOrganisation, updateOrganisation } from '../../services/organisations.js';
import { actorOf } from '../auth.js';
import { errorBodySchema } from '../errors.js';
import { present } from '../present.js';
import { apiTokenResponseSchema, idParamsSchema, organisationResponseSchema } from '../schemas.js';

/** A new API token's answer: the token itself, shown this once. */
export const createdTokenSchema = z.object({
  token: z.string().describe('Shown only now: store it safely'),
  apiToken: apiTokenResponseSchema,
});

export async function organisationRoutes(app: FastifyInstance, deps: ServiceDeps) {
  settingsRoutes(app, deps);
  apiTokenRoutes(app, deps);
}

/** The organisation's own settings: read and change them. */
function settingsRoutes(app: FastifyInstance, deps: ServiceDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/organisation',
    {
      schema: {
        tags: ['Organisation'],
        operationId: 'getOrganisation',
        summary: "Your organisation's settings",
        description:
          'Name, slug, "About organisation", default reply-to e-mail, locations and how many months applications are kept after their vacancy closes (`retentionMonths`), with each board\'s limits on "About organisation" (`aboutLimits`, for a counter) and `warnings`: problems that do not stop saving but will stop postings to a connected board (e.g. NHS Jobs needs 100 to 1,000 characters).',
        response: { 200: organisationResponseSchema, 401: errorBodySchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const organisation = await getOrganisation(deps, actor);
      return present({ ...organisation, ...(await organisationChecks(deps, actor, organisation)) });
    },
  );

  r.patch(
    '/organisation',
    {
      schema: {
        tags: ['Organisation'],
        operationId: 'updateOrganisation',
        summary: "Change your organisation's settings (admins)",
        description:
          'Send only what changes. `locations` is replaced whole. The answer is as for GET, with `warnings` for the saved values.',
        body: organisationSettingsSchema.partial().strict(),
        response: {
          200: organisationResponseSchema,
          401: errorBodySchema,
          403: errorBodySchema,
          422: errorBodySchema,
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const organisation = await updateOrganisation(deps, actor, request.body);
      return present({ ...organisation, ...(await organisationChecks(deps, actor, organisation)) });
    },
  );
}

/** The organisation's API tokens: list, create (shown once), revoke. */
function apiTokenRoutes(app: FastifyInstance, deps: ServiceDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['API tokens'];
  r.get(
    '/tokens',
    {
      schema: {
        tags,
        operationId: 'listApiTokens',
        summary: 'List API tokens (admins)',
        description: 'The tokens themselves are never shown again after creation.',
        response: {
          200: z.object({ items: z.array(apiTokenResponseSchema) }),
          401: errorBodySchema,
          403: errorBodySchema,
        },
      },
    },
    async (request) => ({ items: present(await listApiTokens(deps, actorOf(request))) }),
  );

  r.post(
    '/tokens',
    {
      schema: {
        tags,
        operationId: 'createApiToken',
        summary: 'Create an API token (admins)',
        description: 'The response carries the token once; Postroom keeps only a hash of it.',
        body: z.object({ name: tokenNameSchema, role: z.enum(ROLES).default('recruiter') }).strict(),
        response: {
          201: createdTokenSchema,
          401: errorBodySchema,
          403: errorBodySchema,
          422: errorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const created = await createApiToken(deps, actor.organisationId, request.body, actor);
      return reply.status(201).send(present(created));
    },
  );

  r.delete(
    '/tokens/:id',
    {
      schema: {
        tags,
        operationId: 'revokeApiToken',
        summary: 'Revoke an API token (admins)',
        description: 'The token stops working at once. Revoking it again changes nothing.',
        params: idParamsSchema,
        response: {
          200: apiTokenResponseSchema,
          401: errorBodySchema,
          403: errorBodySchema,
          404: errorBodySchema,
        },
      },
    },
    async (request) => present(await revokeApiToken(deps, actorOf(request), request.params.id)),
  );
}
