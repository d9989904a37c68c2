import Fastify from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorHandler } from './errors.js';
import { checkTextResponses, responseProblems, responseSerializer, sendJsonText } from './response-check.js';

const thing = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  tags: z.array(z.object({ name: z.string() })),
});

async function appAnswering(body: unknown, validate: boolean) {
  const app = Fastify({ logger: false });
  app.setSerializerCompiler(responseSerializer(validate));
  app.setErrorHandler(errorHandler);
  app
    .withTypeProvider<ZodTypeProvider>()
    .get('/thing', { schema: { response: { 200: thing } } }, async () => body as z.infer<typeof thing>);
  await app.ready();
  return app;
}

describe('responseProblems', () => {
  it('accepts a body that matches, dates as the client reads them', () => {
    expect(responseProblems(thing, { id: 'a', at: '2026-11-30T10:00:00.000Z', tags: [] })).toEqual([]);
  });

  it('names a wrong value and a key the schema does not declare, with their paths', () => {
    expect(responseProblems(thing, { id: 1, at: '2026-11-30T10:00:00.000Z', tags: [] })).toEqual([
      'id: Invalid input: expected string, received number',
    ]);
    expect(
      responseProblems(thing, {
        id: 'a',
        at: '2026-11-30T10:00:00.000Z',
        tags: [{ name: 'x', colour: 'red' }],
      }),
    ).toEqual(['tags.0.colour: not in the schema']);
  });
});

describe('responseSerializer', () => {
  const wrong = { id: 'a', at: new Date('2026-11-30T10:00:00Z'), tags: [], secret: 'x' };

  it('with validation, answers a response that disagrees with its schema with a 500 naming the problem', async () => {
    const app = await appAnswering(wrong, true);
    const response = await app.inject({ method: 'GET', url: '/thing' });
    expect(response.statusCode).toBe(500);
    expect(response.json().error.message).toBe(
      'The response of GET /thing 200 does not match its declared schema: secret: not in the schema',
    );
    await app.close();
  });

  it('also answers an error response that disagrees with its schema with a 500 naming the problem', async () => {
    const app = Fastify({ logger: false });
    app.setSerializerCompiler(responseSerializer(true));
    app.setErrorHandler(errorHandler);
    const refusal = z.object({ error: z.object({ code: z.string() }) });
    app
      .withTypeProvider<ZodTypeProvider>()
      .get('/refused', { schema: { response: { 422: refusal } } }, async (_request, reply) =>
        reply.status(422).send({ error: { code: 'no', extra: 1 } } as never),
      );
    const response = await app.inject({ method: 'GET', url: '/refused' });
    expect(response.statusCode).toBe(500);
    expect(response.body).toContain('error.extra: not in the schema');
    await app.close();
  });

  it('without validation (production), sends the response as the presenter built it', async () => {
    const app = await appAnswering(wrong, false);
    const response = await app.inject({ method: 'GET', url: '/thing' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ id: 'a', at: '2026-11-30T10:00:00.000Z', tags: [], secret: 'x' });
    await app.close();
  });
});

describe('sendJsonText', () => {
  async function appSendingText(json: string, validate: boolean) {
    const app = Fastify({ logger: false });
    app.setSerializerCompiler(responseSerializer(validate));
    checkTextResponses(app, validate);
    app.setErrorHandler(errorHandler);
    app
      .withTypeProvider<ZodTypeProvider>()
      .get('/thing', { schema: { response: { 200: thing } } }, async (_request, reply) =>
        sendJsonText(reply, json),
      );
    await app.ready();
    return app;
  }
  const wrong = '{"id":"a","at":"2026-11-30T10:00:00.000Z","tags":[],"secret":"x"}';

  it('with validation, checks JSON a route sends as text against its schema', async () => {
    const app = await appSendingText(wrong, true);
    const response = await app.inject({ method: 'GET', url: '/thing' });
    expect(response.statusCode).toBe(500);
    expect(response.json().error.message).toBe(
      'The response of GET /thing 200 does not match its declared schema: secret: not in the schema',
    );
    await app.close();
  });

  it('sends the text as it is, as JSON, when it matches or is not checked', async () => {
    const right = '{"id":"a","at":"2026-11-30T10:00:00.000Z","tags":[]}';
    for (const [json, validate] of [
      [right, true],
      [wrong, false],
    ] as const) {
      const app = await appSendingText(json, validate);
      const response = await app.inject({ method: 'GET', url: '/thing' });
      expect([response.statusCode, response.body]).toEqual([200, json]);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      await app.close();
    }
  });
});
