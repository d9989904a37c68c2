// Whether a post goes out now or waits for an approver, and whether the month's budget allows it
// (docs/postings.md, "Approvals and spend").
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { boardConnections, type OverBudget } from '../../db/schema.js';
import { AppError } from '../../domain/errors.js';
import { formatPence } from '../../domain/money.js';
import type { ApprovalReason } from '../../domain/posting.js';
import { type Actor, canApprove } from '../deps.js';
import { monthSpend } from './month-spend.js';

export interface GateConnection {
  id: string;
  name: string;
  requiresApproval: boolean;
  costPence: number | null;
  monthlyBudgetPence: number | null;
}

/** The 422 for a post over the month's budget, on the connection field. */
function overBudgetError(connection: GateConnection, spent: number): AppError {
  const message = `This post would take ${connection.name} over its monthly budget: ${formatPence(spent)} of ${formatPence(connection.monthlyBudgetPence ?? 0)} is spent this month, and a posting costs ${formatPence(connection.costPence ?? 0)}.`;
  return new AppError('validation_failed', message, {
    issues: [{ path: 'connectionId', message: 'Over this month’s budget for this connection' }],
  });
}

/**
 * Locks the connection's row (so two posts cannot both take the last of a budget), then says whether
 * the month's spend plus one posting stays within the budget; null when there is no budget or cost.
 */
async function overBudget(
  tx: DbOrTx,
  organisationId: string,
  connection: GateConnection,
  now: Date,
): Promise<number | null> {
  const { costPence: cost, monthlyBudgetPence: budget } = connection;
  if (cost === null || budget === null) return null;
  await tx
    .select({ id: boardConnections.id })
    .from(boardConnections)
    .where(and(eq(boardConnections.id, connection.id), eq(boardConnections.organisationId, organisationId)))
    .for('update');
  const spent = await monthSpend(tx, organisationId, connection.id, now);
  return spent + cost > budget ? spent : null;
}

/** True when `gatePost` reads (and locks) for the connection: it has a cost and a monthly budget. */
export const gateReads = (connection: GateConnection) =>
  connection.costPence !== null && connection.monthlyBudgetPence !== null;

/**
 * Why a new post waits for an approver, or null when it goes out now. A recruiter's post waits when
 * the connection needs approval, or when it is over budget and the organisation holds such posts; an
 * admin's or approver's own post needs no approval. Over budget with `refuse`, anyone's post is refused.
 */
export async function gatePost(
  tx: DbOrTx,
  actor: Actor,
  connection: GateConnection,
  policy: OverBudget,
  now: Date,
): Promise<ApprovalReason | null> {
  if (connection.requiresApproval && !canApprove(actor)) return 'connection';
  const spent = await overBudget(tx, actor.organisationId, connection, now);
  if (spent === null) return null;
  if (policy === 'refuse') throw overBudgetError(connection, spent);
  return canApprove(actor) ? null : 'over_budget';
}

/** At approval: an organisation that refuses posts over budget refuses this one too if it would go over now. */
export async function checkBudgetAtApproval(
  tx: DbOrTx,
  organisationId: string,
  connection: GateConnection,
  policy: OverBudget,
  now: Date,
): Promise<void> {
  const spent = await overBudget(tx, organisationId, connection, now);
  if (spent !== null && policy === 'refuse') throw overBudgetError(connection, spent);
}
