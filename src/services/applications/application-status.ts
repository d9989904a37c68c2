import { and, eq } from 'drizzle-orm';
import { applications } from '../../db/schema.js';
import type { ApplicationStatus } from '../../domain/application.js';
import { recordActivity } from '../activity.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { type Application, toApplication } from './application-record.js';
import { loadApplication } from './find-applications.js';

/**
 * Moves an application to another status and writes who did it, and when, to the activity log
 * (action `status_changed`). Setting the status it already has changes and logs nothing.
 */
export async function setApplicationStatus(
  deps: Pick<ServiceDeps, 'db'>,
  actor: Actor,
  id: string,
  status: ApplicationStatus,
): Promise<Application> {
  const before = await loadApplication(deps, actor, id);
  if (before.status === status) return toApplication(before);
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(applications)
      .set({ status })
      .where(and(eq(applications.id, before.id), eq(applications.organisationId, actor.organisationId)))
      .returning();
    if (!row) throw new Error('The application vanished while its status was being changed.');
    await recordActivity(tx, actor, { type: 'application', id: row.id }, 'status_changed', {
      status: { from: before.status, to: row.status },
    });
    return toApplication(row);
  });
}
