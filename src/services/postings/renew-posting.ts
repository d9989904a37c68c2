import { and, eq } from 'drizzle-orm';
import { getBoard } from '../../boards/registry.js';
import type { DbOrTx } from '../../db/client.js';
import { boardConnections, postings } from '../../db/schema.js';
import { AppError } from '../../domain/errors.js';
import type { ApprovalReason } from '../../domain/posting.js';
import { RefusedRequest, renew } from '../../domain/posting-requests.js';
import { renewalNeedless } from '../../domain/renewal.js';
import { recordActivity } from '../activity.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { type GateConnection, gatePost } from '../spend/posting-gate.js';
import { applyTransition } from './apply-transition.js';
import { postingContext } from './find-postings.js';
import { currentFields, type DerivationSource } from './in-step.js';
import {
  advertEndOf,
  loadAttempts,
  loadPosting,
  newTrackingToken,
  type Posting,
  type PostingRow,
  toPosting,
} from './posting-record.js';

/**
 * Renews a posting's advert as its board allows (POST /postings/{id}/renew): the advert is closed on
 * the board and posted again as a new posting, linked to the old one. Exactly once: the old posting
 * is locked, and asking again returns the renewal already made (one per posting, a unique index).
 */
export async function renewPosting(deps: ServiceDeps, actor: Actor, id: string): Promise<Posting> {
  const row = await deps.db.transaction(async (tx) => {
    const old = await loadPosting(tx, actor, id, { forUpdate: true });
    const made = await renewalMade(tx, old);
    if (made) return made;
    const { source } = await postingContext({ ...deps, db: tx }, actor, old.vacancyId);
    return beginRenewal(deps, tx, actor, old, source);
  });
  deps.queue.wake();
  return toPosting(row, await postingContext(deps, actor, row.vacancyId));
}

/** The posting that already renews this one, if any. */
async function renewalMade(tx: DbOrTx, old: PostingRow): Promise<PostingRow | undefined> {
  const [made] = await tx
    .select()
    .from(postings)
    .where(and(eq(postings.renewedFrom, old.id), eq(postings.organisationId, old.organisationId)));
  return made;
}

/**
 * Closes the old posting's advert and writes its renewal with its create job, in the caller's
 * transaction (the old posting locked). The renewal sends the vacancy's current values plus the
 * old posting's overrides, under the same reference, with its own tracked apply link.
 */
