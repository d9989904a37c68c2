// The app talks only to the public REST API (/api/v1), with the session cookie and its CSRF token.

export type Role = 'admin' | 'recruiter';

export interface Session {
  user: { id: string; email: string; name: string; role: Role };
  organisation: { id: string; slug: string; name: string };
  csrfToken: string;
}

export interface Issue {
  path: string;
  message: string;
  severity?: 'error' | 'warning';
}

/** The API's error envelope, `{"error": {code, message, issues}}`, as an exception. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: Issue[] = [],
    readonly retryAfter: string | null = null,
  ) {
    super(message);
  }
}

let csrfToken = '';
let onSignedOut: () => void = () => {};

export function setCsrfToken(token: string) {
  csrfToken = token;
}

/** Called when the session has ended (401 on a request made while signed in). */
export function whenSignedOut(handler: () => void) {
  onSignedOut = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(0, 'network', 'Postroom cannot be reached. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; issues?: Issue[] } } | null)?.error;
    const failure = new ApiError(
      response.status,
      error?.code ?? 'http_error',
      error?.message ?? `The server answered ${response.status}.`,
      error?.issues ?? [],
      response.headers.get('retry-after'),
    );
    if (response.status === 401 && path !== '/session') onSignedOut();
    throw failure;
  }
  return parsed as T;
}

/** The message of any error, for an alert. */
export const messageOf = (error: unknown) =>
  error instanceof Error ? error.message : 'Something went wrong. Try again.';

/** Issues of an error keyed by path (the first message of each path). */
export function issuesByPath(error: unknown, prefix = ''): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = prefix && issue.path.startsWith(prefix) ? issue.path.slice(prefix.length) : issue.path;
    out[path] ??= issue.message;
  }
  return out;
}

// Shapes of the API's answers that the app reads (see /api/v1/openapi.json).

export const EMPLOYMENT_TYPES = [
  'permanent',
  'fixed_term',
  'temporary',
  'contract',
  'bank',
  'locum',
  'secondment',
  'apprenticeship',
  'voluntary',
] as const;
export const FIXED_LENGTH_TYPES = [
  'fixed_term',
  'temporary',
  'contract',
  'locum',
  'secondment',
  'apprenticeship',
];
export const WORKPLACES = ['onsite', 'hybrid', 'remote', 'home'] as const;
export const SALARY_PERIODS = ['hour', 'day', 'week', 'month', 'year'] as const;

export interface Lists {
  qualifications: string[];
  experience: string[];
  skills: string[];
}

