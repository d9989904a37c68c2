import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, type ErrorCode, type Issue, issuesFromZod } from '../domain/errors.js';
import { ResponseSchemaError } from './response-check.js';

/** The one table from error codes to HTTP statuses. */
export const STATUS: Record<ErrorCode, number> = {
  validation_failed: 422,
  invalid_json: 400,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  csrf_failed: 403,
  too_many_attempts: 429,
  not_found: 404,
  conflict: 409,
  reference_taken: 409,
  invalid_state: 409,
  not_advertised: 409,
  idempotency_key_reused: 422,
  idempotency_key_in_use: 409,
  version_mismatch: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal: 500,
};

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().describe('A stable code, e.g. validation_failed, not_found, unauthorized.'),
      message: z.string().describe('What went wrong, in plain words.'),
      issues: z
        .array(
          z.object({
            path: z.string().describe('Dotted path of the field, e.g. location.postcode'),
            message: z.string(),
            severity: z
              .enum(['error', 'warning'])
              .optional()
              .describe("A posting field's problem: error blocks sending (the ones a 422 names)"),
          }),
        )
        .describe('One entry per bad field.'),
    }),
  })
  .meta({ id: 'Error' });

export function sendError(reply: FastifyReply, code: ErrorCode, message: string, issues: Issue[] = []) {
  return reply.status(STATUS[code]).send({ error: { code, message, issues } });
}

interface ValidationItem {
  keyword?: string;
  instancePath?: string;
  message?: string;
  params?: { keys?: string[] };
}

/** Fastify's validation items (from the zod type provider) as the API's issues. */
function validationIssues(items: readonly ValidationItem[]): Issue[] {
  return issuesFromZod(
    items.map((item) => ({
      code: item.keyword ?? 'custom',
      path: (item.instancePath ?? '').split('/').filter(Boolean),
      message: item.message ?? 'Invalid value',
      keys: item.params?.keys,
    })),
  );
}

/** Renders every error as `{"error": {code, message, issues}}`; only unexpected ones are logged with a stack. */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
    return sendError(reply, error.code, error.message, error.issues);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where =
      error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'request');
    return sendError(
      reply,
      'validation_failed',
      `The ${where} has invalid fields.`,
      validationIssues(error.validation),
    );
  }
  if (error instanceof ResponseSchemaError) {
    // Only where responses are checked (tests): the route's answer and its documentation disagree.
    request.log.error({ err: error }, 'response does not match its schema');
    return sendError(reply, 'internal', error.message);
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return sendError(reply, 'payload_too_large', 'The request body is larger than 1 MB.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return sendError(
        reply,
        'unsupported_media_type',
        'Send the request body as JSON (Content-Type: application/json).',
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return sendError(reply, 'invalid_json', 'The request body is empty; send a JSON object.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return sendError(reply, 'invalid_json', 'The request body is not valid JSON.');
  }
  if (error instanceof SyntaxError || error.statusCode === 400) {
    return sendError(
      reply,
      'invalid_json',
      error instanceof SyntaxError ? 'The request body is not valid JSON.' : 'The request is malformed.',
    );
  }
  if (error.statusCode === 413)
    return sendError(reply, 'payload_too_large', 'The request body is too large.');
  if (error.statusCode === 415)
    return sendError(reply, 'unsupported_media_type', 'This content type is not accepted.');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return reply
      .status(error.statusCode)
      .send({ error: { code: 'bad_request', message: error.message, issues: [] } });
  }
  request.log.error({ err: error }, 'unexpected error');
  return sendError(
    reply,
    'internal',
    'Something went wrong on our side. The error was logged; try again in a moment.',
  );
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return sendError(reply, 'not_found', `There is nothing at ${request.method} ${request.url.split('?')[0]}.`);
}
