import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { AdvertState } from '../domain/advert-state.js';
import type { Organisation } from '../domain/organisation.js';
import type { Vacancy } from '../domain/vacancy.js';

/** `error` blocks sending; `warning` is shown but does not. */
export type Severity = 'error' | 'warning';

/** One problem with one posting field, in plain words (the board's own wording where it has one). */
export interface FieldIssue {
  field: string;
  message: string;
  severity: Severity;
}

export type FieldType =
  | 'text'
  | 'textarea'
  | 'html'
  | 'number'
  | 'boolean'
  | 'date'
  | 'email'
  | 'url'
  | 'phone'
  | 'select'
  | 'multiselect'
  | 'list'
  | 'object';

export interface FieldOption {
  value: string;
  label: string;
}

/** When a field applies: the other field's value is one of `oneOf`, or (for a list) includes `includes`. */
export type Condition = { field: string; oneOf: readonly unknown[] } | { field: string; includes: string };

/**
 * A posting field as data: the posting form, the API validation and the docs all come from it.
 * A field that is not shown (its `shownWhen` is false) is neither checked nor sent.
 */
export interface BoardField {
  key: string;
  label: string;
  type: FieldType;
  section?: string;
  help?: string;
  required?: boolean;
  requiredWhen?: Condition;
  shownWhen?: Condition;
  /** Set by Postroom (e.g. the tracked apply link); not shown in forms. */
  hidden?: boolean;
  minLength?: number;
  maxLength?: number;
  /**
   * What the length limits count. `person` (the default): characters as a person counts them,
   * trimmed, a line break as one, and only the visible text of `html`. `sent`: every character
   * of what is sent, markup included, a \r\n line break as two (boards that count their input).
   */
  lengthOf?: 'person' | 'sent';
  maxWords?: number;
  min?: number;
  max?: number;
  /** Decimal places allowed for a number. */
  decimals?: number;
  maxItems?: number;
  options?: readonly FieldOption[];
  /** Options that depend on another field's value (e.g. specialisms on the core skill). */
  optionsFrom?: { field: string; map: Readonly<Record<string, readonly FieldOption[]>> };
  /** Parts of an `object` field (salary, address, contract duration). */
  properties?: readonly BoardField[];
  /** Which live counter the form shows against the limits. */
  counter?: 'characters' | 'words';
  /**
   * The board keeps the first value it accepted (StepStone's categories after INSERT): a change on
   * an update is refused on the field before sending, and the update form shows the field locked.
   */
  fixedOnceSent?: boolean;
}

export type PostingFields = Record<string, unknown>;

export interface PrefillContext {
  vacancy: Vacancy;
  organisation: Organisation;
  /** The posting's tracked apply link: `PUBLIC_URL/careers/<org>/<vacancy>/apply?src=<token>`. */
  trackingUrl: string;
  /** The UK date today, YYYY-MM-DD. */
  today: string;
}

export interface CheckContext {
  today: string;
  /**
   * On a change to an advert the board already has: the fields it last accepted, so that edits
   * the board charges for (or refuses) are flagged before they are sent. Absent on a new posting.
   */
  previous?: PostingFields;
}

/** What the board said about an advert after a successful call. */
export interface BoardReceipt {
  externalId: string;
  /** The board's version tag, sent back on the next update (s1jobs' `_etag`). */
  etag?: string;
  /** Where a person sees the advert (or the draft) on the board. */
  url?: string;
  /** The board's own status word, e.g. NHS Jobs' DRAFT / PUBLISHED / CLOSED, shown as it is. */
  status?: string;
  /** The advert's state in Postroom's words, from the board's own (the client sets it). */
  state?: AdvertState;
  /**
   * The board took the advert but answers later (DWP Find a job's daily import and report): the
   * posting is `sent` until a state read tells `published`, or the board's refusal.
   */
  delivered?: boolean;
}

/** One HTTP exchange with a board, kept as proof; credentials are already redacted. */
export interface BoardExchange {
  method: string;
  url: string;
  /** The headers Postroom set (If-Match, content type, account keys), credentials redacted. */
  requestHeaders: Record<string, string>;
  requestBody: unknown;
  status: number | null;
  responseBody: string | null;
  durationMs: number;
  at: Date;
  error?: string;
}

/** An HTTP request as sent to a board. */
export interface WireRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** The placeholder that stands for a credential wherever a request is shown or kept. */
export const REDACTED = '[redacted]';

export interface ClientDeps {
  fetch: typeof fetch;
  now(): Date;
  /** Called after every exchange (success or not), so the caller can keep the proof. */
  onExchange?(exchange: BoardExchange): void;
  /** Per-request time limit; past it the outcome is unknown. */
  timeoutMs?: number;
  /**
   * The address a connection that is not HTTP (SFTP) may use for a host, by the operator's address
   * policy (see `allowedAddress`); throws when it may not. Absent: public addresses only.
   */
  resolveAddress?(host: string, port: number): Promise<string>;
}

