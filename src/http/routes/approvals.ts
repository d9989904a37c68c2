import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceDeps } from '../../services/deps.js';
import { listApprovals } from '../../services/postings/approvals.js';
import { actorOf } from '../auth.js';
import { errorBodySchema } from '../errors.js';
import { present } from '../present.js';

export const pendingApprovalSchema = z
  .object({
    postingId: z.uuid(),
    vacancyId: z.uuid(),
    vacancyReference: z.string(),
    vacancyTitle: z.string(),
    connectionId: z.uuid(),
    connectionName: z.string(),
    boardLabel: z.string(),
    reason: z
      .enum(['connection', 'over_budget'])
      .describe('Why it waits: the connection needs approval, or the post would go over the monthly budget'),
    requestedBy: z.string().describe('Who posted it'),
    requestedAt: z.iso.datetime(),
    scheduledAt: z.iso.datetime().nullable().describe('When it is to go out once approved; null: at once'),
    costPence: z
      .number()
      .int()
      .nullable()
      .describe('What it will cost (the connection’s cost per posting), in pence; null: not recorded'),
  })
  .meta({ id: 'PendingApproval' });

/** GET /approvals: the posts waiting for an approver. */
export function approvalRoutes(app: FastifyInstance, deps: ServiceDeps) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/approvals',
    {
      schema: {
        tags: ['Postings'],
        operationId: 'listApprovals',
        summary: 'Posts awaiting approval (approvers and admins)',
        description:
          'Every posting of the organisation that is `awaiting_approval`, oldest first, with who posted it, why it waits and what it will cost. Approve or reject each with POST /postings/{id}/approve or /reject. A recruiter gets 403.',
        response: {
          200: z.object({ items: z.array(pendingApprovalSchema) }),
          401: errorBodySchema,
          403: errorBodySchema,
        },
      },
    },
    async (request) => ({ items: present(await listApprovals(deps, actorOf(request))) }),
  );
}
