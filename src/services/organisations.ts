import { hash } from '@node-rs/argon2';
import { eq, like, sql } from 'drizzle-orm';
import { z } from 'zod';
import { builtOnce } from '../db/client.js';
import { contentVersions, organisations, users } from '../db/schema.js';
import { AppError, issuesFromZod, isUniqueViolation, notFound } from '../domain/errors.js';
import {
  nameFromEmail,
  type Organisation,
  type OrganisationSettings,
  organisationNameSchema,
  organisationSettingsSchema,
  passwordSchema,
  slugify,
  slugSchema,
  userEmailSchema,
  userNameSchema,
} from '../domain/organisation.js';
import { diff, recordActivity } from './activity.js';
import { type Actor, requireAdmin, type ServiceDeps, systemActor } from './deps.js';

export const newOrganisationSchema = z
  .object({
    name: organisationNameSchema,
    slug: slugSchema.optional(),
    adminEmail: userEmailSchema,
    /** The first admin's name; the e-mail address's local part when not given. */
    adminName: userNameSchema.optional(),
    adminPassword: passwordSchema,
    about: z.string().trim().max(4000).default(''),
    replyToEmail: z.string().trim().email().nullable().default(null),
    locations: organisationSettingsSchema.shape.locations.default([]),
  })
  .strict();
export type NewOrganisation = z.input<typeof newOrganisationSchema>;

type OrganisationRow = typeof organisations.$inferSelect;
export const toOrganisation = (row: OrganisationRow): Organisation => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  about: row.about,
  replyToEmail: row.replyToEmail ?? null,
  locations: row.locations,
  retentionMonths: row.retentionMonths,
  overBudget: row.overBudget,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/** The first free slug: "acme", then "acme-2", "acme-3" …; a slug asked for (`given`) that is taken is a conflict. */
export function freeSlug(base: string, taken: ReadonlySet<string>, given: boolean): string {
  if (given && taken.has(base)) {
    throw new AppError('conflict', `The slug "${base}" is already used by another organisation.`, {
      issues: [{ path: 'slug', message: 'This slug is already taken' }],
    });
  }
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  return slug;
}

