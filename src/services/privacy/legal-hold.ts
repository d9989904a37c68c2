import { and, desc, eq } from 'drizzle-orm';
import { erasures, vacancies } from '../../db/schema.js';
import { notFound } from '../../domain/errors.js';
import { recordActivity } from '../activity.js';
import { type Actor, requireAdmin, type ServiceDeps } from '../deps.js';

/** Puts a vacancy's applications under a legal hold (retention erases none of them), or lifts it with `null`. */
export async function setLegalHold(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  actor: Actor,
  vacancyId: string,
  reason: string | null,
): Promise<{ vacancyId: string; legalHoldReason: string | null }> {
  requireAdmin(actor, 'place or lift a legal hold');
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(vacancies)
      .set({ legalHoldReason: reason })
      .where(and(eq(vacancies.id, vacancyId), eq(vacancies.organisationId, actor.organisationId)))
      .returning({ id: vacancies.id });
    if (!row) throw notFound('Vacancy');
    await recordActivity(
      tx,
      actor,
      { type: 'vacancy', id: vacancyId },
      reason ? 'legal_hold_placed' : 'legal_hold_lifted',
      reason ? { legalHoldReason: { from: null, to: reason } } : {},
      deps.clock.now(),
    );
    return { vacancyId, legalHoldReason: reason };
  });
}

/** The organisation's recorded erasures, newest first (admins). */
export async function listErasures(deps: Pick<ServiceDeps, 'db'>, actor: Actor) {
  requireAdmin(actor, 'see the record of erasures');
  const rows = await deps.db
    .select()
    .from(erasures)
    .where(eq(erasures.organisationId, actor.organisationId))
    .orderBy(desc(erasures.at))
    .limit(200);
  return rows.map(({ organisationId: _o, ...r }) => r);
}
