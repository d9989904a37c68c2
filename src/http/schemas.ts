import { z } from 'zod';
import { OVER_BUDGET, ROLES } from '../domain/organisation.js';
import { EMPLOYMENT_TYPES, HOURS, SALARY_PERIODS, VACANCY_STATUSES, WORKPLACES } from '../domain/vacancy.js';

// Response shapes, for the OpenAPI document. Responses are built by presenters, not by these.
const timestamp = z.iso.datetime().describe('ISO 8601 time, UTC');

export const idParamsSchema = z.object({ id: z.string().max(100).describe('The id Postroom gave it') });

const locationOut = z.object({
  line1: z.string(),
  line2: z.string().optional(),
  town: z.string(),
  postcode: z.string(),
  country: z.literal('GB'),
});
const lists = z.object({
  qualifications: z.array(z.string()),
  experience: z.array(z.string()),
  skills: z.array(z.string()),
});

export const vacancyResponseSchema = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    title: z.string(),
    employmentType: z.enum(EMPLOYMENT_TYPES),
    contractLength: z.object({ length: z.number().int(), unit: z.enum(['weeks', 'months']) }).nullable(),
    hours: z.enum(HOURS),
    weeklyHours: z.number().nullable(),
    workplace: z.enum(WORKPLACES),
    location: locationOut,
    salary: z
      .object({
        min: z.number().optional(),
        max: z.number().optional(),
        period: z.enum(SALARY_PERIODS),
        currency: z.literal('GBP'),
        text: z.string().optional(),
      })
      .nullable(),
    summary: z.string().nullable(),
    description: z.string().describe('Sanitised HTML'),
    replyToEmail: z.string().nullable(),
    closingDate: z.iso.date(),
    category: z.string().nullable(),
    videoUrl: z.string().nullable(),
    personSpecification: z.object({ essential: lists, desirable: lists }),
    status: z.enum(VACANCY_STATUSES).describe('draft → live (on the careers site) → closed'),
    version: z.number().int().describe('Send it back in If-Match to make sure you change what you read'),
    createdAt: timestamp,
    updatedAt: timestamp,
    publishedAt: timestamp.nullable(),
    closedAt: timestamp.nullable(),
  })
  .meta({ id: 'Vacancy' });

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .describe('Pass as `cursor` to get the next page; null on the last page'),
  });

export const activityResponseSchema = z.object({
  id: z.number().int(),
  action: z.string().describe('created, updated, published, closed …'),
  actor: z.object({ type: z.enum(['user', 'token', 'system']), label: z.string() }),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
  at: timestamp,
});

export const organisationResponseSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    about: z.string(),
    replyToEmail: z.string().nullable(),
    locations: z.array(locationOut.extend({ name: z.string() })),
    retentionMonths: z
      .number()
      .int()
      .describe('Applications are kept this many months after their vacancy closes, then erased'),
    overBudget: z
      .enum(OVER_BUDGET)
      .describe(
        'A post that would take a connection over its monthly budget: `refuse`d, or held for an approver (`approve`)',
      ),
    createdAt: timestamp,
    updatedAt: timestamp,
    aboutLimits: z
      .array(
        z.object({
          board: z.string().describe('Board id, as in GET /boards'),
          boardLabel: z.string().describe('The board’s name, as in GET /boards'),
          label: z.string().describe('The board’s own name for the setting'),
          min: z.number().int().describe('Fewest characters the board takes'),
          max: z.number().int().describe('Most characters the board takes'),
          connected: z.boolean().describe('The organisation has a connection to this board'),
        }),
      )
      .describe('Each board’s limits on "About organisation", counted in characters as a person sees them'),
    warnings: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .describe('Problems that do not stop saving but will stop postings to a connected board'),
  })
  .meta({ id: 'Organisation' });

export const apiTokenResponseSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().describe('The first characters of the token, to tell tokens apart'),
    role: z.enum(ROLES),
    createdAt: timestamp,
    lastUsedAt: timestamp.nullable(),
    revokedAt: timestamp.nullable(),
  })
  .meta({ id: 'ApiToken' });

const roleSchema = z
  .enum(ROLES)
  .describe(
    'admin: everything; recruiter: all but admin pages; approver: a recruiter who also approves or rejects posts that need approval',
  );

export const sessionResponseSchema = z
  .object({
    user: z.object({ id: z.uuid(), email: z.string(), name: z.string(), role: roleSchema }),
    organisation: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
    csrfToken: z
      .string()
      .describe(
        'Send it in the X-CSRF-Token header with every POST, PUT, PATCH and DELETE made with the cookie',
      ),
  })
  .meta({ id: 'Session' });

export const userResponseSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: roleSchema,
    createdAt: timestamp,
    lastSignInAt: timestamp.nullable(),
  })
  .meta({ id: 'User' });
