import { z } from 'zod';
import { ADVERT_STATES } from '../../../domain/advert-state.js';
import { POSTING_ACTIONS, POSTING_STATUSES } from '../../../domain/posting.js';
import { errorBodySchema } from '../../errors.js';

// The posting's shapes, shared by the postings routes (for the OpenAPI document and responses).

export const tags = ['Postings'];

/** The error answers every posting route may give. */
export const postingErrors = {
  401: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  422: errorBodySchema,
};

export const fieldsSchema = z.record(z.string(), z.unknown()).describe('Board fields (see GET /boards)');

export const postingErrorSchema = z
  .object({
    reason: z
      .string()
      .describe('auth, invalid, conflict, rate_limited, unavailable, unknown_outcome, unexpected, manual'),
    message: z.string(),
    field: z.string().optional(),
    boardMessage: z.string().optional().describe("The board's own words"),
    status: z.number().optional(),
    issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    action: z.enum(POSTING_ACTIONS).optional(),
  })
  .nullable();

export const stateWordSchema = z
  .string()
  .nullable()
  .describe(
    'A short state for a chip where the board’s own state matters (a draft on a board that posts drafts, or live there); null elsewhere',
  );

export const changeSchema = z
  .object({
    field: z.string().describe("The board field's key (see GET /boards)"),
    label: z.string().describe("The board field's label"),
    onBoard: z.unknown().describe('The value the board holds (or is being sent)'),
    now: z.unknown().describe('The value the vacancy now gives, overrides kept'),
  })
  .meta({ id: 'PostingChange' });

const exchangeSchema = z.object({
  method: z.string(),
  url: z.string(),
  requestHeaders: z
    .record(z.string(), z.string())
    .optional()
    .describe('The request headers Postroom set (such as If-Match), credentials as "[redacted]"'),
  requestBody: z.unknown(),
  status: z.number().nullable(),
  responseBody: z.string().nullable(),
  durationMs: z.number(),
  at: z.string(),
  error: z.string().optional(),
});

const attemptSchema = z.object({
  id: z.number().int(),
  action: z.string(),
  outcome: z.enum(['pending', 'succeeded', 'failed', 'unknown']),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  error: postingErrorSchema,
  notice: z.string().nullable().describe('The board’s own words on success, when it gives some'),
  exchanges: z.array(exchangeSchema),
});

const advertEndSchema = z
  .object({
    endsOn: z.iso
      .date()
      .nullable()
      .describe('The UK day the advert ends on the board; null when it stays until closed on the board'),
    text: z.string().describe("In plain words: the day, and the board's advert life that sets it"),
  })
  .nullable()
  .describe(
    "When the advert ends on the board, by the board's advert life (a number of days at most, or until closed on the board; else the closing date); null while it is not on the board",
  );

export const approvalSchema = z
  .object({
    reason: z
      .enum(['connection', 'over_budget'])
      .describe('Why the post waits: its connection needs approval, or it would go over the monthly budget'),
    requestedBy: z.object({
      type: z.enum(['user', 'token', 'system']),
      id: z.string().nullable(),
      label: z.string().describe('Who posted it'),
    }),
    requestedAt: z.iso.datetime(),
    decision: z
      .object({
        outcome: z.enum(['approved', 'rejected']),
        by: z.string().describe('The approver'),
        at: z.iso.datetime(),
        reason: z.string().optional().describe('Why it was rejected'),
      })
      .optional()
      .describe('The approver’s decision; absent while the post waits'),
  })
  .nullable()
  .describe(
    'The approval of a post that needed one (status `awaiting_approval`, then approved or `rejected`); null when none was needed',
  );
const renewalSchema = z
  .object({
    description: z.string().describe('What it does and what it costs, in plain words'),
    costsCredit: z.boolean().describe("True when it spends one of the account's credits on the board"),
  })
  .nullable();

