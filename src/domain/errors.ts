/** One problem with one field of a request; `path` is dotted from the body root, e.g. `location.postcode`. */
export interface Issue {
  path: string;
  message: string;
}

/** The stable error codes of the API. One table (http/errors.ts) maps them to HTTP statuses. */
export type ErrorCode =
  | 'validation_failed'
  | 'invalid_json'
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'csrf_failed'
  | 'too_many_attempts'
  | 'not_found'
  | 'conflict'
  | 'reference_taken'
  | 'invalid_state'
  | 'version_mismatch'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'not_advertised'
  | 'idempotency_key_reused'
  | 'idempotency_key_in_use'
  | 'internal';

/** The one error type services throw; the HTTP layer renders it as `{"error": {code, message, issues}}`. */
export class AppError extends Error {
  readonly issues: Issue[];
  /** Seconds until trying again makes sense; sent as the Retry-After header. */
  readonly retryAfterSeconds: number | undefined;
  constructor(
    readonly code: ErrorCode,
    message: string,
    options: { issues?: Issue[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.issues = options.issues ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} was not found.`);

/** Turns zod-style issue paths into the API's dotted paths. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

interface ZodLikeIssue {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  keys?: readonly string[];
}

/** One API issue per zod issue; an unknown key becomes an issue on that key. */
export function issuesFromZod(
  zodIssues: readonly ZodLikeIssue[],
  prefix: readonly PropertyKey[] = [],
): Issue[] {
  return zodIssues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      return issue.keys.map((key) => ({
        path: issuePath([...path, key]),
        message: `Unknown field "${key}"`,
      }));
    }
    return [{ path: issuePath(path), message: issue.message }];
  });
}

/** True when a database error (possibly wrapped) is a unique-constraint violation. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: unknown; constraint?: unknown; message?: unknown; cause?: unknown };
    if (e.code === '23505') {
      if (!constraint) return true;
      return e.constraint === constraint || String(e.message ?? '').includes(constraint);
    }
    current = e.cause;
  }
  return false;
}

/** Ids are UUIDs; anything else cannot name a record, and must not reach the database as one. */
export const isUuid = (id: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
