import type { FastifyInstance, FastifyReply, FastifySerializerCompiler } from 'fastify';
import { z } from 'zod';

/**
 * A response that disagrees with the schema its route declares for that status. Thrown only where
 * responses are checked (`validateResponses`: the tests); the error handler answers it with a 500
 * that names the problems, and logs it.
 */
export class ResponseSchemaError extends Error {
  /** Also when an error answer is the one that disagrees, and Fastify's own handler takes it. */
  readonly statusCode = 500;
  constructor(
    readonly route: string,
    readonly problems: string[],
  ) {
    super(`The response of ${route} does not match its declared schema: ${problems.join('; ')}`);
    this.name = 'ResponseSchemaError';
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keys the response has that the schema does not declare (zod drops them when it parses). */
function undeclaredKeys(sent: unknown, parsed: unknown, path: string[] = []): string[] {
  if (Array.isArray(sent) && Array.isArray(parsed))
    return sent.flatMap((item, i) => undeclaredKeys(item, parsed[i], [...path, String(i)]));
  if (!isPlainObject(sent) || !isPlainObject(parsed)) return [];
  return Object.keys(sent).flatMap((key) =>
    key in parsed
      ? undeclaredKeys(sent[key], parsed[key], [...path, key])
      : [`${[...path, key].join('.')}: not in the schema`],
  );
}

/** What is wrong with a JSON body (as the client receives it) against a schema; empty when it matches. */
export function responseProblems(schema: z.ZodType, body: unknown): string[] {
  const result = schema.safeParse(body);
  if (!result.success)
    return result.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
  return undeclaredKeys(body, result.data);
}

/**
 * Fastify's serializer for routes with zod response schemas. Responses are built by presenters and
 * sent as they are; with `validate`, each is first checked against its route's declared schema for
 * its status code, as the client will read it (dates as strings), undeclared keys included.
 */
export const responseSerializer =
  (validate: boolean): FastifySerializerCompiler<unknown> =>
  ({ schema, method, url, httpStatus }) =>
  (data: unknown) => {
    const json = JSON.stringify(data);
    if (!validate || !(schema instanceof z.ZodType) || json === undefined) return json;
    const problems = responseProblems(schema, JSON.parse(json));
    if (problems.length > 0) throw new ResponseSchemaError(`${method} ${url} ${httpStatus}`, problems);
    return json;
  };

/** Replies whose body a route sent as JSON text (`sendJsonText`), which the serializer does not see. */
const sentAsText = new WeakSet<FastifyReply>();

/** Sends JSON a route has already written (e.g. from a cache) as it is, checked as any other in tests. */
export function sendJsonText(reply: FastifyReply, json: string): FastifyReply {
  sentAsText.add(reply);
  return reply.header('content-type', 'application/json; charset=utf-8').send(json as never);
}

/**
 * With `validate` (the tests): checks each body sent with `sendJsonText` against its route's
 * declared schema for its status, as `responseSerializer` checks the others.
 */
export function checkTextResponses(app: FastifyInstance, validate: boolean): void {
  if (!validate) return;
  app.addHook('onSend', async (request, reply, payload) => {
    if (!sentAsText.has(reply) || typeof payload !== 'string') return payload;
    const schema = (request.routeOptions.schema?.response as Record<number, unknown> | undefined)?.[
      reply.statusCode
    ];
    if (!(schema instanceof z.ZodType)) return payload;
    const problems = responseProblems(schema, JSON.parse(payload));
    if (problems.length > 0)
      throw new ResponseSchemaError(
        `${request.method} ${request.routeOptions.url} ${reply.statusCode}`,
        problems,
      );
    return payload;
  });
}
