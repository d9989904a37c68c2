import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { SESSION_COOKIE } from '../services/sessions.js';
import { IDEMPOTENCY_HEADER, IDEMPOTENCY_KEY_DESCRIPTION } from './idempotency.js';
import { webhookDocumentation } from './webhook-events.js';

type Transform = NonNullable<FastifyDynamicSwaggerOptions['transform']>;
type TransformObject = NonNullable<FastifyDynamicSwaggerOptions['transformObject']>;
/** The parts of the OpenAPI 3.1 document read here. */
type OpenApiDocument = Record<string, unknown> & { components?: { schemas?: Record<string, unknown> } };

const DESCRIPTION =
  'Write a vacancy once, publish it on your careers site and post it to job boards. Every request needs `Authorization: Bearer <token>` (create one with `postroom token create`), or the session cookie set by `POST /api/v1/session` (the web app); with the cookie, every POST, PUT, PATCH and DELETE also needs the `X-CSRF-Token` header. Every POST of a signed-in caller takes an `Idempotency-Key` header, so a retried request is done once. Errors are always `{"error": {"code", "message", "issues": [{"path", "message"}]}}`. Text PostgreSQL cannot store (a NUL character, or half of a UTF-16 surrogate pair) is refused in any field, query parameter or path with 422 `validation_failed` on that field.';

interface HeaderSchema {
  type?: string;
  properties?: Record<string, unknown>;
  required?: string[];
}

/** Each route's schema as zod makes it, plus the Idempotency-Key header on the routes that take it. */
const transform: Transform = (input) => {
  const result = jsonSchemaTransform(input as Parameters<typeof jsonSchemaTransform>[0]);
  if (!input.route.config?.idempotencyKey || result.schema.hide) return result;
  const headers = (result.schema.headers ?? { type: 'object', properties: {} }) as HeaderSchema;
  // A key reused for another request is a 422, a twin still running after the wait a 409: both Errors.
  const responses = (result.schema.response ?? {}) as Record<string, unknown>;
  const errorBody = responses['422'];
  return {
    ...result,
    schema: {
      ...result.schema,
      ...(errorBody ? { response: { 409: errorBody, ...responses } } : {}),
      headers: {
        ...headers,
        type: 'object',
        properties: {
          ...headers.properties,
          [IDEMPOTENCY_HEADER]: { type: 'string', maxLength: 255, description: IDEMPOTENCY_KEY_DESCRIPTION },
        },
      },
    },
  };
};

/** Names of the component schemas a document refers to, directly or through other components. */
function usedSchemaNames(document: OpenApiDocument): Set<string> {
  const schemas = (document.components?.schemas ?? {}) as Record<string, unknown>;
  const refsIn = (value: unknown) =>
    [...JSON.stringify(value).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
  const used = new Set(refsIn({ ...document, components: { ...document.components, schemas: {} } }));
  for (let pending = [...used]; pending.length > 0; ) {
    const next = pending.flatMap((name) => refsIn(schemas[name] ?? {})).filter((name) => !used.has(name));
    for (const name of next) used.add(name);
    pending = next;
  }
  return used;
}

/**
 * The whole document as zod makes it, without the component schemas nothing refers to: zod
 * registers an input and an output copy of each named schema, and client generators would turn
 * the unused copies into types nobody can use.
 */
const transformObject: TransformObject = (input) => {
  const document = jsonSchemaTransformObject(
    input as Parameters<typeof jsonSchemaTransformObject>[0],
  ) as OpenApiDocument;
  const used = usedSchemaNames(document);
  const schemas = Object.entries(document.components?.schemas ?? {}).filter(([name]) => used.has(name));
  return {
    ...document,
    components: { ...document.components, schemas: Object.fromEntries(schemas) },
  } as ReturnType<TransformObject>;
};

/** The OpenAPI document at /api/v1/openapi.json: every operation named, licensed, without unused parts. */
export function openApiOptions(version: string): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Postroom API',
        version,
        description: DESCRIPTION,
        license: { name: 'MIT', identifier: 'MIT' },
      },
      // Relative: the API is on the server that serves this document, whatever its address.
      servers: [{ url: '/', description: 'This Postroom' }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
      webhooks: webhookDocumentation(),
    },
    transform,
    transformObject,
  };
}
