import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { AdvertState } from '../domain/advert-state.js';
import type { ApplicationStatus } from '../domain/application.js';
import type { OVER_BUDGET, Role } from '../domain/organisation.js';
import type {
  PostingAction,
  PostingApproval,
  PostingError,
  PostingStatus,
  StoredExchange,
} from '../domain/posting.js';
import type {
  ContractLength,
  EmploymentType,
  Hours,
  Location,
  NamedLocation,
  PersonSpecification,
  Salary,
  VacancyStatus,
  Workplace,
} from '../domain/vacancy.js';

export type OverBudget = (typeof OVER_BUDGET)[number];

export type ApplicationEmails = 'each' | 'digest' | 'none';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const organisations = pgTable('organisations', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  about: text('about').notNull().default(''),
  replyToEmail: text('reply_to_email'),
  locations: jsonb('locations').$type<NamedLocation[]>().notNull().default([]),
  /** Applications are kept this many months after their vacancy closes, then erased (src/jobs/retention.ts). */
  retentionMonths: integer('retention_months').notNull().default(6),
  /** A post that would take a connection over its monthly budget: refused, or held for an approver. */
  overBudget: text('over_budget').$type<OverBudget>().notNull().default('refuse'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    /** The person's name, shown in the app and in the activity log. */
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role').$type<Role>().notNull(),
    /** Which application e-mails the person gets: one per application, a daily digest, or none. */
    applicationEmails: text('application_emails').$type<ApplicationEmails>().notNull().default('each'),
    /** When the last daily digest was made, so the next one starts there. */
    digestSentAt: timestamp('digest_sent_at', { withTimezone: true }),
    createdAt: createdAt(),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
  },
  (t) => [
    // One account per e-mail address across Postroom, so sign-in needs no organisation picker.
    uniqueIndex('users_email_unique').on(sql`lower(${t.email})`),
    index('users_organisation_idx').on(t.organisationId),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** SHA-256 of the cookie's random session id; the id itself is never stored. */
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: createdAt(),
    /** Written at most once a minute, for the idle expiry. */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    /** The absolute expiry: the session ends then however active it is. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * Failed sign-ins per e-mail address (lower case), whether or not an account has it, so the
 * lock-out says nothing about which addresses have accounts.
 */
export const signInFailures = pgTable('sign_in_failures', {
  email: text('email').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** SHA-256 of the token: tokens are long random strings, so a fast hash is safe here. */
    tokenHash: text('token_hash').notNull().unique(),
    /** The first characters of the token, shown so a person can tell tokens apart. */
    prefix: text('prefix').notNull(),
    role: text('role').$type<Role>().notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_tokens_organisation_idx').on(t.organisationId)],
);

/**
 * An organisation's content version: triggers on `vacancies` and `organisations` (migration 0004)
 * add one in the same transaction as any change to its vacancies or to the organisation, so a read
 * cached under version N is current while the version is still N. No foreign key: the row may
 * outlive its organisation harmlessly.
 */
export const contentVersions = pgTable('content_versions', {
  organisationId: uuid('organisation_id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
});

/** The text keyword search looks in: title, summary and reference. */
const searchText = (t: { title: AnyPgColumn; summary: AnyPgColumn; reference: AnyPgColumn }) =>
  sql`(${t.title} || ' ' || coalesce(${t.summary}, '') || ' ' || ${t.reference})`;

export const vacancies = pgTable(
  'vacancies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    reference: text('reference').notNull(),
    title: text('title').notNull(),
    employmentType: text('employment_type').$type<EmploymentType>().notNull(),
    contractLength: jsonb('contract_length').$type<ContractLength>(),
    hours: text('hours').$type<Hours>().notNull(),
    weeklyHours: numeric('weekly_hours', { mode: 'number' }),
    workplace: text('workplace').$type<Workplace>().notNull(),
    location: jsonb('location').$type<Location>().notNull(),
    salary: jsonb('salary').$type<Salary>(),
    summary: text('summary'),
    description: text('description').notNull(),
    replyToEmail: text('reply_to_email'),
    closingDate: date('closing_date', { mode: 'string' }).notNull(),
    category: text('category'),
    videoUrl: text('video_url'),
    personSpecification: jsonb('person_specification').$type<PersonSpecification>().notNull(),
    status: text('status').$type<VacancyStatus>().notNull().default('draft'),
    /** Increases on every change; clients may send it back in If-Match to avoid lost updates. */
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** A legal hold: while set (the reason), retention erases none of the vacancy's applications. */
    legalHoldReason: text('legal_hold_reason'),
  },
  (t) => [
    uniqueIndex('vacancies_reference_unique').on(t.organisationId, t.reference),
    // Keyword search has no index here: each process searches an index of the vacancies in memory
    // (src/services/vacancies/vacancy-index.ts; the trigram index of migration 0004 went in 0020).
    // Cursor pagination walks (created_at, id) newest first, with or without a status filter.
    index('vacancies_list_idx').on(
      t.organisationId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index('vacancies_status_list_idx').on(
      t.organisationId,
      t.status,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
  ],
);

/**
 * A vacancy saved to start others from: its fields (not its reference) and the per-board fields the
 * recruiter set on its postings, keyed by board id. Starting from one makes a draft (copy-vacancy.ts).
 */
export const vacancyTemplates = pgTable(
  'vacancy_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The vacancy's editable fields as saved, without its reference. */
    fields: jsonb('fields').$type<Record<string, unknown>>().notNull(),
    /** Per board id: the fields the recruiter set there instead of what the vacancy pre-fills. */
    boardFields: jsonb('board_fields').$type<Record<string, Record<string, unknown>>>().notNull().default({}),
    /** The reference of the vacancy it was saved from. */
    sourceReference: text('source_reference').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  // Also the list's order (by name).
  (t) => [uniqueIndex('vacancy_templates_name_unique').on(t.organisationId, sql`lower(${t.name})`)],
);

export const boardConnections = pgTable(
  'board_connections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    board: text('board').notNull(),
    name: text('name').notNull(),
    /** The settings that are not secret (site, base URL, test mode …). */
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    /** The secret settings, sealed with AES-256-GCM (see services/secret-box.ts); never returned. */
    secrets: text('secrets').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** Removed connections are archived, so postings made through them keep their history. */
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    /** The board asked us to slow down (429): no call through this connection before this time. */
    pausedUntil: timestamp('paused_until', { withTimezone: true }),
    /** A recruiter's post through this connection waits for an approver (an admin or approver's does not). */
    requiresApproval: boolean('requires_approval').notNull().default(false),
    /** What one posting through this connection costs, in pence (GBP); null: nothing recorded. */
    costPence: integer('cost_pence'),
    /** The most the organisation spends through this connection in a calendar month (UTC), in pence. */
    monthlyBudgetPence: integer('monthly_budget_pence'),
  },
  (t) => [
    uniqueIndex('board_connections_name_unique')
      .on(t.organisationId, sql`lower(${t.name})`)
      .where(sql`${t.archivedAt} is null`),
  ],
);

/**
 * Leased request slots of a connection (slot 0 to the concurrency limit − 1), so the limit on
 * board calls in flight through one connection holds across every worker process. A lease runs
 * out by itself if its process dies (src/jobs/connection-limits.ts).
 */
export const connectionSlots = pgTable(
  'connection_slots',
  {
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => boardConnections.id, { onDelete: 'cascade' }),
    slot: integer('slot').notNull(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.slot] })],
);

/** Board calls made through a connection in its current rate-limit window (a board's `rateLimit`). */
export const connectionRequestWindows = pgTable('connection_request_windows', {
  connectionId: uuid('connection_id')
    .primaryKey()
    .references(() => boardConnections.id, { onDelete: 'cascade' }),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
  count: integer('count').notNull(),
});

export const postings = pgTable(
  'postings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    vacancyId: uuid('vacancy_id')
      .notNull()
      .references(() => vacancies.id, { onDelete: 'cascade' }),
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => boardConnections.id),
    board: text('board').notNull(),
    status: text('status').$type<PostingStatus>().notNull(),
    /** What the pending or last job does: create, update, close, relist or extend the advert on the board. */
    action: text('action').$type<PostingAction>().notNull(),
    /** The posting's `src` token in its tracked apply link. */
    trackingToken: text('tracking_token').notNull().unique(),
    /** Our reference for the advert on the board, used to find it again after an unknown outcome. */
    boardReference: text('board_reference').notNull(),
    /** The fields last accepted by the board, or to be sent by the pending create. */
    fields: jsonb('fields').$type<Record<string, unknown>>().notNull(),
    /**
     * The fields the recruiter set to something other than what the vacancy pre-fills: kept on every
     * update, so a posting follows the vacancy except where a person chose otherwise. NULL on
     * postings made before overrides were kept: all their fields count as the recruiter's.
     */
    overrides: jsonb('overrides').$type<Record<string, unknown>>().default({}),
    /** The fields a pending update will send. */
    pendingFields: jsonb('pending_fields').$type<Record<string, unknown>>(),
    externalId: text('external_id'),
    externalUrl: text('external_url'),
    etag: text('etag'),
    /** The board's own status word, e.g. NHS Jobs' DRAFT / PUBLISHED, as the board wrote it. */
    boardStatus: text('board_status'),
    /** The advert's state on the board in Postroom's words (draft, published, closed, expired). */
    advertState: text('advert_state').$type<AdvertState>(),
    boardCheckedAt: timestamp('board_checked_at', { withTimezone: true }),
    publishedOnBoardAt: timestamp('published_on_board_at', { withTimezone: true }),
    /** Attempts of the current action, for back-off. */
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    /** The last problem: reason, field, Postroom's message, the board's message. */
    lastError: jsonb('last_error').$type<PostingError>(),
    /** Why the outcome is unknown and what a person should check. */
    uncertainReason: text('uncertain_reason'),
    /** A worker is calling the board for this posting until this time; no other may. */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    /** Set when the closing date passed: the close ends in `expired`, not `closed`. */
    closeAs: text('close_as').$type<'closed' | 'expired'>(),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }),
    /** Who asked for the post, why it waits for approval, and the approver's decision. */
    approval: jsonb('approval').$type<PostingApproval>(),
    /** The connection's cost per posting when the posting was accepted for sending, in pence. */
    costPence: integer('cost_pence'),
    /** When the posting was accepted for sending (at the post, or at its approval): its spend counts in that month. */
    chargedAt: timestamp('charged_at', { withTimezone: true }),
    postedAt: timestamp('posted_at', { withTimezone: true }),
    /** When the advert's current run on the board began (a relist or extend restarts it); NULL: at `postedAt`. */
    runStartedAt: timestamp('run_started_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** The posting this one renews (its advert posted again as a new one); at most one renewal each. */
    renewedFrom: uuid('renewed_from').references((): AnyPgColumn => postings.id, { onDelete: 'set null' }),
    /** Renew the advert automatically before it ends on the board, until the vacancy closes. */
    autoRenew: boolean('auto_renew').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('postings_vacancy_idx').on(t.organisationId, t.vacancyId, t.createdAt),
    // The postings list (GET /postings) is newest first: without this it read and sorted every
    // posting of the organisation for a page of 100 (47 ms at 7,500 postings, growing with them).
    index('postings_list_idx').on(t.organisationId, t.createdAt.desc().nullsFirst()),
    // The postings list of one status (GET /postings?status=…): without this a page of a rare status
    // walked the organisation's postings newest first until it had found enough.
    index('postings_status_list_idx').on(t.organisationId, t.status, t.createdAt.desc().nullsFirst()),
    // One live posting per vacancy and connection; one on its way out (`close_as` set) no longer counts,
    // so a renewal can post the advert again while the old one is closed on the board.
    uniqueIndex('postings_active_unique')
      .on(t.vacancyId, t.connectionId)
      .where(sql`${t.status} not in ('closed', 'expired', 'rejected') and ${t.closeAs} is null`),
    uniqueIndex('postings_renewed_from_unique').on(t.renewedFrom),
    // A post reads the connection's references that could clash with its own (the reference and its
    // "-n" forms, a LIKE on its start): without this it read every posting (59 ms at 75,000).
    index('postings_reference_idx').on(t.connectionId, t.boardReference.op('text_pattern_ops')),
    index('postings_status_idx').on(t.status, t.board),
    index('postings_charged_idx').on(t.organisationId, t.chargedAt),
  ],
);

