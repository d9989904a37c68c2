import { z } from 'zod';
import { emailSchema, LIMITS, namedLocationSchema } from './vacancy.js';

/** Months applications are kept after their vacancy closes (UK GDPR: decide and document a period). */
export const RETENTION = { min: 1, max: 24, default: 6 } as const;

/** What happens to a post over a connection's monthly budget: refused, or held for an approver. */
export const OVER_BUDGET = ['refuse', 'approve'] as const;

export const ORGANISATION_LIMITS = { name: 200, about: 4000, locations: 100, slug: 50 } as const;

export const organisationNameSchema = z
  .string({ error: 'Organisation name must be text' })
  .trim()
  .min(1, 'Enter the organisation name')
  .max(ORGANISATION_LIMITS.name, `Organisation name must be ${ORGANISATION_LIMITS.name} characters or fewer`);

export const slugSchema = z
  .string()
  .trim()
  .min(2, 'Slug must be at least 2 characters')
  .max(ORGANISATION_LIMITS.slug, `Slug must be ${ORGANISATION_LIMITS.slug} characters or fewer`)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Slug may use only lower-case letters, digits and single hyphens');

export const organisationSettingsSchema = z
  .object({
    name: organisationNameSchema,
    about: z
      .string({ error: 'About organisation must be text' })
      .trim()
      .max(
        ORGANISATION_LIMITS.about,
        `About organisation must be ${ORGANISATION_LIMITS.about} characters or fewer`,
      )
      .describe('"About organisation": shown on adverts; NHS Jobs needs 100 to 1,000 characters.'),
    replyToEmail: emailSchema('Default reply-to e-mail').nullable(),
    locations: z
      .array(namedLocationSchema)
      .max(ORGANISATION_LIMITS.locations, `List at most ${ORGANISATION_LIMITS.locations} locations`)
      .refine(
        (list) => new Set(list.map((l) => l.name.toLowerCase())).size === list.length,
        'Each location needs a different name',
      ),
    retentionMonths: z
      .number({ error: 'Retention must be a whole number of months' })
      .int('Retention must be a whole number of months')
      .min(RETENTION.min, `Keep applications at least ${RETENTION.min} month`)
      .max(RETENTION.max, `Keep applications at most ${RETENTION.max} months`)
      .describe(
        'Applications are kept this many months after their vacancy closes, then erased (1 to 24; 6 by default).',
      ),
    overBudget: z
      .enum(OVER_BUDGET, { error: 'Choose what happens over budget: refuse or approve' })
      .describe(
        'A post that would take a connection over its monthly budget: `refuse` it (the default), or hold it for an approver (`approve`)',
      ),
  })
  .strict();
export type OrganisationSettings = z.output<typeof organisationSettingsSchema>;

export const passwordSchema = z
  .string({ error: 'Enter a password' })
  .min(12, 'Password must be at least 12 characters')
  .max(200, 'Password must be 200 characters or fewer');

export const userEmailSchema = emailSchema('E-mail').transform((e) => e.toLowerCase());

/** "Demo NHS Trust" -> "demo-nhs-trust". */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, ORGANISATION_LIMITS.slug - 4)
    .replace(/-+$/g, '');
  return slug.length >= 2 ? slug : `org-${slug}`.replace(/-+$/, '');
}

export interface Organisation extends OrganisationSettings {
  id: string;
  slug: string;
  createdAt: Date;
  updatedAt: Date;
}

export { LIMITS };

/** An approver is a recruiter who may also approve or reject posts that need approval. */
export const ROLES = ['admin', 'recruiter', 'approver'] as const;
export type Role = (typeof ROLES)[number];

export const roleSchema = z.enum(ROLES, { error: 'Choose a role: admin, recruiter or approver' });

export const userNameSchema = z
  .string({ error: 'Enter the person’s name' })
  .trim()
  .min(1, 'Enter the person’s name')
  .max(200, 'Name must be 200 characters or fewer');

/** A name to start with when none is given: the e-mail address's local part ("jo.bloggs"). */
export const nameFromEmail = (email: string) => email.split('@')[0] || email;
