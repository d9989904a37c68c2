// The API's answers as a TypeScript client reads them (dates as ISO strings): each type is inferred
// from the zod schema its route declares, and the tests check every response against that schema.
// The web app imports these types only (`import type`), so no server code reaches its bundle.
import type { z } from 'zod';
import type { BoardField } from '../boards/board.js';
import type { notificationPreferencesSchema } from '../services/mail/outbox.js';
import type { errorBodySchema } from './errors.js';
import type {
  applicationCountsSchema,
  applicationResponseSchema,
  applicationStatsSchema,
} from './routes/applications.js';
import type { pendingApprovalSchema } from './routes/approvals.js';
import type { mappingSchema } from './routes/connection-mappings.js';
import type { boardResponseSchema, connectionResponseSchema } from './routes/connections.js';
import type { mailSchema } from './routes/mail.js';
import type { createdTokenSchema } from './routes/organisation.js';
import type { batchResponseSchema } from './routes/postings/batch.js';
import type { dashboardResponseSchema } from './routes/postings/dashboard.js';
import type { postingSummarySchema } from './routes/postings/list.js';
import type { previewResponseSchema } from './routes/postings/preview.js';
import type { postingResponseSchema } from './routes/postings/schemas.js';
import type { updateAllResponseSchema } from './routes/postings/vacancy-postings.js';
import type {
  erasureCountsSchema,
  erasuresSchema,
  retentionPreviewSchema,
  subjectDataSchema,
} from './routes/privacy-schemas.js';
import type { spendReportSchema } from './routes/reports.js';
import type { templateResponseSchema } from './routes/templates.js';
import type { importResultSchema } from './routes/vacancy-import.js';
import type {
  createdWebhookSchema,
  deliverySchema,
  rotatedSecretSchema,
  webhookSchema,
} from './routes/webhooks.js';
import type {
  activityResponseSchema,
  apiTokenResponseSchema,
  organisationResponseSchema,
  pageOf,
  sessionResponseSchema,
  userResponseSchema,
  vacancyResponseSchema,
} from './schemas.js';

export type ApiErrorBody = z.output<typeof errorBodySchema>;
export type Issue = ApiErrorBody['error']['issues'][number];

export type Session = z.output<typeof sessionResponseSchema>;
export type Role = Session['user']['role'];
export type User = z.output<typeof userResponseSchema>;
export type ApiToken = z.output<typeof apiTokenResponseSchema>;
export type CreatedToken = z.output<typeof createdTokenSchema>;
export type NotificationPreferences = z.output<typeof notificationPreferencesSchema>;
export type Organisation = z.output<typeof organisationResponseSchema>;

export type Vacancy = z.output<typeof vacancyResponseSchema>;
export type Activity = z.output<typeof activityResponseSchema>;
/** What POST /vacancies/import did, or with `dryRun` would do, with each row. */
export type VacancyImport = z.output<typeof importResultSchema>;
export type Template = z.output<typeof templateResponseSchema>;
export type Application = z.output<typeof applicationResponseSchema>;
/** `new`, `reviewing`, `shortlisted`, `rejected` or `hired` (PATCH /applications/{id}). */
export type ApplicationStatus = Application['status'];
export type ApplicationCounts = z.output<typeof applicationCountsSchema>;
export type ApplicationStats = z.output<typeof applicationStatsSchema>;

/** A board as GET /boards lists it; its declared fields typed as the board contract declares them. */
export type Board = Omit<z.output<typeof boardResponseSchema>, 'fields'> & { fields: BoardField[] };
export type Connection = z.output<typeof connectionResponseSchema>;
/** A connection's table of a board's ids (GET /connections/{id}/mappings). */
export type Mapping = z.output<typeof mappingSchema>;

export type Posting = z.output<typeof postingResponseSchema>;
export type Dashboard = z.output<typeof dashboardResponseSchema>;
export type ConnectionCounts = Dashboard['connections'][number];
export type PostingSummary = z.output<typeof postingSummarySchema>;
export type PostingError = NonNullable<Posting['lastError']>;
export type PostingChange = Posting['changes'][number];
export type Attempt = NonNullable<Posting['attempts']>[number];
export type Exchange = Attempt['exchanges'][number];
export type Preview = z.output<typeof previewResponseSchema>;
export type UpdateAllResult = z.output<typeof updateAllResponseSchema>;
export type PendingApproval = z.output<typeof pendingApprovalSchema>;
export type SpendReport = z.output<typeof spendReportSchema>;
export type BatchResponse = z.output<typeof batchResponseSchema>;
export type BatchResult = BatchResponse['results'][number];

export type Webhook = z.output<typeof webhookSchema>;
export type CreatedWebhook = z.output<typeof createdWebhookSchema>;
export type RotatedSecret = z.output<typeof rotatedSecretSchema>;
export type Delivery = z.output<typeof deliverySchema>;
export type Mail = z.output<typeof mailSchema>;
export type RetentionPreview = z.output<typeof retentionPreviewSchema>;
export type Erasure = z.output<typeof erasuresSchema>['items'][number];
export type ErasureCounts = z.output<typeof erasureCountsSchema>;
export type SubjectData = z.output<typeof subjectDataSchema>;

/** A page of a list (`pageOf`): the items, and the cursor of the next page (null on the last). */
export type Page<T> = Omit<z.output<ReturnType<typeof pageOf>>, 'items'> & { items: T[] };
