import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { APPLICATION_STATUSES, CV_CONTENT_TYPES, cvDownloadName } from '../../domain/application.js';
import { applicationStats, STATS_MAX_PERIODS } from '../../services/applications/application-stats.js';
import {
  countVacancyApplications,
  getApplication,
  listVacancyApplications,
  readApplicationCv,
} from '../../services/applications/find-applications.js';
import type { ServiceDeps } from '../../services/deps.js';
import { actorOf } from '../auth.js';
import { errorBodySchema } from '../errors.js';
import { present } from '../present.js';
import { idParamsSchema, pageOf } from '../schemas.js';

export const applicationResponseSchema = z
  .object({
    id: z.uuid(),
    vacancyId: z.uuid(),
    name: z.string(),
    email: z.string(),
    phone: z.string(),
    coverNote: z.string(),
    cv: z.object({
      type: z.enum(['pdf', 'docx']).describe('Recognised from the file’s content, not its name'),
      size: z.number().int().describe('Bytes'),
      originalName: z.string().describe('The name the candidate’s file had; download it from …/cv'),
    }),
    source: z
      .object({
        kind: z.enum(['board', 'careers', 'feed', 'unknown']),
        label: z
          .string()
          .describe(
            'A board’s label (as in GET /boards), "Careers site", "Indeed", "LinkedIn", "Adzuna", "Jooble", "JSON feed" or "Unknown"',
          ),
        postingId: z.uuid().nullable().describe('The posting whose tracked link brought the candidate'),
      })
      .describe('Who brought the candidate: the first tracked link of the visit'),
    consentedAt: z.iso
      .datetime()
      .describe(
        'When the candidate agreed to the privacy notice; the apply form takes no application without it',
      ),
    status: z
      .enum(APPLICATION_STATUSES)
      .describe(
        'Where the recruiter has got to: `new` until someone changes it; each change is in the activity log',
      ),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Application' });

export const applicationCountsSchema = z.object({
  total: z.number().int(),
  bySource: z.array(z.object({ source: z.string(), count: z.number().int() })).describe('Most first'),
});

export const applicationStatsSchema = z.object({
  from: z.iso.date().describe('The first day counted'),
  to: z.iso.date().describe('The last day counted'),
  interval: z.enum(['day', 'week']),
  series: z.array(
    z.object({
      source: z.string().describe('The source label, as in an application’s `source.label`'),
      total: z.number().int(),
      points: z.array(
        z.object({
          period: z.iso.date().describe('The day, or the Monday of the week'),
          count: z.number().int(),
        }),
      ),
    }),
  ),
});

const errors = { 401: errorBodySchema, 404: errorBodySchema };

/** The recruiter's view of applications; every query is scoped to the token's organisation. */
export async function applicationRoutes(
  app: FastifyInstance,
  deps: ServiceDeps,
  options: { uploadsDir: string },
): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Applications'];

  r.get(
    '/vacancies/:id/applications',
    {
      schema: {
        tags,
        operationId: 'listVacancyApplications',
        summary: "A vacancy's applications",
        description:
          'Newest first, a page at a time; follow `nextCursor`. Filter by `source`, the source label (e.g. `NHS Jobs`, `Careers site`, `Unknown`).',
        params: idParamsSchema,
        querystring: z
          .object({
            source: z.string().min(1).max(100).optional().describe('A source label, as in `source.label`'),
            cursor: z.string().max(500).optional(),
            limit: z.coerce.number().int().min(1).max(100).default(25),
          })
          .strict(),
        response: { 200: pageOf(applicationResponseSchema), ...errors, 422: errorBodySchema },
      },
    },
    async (request) =>
      present(await listVacancyApplications(deps, actorOf(request), request.params.id, request.query)),
  );

  r.get(
    '/vacancies/:id/applications/counts',
    {
      schema: {
        tags,
        operationId: 'countVacancyApplications',
        summary: "A vacancy's applications counted by source",
        description: 'For analytics: how many applications each board, feed and the careers site brought.',
        params: idParamsSchema,
        response: {
          200: applicationCountsSchema,
          ...errors,
        },
      },
    },
    async (request) => countVacancyApplications(deps, actorOf(request), request.params.id),
  );

  r.get(
    '/applications/stats',
    {
      schema: {
        tags,
        operationId: 'getApplicationStats',
        summary: 'Applications over time, by source, across every vacancy',
        description: `Counts per source (a board’s label as in GET /boards, "Careers site", "Indeed", "LinkedIn", "Adzuna", "Jooble", "JSON feed" or "Unknown") and per \`day\` or \`week\` (UTC; weeks start on Monday and are labelled by their Monday, so \`from\` moves back to its Monday). Every period of the range has a point, zero when there were none; only sources with applications in the range have a series, most first. Without \`to\`, up to today; without \`from\`, the last 12 weeks or 30 days. At most ${STATS_MAX_PERIODS.day} days or ${STATS_MAX_PERIODS.week} weeks.`,
        querystring: z
          .object({
            from: z.iso.date('From must be a date, like 2026-11-02').optional(),
            to: z.iso.date('To must be a date, like 2026-11-30').optional(),
            interval: z.enum(['day', 'week'], { error: 'Interval must be day or week' }).default('week'),
          })
          .strict(),
        response: {
          200: applicationStatsSchema,
          401: errorBodySchema,
          422: errorBodySchema,
        },
      },
    },
    async (request) => applicationStats(deps, actorOf(request), request.query),
  );

  r.get(
    '/applications/:id',
    {
      schema: {
        tags,
        operationId: 'getApplication',
        summary: 'An application',
        params: idParamsSchema,
        response: { 200: applicationResponseSchema, ...errors },
      },
    },
    async (request) => present(await getApplication(deps, actorOf(request), request.params.id)),
  );

  // Not through the zod type provider: the 200 body is the file's bytes, which no JSON schema types.
  app.get<{ Params: z.infer<typeof idParamsSchema> }>(
    '/applications/:id/cv',
    {
      schema: {
        tags,
        operationId: 'downloadApplicationCv',
        summary: "Download an application's CV",
        description:
          'Answers 200 with the file as the candidate sent it, as an attachment: `application/pdf`, or `application/vnd.openxmlformats-officedocument.wordprocessingml.document` for Word.',
        params: idParamsSchema,
        produces: [CV_CONTENT_TYPES.pdf, CV_CONTENT_TYPES.docx],
        response: { 200: z.string().describe('The CV file'), ...errors },
      },
    },
    async (request, reply) => {
      const { application, bytes } = await readApplicationCv(
        deps,
        { uploadsDir: options.uploadsDir },
        actorOf(request),
        request.params.id,
      );
      const name = cvDownloadName(application.cv.originalName, application.cv.type);
      const ascii = name.replace(/[^\x20-\x7e]|[\\%;]/g, '_');
      return reply
        .header('content-type', CV_CONTENT_TYPES[application.cv.type])
        .header(
          'content-disposition',
          `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
        )
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(bytes);
    },
  );
}
