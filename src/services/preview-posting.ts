import { and, eq, isNull, like, or, sql } from 'drizzle-orm';
import { type FieldIssue, type PostingFields, shownFields, type WireRequest } from '../boards/board.js';
import { frozenFieldIssues } from '../boards/field-checks.js';
import { builtOnce } from '../db/client.js';
import { boardConnections, organisations, postings, vacancies } from '../db/schema.js';
import { AppError, type Issue, isUuid, notFound } from '../domain/errors.js';
import type { Organisation } from '../domain/organisation.js';
import { ukDate, type Vacancy } from '../domain/vacancy.js';
import { openConnectionRow } from './connections.js';
import type { Actor, ServiceDeps } from './deps.js';
import { toOrganisation } from './organisations.js';
import { escapeLike } from './pagination.js';
import { acceptedFields, loadPosting } from './postings/posting-record.js';
import { trackingUrl } from './postings/tracking-url.js';
import { toVacancy } from './vacancies/vacancy-record.js';

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
  const sources = await loadPostingSources(deps, actor, vacancyId, input.connectionId);
  const change = input.postingId ? await changeOf(deps, actor, input.postingId) : undefined;
  if (change && (change.vacancyId !== vacancyId || change.connectionId !== input.connectionId))
    throw new AppError('validation_failed', 'The posting is not one of this vacancy on this connection.', {
      issues: [{ path: 'postingId', message: 'Choose a posting of this vacancy on this connection' }],
    });
  return (await preparePosting(deps, actor, sources, { ...input, change }, PREVIEW_TOKEN)).preview;
}

/** What a post is made from: the vacancy, the organisation and the connection, opened. */
export interface PostingSources {
  vacancy: Vacancy;
  organisation: Organisation;
  opened: ReturnType<typeof openConnectionRow>;
}

/** Matches no row: stands for an id that is not a UUID, so that the vacancy is still looked for first. */
const NO_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Reads the vacancy, the organisation and the connection of a post in one statement (every post
 * and preview reads all three). Another organisation's vacancy or connection is not found.
 */
export async function loadPostingSources(
  deps: ServiceDeps,
  actor: Actor,
  vacancyId: string,
  connectionId: string,
): Promise<PostingSources> {
  if (!isUuid(vacancyId)) throw notFound('Vacancy');
  const [row] = await postingSources(deps.db).execute({
    organisationId: actor.organisationId,
    vacancyId,
    connectionId: isUuid(connectionId) ? connectionId : NO_ID,
  });
  if (!row) throw notFound('Organisation');
  if (!row.vacancy) throw notFound('Vacancy');
  if (!row.connection) throw notFound('Connection');
  return {
    vacancy: toVacancy(row.vacancy),
    organisation: toOrganisation(row.organisation),
    opened: openConnectionRow(deps, row.connection),
  };
}

const postingSources = builtOnce((db) =>
  db
    .select({ organisation: organisations, vacancy: vacancies, connection: boardConnections })
    .from(organisations)
    .leftJoin(
      vacancies,
      and(eq(vacancies.id, sql.placeholder('vacancyId')), eq(vacancies.organisationId, organisations.id)),
    )
    .leftJoin(
      boardConnections,
      and(
        eq(boardConnections.id, sql.placeholder('connectionId')),
        eq(boardConnections.organisationId, organisations.id),
        isNull(boardConnections.archivedAt),
      ),
    )
    .where(eq(organisations.id, sql.placeholder('organisationId')))
    .prepare('postroom_posting_sources'),
);

/** The references among the suggested one, its "-n" forms (`pattern`) and the given one already used on the connection. */
const usedReferences = builtOnce((db) =>
  db
    .select({ reference: postings.boardReference })
    .from(postings)
    .where(
      and(
        eq(postings.connectionId, sql.placeholder('connectionId')),
        eq(postings.organisationId, sql.placeholder('organisationId')),
        or(
          eq(postings.boardReference, sql.placeholder('suggested')),
          eq(postings.boardReference, sql.placeholder('given')),
          like(postings.boardReference, sql.placeholder('pattern')),
        ),
      ),
    )
    .prepare('postroom_used_references'),
);

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
  sources: PostingSources,
  input: { fields?: PostingFields | undefined; change?: PostingChange | undefined },
  token: string,
): Promise<{ preview: PostingPreview; prefill: PostingFields }> {
  const { vacancy, organisation } = sources;
  const { connection, board, settings } = sources.opened;
  const refusal = board.precondition?.(vacancy);
  if (refusal) throw new AppError(refusal.code, refusal.message);
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
  const trimmed = (r: unknown) => (typeof r === 'string' && r.trim() ? r.trim() : null);
  const used = new Set(
    trimmed(suggested) === null && trimmed(givenReference) === null
      ? []
      : (
          await usedReferences(deps.db).execute({
            connectionId: connection.id,
            organisationId: actor.organisationId,
            suggested: trimmed(suggested),
            given: trimmed(givenReference),
            pattern: typeof suggested === 'string' ? `${escapeLike(suggested)}-%` : null,
          })
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
  return { preview, prefill };
}
