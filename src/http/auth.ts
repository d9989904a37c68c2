import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.js';
import { authenticateToken } from '../services/api-tokens.js';
import type { Actor, ServiceDeps } from '../services/deps.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** The bearer token's actor; every /api/v1 route but the OpenAPI document requires one. */
export function bearerAuth(deps: ServiceDeps) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) {
      throw new AppError(
        'unauthorized',
        'Send an API token in the Authorization header: "Authorization: Bearer <token>".',
      );
    }
    const actor = await authenticateToken(deps, match[1]!);
    if (!actor) throw new AppError('unauthorized', 'The API token is not valid or has been revoked.');
    request.actor = actor;
  };
}

/** The authenticated actor of a request that passed `bearerAuth`. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthorized', 'Sign in or send an API token.');
  return request.actor;
}
