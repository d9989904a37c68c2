import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { APPLICATION_STATUSES } from '../../domain/application.js';
import { toCsv } from '../../domain/csv.js';
import { listActivity } from '../../services/activity.js';
import { setApplicationStatus } from '../../services/applications/application-status.js';
import { getApplication } from '../../services/applications/find-applications.js';
import {
  EXPORT_MAX_ROWS,
  type ExportedApplication,
  exportApplications,
  listApplications,
} from '../../services/applications/inbox.js';
import type { ServiceDeps } from '../../services/deps.js';
import { actorOf } from '../auth.js';
import { errorBodySchema } from '../errors.js';
import { present } from '../present.js';
import { activityResponseSchema, idParamsSchema, pageOf } from '../schemas.js';
import { applicationResponseSchema } from './applications.js';

const statusSchema = z.enum(APPLICATION_STATUSES, {
  error: 'Status must be new, reviewing, shortlisted, rejected or hired',
});

const filtersSchema = z.object({
  vacancyId: z.uuid('Vacancy must be a vacancy id').optional().describe('Only this vacancy’s applications'),
  source: z.string().min(1).max(100).optional().describe('A source label, as in `source.label`'),
  status: statusSchema.optional().describe('Only applications with this status'),
});

const CSV_HEADER = [
  'Applied at',
  'Vacancy',
  'Name',
  'Email',
  'Phone',
  'Cover note',
  'Source',
  'Status',
  'Consented at',
  'CV file',
  'Application id',
];

const csvRow = (a: ExportedApplication) => [
  a.createdAt.toISOString(),
  a.vacancyTitle,
  a.name,
  a.email,
  a.phone,
  a.coverNote,
  a.source.label,
  a.status,
  a.consentedAt.toISOString(),
  a.cv.originalName,
  a.id,
];

/** The inbox: applications across vacancies, their status, and a CSV of what a filter shows. */
export async function applicationInboxRoutes(app: FastifyInstance, deps: ServiceDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Applications'];

  r.get(
    '/applications',
    {
      schema: {
        tags,
        operationId: 'listApplications',
        summary: 'Every application of the organisation (the inbox)',
        description:
          'Newest first, a page at a time; follow `nextCursor`. Filter by `vacancyId`, `source` (the source label, e.g. `NHS Jobs`, `Careers site`) and `status`; filters combine.',
        querystring: filtersSchema
          .extend({
            cursor: z.string().max(500).optional(),
            limit: z.coerce.number().int().min(1).max(100).default(25),
          })
          .strict(),
        response: { 200: pageOf(applicationResponseSchema), 401: errorBodySchema, 422: errorBodySchema },
      },
    },
    async (request) => present(await listApplications(deps, actorOf(request), request.query)),
  );

  r.get(
    '/applications/export.csv',
    {
      schema: {
        tags,
        operationId: 'exportApplications',
        summary: 'What an inbox filter shows, as a CSV file',
        description: `The same filters as GET /applications; newest first, at most ${EXPORT_MAX_ROWS.toLocaleString('en-GB')} rows. A \`text/csv\` attachment (UTF-8, comma separated, CRLF line ends, a header row): applied at, vacancy, name, email, phone, cover note, source, status, consented at, CV file name, application id. No CV contents. A cell starting with =, +, -, @, a tab or a carriage return is prefixed with ' so a spreadsheet never reads it as a formula.`,
        querystring: filtersSchema.strict(),
        produces: ['text/csv'],
        response: { 200: z.string().describe('The CSV file'), 401: errorBodySchema, 422: errorBodySchema },
      },
    },
    async (request, reply) => {
      const rows = await exportApplications(deps, actorOf(request), request.query);
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="applications-${day}.csv"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(toCsv([CSV_HEADER, ...rows.map(csvRow)]));
    },
  );

  r.patch(
    '/applications/:id',
    {
      schema: {
        tags,
        operationId: 'updateApplication',
        summary: 'Change an application’s status',
        description:
          'Recruiters and admins. Each change is written to the activity log (action `status_changed`, with who and when); setting the status it already has changes nothing.',
        params: idParamsSchema,
        body: z.object({ status: statusSchema }).strict(),
        response: {
          200: applicationResponseSchema,
          401: errorBodySchema,
          404: errorBodySchema,
          422: errorBodySchema,
        },
      },
    },
    async (request) =>
      present(await setApplicationStatus(deps, actorOf(request), request.params.id, request.body.status)),
  );

  r.get(
    '/applications/:id/activity',
    {
      schema: {
        tags,
        operationId: 'listApplicationActivity',
        summary: "An application's activity log",
        description: 'Who changed its status and when, oldest first. Pass the last `id` as `after` for more.',
        params: idParamsSchema,
        querystring: z
          .object({
            after: z.coerce.number().int().min(0).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(100),
          })
          .strict(),
        response: {
          200: z.object({ items: z.array(activityResponseSchema) }),
          401: errorBodySchema,
          404: errorBodySchema,
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await getApplication(deps, actor, request.params.id);
      return { items: present(await listActivity(deps, actor, request.params.id, request.query)) };
    },
  );
}
