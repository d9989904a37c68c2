import { rm } from 'node:fs/promises';
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  applications,
  erasures,
  events,
  mails,
  uploadUsage,
  webhookAttempts,
  webhookDeliveries,
} from '../../db/schema.js';
import { cvFilePath } from '../applications/submit-application.js';

/** What an application keeps once erased: its source, dates, vacancy and status, for analytics. */
export const ERASED_NAME = 'Erased';

export interface ErasedApplication {
  id: string;
  organisationId: string;
  name: string;
  email: string;
  cvPath: string;
  cvSize: number;
}

export interface ErasureCounts {
  applications: number;
  cvFiles: number;
  activityEntries: number;
  mails: number;
}

/**
 * Replaces the applications' personal fields (name, e-mail, phone, cover note, CV name and size),
 * deletes the e-mails sent to their addresses and the recruiters' notices naming them, and strips the candidate from their
 * `application.created` events and the webhook requests that carried them. Call `removeCvFiles`
 * in the same transaction: a failure after it leaves the files gone and the rows to erase again.
 */
export async function anonymiseApplications(
  tx: DbOrTx,
  organisationId: string,
  rows: readonly ErasedApplication[],
  now: Date,
): Promise<Omit<ErasureCounts, 'cvFiles' | 'activityEntries'>> {
  if (rows.length === 0) return { applications: 0, mails: 0 };
  const ids = rows.map((r) => r.id);
  await tx
    .update(applications)
    .set({
      name: ERASED_NAME,
      email: '',
      phone: '',
      coverNote: '',
      cvOriginalName: '',
      cvSize: 0,
      anonymisedAt: now,
    })
    .where(and(eq(applications.organisationId, organisationId), inArray(applications.id, ids)));
  const bytes = rows.reduce((sum, r) => sum + r.cvSize, 0);
  await tx
    .update(uploadUsage)
    .set({ bytes: sql`greatest(${uploadUsage.bytes} - ${bytes}, 0)` })
    .where(eq(uploadUsage.organisationId, organisationId));
  const deleted = await tx
    .delete(mails)
    .where(and(eq(mails.organisationId, organisationId), mailsAbout(rows)))
    .returning({ id: mails.id });
  await tx
    .update(events)
    .set({
      data: sql`jsonb_build_object('application', jsonb_build_object('id', ${events.resourceId}, 'erased', true))`,
    })
    .where(and(eq(events.organisationId, organisationId), inArray(events.resourceId, ids)));
  const deliveries = tx
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(eq(webhookDeliveries.organisationId, organisationId), inArray(webhookDeliveries.resourceId, ids)),
    );
  await tx
    .update(webhookAttempts)
    .set({ request: sql`jsonb_set(${webhookAttempts.request}, '{body}', '"[erased]"')`, responseBody: null })
    .where(inArray(webhookAttempts.deliveryId, deliveries));
  return { applications: rows.length, mails: deleted.length };
}

/** E-mails to the candidates, and the recruiters' notices that name them. */
export function mailsAbout(rows: readonly Pick<ErasedApplication, 'name' | 'email'>[]) {
  const addresses = [...new Set(rows.map((r) => r.email.toLowerCase()))];
  const names = [...new Set(rows.map((r) => r.name))].map(
    (name) => sql`position(${name} in ${mails.text}) > 0`,
  );
  return or(
    inArray(sql`lower(${mails.to})`, addresses),
    and(inArray(mails.kind, ['application_received', 'application_digest']), or(...names)),
  );
}

/** Removes the CV files of erased applications; the number that were there. */
export async function removeCvFiles(uploadsDir: string, rows: readonly ErasedApplication[]): Promise<number> {
  let removed = 0;
  for (const row of rows) {
    const file = cvFilePath(uploadsDir, row.organisationId, row.cvPath);
    try {
      await rm(file);
      removed++;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return removed;
}

/** Records one erasure: what kind, when, under which rule and how much; never the erased data. */
export async function recordErasure(
  tx: DbOrTx,
  entry: {
    organisationId: string;
    kind: 'retention' | 'request';
    rule: string;
    actorLabel: string;
    at: Date;
  },
  counts: ErasureCounts,
): Promise<void> {
  await tx.insert(erasures).values({ ...entry, ...counts });
}
