import { stdSerializers } from 'pino';

/**
 * Fields of database errors that carry the values of a statement: drizzle's `params` (password
 * hashes, token hashes, e-mail addresses…) and PostgreSQL's `detail` ("Key (email)=(…) already
 * exists", "Failing row contains (…)") and `where`. Both database modes answer through
 * node-postgres, so these are all there are.
 */
const VALUE_FIELDS = ['params', 'detail', 'where'] as const;

/** PostgreSQL messages that quote the value they refused, e.g. `invalid input syntax for type uuid: "…"`. */
const QUOTED_VALUE = /(invalid input (?:syntax|value) for (?:type|enum) [^:]+: )"(?:[^"]|"")*"/g;

type ErrorLike = Error & Record<string, unknown>;

const isErrorLike = (value: unknown): value is ErrorLike =>
  value instanceof Error ||
  (typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string');

/** A copy of the error (and its causes) with every statement value taken out; the original is untouched. */
function withoutValues(error: ErrorLike, depth = 0): ErrorLike {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(error) as object), error) as ErrorLike;
  let message = error.message;
  // drizzle's DrizzleQueryError puts them in its message too: "Failed query: <sql>\nparams: <values>".
  if (Array.isArray(error.params)) message = message.replace(`\nparams: ${String(error.params)}`, '');
  message = message.replace(QUOTED_VALUE, '$1[value]');
  const stack = typeof error.stack === 'string' ? error.stack.replace(error.message, message) : undefined;
  Object.defineProperty(copy, 'message', { value: message, enumerable: false, writable: true });
  Object.defineProperty(copy, 'stack', { value: stack, enumerable: false, writable: true });
  for (const field of VALUE_FIELDS) delete copy[field];
  if (isErrorLike(error.cause) && depth < 5) copy.cause = withoutValues(error.cause, depth + 1);
  return copy;
}

/** pino's error serializer, but a database error names its statement and reason, never its values. */
export function serializeError(error: unknown) {
  return stdSerializers.err(isErrorLike(error) ? withoutValues(error) : (error as Error));
}