export const postingAttempts = pgTable(
  'posting_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    postingId: uuid('posting_id')
      .notNull()
      .references(() => postings.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id').notNull(),
    action: text('action').$type<PostingAction | 'lookup' | 'status'>().notNull(),
    /** `pending` is written before the board is called; a pending attempt found later means a worker died. */
    outcome: text('outcome').$type<'pending' | 'succeeded' | 'failed' | 'unknown'>().notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** Every HTTP exchange of the attempt, credentials redacted. */
    exchanges: jsonb('exchanges').$type<StoredExchange[]>().notNull().default([]),
    error: jsonb('error').$type<PostingError>(),
  },
  (t) => [index('posting_attempts_posting_idx').on(t.postingId, t.id)],
);

export type ActivityChanges = Record<string, { from: unknown; to: unknown }>;

export const activity = pgTable(
  'activity',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    subjectType: text('subject_type')
      .$type<
        'vacancy' | 'organisation' | 'token' | 'user' | 'connection' | 'posting' | 'webhook' | 'application'
      >()
      .notNull(),
    subjectId: uuid('subject_id').notNull(),
    action: text('action').notNull(),
    actorType: text('actor_type').$type<'user' | 'token' | 'system'>().notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    changes: jsonb('changes').$type<ActivityChanges>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('activity_subject_idx').on(t.organisationId, t.subjectId, t.id)],
);

