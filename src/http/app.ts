import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mountSandboxes } from '../boards/sandboxes.js';
import type { SessionConfig } from '../config.js';
import { ContentCache } from '../services/content-cache.js';
import type { ServiceDeps } from '../services/deps.js';
import { DEFAULT_SESSION_CONFIG } from '../services/sessions.js';
import { apiAuth } from './auth.js';
import { badAddressPage } from './careers/pages.js';
import { careersRoutes, sendPage } from './careers/routes.js';
import { errorHandler, notFoundHandler, sendError } from './errors.js';
import { idempotentPosts } from './idempotency.js';
import { LOG_SERIALIZERS } from './log.js';
import { openApiOptions } from './openapi.js';
import { checkTextResponses, responseSerializer } from './response-check.js';
import { applicationInboxRoutes } from './routes/application-inbox.js';
import { applicationRoutes } from './routes/applications.js';
import { connectionRoutes } from './routes/connections.js';
import { feedRoutes } from './routes/feeds.js';
import { mailRoutes } from './routes/mail.js';
import { organisationRoutes } from './routes/organisation.js';
import { postingRoutes } from './routes/postings/index.js';
import { privacyRoutes } from './routes/privacy.js';
import { sessionRoutes } from './routes/session.js';
import { templateRoutes } from './routes/templates.js';
import { userRoutes } from './routes/users.js';
import { vacancyRoutes } from './routes/vacancies.js';
import { vacancyImportRoutes } from './routes/vacancy-import.js';
import { webhookRoutes } from './routes/webhooks.js';
import { refuseInApi, refuseUnstorableText } from './unstorable-text.js';
import { webAppRoutes } from './web-app.js';

export interface AppDeps extends ServiceDeps {
  /** Throws when the database does not answer. */
  pingDatabase(): Promise<void>;
  version: string;
  /** Mount the sandbox boards under /sandbox/<board>/ (POSTROOM_SANDBOXES=true: demo, development, tests). */
  sandboxes?: boolean;
  /** The level of the per-request lines ("incoming request", "request completed"); default info. */
  requestLogLevel?: 'info' | 'debug';
  /** A key the command line on this machine may use instead of an API token (embedded mode). */
  localKey?: string;
  /** Where CVs are stored: `<data dir>/uploads` (main/ sets it; tests get a temporary folder). */
  uploadsDir?: string;
  /** How long sign-in sessions last (POSTROOM_SESSION_IDLE_MINUTES, POSTROOM_SESSION_MAX_HOURS). */
  sessions?: SessionConfig;
  /** Private addresses the operator allows outbound calls to (POSTROOM_BOARD_URL_ALLOW), for webhooks. */
  outboundAllow?: readonly string[];
  /**
   * Check every JSON response against its route's declared schema for the status, and answer a
   * mismatch with a 500 that names it (logged). On in tests, off in production.
   */
  validateResponses?: boolean;
}

const ONE_MEGABYTE = 1024 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;
/** A year, as browsers expect of HSTS; subdomains are left to the operator's own policy. */
const HSTS = 'max-age=31536000';
/** The docs page's own policy, but never inside a frame (click-jacking) and no forced https upgrade on http. */
const docsCsp = (header: string) =>
  header
    .replace("frame-ancestors 'self'", "frame-ancestors 'none'")
    .replace(/\s*upgrade-insecure-requests;?/, '');

