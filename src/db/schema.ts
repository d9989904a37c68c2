import { sql } from 'drizzle-orm';
import {
  bigserial,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
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

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const organisations = pgTable('organisations', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  about: text('about').notNull().default(''),
  replyToEmail: text('reply_to_email'),
  locations: jsonb('locations').$type<NamedLocation[]>().notNull().default([]),
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
    passwordHash: text('password_hash').notNull(),
    role: text('role').$type<'admin' | 'recruiter'>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    // One account per e-mail address across Postroom, so sign-in needs no organisation picker.
    uniqueIndex('users_email_unique').on(sql`lower(${t.email})`),
    index('users_organisation_idx').on(t.organisationId),
  ],
);

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
    role: text('role').$type<'admin' | 'recruiter'>().notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_tokens_organisation_idx').on(t.organisationId)],
);

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
  },
  (t) => [
    uniqueIndex('vacancies_reference_unique').on(t.organisationId, t.reference),
    // Cursor pagination walks (created_at, id) newest first, with or without a status filter.
    index('vacancies_list_idx').on(t.organisationId, t.createdAt.desc(), t.id.desc()),
    index('vacancies_status_list_idx').on(t.organisationId, t.status, t.createdAt.desc(), t.id.desc()),
  ],
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
  },
  (t) => [
    uniqueIndex('board_connections_name_unique')
      .on(t.organisationId, sql`lower(${t.name})`)
      .where(sql`${t.archivedAt} is null`),
  ],
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
      .$type<'vacancy' | 'organisation' | 'token' | 'user' | 'connection'>()
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