export const applications = pgTable(
  'applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    vacancyId: uuid('vacancy_id')
      .notNull()
      .references(() => vacancies.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    email: text('email').notNull(),
    phone: text('phone').notNull(),
    coverNote: text('cover_note').notNull().default(''),
    /** The file name Postroom chose (`<uuid>.pdf`), under `<data dir>/uploads/<organisation id>/`. */
    cvPath: text('cv_path').notNull(),
    cvType: text('cv_type').$type<'pdf' | 'docx'>().notNull(),
    cvSize: integer('cv_size').notNull(),
    /** The candidate's own file name, shown to recruiters only; never used on disk. */
    cvOriginalName: text('cv_original_name').notNull(),
    sourceKind: text('source_kind').$type<'board' | 'careers' | 'feed' | 'unknown'>().notNull(),
    /** "NHS Jobs", "s1jobs", "Careers site", "Indeed", "LinkedIn", "Adzuna", "Jooble", "JSON feed" or "Unknown". */
    sourceLabel: text('source_label').notNull(),
    postingId: uuid('posting_id').references(() => postings.id, { onDelete: 'set null' }),
    /** The apply form's hidden key: a second submit of the same form finds the first application. */
    submissionKey: text('submission_key').notNull(),
    /** Where the recruiter has got to with the candidate; each change is in the activity log. */
    status: text('status').$type<ApplicationStatus>().notNull().default('new'),
    /** When the candidate agreed to the privacy notice (the apply form refuses an application without it). */
    consentedAt: timestamp('consented_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
    /** When the personal fields were erased (retention or a candidate's request); null while held. */
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('applications_submission_unique').on(t.vacancyId, t.submissionKey),
    index('applications_list_idx').on(
      t.organisationId,
      t.vacancyId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    // Applications over time across the organisation's vacancies (GET /applications/stats).
    index('applications_created_idx').on(t.organisationId, t.createdAt),
    // The inbox: every application of the organisation, newest first (GET /applications).
    index('applications_inbox_idx').on(
      t.organisationId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
  ],
);

/**
 * The first answer to an API `POST` sent with an `Idempotency-Key`, kept 24 hours so a retried
 * request gets it again instead of doing the work twice. The row is inserted before the work (the
 * unique index makes a concurrent twin wait for it) and completed with the answer, which is sealed
 * because some answers show a secret once (a new API token).
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    /** Who sent it (`token:<id>`, `user:<id>`, `system`): keys of one caller never answer another. */
    principal: text('principal').notNull(),
    key: text('key').notNull(),
    /** SHA-256 of the method, path and canonical body: the same key with another request is refused. */
    fingerprint: text('fingerprint').notNull(),
    /** Null while the first request is being worked on. */
    responseStatus: integer('response_status'),
    /** The answer (content type, location, body), sealed with the secret box. */
    response: text('response'),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('idempotency_keys_unique').on(t.organisationId, t.principal, t.key),
    index('idempotency_keys_expires_idx').on(t.expiresAt),
  ],
);

/**
 * Applications taken in the current window per bucket (`address:<network>` or `vacancy:<id>`), so
 * the apply form's rate limits hold across every process serving the careers site.
 */
export const applyRateLimits = pgTable(
  'apply_rate_limits',
  {
    bucket: text('bucket').primaryKey(),
    windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
    count: integer('count').notNull(),
  },
  (t) => [index('apply_rate_limits_window_idx').on(t.windowStartedAt)],
);

/** Bytes of CVs each organisation keeps, reserved before a file is written (the upload quota). */
export const uploadUsage = pgTable('upload_usage', {
  organisationId: uuid('organisation_id')
    .primaryKey()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  bytes: bigint('bytes', { mode: 'number' }).notNull(),
});

/**
 * An organisation's aggregator feeds (`feeds.md`): switched off or not, and the last read. No row is
 * a feed that is on and was never read.
 */
export const feedChannels = pgTable(
  'feed_channels',
  {
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    /** 'indeed' | 'linkedin' | 'adzuna' | 'jooble'. */
    channel: text('channel').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    lastReadAt: timestamp('last_read_at', { withTimezone: true }),
    lastReadBy: text('last_read_by'),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.channel] })],
);

