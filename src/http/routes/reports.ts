import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { monthOf } from '../../domain/money.js';
import type { ServiceDeps } from '../../services/deps.js';
import { spendReport } from '../../services/spend/spend-report.js';
import { actorOf } from '../auth.js';
import { errorBodySchema } from '../errors.js';

const day = (what: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${what} must be a date, YYYY-MM-DD`)
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), `${what} must be a real date`);

const pence = (what: string) => z.number().int().describe(`${what}, in pence (GBP)`);

export const spendReportSchema = z
  .object({
    from: z.string().describe('The first day of the period (UTC)'),
    to: z.string().describe('The day after the last day of the period (UTC)'),
    totalPence: pence('Everything spent in the period'),
    postings: z.number().int().describe('Postings whose cost counts in the period'),
    applications: z.number().int().describe('Applications those postings brought'),
    byBoard: z.array(
      z.object({
        connectionId: z.uuid(),
        connectionName: z.string(),
        board: z.string(),
        boardLabel: z.string(),
        postings: z.number().int(),
        spendPence: pence('Spent through the connection'),
        applications: z
          .number()
          .int()
          .describe('Applications its postings of the period brought (first touch)'),
        costPerApplicationPence: z
          .number()
          .int()
          .nullable()
          .describe('Spend ÷ applications, in pence; null when none came'),
      }),
    ),
    byMonth: z.array(
      z.object({
        month: z.string().describe('YYYY-MM'),
        postings: z.number().int(),
        spendPence: pence('Spent'),
      }),
    ),
    byVacancy: z.array(
      z.object({
        vacancyId: z.uuid(),
        reference: z.string(),
        title: z.string(),
        postings: z.number().int(),
        spendPence: pence('Spent on the vacancy'),
      }),
    ),
  })
  .meta({ id: 'SpendReport' });

/** The default period: the last twelve calendar months, this one included. */
function defaultPeriod(now: Date) {
  const { end } = monthOf(now);
  const start = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 12, 1));
  return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}

/** GET /reports/spend: spend per board, month and vacancy, and cost per application. */
export function reportRoutes(app: FastifyInstance, deps: ServiceDeps) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/reports/spend',
    {
      schema: {
        tags: ['Reports'],
        operationId: 'spendReport',
        summary: 'Spend per board, month and vacancy, and cost per application',
        description:
          'A posting’s cost (its connection’s cost per posting) counts in the month it was accepted for sending: when posted, or when approved. A rejected posting, and one that failed or was closed before the board ever held it, costs nothing. Cost per application is a connection’s spend ÷ the applications its postings of the period brought. `from` is the first day, `to` the day after the last (UTC); by default the last twelve calendar months.',
        querystring: z
          .object({
            from: day('From').optional().describe('First day, YYYY-MM-DD'),
            to: day('To').optional().describe('The day after the last day, YYYY-MM-DD'),
          })
          .strict(),
        response: { 200: spendReportSchema, 401: errorBodySchema, 422: errorBodySchema },
      },
    },
    async (request) => {
      const fallback = defaultPeriod(deps.clock.now());
      const period = { from: request.query.from ?? fallback.from, to: request.query.to ?? fallback.to };
      if (period.from >= period.to)
        throw new AppError('validation_failed', 'The period ends before it starts.', {
          issues: [{ path: 'to', message: 'Choose a day after From' }],
        });
      return spendReport(deps, actorOf(request), period);
    },
  );
}