/** The calls a board supports. `close` and `status` are absent where the board cannot do them. */
export interface BoardClient {
  create(fields: PostingFields): Promise<BoardReceipt>;
  /** `previous`: the fields of the last write the board accepted, for boards that send only changes. */
  update(receipt: BoardReceipt, fields: PostingFields, previous?: PostingFields): Promise<BoardReceipt>;
  close?(receipt: BoardReceipt): Promise<BoardReceipt>;
  /** Puts back an advert that ran out on the board (a board that declares `relistOrExtend.relist`). */
  relist?(receipt: BoardReceipt): Promise<BoardReceipt>;
  /** Restarts the run of a live advert (a board that declares `relistOrExtend.extend`). */
  extend?(receipt: BoardReceipt): Promise<BoardReceipt>;
  /**
   * Finds the advert we sent with this reference, or null: how an unknown outcome is resolved.
   * `exclude`: ids of earlier adverts with the same reference that are not this posting's (the
   * advert a renewal posts again, or one closed before the vacancy was posted again there); a board
   * that renews must skip them.
   */
  lookup(reference: string, exclude?: readonly string[]): Promise<BoardReceipt | null>;
  status?(receipt: BoardReceipt): Promise<BoardReceipt>;
}

/** When an advert ends on the board, by the board's own rules. */
export interface AdvertEnd {
  /** The UK day the advert ends (YYYY-MM-DD), or null when it stays until someone closes it on the board. */
  endsOn: string | null;
  /** In a recruiter's words, e.g. "Ends on s1jobs on 2026-12-21: s1jobs keeps an advert 28 days at most". */
  text: string;
}

/** One way a board renews an advert's run (relist or extend), in a recruiter's words. */
export interface BoardRunAction {
  /** What it does and what it costs, shown before a person confirms it (e.g. "spends one Reed credit"). */
  description: string;
  /** True when it spends one of the account's credits: the web app asks to confirm first. */
  costsCredit: boolean;
}

/**
 * A board whose adverts run out there after their advert life (`advertEnd`), and which can put them
 * back (relist) or restart a live one's run (extend). Postroom marks the posting expired when the
 * computed end passes (the board tells nothing), and offers these actions; its client has the calls.
 */
export interface BoardRelistOrExtend {
  relist?: BoardRunAction;
  extend?: BoardRunAction;
}

/**
 * A table an admin keeps on a connection, from Postroom's values to the board's own ids, for lists
 * the board does not publish (StepStone's category ids). It lives in the connection's settings, at
 * `settings[setting][key]` (an object of from → to, which the board's settings schema validates);
 * the API reads and replaces it at `/connections/{id}/mappings/{key}`, and the connection page edits it.
 */
export interface MappingTable {
  key: string;
  setting: string;
  label: string;
  /** What the table is for and where the ids come from, in an admin's words. */
  description: string;
  /** Postroom's side: free text (matched in any case), or one of `options`. */
  from: { label: string; hint: string; options?: readonly FieldOption[]; maxLength: number };
  /** The board's side: text matching `pattern` (a regular expression), else `error` on the field. */
  to: { label: string; hint: string; pattern: string; error: string };
}

/** A board that refuses the vacancy before any field is looked at (e.g. NHS Jobs needs it advertised). */
export interface Precondition {
  code: 'not_advertised';
  message: string;
}

/**
 * A job board: one folder, one object. `check` and `map` are pure; the client does the HTTP.
 * `Settings` is the connection's parsed settings, secrets included (decrypted only in memory).
 */