/**
 * A vacancy kept out of one aggregator's feed by a recruiter (not Indeed: it takes every job or none).
 */
export const feedVacancyExclusions = pgTable(
  'feed_vacancy_exclusions',
  {
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    vacancyId: uuid('vacancy_id')
      .notNull()
      .references(() => vacancies.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.vacancyId, t.channel] }),
    index('feed_vacancy_exclusions_org_idx').on(t.organisationId, t.channel),
  ],
);

/** Title, summary and reference of a vacancy, as keyword search reads them (the vacancy index). */
export const vacancySearchText = searchText(vacancies);

/**
 * Things integrators hear about, written in the same transaction as the change by triggers
 * (migration 0007), then fanned out to the subscribed endpoints and e-mails by the dispatcher
 * (src/jobs/notifications.ts). `webhookId` is the Standard Webhooks `webhook-id`: stable across retries.
 */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    resourceId: uuid('resource_id').notNull(),
    webhookId: text('webhook_id')
      .notNull()
      .unique()
      .default(sql`'msg_' || replace(gen_random_uuid()::text, '-', '')`),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
  },
  (t) => [index('events_undispatched_idx').on(t.id).where(sql`${t.dispatchedAt} is null`)],
);

export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    events: jsonb('events').$type<string[]>().notNull(),
    /** The signing secrets, sealed with the secret box (see services/webhooks/secrets.ts); never returned after creation. */
    secrets: text('secrets').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    disabledReason: text('disabled_reason'),
    /** The first failed attempt since the last success: the endpoint is disabled when this is too long ago. */
    failingSince: timestamp('failing_since', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('webhook_endpoints_organisation_idx').on(t.organisationId)],
);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventId: bigint('event_id', { mode: 'number' })
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    resourceId: uuid('resource_id').notNull(),
    status: text('status').$type<'pending' | 'succeeded' | 'failed'>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt.desc()),
    // Order per resource: a delivery waits for the earlier ones of its resource to the same endpoint.
    index('webhook_deliveries_resource_idx').on(t.endpointId, t.resourceId, t.eventId),
  ],
);

