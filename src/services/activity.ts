import { and, asc, eq, gt } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { type ActivityChanges, activity } from '../db/schema.js';
import type { Actor, ServiceDeps } from './deps.js';

type Subject = {
  type: 'vacancy' | 'organisation' | 'token' | 'user' | 'connection' | 'posting' | 'webhook' | 'application';
  id: string;
};

/** The fields whose values differ between two records, with both values. */
export function diff<T extends object>(
  before: Partial<T>,
  after: Partial<T>,
  keys: (keyof T)[],
): ActivityChanges {
  const changes: ActivityChanges = {};
  for (const key of keys) {
    const from = before[key] ?? null;
    const to = after[key] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[String(key)] = { from, to };
  }
  return changes;
}

/** One entry of the activity log as a row, for writing many at once. */
export function activityEntry(
  actor: Actor,
  subject: Subject,
  action: string,
  changes: ActivityChanges = {},
  at?: Date,
) {
  return {
    organisationId: actor.organisationId,
    subjectType: subject.type,
    subjectId: subject.id,
    action,
    actorType: actor.type,
    actorId: actor.id,
    actorLabel: actor.label,
    changes,
    ...(at ? { at } : {}),
  };
}

/** Writes one entry of the activity log, in the caller's transaction. */
export async function recordActivity(
  tx: DbOrTx,
  actor: Actor,
  subject: Subject,
  action: string,
  changes: ActivityChanges = {},
  at?: Date,
): Promise<void> {
  await tx.insert(activity).values(activityEntry(actor, subject, action, changes, at));
}

export interface ActivityEntry {
  id: number;
  action: string;
  actor: { type: Actor['type']; label: string };
  changes: ActivityChanges;
  at: Date;
}

/** The history of one subject of the actor's organisation, oldest first. */
export async function listActivity(
  deps: Pick<ServiceDeps, 'db'>,
  actor: Actor,
  subjectId: string,
  options: { after?: number; limit: number },
): Promise<ActivityEntry[]> {
  const rows = await deps.db
    .select()
    .from(activity)
    .where(
      and(
        eq(activity.organisationId, actor.organisationId),
        eq(activity.subjectId, subjectId),
        options.after ? gt(activity.id, options.after) : undefined,
      ),
    )
    .orderBy(asc(activity.id))
    .limit(options.limit);
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    actor: { type: r.actorType, label: r.actorLabel },
    changes: r.changes,
    at: r.at,
  }));
}