export interface Board<Settings extends Record<string, unknown> = Record<string, unknown>> {
  id: string;
  label: string;
  description: string;
  /**
   * What the board charges, in plain words, for a board that spends credits (e.g. "Each new
   * listing spends one StepStone credit; updates are free"): the "Post to boards" panel shows it.
   */
  cost?: string;
  /** The connection's settings (also the admin form). Keys in `secrets` are encrypted and write-only. */
  connection: { schema: z.ZodType<Settings>; secrets: readonly (keyof Settings & string)[] };
  fields: readonly BoardField[];
  /** The field holding our reference for the advert, used to look it up after an unknown outcome. */
  referenceField: string;
  /** True when Postroom can close an advert on the board early (its client has `close`). */
  canClose: boolean;
  /** True when the board tells the advert's state (its client has `status`), e.g. a draft published. */
  readsStatus: boolean;
  /**
   * False when the board has no call to find an advert by Postroom's reference (its `lookup` can
   * never answer): a create whose answer was lost then leaves the posting `uncertain` for a person
   * to check on the board, never a second create. Absent: true.
   */
  canLookUp?: boolean;
  /** Present when Postroom posts drafts that a person publishes on the board itself (NHS Jobs). */
  drafts?: BoardDrafts;
  /**
   * The board's advert life: when an advert sent with these fields, whose run began at `postedAt`
   * (first posted, or relisted or extended then), ends there. Absent: the advert ends at the vacancy's closing date.
   */
  advertEnd?(fields: PostingFields, postedAt: Date): AdvertEnd;
  /** Present when adverts run out on the board and can be relisted or extended (see BoardRelistOrExtend). */
  relistOrExtend?: BoardRelistOrExtend;
  /**
   * Present when an advert with a fixed life can be renewed as the board allows it: Postroom closes
   * the advert (if still live) and posts it again as a new one, with the vacancy's current values.
   */
  renewal?: BoardRenewal;
  /**
   * A board whose adverts live a fixed time (DWP Find a job: 30 days) and are then posted again as a
   * new advert: the fields that change for that re-post once the advert's life has run out and the
   * vacancy is still open (given the posting's fields and `etag`), else null. The sweep sends them
   * as an update.
   */
  repost?(fields: PostingFields, etag: string | null, today: string): PostingFields | null;
  precondition?(vacancy: Vacancy): Precondition | null;
  prefill(context: PrefillContext): PostingFields;
  check(fields: PostingFields, context: CheckContext): FieldIssue[];
  /** The wire payload for these fields, without credentials. */
  map(fields: PostingFields, settings: Settings): Record<string, unknown>;
  /** The exact request `create` would send for these fields, with credentials redacted. */
  previewRequest(fields: PostingFields, settings: Settings): WireRequest;
  client(settings: Settings, deps: ClientDeps): BoardClient;
  /** Where the board's contract is described: `docs/boards/<id>.md` (set by `defineBoard`). */
  docs: string;
  /**
   * How often Postroom asks a board that reports the advert's state (`readsStatus`) about a posted
   * advert, in milliseconds. Absent: the operator's setting (POSTROOM_STATUS_POLL_MINUTES).
   */
  pollMs?: number;
  /**
   * The board's limit on requests through one connection (one account), from its contract. Postroom
   * holds to it across every worker process sharing the database (src/jobs/connection-limits.ts).
   */
  rateLimit?: RateLimit;
  /** Tables of ids an admin keeps per connection (see MappingTable), edited on the connection page. */
  mappingTables?: readonly MappingTable[];
  /**
   * The settings that say where the credentials go (default: `baseUrl`): changing one of them needs
   * the secrets typed again, so a saved secret is never sent to a new address (an SFTP host and port).
   */
  addressSettings?: readonly string[];
  /** Limits the board puts on organisation settings, shown and checked on the settings page. */
  organisationLimits?: readonly OrganisationLimit[];
  /**
   * Wire names that carry credentials (body keys, query parameters, headers): their values never
   * reach a log or a kept exchange, wherever they appear.
   */
  secretNames?: readonly string[];
  /** The fake board for the demo, the tests and the benchmarks. */
  sandbox: BoardSandbox<Settings>;
}

/** How a board's adverts are renewed before their advert life ends. */
export interface BoardRenewal {
  /** What renewing does on this board, in a recruiter's words (shown before they confirm). */
  text: string;
}

/**
 * How a draft-only board is shown: Postroom sends a draft, a person publishes (and closes) it on
 * the board, and Postroom reads its state back (`readsStatus`).
 */
export interface BoardDrafts {
  /** The board's own words when it accepts a draft (NHS Jobs: "Job Successfully Posted"). */
  acceptedMessage: string;
  /** Postroom can no longer update a draft once it is `published` (the normalised advert state). */
  /** Why Postroom cannot update a published draft, and what to do instead (the board's advice). */
  publishedAdvice: string;
  /** What a posted posting reads, from the (normalised) state of its draft. */
  postedText(state: AdvertState | null): string;
  /** What a closed or expired posting reads: Postroom cannot close the draft on the board. */
  closedText(state: AdvertState | null, closedAs: 'closed' | 'expired'): string;
  /** The chip's word where the draft's state matters ("Draft in NHS Jobs"), else null. */
  chipWord(status: string, state: AdvertState | null): string | null;
}

export type BoardErrorReason =
  | 'auth'
  | 'invalid'
  | 'conflict'
  | 'rate_limited'
  | 'unavailable'
  | 'unknown_outcome'
  | 'unexpected';

/**
 * The one error a board client throws. The worker decides retries from `reason` alone:
 * `rate_limited`, `unavailable` retry; `unknown_outcome` looks the advert up first; the rest wait for a person.
 */