export interface Vacancy {
  id: string;
  reference: string;
  title: string;
  employmentType: string;
  contractLength: { length: number; unit: 'weeks' | 'months' } | null;
  hours: 'full_time' | 'part_time';
  weeklyHours: number | null;
  workplace: string;
  location: { line1: string; line2?: string; town: string; postcode: string; country: 'GB' };
  salary: { min?: number; max?: number; period: string; currency: 'GBP'; text?: string } | null;
  summary: string | null;
  description: string;
  replyToEmail: string | null;
  closingDate: string;
  category: string | null;
  videoUrl: string | null;
  personSpecification: { essential: Lists; desirable: Lists };
  status: 'draft' | 'live' | 'closed';
  version: number;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  closedAt: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type PostingStatus =
  | 'scheduled'
  | 'queued'
  | 'sending'
  | 'posted'
  | 'updating'
  | 'closing'
  | 'closed'
  | 'expired'
  | 'retrying'
  | 'failed'
  | 'uncertain';

export interface PostingError {
  reason: string;
  message: string;
  field?: string;
  boardMessage?: string;
  status?: number;
  issues?: { field: string; message: string }[];
  /** The action that failed: a refused update leaves the advert as it was. */
  action?: string;
}

export interface Exchange {
  method: string;
  url: string;
  /** The headers Postroom set, credentials redacted; absent on older attempts. */
  requestHeaders?: Record<string, string>;
  requestBody: unknown;
  status: number | null;
  responseBody: string | null;
  durationMs: number;
  at: string;
  error?: string;
}

export interface Attempt {
  id: number;
  action: string;
  outcome: 'pending' | 'succeeded' | 'failed' | 'unknown';
  startedAt: string;
  finishedAt: string | null;
  error: PostingError | null;
  /** The board's own words on success (NHS Jobs: "Job Successfully Posted"). */
  notice: string | null;
  exchanges: Exchange[];
}

export interface Posting {
  id: string;
  vacancyId: string;
  connectionId: string;
  board: string;
  boardLabel: string;
  status: PostingStatus;
  statusText: string;
  /** A chip's word where the board's own state matters ("Draft in NHS Jobs"). */
  stateWord: string | null;
  action: 'create' | 'update' | 'close';
  trackingUrl: string;
  fields: Record<string, unknown>;
  pendingFields: Record<string, unknown> | null;
  /** The vacancy's current values plus the recruiter's overrides: where an Update form starts. */
  currentFields: Record<string, unknown>;
  outOfDate: boolean;
  changes: PostingChange[];
  /** When the advert ends on the board (null while it is not on the board). */
  advertEnd: { endsOn: string | null; text: string } | null;
  externalId: string | null;
  externalUrl: string | null;
  boardStatus: string | null;
  /** The advert's state on the board in Postroom's words, the same for every board. */
  advertState: 'draft' | 'published' | 'closed' | 'expired' | null;
  /** What the board lets Postroom do with the advert. */
  capabilities: { drafts: boolean; canClose: boolean; readsStatus: boolean };
  publishedOnBoardAt: string | null;
  attemptCount: number;
  nextAttemptAt: string | null;
  lastError: PostingError | null;
  uncertainReason: string | null;
  postedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  attempts?: Attempt[];
}

/** A board field whose value on the board differs from what the vacancy now gives. */
export interface PostingChange {
  field: string;
  label: string;
  onBoard: unknown;
  now: unknown;
}

/** What "update all" did with each out-of-date posting. */
export interface UpdateAllResult {
  updated: number;
  skipped: number;
  items: { postingId: string; boardLabel: string; outcome: 'updated' | 'skipped'; reason: string | null }[];
}

/** Postings that will not change without a person (or the board) doing something. */
export const SETTLED: readonly PostingStatus[] = ['posted', 'closed', 'expired', 'failed', 'uncertain'];

export interface Connection {
  id: string;
  board: string;
  boardLabel: string;
  name: string;
  settings: Record<string, unknown>;
  secretsSet: Record<string, boolean>;
}

export type Condition = { field: string; oneOf: readonly unknown[] } | { field: string; includes: string };

export interface FieldOption {
  value: string;
  label: string;
}

/** A board's declared posting field, as GET /boards lists it under `fields`. */
export interface BoardField {
  key: string;
  label: string;
  type:
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
  section?: string;
  help?: string;
  required?: boolean;
  requiredWhen?: Condition;
  shownWhen?: Condition;
  hidden?: boolean;
  minLength?: number;
  maxLength?: number;
  lengthOf?: 'person' | 'sent';
  maxWords?: number;
  min?: number;
  max?: number;
  decimals?: number;
  maxItems?: number;
  options?: FieldOption[];
  optionsFrom?: { field: string; map: Record<string, FieldOption[]> };
  properties?: BoardField[];
  counter?: 'characters' | 'words';
}

export interface Board {
  id: string;
  label: string;
  description: string;
  connectionSettings: {
    properties?: Record<
      string,
      { title?: string; description?: string; type?: string | string[]; enum?: string[] }
    >;
    required?: string[];
    'x-postroom'?: { secrets?: string[] };
  };
  fields: BoardField[];
}

export interface Preview {
  connection: { id: string; name: string; board: string };
  fields: Record<string, unknown>;
  prefilled: string[];
  issues: Issue[];
  blocked: boolean;
  request: { method: string; url: string; headers?: Record<string, string>; body?: unknown };
}

export interface Organisation {
  id: string;
  slug: string;
  name: string;
  about: string;
  replyToEmail: string | null;
  locations: { name: string; line1: string; line2?: string; town: string; postcode: string; country: 'GB' }[];
  /** Each board's limits on "About organisation", for the counter. */
  aboutLimits?: {
    board: string;
    boardLabel: string;
    label: string;
    min: number;
    max: number;
    connected: boolean;
  }[];
  /** Problems that do not stop saving but will stop postings to a connected board. */
  warnings?: { path: string; message: string }[];
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
  lastSignInAt: string | null;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface Application {
  id: string;
  name: string;
  email: string;
  phone: string;
  cv: { type: 'pdf' | 'docx'; size: number; originalName: string };
  source: { kind: string; label: string; postingId: string | null };
  createdAt: string;
}

export interface PostingSummary {
  id: string;
  vacancyId: string;
  vacancyReference: string;
  vacancyTitle: string;
  connectionName: string;
  board: string;
  status: PostingStatus;
  statusText: string;
  stateWord: string | null;
}
