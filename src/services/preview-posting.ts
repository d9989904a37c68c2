import { and, eq, inArray, like, or } from 'drizzle-orm';
import { type FieldIssue, type PostingFields, shownFields, type WireRequest } from '../boards/board.js';
import { frozenFieldIssues } from '../boards/field-checks.js';
import { postings } from '../db/schema.js';
import { AppError, type Issue } from '../domain/errors.js';
import type { Organisation } from '../domain/organisation.js';
import { ukDate, type Vacancy } from '../domain/vacancy.js';
import { openConnection } from './connections.js';
import type { Actor, ServiceDeps } from './deps.js';
import { getOrganisation } from './organisations.js';
import { escapeLike } from './pagination.js';
import { acceptedFields, loadPosting } from './postings/posting-record.js';
import { trackingUrl } from './postings/tracking-url.js';
import { getVacancy } from './vacancies/find-vacancies.js';

export interface PostingIssue extends Issue {
  severity: FieldIssue['severity'];
}

export interface PostingPreview {
  connection: {
    id: string;
    name: string;
    board: string;
    /** A recruiter's post through it waits for an approver. */
    requiresApproval: boolean;
    /** What one posting costs, in pence; null: not recorded. */
    costPence: number | null;
    monthlyBudgetPence: number | null;
  };
  /** The fields that would be sent: pre-filled from the vacancy, then the given ones on top. */
  fields: PostingFields;
  /** Keys whose value came from the vacancy or the organisation, not from the request. */
  prefilled: string[];
  issues: PostingIssue[];
  /** True when an issue of severity `error` stops the posting. */
  blocked: boolean;
  /** The request the board would receive, credentials redacted. */
  request: WireRequest;
}

/** The token the preview shows in the apply link; a real posting gets its own when it is created. */
export const PREVIEW_TOKEN = 'preview';

/**
 * What posting this vacancy through this connection would send, and every problem with it.
 * Nothing is sent. A board's precondition (e.g. NHS Jobs needs the vacancy advertised) is an error.
 */
export async function previewPosting(
  deps: ServiceDeps,
  actor: Actor,
  vacancyId: string,
  input: { connectionId: string; fields?: PostingFields | undefined; postingId?: string | undefined },
): Promise<PostingPreview> {
  const vacancy = await getVacancy(deps, actor, vacancyId);
  const change = input.postingId ? await changeOf(deps, actor, input.postingId) : undefined;
  if (change && (change.vacancyId !== vacancy.id || change.connectionId !== input.connectionId))
    throw new AppError('validation_failed', 'The posting is not one of this vacancy on this connection.', {
      issues: [{ path: 'postingId', message: 'Choose a posting of this vacancy on this connection' }],
    });
  return (await preparePosting(deps, actor, vacancy, { ...input, change }, PREVIEW_TOKEN)).preview;
}

/** A change to a posting: its reference, and the fields the board last accepted when it has the advert. */
interface PostingChange {
  vacancyId: string;
  connectionId: string;
  reference: string;
  previous: PostingFields | undefined;
}

async function changeOf(deps: ServiceDeps, actor: Actor, postingId: string): Promise<PostingChange> {
  const row = await loadPosting(deps.db, actor, postingId);
  return {
    vacancyId: row.vacancyId,
    connectionId: row.connectionId,
    reference: row.boardReference,
    previous: acceptedFields(row),
  };
}

/** The preview of posting this vacancy with this tracking token, and the organisation it was made for. */
export async function preparePosting(
  deps: ServiceDeps,
  actor: Actor,
  vacancy: Vacancy,
  input: { connectionId: string; fields?: PostingFields | undefined; change?: PostingChange | undefined },
  token: string,
): Promise<{ preview: PostingPreview; organisation: Organisation; prefill: PostingFields }> {
  const { connection, board, settings } = await openConnection(deps, actor, input.connectionId);
  const refusal = board.precondition?.(vacancy);
  if (refusal) throw new AppError(refusal.code, refusal.message);
  const organisation = await getOrganisation(deps, actor);
  const today = ukDate(deps.clock.now());
  const prefill = board.prefill({
    vacancy,
    organisation,
    today,
    trackingUrl: trackingUrl(deps.publicUrl, organisation.slug, vacancy.reference, token),
  });
  const given = input.fields ?? {};
  // Each posting on a connection needs its own reference: it is how Postroom finds its advert again
  // (and NHS Jobs refuses a reference twice). A vacancy posted again gets the next free one. Only
  // the references that could clash are read: the suggested one, its "-n" forms and the given one.
  const suggested = prefill[board.referenceField];
  const givenReference = given[board.referenceField];
  const candidates = [suggested, givenReference].flatMap((r) =>
    typeof r === 'string' && r.trim() ? [r.trim()] : [],
  );
  const used = new Set(
    candidates.length === 0
      ? []
      : (
          await deps.db
            .select({ reference: postings.boardReference })
            .from(postings)
            .where(
              and(
                eq(postings.connectionId, connection.id),
                eq(postings.organisationId, actor.organisationId),
                or(
                  inArray(postings.boardReference, candidates),
                  ...(typeof suggested === 'string'
                    ? [like(postings.boardReference, `${escapeLike(suggested)}-%`)]
                    : []),
                ),
              ),
            )
        ).map((r) => r.reference),
  );
  if (!(board.referenceField in given) && typeof suggested === 'string' && used.has(suggested)) {
    let n = 2;
    while (used.has(`${suggested}-${n}`)) n += 1;
    prefill[board.referenceField] = `${suggested}-${n}`;
  }
  // A field that does not apply (e.g. a band without Agenda for Change) is neither checked nor sent.
  const fields: PostingFields = shownFields(board.fields, { ...prefill, ...given });
  const previous = input.change?.previous;
  const issues = [
    ...board.check(fields, { today, ...(previous ? { previous } : {}) }),
    ...frozenFieldIssues(board.fields, fields, previous, board.label),
  ].map((i) => ({ path: `fields.${i.field}`, message: i.message, severity: i.severity }));
  // A change keeps the posting's own reference: it is not an earlier posting's.
  if (input.change) used.delete(input.change.reference);
  const reference = fields[board.referenceField];
  if (typeof reference === 'string' && used.has(reference.trim())) {
    issues.push({
      path: `fields.${board.referenceField}`,
      severity: 'error',
      message: `An earlier posting on ${connection.name} used the reference ${reference.trim()}; each posting needs its own, so that Postroom can tell the adverts apart`,
    });
  }
  const preview = {
    connection: {
      id: connection.id,
      name: connection.name,
      board: board.id,
      requiresApproval: connection.requiresApproval,
      costPence: connection.costPence,
      monthlyBudgetPence: connection.monthlyBudgetPence,
    },
    fields,
    prefilled: Object.keys(prefill).filter((key) => !(key in given)),
    issues,
    blocked: issues.some((i) => i.severity === 'error'),
    request: board.previewRequest(fields, settings),
  };
  return { preview, organisation, prefill };
}
