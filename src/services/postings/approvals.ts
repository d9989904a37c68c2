// Approvals (docs/postings.md, "Approvals and spend"): a recruiter's post that needs an approver waits
// as `awaiting_approval` with nothing queued; an admin or approver approves it (it is then queued or
// scheduled as the post would have been, and its cost counts) or rejects it with a reason (it ends,
// never sent). The recruiter sees the decision on the posting, in the activity log and by e-mail.
import { and, asc, eq } from 'drizzle-orm';
import { findBoard } from '../../boards/registry.js';
import type { DbOrTx } from '../../db/client.js';
import { boardConnections, organisations, postings, users, vacancies } from '../../db/schema.js';
import { AppError, notFound } from '../../domain/errors.js';
import type { ApprovalReason, PostingApproval } from '../../domain/posting.js';
import { approve, decisionRefusal, reject } from '../../domain/posting-requests.js';
import { recordActivity } from '../activity.js';
import { type Actor, requireApprover, type ServiceDeps } from '../deps.js';
import { queueMail } from '../mail/queue-mail.js';
import { checkBudgetAtApproval } from '../spend/posting-gate.js';
import { applyTransition } from './apply-transition.js';
import { postingContext } from './find-postings.js';
import { loadPosting, type Posting, type PostingRow, toPosting } from './posting-record.js';

/** The approval a held post starts with: who asked, why, when. */
export const approvalRequest = (actor: Actor, reason: ApprovalReason, now: Date): PostingApproval => ({
  reason,
  requestedBy: { type: actor.type, id: actor.id, label: actor.label },
  requestedAt: now.toISOString(),
});

/** One post waiting for an approver, with what it would cost. */
export interface PendingApproval {
  postingId: string;
  vacancyId: string;
  vacancyReference: string;
  vacancyTitle: string;
  connectionId: string;
  connectionName: string;
  boardLabel: string;
  reason: ApprovalReason;
  requestedBy: string;
  requestedAt: string;
  scheduledAt: Date | null;
  costPence: number | null;
}

/** The organisation's posts awaiting approval, oldest first (approvers and admins). */
export async function listApprovals(deps: ServiceDeps, actor: Actor): Promise<PendingApproval[]> {
  requireApprover(actor);
  const rows = await deps.db
    .select({ posting: postings, vacancy: vacancies, connection: boardConnections })
    .from(postings)
    .innerJoin(vacancies, eq(vacancies.id, postings.vacancyId))
    .innerJoin(boardConnections, eq(boardConnections.id, postings.connectionId))
    .where(and(eq(postings.organisationId, actor.organisationId), eq(postings.status, 'awaiting_approval')))
    .orderBy(asc(postings.createdAt), asc(postings.id));
  return rows.map(({ posting, vacancy, connection }) => ({
    postingId: posting.id,
    vacancyId: vacancy.id,
    vacancyReference: vacancy.reference,
    vacancyTitle: vacancy.title,
    connectionId: connection.id,
    connectionName: connection.name,
    boardLabel: findBoard(connection.board)?.label ?? connection.board,
    reason: posting.approval?.reason ?? 'connection',
    requestedBy: posting.approval?.requestedBy.label ?? 'unknown',
    requestedAt: posting.approval?.requestedAt ?? posting.createdAt.toISOString(),
    scheduledAt: posting.scheduledAt ?? null,
    costPence: connection.costPence ?? null,
  }));
}

/** Loads a held posting for a decision, locked; refuses one that is not awaiting approval. */
async function heldPosting(tx: DbOrTx, actor: Actor, id: string): Promise<PostingRow> {
  requireApprover(actor);
  const posting = await loadPosting(tx, actor, id, { forUpdate: true });
  const refused = decisionRefusal(posting);
  if (refused) throw new AppError('invalid_state', refused);
  return posting;
}