/** Fastify's request lines at debug (failed requests stay at error): see main/logger.ts quietRequestLogs. */
class DebugRequestLog extends LogController {
  override incomingRequest(request: FastifyRequest) {
    if (!this.isLogDisabled(request)) request.log.debug({ req: request }, 'incoming request');
  }
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    if (error) return super.requestCompleted(error, request, reply);
    if (!this.isLogDisabled(request))
      reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

/** Builds the HTTP application. It never listens by itself: main/ and tests decide that. */
export async function createApp(deps: AppDeps) {
  let shuttingDown = false;
  const https = deps.publicUrl.startsWith('https:');
  const securityHeaders = (reply: FastifyReply) => {
    reply.header('x-content-type-options', 'nosniff');
    if (https) reply.header('strict-transport-security', HSTS);
  };
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: ONE_MEGABYTE,
    // A caller's request id is kept when it is sane, so logs can be joined across systems.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
    ...(deps.requestLogLevel === 'debug' ? { logController: new DebugRequestLog() } : {}),
    // A malformed percent-encoding (e.g. /careers/demo/%ED%A0%80) is answered like any bad address.
    frameworkErrors: (_error, request, reply) => {
      securityHeaders(reply);
      if (request.url.startsWith('/careers/')) return sendPage(reply, 400, badAddressPage(), 'no-cache');
      return sendError(reply, 'bad_request', 'The web address is not valid: check its percent-encoding.');
    },
    // Request logs go through our serializer, which keeps secrets in query strings out of the logs.
    childLoggerFactory: (logger, bindings, options) =>
      logger.child(bindings, {
        ...options,
        serializers: { ...options.serializers, req: LOG_SERIALIZERS.req },
      }),
  });
  app.setValidatorCompiler(validatorCompiler);
  // Responses are built by presenters; the zod response schemas document them (and, in tests, check them).
  app.setSerializerCompiler(responseSerializer(deps.validateResponses === true));
  checkTextResponses(app, deps.validateResponses === true);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  app.decorateRequest('actor', null);
  await app.register(cookie);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    securityHeaders(reply);
  });
  app.addHook('onClose', async () => {
    shuttingDown = true;
  });

  // An empty JSON body (e.g. POST …/publish with a Content-Type header) means "no body".
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (typeof body === 'string' && body.trim() === '') return done(null, undefined);
    return defaultJson(request, body as string, done);
  });

  await app.register(swagger, openApiOptions(deps.version));
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { url: '/api/v1/openapi.json' },
    staticCSP: true,
    transformStaticCSP: docsCsp,
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  healthRoutes(app, deps, () => shuttingDown);
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/app/'));
  await app.register(async (web) => webAppRoutes(web));

  if (deps.sandboxes) await mountSandboxes(app);
  const uploadsDir = deps.uploadsDir ?? join(tmpdir(), 'postroom-uploads');
  // One per process: read results kept while the organisation's content version is unchanged.
  const contentCache = new ContentCache();
  // Its own scope, so only the careers routes accept multipart bodies.
  await app.register(async (site) => careersRoutes(site, deps, { uploadsDir, contentCache }));

  await app.register(async (api) => apiRoutes(api, deps, { uploadsDir, contentCache }), {
    prefix: '/api/v1',
  });
  return app;
}

/** /healthz and /readyz, a load balancer's probes: the database answers; /readyz also 503 while shutting down. */
function healthRoutes(app: FastifyInstance, deps: AppDeps, shuttingDown: () => boolean) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const health = z.object({ status: z.enum(['ok', 'unavailable']), database: z.enum(['ok', 'unreachable']) });
  const probe = async (requireRunning: boolean) => {
    const database = await deps.pingDatabase().then(
      () => 'ok' as const,
      () => 'unreachable' as const,
    );
    const ok = database === 'ok' && !(requireRunning && shuttingDown());
    return {
      code: ok ? (200 as const) : (503 as const),
      body: { status: ok ? ('ok' as const) : ('unavailable' as const), database },
    };
  };
  r.get(
    '/healthz',
    {
      schema: {
        // A load balancer's probe, not an API operation (the README documents it): kept out of
        // the OpenAPI document so generated clients do not grow methods for it.
        hide: true,
        tags: ['Operations'],
        summary: 'Liveness: the database answers',
        security: [],
        response: { 200: health, 503: health },
      },
    },
    async (_request, reply) => {
      const { code, body } = await probe(false);
      return reply.status(code).send(body);
    },
  );
  r.get(
    '/readyz',
    {
      schema: {
        // A load balancer's probe, not an API operation (the README documents it): kept out of
        // the OpenAPI document so generated clients do not grow methods for it.
        hide: true,
        tags: ['Operations'],
        summary: 'Readiness: take traffic (503 while shutting down)',
        security: [],
        response: { 200: health, 503: health },
      },
    },
    async (_request, reply) => {
      const { code, body } = await probe(true);
      return reply.status(code).send(body);
    },
  );
}

/** The API under /api/v1: sign-in routes, then everything behind authentication. */
async function apiRoutes(
  api: FastifyInstance,
  deps: AppDeps,
  options: { uploadsDir: string; contentCache: ContentCache },
) {
  const { uploadsDir, contentCache } = options;
  const sessions = deps.sessions ?? DEFAULT_SESSION_CONFIG;
  refuseUnstorableText(api, refuseInApi);
  await sessionRoutes(api, deps, sessions);
  // Its own scope, so the sign-in routes above are not behind the authentication hook.
  await api.register(async (authenticated) => {
    authenticated.addHook(
      'onRequest',
      apiAuth(deps, { sessions, contentCache, ...(deps.localKey ? { localKey: deps.localKey } : {}) }),
    );
    idempotentPosts(authenticated, deps);
    await vacancyRoutes(authenticated, deps, { contentCache });
    await vacancyImportRoutes(authenticated, deps);
    await templateRoutes(authenticated, deps);
    await organisationRoutes(authenticated, deps);
    await feedRoutes(authenticated, deps);
    await userRoutes(authenticated, deps);
    await connectionRoutes(authenticated, deps);
    await postingRoutes(authenticated, deps);
    await applicationRoutes(authenticated, deps, { uploadsDir });
    await applicationInboxRoutes(authenticated, deps);
    await privacyRoutes(authenticated, deps, { uploadsDir });
    await webhookRoutes(authenticated, deps, { outboundAllow: deps.outboundAllow ?? [] });
    await mailRoutes(authenticated, deps);
  });
}

export type App = Awaited<ReturnType<typeof createApp>>;