export class BoardError extends Error {
  readonly reason: BoardErrorReason;
  readonly field: string | undefined;
  readonly boardMessage: string | undefined;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  /** Issues on several fields at once (a board's validation answer). */
  readonly issues: FieldIssue[];
  /** The advert's board state the answer reveals (NHS Jobs' 409 ALREADY_PUBLISHED: `PUBLISHED`). */
  readonly advertStatus: string | undefined;
  /** The same state in Postroom's words (NHS Jobs' 409 ALREADY_PUBLISHED: `published`). */
  readonly advertState: AdvertState | undefined;
  constructor(
    reason: BoardErrorReason,
    message: string,
    options: {
      field?: string;
      boardMessage?: string;
      status?: number;
      retryAfterMs?: number;
      issues?: FieldIssue[];
      advertStatus?: string;
      advertState?: AdvertState;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'BoardError';
    this.reason = reason;
    this.field = options.field;
    this.boardMessage = options.boardMessage;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.issues = options.issues ?? [];
    this.advertStatus = options.advertStatus;
    this.advertState = options.advertState;
  }

  /** True when trying again later, unchanged, may succeed. */
  get transient(): boolean {
    return this.reason === 'rate_limited' || this.reason === 'unavailable';
  }
}

/** True when `condition` holds for these fields. */
export function holds(condition: Condition, fields: PostingFields): boolean {
  const value = fields[condition.field];
  if ('oneOf' in condition) return condition.oneOf.includes(value);
  return Array.isArray(value) && value.includes(condition.includes);
}

/** True when the field applies to these fields (its `shownWhen` holds, or it has none). */
export const isShown = (field: BoardField, fields: PostingFields) =>
  !field.shownWhen || holds(field.shownWhen, fields);

/** True when the field must have a value. */
export const isRequired = (field: BoardField, fields: PostingFields) =>
  isShown(field, fields) &&
  (field.required === true || (field.requiredWhen ? holds(field.requiredWhen, fields) : false));

/** Empty as a person means it: undefined, null, blank text, an empty list. */
export function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/**
 * The fields without those that do not apply (their `shownWhen` is false): a field that is not
 * shown is neither checked nor sent. Unknown keys stay, so that checks can report them.
 */
export function shownFields(declarations: readonly BoardField[], fields: PostingFields): PostingFields {
  const hidden = new Set(declarations.filter((d) => !isShown(d, fields)).map((d) => d.key));
  return Object.fromEntries(Object.entries(fields).filter(([key]) => !hidden.has(key)));
}

/**
 * At most `requests` board calls every `perMs` through one connection. `fixed`: the board counts in
 * windows aligned on the clock (Teaching Vacancies: 600 a minute, from each whole minute);
 * `rolling`: in any span of `perMs`, or the contract does not say (Reed: 2,000 an hour).
 */
export interface RateLimit {
  requests: number;
  perMs: number;
  window: 'fixed' | 'rolling';
}

/** A limit a board puts on an organisation setting (NHS Jobs: "About your organisation", 100 to 1,000). */
export interface OrganisationLimit {
  /** The organisation setting it applies to. */
  field: 'about';
  min: number;
  max: number;
  /** The board's own name for the setting. */
  label: string;
}

/** An advert as a sandbox holds it, for the contract tests and the benchmark's count. */
export interface SandboxAdvert {
  /** The board's id for it (the receipt's `externalId`). */
  id: string;
  /**
   * The vacancy's reference the advert was sent with (a board whose reference adds to it, such as
   * Teaching Vacancies' `<organisation>/<reference>`, reports the vacancy's part).
   */
  reference: string;
  /** The board's state word for it. */
  status: string;
  /** How many create calls made it: more than one is a duplicate. */
  createCount: number;
  /** The advert's fields as the board stored them (wire keys). */
  body: Record<string, unknown>;
}

/**
 * A board's sandbox: a Fastify plugin that answers as the board does (validating with its own
 * reading of the board's document, never with the adapter's fields or map), with fault injection
 * at `_faults` (src/boards/sandbox/faults.ts). Mounted under `/sandbox/<id>`.
 */
export interface BoardSandbox<Settings> {
  plugin: (app: FastifyInstance) => Promise<void>;
  /** Settings of the sandbox's built-in account, the sandbox being at `baseUrl`. */
  demoSettings(baseUrl: string): Settings;
  /** The adverts the sandbox at `baseUrl` holds (from its `_inspect` endpoint), for the benchmark. */
  adverts(baseUrl: string): Promise<SandboxAdvert[]>;
  /** Fields that pass the board's check and its sandbox, with this reference (the benchmark's fallback). */
  sampleFields(reference: string): PostingFields;
  /** Fields the benchmark sends over the pre-filled ones (e.g. texts long enough for the board). */
  benchFields?: PostingFields;
  /**
   * What stops one account taking a burst of creates at once, besides a `rateLimit` (credits, a
   * daily quota, a scheduled import): the benchmark's fan-out leaves the board out unless named.
   */
  burstLimit?: string;
}
