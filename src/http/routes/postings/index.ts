import type { FastifyInstance } from 'fastify';
import type { ServiceDeps } from '../../../services/deps.js';
import { approvalRoutes } from '../approvals.js';
import { reportRoutes } from '../reports.js';
import { postingActionRoutes } from './actions.js';
import { batchPostingsRoute } from './batch.js';
import { dashboardRoute } from './dashboard.js';
import { listPostingsRoute } from './list.js';
import { singlePostingRoutes } from './posting.js';
import { previewPostingRoute } from './preview.js';
import { vacancyPostingRoutes } from './vacancy-postings.js';

/**
 * The postings API, one file per resource: a vacancy's postings (`vacancy-postings.ts`), the list
 * (`list.ts`), one posting (`posting.ts`), its actions (`actions.ts`), the preview
 * (`preview.ts`), many at once (`batch.ts`) and what is live where (`dashboard.ts`); the posting's shapes are in `schemas.ts`.
 */
export async function postingRoutes(app: FastifyInstance, deps: ServiceDeps) {
  vacancyPostingRoutes(app, deps);
  listPostingsRoute(app, deps);
  singlePostingRoutes(app, deps);
  postingActionRoutes(app, deps);
  previewPostingRoute(app, deps);
  batchPostingsRoute(app, deps);
  dashboardRoute(app, deps);
  approvalRoutes(app, deps);
  reportRoutes(app, deps);
}