/** One HTTP request of a delivery, as the deliveries page and API show it. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    durationMs: integer('duration_ms').notNull(),
    request: jsonb('request')
      .$type<{ url: string; headers: Record<string, string>; body: string }>()
      .notNull(),
    responseStatus: integer('response_status'),
    responseBody: text('response_body'),
    error: text('error'),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.id)],
);

/** E-mails, queued in the transaction that caused them and sent by the worker (or kept, without SMTP_URL). */
export const mails = pgTable(
  'mails',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    to: text('to').notNull(),
    replyTo: text('reply_to'),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    status: text('status').$type<'queued' | 'sent' | 'kept' | 'failed'>().notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('mails_organisation_idx').on(t.organisationId, t.createdAt.desc())],
);

/**
 * One erasure of candidates' data (retention or a person's request): what, when, under which rule
 * and how much — never the erased data itself.
 */
export const erasures = pgTable(
  'erasures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'retention' | 'request'>().notNull(),
    /** "Kept 6 months after the vacancy closed" or "Erasure requested by the candidate". */
    rule: text('rule').notNull(),
    actorLabel: text('actor_label').notNull(),
    applications: integer('applications').notNull(),
    cvFiles: integer('cv_files').notNull(),
    activityEntries: integer('activity_entries').notNull(),
    mails: integer('mails').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('erasures_organisation_idx').on(t.organisationId, t.at.desc())],
);