/** Approves a held post: it is queued (or scheduled) now, and its cost counts from now. */
export async function approvePosting(deps: ServiceDeps, actor: Actor, id: string): Promise<Posting> {
  const row = await deps.db.transaction(async (tx) => {
    const posting = await heldPosting(tx, actor, id);
    const now = deps.clock.now();
    const [connection] = await tx
      .select()
      .from(boardConnections)
      .where(eq(boardConnections.id, posting.connectionId));
    if (!connection || connection.archivedAt) throw notFound('Connection');
    const [organisation] = await tx
      .select({ overBudget: organisations.overBudget })
      .from(organisations)
      .where(eq(organisations.id, actor.organisationId));
    await checkBudgetAtApproval(tx, actor.organisationId, connection, organisation!.overBudget, now);
    const decision = { outcome: 'approved' as const, by: actor.label, at: now.toISOString() };
    const updated = await applyTransition(deps, tx, posting, approve(posting, posting.scheduledAt, now), {
      approval: { ...posting.approval!, decision },
      costPence: connection.costPence,
      chargedAt: now,
    });
    await recordDecision(deps, tx, actor, updated, 'approved', now);
    return updated;
  });
  deps.queue.wake();
  return toPosting(row, await postingContext(deps, actor, row.vacancyId));
}

/** Rejects a held post with a reason: it ends there, and nothing is ever sent. */
export async function rejectPosting(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
  reason: string,
): Promise<Posting> {
  const why = reason.trim();
  if (!why || why.length > 1000)
    throw new AppError('validation_failed', 'Give a reason for the rejection, in at most 1,000 characters.', {
      issues: [{ path: 'reason', message: 'Give a reason for the rejection' }],
    });
  const row = await deps.db.transaction(async (tx) => {
    const posting = await heldPosting(tx, actor, id);
    const now = deps.clock.now();
    const decision = { outcome: 'rejected' as const, by: actor.label, at: now.toISOString(), reason: why };
    const updated = await applyTransition(deps, tx, posting, reject(posting, now), {
      approval: { ...posting.approval!, decision },
    });
    await recordDecision(deps, tx, actor, updated, 'rejected', now);
    return updated;
  });
  return toPosting(row, await postingContext(deps, actor, row.vacancyId));
}

/** The decision in the activity log of the posting, and an e-mail to the person who posted. */
async function recordDecision(
  deps: ServiceDeps,
  tx: DbOrTx,
  actor: Actor,
  posting: PostingRow,
  outcome: 'approved' | 'rejected',
  now: Date,
) {
  const reason = posting.approval?.decision?.reason;
  await recordActivity(
    tx,
    actor,
    { type: 'posting', id: posting.id },
    outcome,
    {
      status: { from: 'awaiting_approval', to: posting.status },
      ...(reason ? { reason: { from: null, to: reason } } : {}),
    },
    now,
  );
  const [connection] = await tx
    .select({ name: boardConnections.name })
    .from(boardConnections)
    .where(eq(boardConnections.id, posting.connectionId));
  const where = connection?.name ?? posting.board;
  await recordActivity(
    tx,
    actor,
    { type: 'vacancy', id: posting.vacancyId },
    `${outcome} the post to ${where}${reason ? `: ${reason}` : ''}`,
    {},
    now,
  );
  const requester = posting.approval?.requestedBy;
  if (requester?.type !== 'user' || !requester.id) return;
  const [person] = await tx
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.id, requester.id), eq(users.organisationId, actor.organisationId)));
  const [vacancy] = await tx
    .select({ title: vacancies.title, reference: vacancies.reference })
    .from(vacancies)
    .where(eq(vacancies.id, posting.vacancyId));
  if (!person || !vacancy) return;
  await queueMail(deps, tx, {
    organisationId: actor.organisationId,
    kind: outcome === 'approved' ? 'posting_approved' : 'posting_rejected',
    to: person.email,
    subject: `Posting ${outcome}: ${vacancy.title} on ${where}`,
    text: [
      outcome === 'approved'
        ? `${actor.label} approved your post of ${vacancy.title} (${vacancy.reference}) to ${where}; Postroom is sending it.`
        : `${actor.label} rejected your post of ${vacancy.title} (${vacancy.reference}) to ${where}; nothing was sent.`,
      reason ? `\nReason: ${reason}` : '',
      '',
      `See the posting: ${deps.publicUrl}/app/postings/${posting.id}`,
    ].join('\n'),
  });
}
