import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ServiceDeps } from '../../services/deps.js';
import { listErasures, setLegalHold } from '../../services/privacy/legal-hold.js';
import { retentionPreview } from '../../services/privacy/retention.js';
import { eraseSubject, findSubject } from '../../services/privacy/subject.js';
import { actorOf } from '../auth.js';
import { errorBodySchema } from '../errors.js';
import { present } from '../present.js';
import { idParamsSchema } from '../schemas.js';
import {
  erasureCountsSchema,
  erasuresSchema,
  legalHoldBodySchema,
  legalHoldResponseSchema,
  retentionPreviewSchema,
  subjectBodySchema,
  subjectDataSchema,
} from './privacy-schemas.js';

const errors = { 401: errorBodySchema, 403: errorBodySchema };
const tags = ['Privacy'];

/** Retention, legal holds and candidates' rights (admins only; docs/privacy.md). */
export async function privacyRoutes(
  app: FastifyInstance,
  deps: ServiceDeps,
  options: { uploadsDir: string },
) {
  retentionRoutes(app, deps);
  subjectRoutes(app, deps, options);
}

function retentionRoutes(app: FastifyInstance, deps: ServiceDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/privacy/retention',
    {
      schema: {
        tags,
        operationId: 'previewRetention',
        summary: 'What retention erases in the next 30 days (admins)',
        description:
          'Per vacancy: when its applications fall due (the organisation’s `retentionMonths` after it closed) and how many; a vacancy under a legal hold is listed with its reason and is not erased.',
        response: { 200: retentionPreviewSchema, ...errors },
      },
    },
    async (request) => ({ items: present(await retentionPreview(deps, actorOf(request), deps.clock.now())) }),
  );
  r.get(
    '/privacy/erasures',
    {
      schema: {
        tags,
        operationId: 'listErasures',
        summary: 'The record of erasures (admins)',
        description:
          'Each erasure: kind (`retention` or `request`), when, under which rule and the counts; never the erased data.',
        response: { 200: erasuresSchema, ...errors },
      },
    },
    async (request) => ({ items: present(await listErasures(deps, actorOf(request))) }),
  );
  r.put(
    '/vacancies/:id/legal-hold',
    {
      schema: {
        tags,
        operationId: 'setLegalHold',
        summary: 'Place or lift a legal hold on a vacancy (admins)',
        description:
          'With a `reason`, retention erases none of the vacancy’s applications; `null` lifts the hold.',
        params: idParamsSchema,
        body: legalHoldBodySchema,
        response: { 200: legalHoldResponseSchema, ...errors, 404: errorBodySchema, 422: errorBodySchema },
      },
    },
    async (request) => setLegalHold(deps, actorOf(request), request.params.id, request.body.reason),
  );
}

function subjectRoutes(app: FastifyInstance, deps: ServiceDeps, options: { uploadsDir: string }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const responses = { ...errors, 422: errorBodySchema };
  r.post(
    '/privacy/subject/find',
    {
      schema: {
        tags,
        operationId: 'findSubject',
        summary: 'Everything held about an e-mail address (admins)',
        description:
          'Applications (without the CV bytes), activity entries naming the address and e-mails to or about it. The address is sent in the body so it stays out of URLs and logs.',
        body: subjectBodySchema,
        response: { 200: subjectDataSchema, ...responses },
      },
    },
    async (request) => present(await findSubject(deps, options, actorOf(request), request.body.email)),
  );
  r.post(
    '/privacy/subject/export',
    {
      schema: {
        tags,
        operationId: 'exportSubject',
        summary: 'Export everything held about an e-mail address (admins)',
        description: 'One JSON download (an attachment) as for find, with each CV file in `cv.base64`.',
        body: subjectBodySchema,
        response: { 200: subjectDataSchema, ...responses },
      },
    },
    async (request, reply) => {
      const data = await findSubject(deps, options, actorOf(request), request.body.email, true);
      reply.header('content-disposition', 'attachment; filename="postroom-personal-data.json"');
      return present(data);
    },
  );
  r.post(
    '/privacy/subject/erase',
    {
      schema: {
        tags,
        operationId: 'eraseSubject',
        summary: 'Erase everything held about an e-mail address (admins)',
        description:
          'Applications are anonymised (source, dates and vacancy stay) and their CV files deleted, the address is struck from activity entries, and e-mails to or about it are deleted. The erasure is recorded with its counts, without the address.',
        body: subjectBodySchema,
        response: { 200: erasureCountsSchema, ...responses },
      },
    },
    async (request) => eraseSubject(deps, options, actorOf(request), request.body.email),
  );
}
