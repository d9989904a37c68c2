import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceDeps } from '../../services/deps.js';
import {
  createUser,
  deleteUser,
  listUsers,
  newUserSchema,
  updateUser,
  userPatchSchema,
} from '../../services/users.js';
import { actorOf } from '../auth.js';
import { errorBodySchema } from '../errors.js';
import { present } from '../present.js';
import { idParamsSchema, userResponseSchema } from '../schemas.js';

const errors = { 401: errorBodySchema, 403: errorBodySchema };

/** The people who sign in to the web app (admins only); every query is scoped to the caller's organisation. */
export async function userRoutes(app: FastifyInstance, deps: ServiceDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Users'];

  r.get(
    '/users',
    {
      schema: {
        tags,
        operationId: 'listUsers',
        summary: "List the organisation's users (admins)",
        description: 'By name. Passwords are never shown.',
        response: { 200: z.object({ items: z.array(userResponseSchema) }), ...errors },
      },
    },
    async (request) => ({ items: present(await listUsers(deps, actorOf(request))) }),
  );

  r.post(
    '/users',
    {
      schema: {
        tags,
        operationId: 'createUser',
        summary: 'Add a user (admins)',
        description:
          'The user signs in with this e-mail address and password (at least 12 characters). An e-mail address can have one account across Postroom: a second one answers 409 with an issue on `email`.',
        body: newUserSchema,
        response: { 201: userResponseSchema, ...errors, 409: errorBodySchema, 422: errorBodySchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const user = await createUser(deps, actor.organisationId, request.body, actor);
      return reply.status(201).send(present(user));
    },
  );

  oneUserRoutes(app, deps);
}

/** One user: change their role or name, remove them. */
function oneUserRoutes(app: FastifyInstance, deps: ServiceDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Users'];
  r.patch(
    '/users/:id',
    {
      schema: {
        tags,
        operationId: 'updateUser',
        summary: 'Rename a user, change their role or set a new password (admins)',
        description:
          'Send only what changes. A new password signs the user out everywhere (except your own current session when it is your password). Nobody can take away their own administrator role, and the last administrator cannot become a recruiter: both answer 409.',
        params: idParamsSchema,
        body: userPatchSchema,
        response: {
          200: userResponseSchema,
          ...errors,
          404: errorBodySchema,
          409: errorBodySchema,
          422: errorBodySchema,
        },
      },
    },
    async (request) => present(await updateUser(deps, actorOf(request), request.params.id, request.body)),
  );

  r.delete(
    '/users/:id',
    {
      schema: {
        tags,
        operationId: 'deleteUser',
        summary: 'Remove a user (admins)',
        description:
          'The user is signed out at once. Nobody can remove themselves, and the last administrator cannot be removed: both answer 409.',
        params: idParamsSchema,
        response: {
          204: z.null().describe('Removed'),
          ...errors,
          404: errorBodySchema,
          409: errorBodySchema,
        },
      },
    },
    async (request, reply) => {
      await deleteUser(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