export const postingResponseSchema = z
  .object({
    id: z.uuid(),
    vacancyId: z.uuid(),
    connectionId: z.uuid(),
    board: z.string(),
    boardLabel: z.string(),
    status: z.enum(POSTING_STATUSES),
    statusText: z
      .string()
      .describe('The state in plain words, with the board’s own notice when it gives one'),
    stateWord: stateWordSchema,
    action: z
      .enum(POSTING_ACTIONS)
      .describe('What the pending or last job does (relist and extend on a board that renews adverts)'),
    trackingToken: z.string(),
    trackingUrl: z
      .string()
      .describe('The apply link sent to the board; applications through it are credited to the board'),
    fields: z.record(z.string(), z.unknown()),
    pendingFields: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe('Fields an update in progress will send'),
    overrides: z
      .record(z.string(), z.unknown())
      .describe('Fields the recruiter set differently from what the vacancy gives; every update keeps them'),
    currentFields: z
      .record(z.string(), z.unknown())
      .describe(
        "The vacancy's current values plus the overrides: what an update sends, and where an Update form starts",
      ),
    outOfDate: z
      .boolean()
      .describe('True when the board holds other values than the vacancy (plus the overrides) now gives'),
    changes: z
      .array(changeSchema)
      .describe(
        'Each field whose value on the board differs from what the vacancy now gives; empty when in step',
      ),
    advertEnd: advertEndSchema,
    renewal: z
      .object({
        warning: z
          .string()
          .nullable()
          .describe(
            'Shown when the advert ends on the board within 7 days while the vacancy stays open longer, e.g. "The <board> advert ends on 3 Dec; the vacancy closes on 20 Dec"; else null',
          ),
        canRenew: z
          .boolean()
          .describe(
            'True when POST /postings/{id}/renew can be used now: the board renews adverts, the advert is posted, and it ends on the board before the (open) vacancy closes',
          ),
        text: z
          .string()
          .nullable()
          .describe('What renewing does on this board; null where the board does not renew'),
        cost: z
          .string()
          .nullable()
          .describe('What the board charges for a new advert, where it charges: a renewal is a new advert'),
      })
      .describe("Renewing the advert before the board's advert life ends"),
    autoRenew: z
      .boolean()
      .describe(
        'Postroom renews the advert by itself the day before it ends on the board, until the vacancy closes (PUT /postings/{id}/auto-renew)',
      ),
    renewedFrom: z
      .uuid()
      .nullable()
      .describe('The posting this one renews: its advert was closed and posted again as this one'),
    externalId: z.string().nullable().describe("The advert's id on the board"),
    externalUrl: z
      .string()
      .nullable()
      .describe('Where the advert (or the draft, on a board that posts drafts) is on the board'),
    boardStatus: z
      .string()
      .nullable()
      .describe('The advert’s state as the board reports it, on a board that reports one'),
    capabilities: z
      .object({
        drafts: z
          .boolean()
          .describe('Postroom sends drafts that a person publishes (and closes) on the board'),
        canClose: z.boolean().describe('Postroom can close the advert on the board'),
        readsStatus: z.boolean().describe('Postroom reads the advert’s state from the board (`advertState`)'),
        relist: renewalSchema.describe(
          'The board puts back an advert that ran out there (POST /postings/{id}/relist): what it does and costs; null when it cannot',
        ),
        extend: renewalSchema.describe(
          'The board restarts a live advert’s run (POST /postings/{id}/extend): what it does and costs; null when it cannot',
        ),
        renews: z
          .boolean()
          .describe(
            'Postroom can renew the advert before its advert life on the board ends (posts it again)',
          ),
      })
      .describe('What the board lets Postroom do with the advert'),
    advertState: z
      .enum(ADVERT_STATES)
      .nullable()
      .describe(
        'The advert’s state on the board in Postroom’s words, the same for every board (a board’s own word, such as a draft board’s PUBLISHED, becomes `published`); null until the board tells it',
      ),
    publishedOnBoardAt: z.iso
      .datetime()
      .nullable()
      .describe('When a board that posts drafts reported the draft published'),
    attemptCount: z.number().int(),
    nextAttemptAt: z.iso.datetime().nullable(),
    lastError: postingErrorSchema,
    uncertainReason: z.string().nullable(),
    scheduledAt: z.iso.datetime().nullable(),
    approval: approvalSchema,
    costPence: z
      .number()
      .int()
      .nullable()
      .describe(
        'What the posting cost (the connection’s cost per posting) when it was accepted for sending, in pence (GBP); null before that or when the connection records no cost',
      ),
    postedAt: z.iso.datetime().nullable(),
    closedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    attempts: z
      .array(attemptSchema)
      .optional()
      .describe(
        'Every attempt with the request (credentials redacted) and the board’s answer: the proof of posting',
      ),
  })
  .meta({ id: 'Posting' });