/** Creates an organisation with its first admin user. The slug is derived from the name unless given. */
export async function createOrganisation(
  deps: ServiceDeps,
  input: NewOrganisation,
): Promise<{ organisation: Organisation; adminUserId: string }> {
  const parsed = newOrganisationSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError('validation_failed', 'The organisation has invalid fields.', {
      issues: issuesFromZod(parsed.error.issues),
    });
  }
  const data = parsed.data;
  const passwordHash = await hash(data.adminPassword);
  const base = data.slug ?? slugify(data.name);
  const taken = new Set(
    (
      await deps.db
        .select({ slug: organisations.slug })
        .from(organisations)
        .where(like(organisations.slug, `${base}%`))
    ).map((r) => r.slug),
  );
  const slug = freeSlug(base, taken, Boolean(data.slug));
  try {
    return await deps.db.transaction(async (tx) => {
      const now = deps.clock.now();
      const [org] = await tx
        .insert(organisations)
        .values({
          slug,
          name: data.name,
          about: data.about,
          replyToEmail: data.replyToEmail,
          locations: data.locations,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      const [user] = await tx
        .insert(users)
        .values({
          organisationId: org!.id,
          email: data.adminEmail,
          name: data.adminName ?? nameFromEmail(data.adminEmail),
          passwordHash,
          role: 'admin',
          createdAt: now,
        })
        .returning({ id: users.id });
      const actor = systemActor(org!.id);
      await recordActivity(tx, actor, { type: 'organisation', id: org!.id }, 'created', {}, now);
      await recordActivity(
        tx,
        actor,
        { type: 'user', id: user!.id },
        'created',
        { email: { from: null, to: data.adminEmail }, role: { from: null, to: 'admin' } },
        now,
      );
      return { organisation: toOrganisation(org!), adminUserId: user!.id };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_unique')) {
      throw new AppError('conflict', `A user with the e-mail ${data.adminEmail} already exists.`, {
        issues: [{ path: 'adminEmail', message: 'This e-mail address already has an account' }],
      });
    }
    if (isUniqueViolation(error)) {
      throw new AppError(
        'conflict',
        'Another organisation was created with the same slug at the same time; try again.',
        {
          issues: [{ path: 'slug', message: 'This slug is already taken' }],
        },
      );
    }
    throw error;
  }
}

export async function findOrganisationBySlug(
  deps: Pick<ServiceDeps, 'db'>,
  slug: string,
): Promise<Organisation | null> {
  const [row] = await deps.db.select().from(organisations).where(eq(organisations.slug, slug));
  return row ? toOrganisation(row) : null;
}

/** The organisation with this slug and its content version (for ContentCache), or null. */
/** The organisation with a careers slug and its content version, built once: every careers page on a server reads it. */
const organisationAndVersionBySlug = builtOnce((db) =>
  db
    .select({ organisation: organisations, contentVersion: contentVersions.version })
    .from(organisations)
    .leftJoin(contentVersions, eq(contentVersions.organisationId, organisations.id))
    .where(eq(organisations.slug, sql.placeholder('slug')))
    .prepare('postroom_organisation_by_slug'),
);

export async function findOrganisationAndVersion(
  deps: Pick<ServiceDeps, 'db'>,
  slug: string,
): Promise<{ organisation: Organisation; contentVersion: number } | null> {
  const [row] = await organisationAndVersionBySlug(deps.db).execute({ slug });
  return row
    ? { organisation: toOrganisation(row.organisation), contentVersion: row.contentVersion ?? 0 }
    : null;
}

/** Every organisation's id and slug (a few; for the command line). */
export async function listOrganisationSlugs(
  deps: Pick<ServiceDeps, 'db'>,
): Promise<{ id: string; slug: string }[]> {
  return deps.db
    .select({ id: organisations.id, slug: organisations.slug })
    .from(organisations)
    .orderBy(organisations.slug)
    .limit(100);
}

export async function countOrganisations(deps: Pick<ServiceDeps, 'db'>): Promise<number> {
  const rows = await deps.db.select({ id: organisations.id }).from(organisations).limit(1);
  return rows.length;
}

export async function getOrganisation(deps: Pick<ServiceDeps, 'db'>, actor: Actor): Promise<Organisation> {
  const [row] = await organisationById(deps.db).execute({ id: actor.organisationId });
  if (!row) throw notFound('Organisation');
  return toOrganisation(row);
}

/** The read of the actor's organisation, built once: most requests make it. */
const organisationById = builtOnce((db) =>
  db
    .select()
    .from(organisations)
    .where(eq(organisations.id, sql.placeholder('id')))
    .prepare('postroom_organisation_by_id'),
);

/** Changes the organisation's settings (admins only); every change is logged. */
export async function updateOrganisation(
  deps: ServiceDeps,
  actor: Actor,
  patch: Partial<OrganisationSettings>,
): Promise<Organisation> {
  requireAdmin(actor, "change the organisation's settings");
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(organisations)
      .where(eq(organisations.id, actor.organisationId))
      .for('update');
    if (!row) throw notFound('Organisation');
    const before = toOrganisation(row);
    const after = { ...before, ...patch };
    const changes = diff<OrganisationSettings>(before, after, [
      'name',
      'about',
      'replyToEmail',
      'locations',
      'retentionMonths',
      'overBudget',
    ]);
    if (Object.keys(changes).length === 0) return before;
    const now = deps.clock.now();
    const [updated] = await tx
      .update(organisations)
      .set({
        name: after.name,
        about: after.about,
        replyToEmail: after.replyToEmail,
        locations: after.locations,
        retentionMonths: after.retentionMonths,
        overBudget: after.overBudget,
        updatedAt: now,
      })
      .where(eq(organisations.id, actor.organisationId))
      .returning();
    await recordActivity(
      tx,
      actor,
      { type: 'organisation', id: actor.organisationId },
      'updated',
      changes,
      now,
    );
    return toOrganisation(updated!);
  });
}
