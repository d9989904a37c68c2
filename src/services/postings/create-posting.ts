import { randomUUID } from 'node:crypto';
import { and, eq, isNull, notInArray } from 'drizzle-orm';
import { getBoard } from '../../boards/registry.js';
import type { DbOrTx } from '../../db/client.js';
import { boardConnections, postings } from '../../db/schema.js';
import { AppError, isUniqueViolation } from '../../domain/errors.js';
import { FINAL_STATUSES } from '../../domain/posting.js';
import { holdForApproval, post } from '../../domain/posting-requests.js';
import { ukDate } from '../../domain/vacancy.js';
import { activityEntry } from '../activity.js';
import type { Actor, ServiceDeps } from '../deps.js';
import { loadPostingSources, preparePosting } from '../preview-posting.js';
import { gatePost, gateReads } from '../spend/posting-gate.js';
import { approvalRequest } from './approvals.js';
import { overridesOf } from './in-step.js';
import { insertPosting } from './posting-insert.js';
import { newTrackingToken, type Posting, toPosting } from './posting-record.js';

export interface NewPosting {
  connectionId: string;
  fields?: Record<string, unknown> | undefined;
  /** Post at this time instead of now. */
  scheduleAt?: Date | undefined;
}

export const NOT_LIVE_MESSAGE =
  'Publish the vacancy on your careers site first: candidates apply there, through the link the board shows.';

/**
 * Posts a vacancy through a connection: runs the board's precondition and check, then writes the
 * posting and its job in one statement. Nothing is queued when any blocking issue remains, nor
 * while the post waits for an approver; a post over the connection's monthly budget is refused or
 * waits, as the organisation chose (services/spend/posting-gate.ts).
 */
export async function createPosting(
  deps: ServiceDeps,
  actor: Actor,
  vacancyId: string,
  input: NewPosting,
): Promise<Posting> {
  const sources = await loadPostingSources(deps, actor, vacancyId, input.connectionId);
  const { vacancy, organisation } = sources;
  const token = newTrackingToken();
  const { preview, prefill } = await preparePosting(deps, actor, sources, input, token);
  if (vacancy.status !== 'live') throw new AppError('not_advertised', NOT_LIVE_MESSAGE);
  if (preview.blocked) {
    throw new AppError(
      'validation_failed',
      `The posting to ${preview.connection.name} has problems to fix before it can be sent.`,
      {
        issues: preview.issues.filter((i) => i.severity === 'error'),
      },
    );
  }
  const now = deps.clock.now();
  if (input.scheduleAt) checkScheduleAt(input.scheduleAt, now, vacancy.closingDate);
  const board = preview.connection.board;
  const { referenceField } = getBoard(board);
  try {
    // One statement: the posting, its two activity entries and its job (a post is three round trips
    // fewer). A connection with a budget first locks it and reads the month's spend, in a transaction.
    const write = async (tx?: DbOrTx) => {
      const hold = await gatePost(tx ?? deps.db, actor, preview.connection, organisation.overBudget, now);
      const start = hold ? holdForApproval(input.scheduleAt ?? null) : post(input.scheduleAt ?? null);
      const id = randomUUID();
      const job =
        'enqueue' in start
          ? await deps.queue.jobInsert(
              {
                postingId: id,
                organisationId: actor.organisationId,
                action: start.enqueue.action,
                ...(start.enqueue.at && { scheduledFor: start.enqueue.at.toISOString() }),
              },
              start.enqueue.at ? { startAfter: start.enqueue.at } : {},
            )
          : null;
      const entries = [
        activityEntry(
          actor,
          { type: 'posting', id },
          hold ? 'awaiting approval' : input.scheduleAt ? 'scheduled' : 'posted',
          { board: { from: null, to: board }, connection: { from: null, to: preview.connection.name } },
          now,
        ),
        activityEntry(
          actor,
          { type: 'vacancy', id: vacancyId },
          `posted to ${preview.connection.name}`,
          {},
          now,
        ),
      ];
      const posting = {
        id,
        organisationId: actor.organisationId,
        vacancyId,
        connectionId: preview.connection.id,
        board,
        ...start.set,
        ...(hold
          ? { approval: approvalRequest(actor, hold, now) }
          : { costPence: preview.connection.costPence, chargedAt: now }),
        trackingToken: token,
        boardReference: String(preview.fields[referenceField] ?? vacancy.reference).trim(),
        fields: preview.fields,
        overrides: overridesOf(input.fields ?? {}, prefill, referenceField),
        createdAt: now,
        updatedAt: now,
      };
      return insertPosting(deps.db, { posting, activity: entries, job }, tx);
    };
    const row = gateReads(preview.connection) ? await deps.db.transaction(write) : await write();
    deps.queue.wake();
    return toPosting(row, {
      publicUrl: deps.publicUrl,
      organisationSlug: organisation.slug,
      vacancyReference: vacancy.reference,
      source: { vacancy, organisation, publicUrl: deps.publicUrl, today: ukDate(now) },
    });
  } catch (error) {
    if (!isUniqueViolation(error, 'postings_active_unique')) throw error;
    throw await alreadyPosted(deps, actor, vacancyId, preview.connection.id);
  }
}

/** A scheduled posting goes out in the future, and on or before the vacancy's closing date (YYYY-MM-DD, a UK day). */
export function checkScheduleAt(scheduleAt: Date, now: Date, closingDate: string): void {
  if (scheduleAt <= now) {
    throw new AppError('validation_failed', 'The posting time has passed.', {
      issues: [{ path: 'scheduleAt', message: 'Choose a time in the future, or leave it out to post now' }],
    });
  }
  if (ukDate(scheduleAt) > closingDate) {
    throw new AppError('validation_failed', 'The posting time is after the closing date.', {
      issues: [
        {
          path: 'scheduleAt',
          message: `Choose a time on or before the closing date, ${closingDate}`,
        },
      ],
    });
  }
}

/** The 409 for a second live posting through one connection, naming the first. */
async function alreadyPosted(deps: ServiceDeps, actor: Actor, vacancyId: string, connectionId: string) {
  const [existing] = await deps.db
    .select({ id: postings.id, status: postings.status, name: boardConnections.name })
    .from(postings)
    .innerJoin(boardConnections, eq(boardConnections.id, postings.connectionId))
    .where(
      and(
        eq(postings.vacancyId, vacancyId),
        eq(postings.connectionId, connectionId),
        eq(postings.organisationId, actor.organisationId),
        notInArray(postings.status, [...FINAL_STATUSES]),
        // One being closed (or renewed) no longer counts: postings_active_unique leaves it out.
        isNull(postings.closeAs),
      ),
    );
  return new AppError(
    'conflict',
    `This vacancy already has a posting on ${existing?.name ?? 'this connection'} (${existing?.status ?? 'active'}): /api/v1/postings/${existing?.id ?? ''}. Update, retry or close that one instead.`,
    {
      issues: [{ path: 'connectionId', message: `Already posted: /api/v1/postings/${existing?.id ?? ''}` }],
    },
  );
}