export async function beginRenewal(
  deps: ServiceDeps,
  tx: DbOrTx,
  actor: Actor,
  old: PostingRow,
  source: DerivationSource,
): Promise<PostingRow> {
  const board = getBoard(old.board);
  if (!board.renewal)
    throw new AppError('invalid_state', `${board.label} adverts cannot be renewed from Postroom.`);
  const { vacancy, today } = source;
  const now = deps.clock.now();
  let steps: ReturnType<typeof renew>;
  try {
    steps = renew(old, now);
  } catch (error) {
    if (error instanceof RefusedRequest) throw new AppError('invalid_state', error.message);
    throw error;
  }
  const endsOn = advertEndOf(old, vacancy.closingDate)?.endsOn ?? null;
  const needless = renewalNeedless({
    endsOn,
    closingDate: vacancy.closingDate,
    vacancyOpen: vacancy.status === 'live',
    today,
  });
  if (needless) throw new AppError('invalid_state', needless);
  const trackingToken = newTrackingToken();
  const fields = currentFields({ ...old, trackingToken }, source);
  const issues = board
    .check(fields, { today })
    .filter((i) => i.severity === 'error')
    .map((i) => ({ path: `fields.${i.field}`, message: i.message }));
  if (issues.length > 0)
    throw new AppError('validation_failed', `The renewed ${board.label} advert has problems to fix first.`, {
      issues,
    });
  // A renewal is a new advert: it costs a posting, within the connection's budget, and one that would
  // wait for an approver is not made (the old advert stays live until someone who may post renews it).
  const connection = await gateConnection(tx, old);
  const hold = await gatePost(tx, actor, connection, source.organisation.overBudget, now);
  if (hold) throw new AppError('forbidden', heldMessage(hold, connection.name));
  await applyTransition(deps, tx, old, steps.old);
  const [renewal] = await tx
    .insert(postings)
    .values({
      organisationId: old.organisationId,
      vacancyId: old.vacancyId,
      connectionId: old.connectionId,
      board: old.board,
      ...steps.renewal.set,
      trackingToken,
      boardReference: old.boardReference,
      fields,
      overrides: old.overrides,
      renewedFrom: old.id,
      autoRenew: old.autoRenew,
      costPence: connection.costPence,
      chargedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await deps.queue.enqueue(tx, {
    postingId: renewal!.id,
    organisationId: old.organisationId,
    action: steps.renewal.enqueue.action,
  });
  await recordRenewal(tx, actor, old, renewal!, board.label, now);
  return renewal!;
}

/** The old posting's connection, as the spend and approval gate reads it. */
async function gateConnection(tx: DbOrTx, old: PostingRow): Promise<GateConnection> {
  const [connection] = await tx
    .select({
      id: boardConnections.id,
      name: boardConnections.name,
      requiresApproval: boardConnections.requiresApproval,
      costPence: boardConnections.costPence,
      monthlyBudgetPence: boardConnections.monthlyBudgetPence,
    })
    .from(boardConnections)
    .where(
      and(eq(boardConnections.id, old.connectionId), eq(boardConnections.organisationId, old.organisationId)),
    );
  if (!connection) throw new AppError('invalid_state', 'The board connection of this posting was removed.');
  return connection;
}

const heldMessage = (reason: ApprovalReason, connectionName: string) =>
  reason === 'connection'
    ? `A new post on ${connectionName} needs an approver, and renewing posts the advert again: ask an approver or an administrator to renew it.`
    : `Renewing posts the advert again, which would take ${connectionName} over its monthly budget: ask an approver or an administrator to renew it.`;

async function recordRenewal(
  tx: DbOrTx,
  actor: Actor,
  old: PostingRow,
  renewal: PostingRow,
  boardLabel: string,
  now: Date,
) {
  await recordActivity(
    tx,
    actor,
    { type: 'posting', id: old.id },
    'renewed',
    { renewedAs: { from: null, to: renewal.id } },
    now,
  );
  await recordActivity(
    tx,
    actor,
    { type: 'posting', id: renewal.id },
    'posted',
    { board: { from: null, to: renewal.board }, renewedFrom: { from: null, to: old.id } },
    now,
  );
  await recordActivity(
    tx,
    actor,
    { type: 'vacancy', id: old.vacancyId },
    `renewed on ${boardLabel}`,
    {},
    now,
  );
}

/** Turns the automatic renewal of a posting on or off (PUT /postings/{id}/auto-renew). */
export async function setAutoRenew(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
  autoRenew: boolean,
): Promise<Posting> {
  const row = await deps.db.transaction(async (tx) => {
    const posting = await loadPosting(tx, actor, id, { forUpdate: true });
    const board = getBoard(posting.board);
    if (autoRenew && !board.renewal)
      throw new AppError('invalid_state', `${board.label} adverts cannot be renewed from Postroom.`, {
        issues: [{ path: 'autoRenew', message: `${board.label} adverts cannot be renewed` }],
      });
    if (posting.autoRenew === autoRenew) return posting;
    const now = deps.clock.now();
    await recordActivity(
      tx,
      actor,
      { type: 'posting', id },
      autoRenew ? 'automatic renewal on' : 'automatic renewal off',
      { autoRenew: { from: posting.autoRenew, to: autoRenew } },
      now,
    );
    return applyTransition(deps, tx, posting, { set: {} }, { autoRenew });
  });
  // With its attempts, as GET /postings/{id} answers: the page shows the answer in place of the posting.
  return toPosting(
    row,
    await postingContext(deps, actor, row.vacancyId),
    await loadAttempts(deps.db, row.id),
  );
}
