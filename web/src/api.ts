// The app talks only to the public REST API (/api/v1), with the session cookie and its CSRF token.

import type { PostingStatus } from '../../src/domain/posting.js';
import type { Issue } from '../../src/http/api-types.js';

export type { BoardField, Condition, FieldOption } from '../../src/boards/board.js';
export { formatPence } from '../../src/domain/money.js';
export type { PostingStatus } from '../../src/domain/posting.js';
export { POSTING_STATUSES } from '../../src/domain/posting.js';
export {
  EMPLOYMENT_TYPES,
  FIXED_LENGTH_TYPES,
  HOURS,
  LIMITS,
  SALARY_PERIODS,
  WORKPLACES,
} from '../../src/domain/vacancy-values.js';
// The shapes of the API's answers come from the schemas its routes declare (src/http/api-types.ts),
// which the tests check every response against; the vacancy's choices and limits from the domain.
export type {
  Activity,
  ApiToken,
  Application,
  ApplicationCounts,
  ApplicationStats,
  ApplicationStatus,
  Attempt,
  BatchResponse,
  BatchResult,
  Board,
  Connection,
  ConnectionCounts,
  CreatedToken,
  CreatedWebhook,
  Dashboard,
  Delivery,
  Erasure,
  ErasureCounts,
  Exchange,
  Issue,
  Mail,
  Mapping,
  NotificationPreferences,
  Organisation,
  Page,
  PendingApproval,
  Posting,
  PostingChange,
  PostingError,
  PostingSummary,
  Preview,
  RetentionPreview,
  Role,
  RotatedSecret,
  Session,
  SpendReport,
  SubjectData,
  Template,
  UpdateAllResult,
  User,
  Vacancy,
  VacancyImport,
  Webhook,
} from '../../src/http/api-types.js';

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

/** Postings that will not change without a person (or the board) doing something. */
export const SETTLED: readonly PostingStatus[] = [
  'sent',
  'posted',
  'closed',
  'expired',
  'failed',
  'uncertain',
  'awaiting_approval',
  'rejected',
];
