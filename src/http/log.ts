import { listBoards } from '../boards/registry.js';
import { serializeError } from '../main/log-errors.js';

/** Query parameters that carry credentials by their usual names. */
const COMMON_SECRETS = ['password', 'pass', 'apikey', 'api_key', 'key', 'token', 'secret'];
const escapeRegExp = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Query parameters whose values never reach a log: the usual names, and each board's `secretNames`
 * (boards that take credentials on the query string, such as a sandbox's read calls).
 */
function secretQuery(): RegExp {
  const names = [...new Set([...COMMON_SECRETS, ...listBoards().flatMap((b) => b.secretNames ?? [])])];
  if (cached?.names !== names.join('|')) {
    cached = {
      names: names.join('|'),
      pattern: new RegExp(`([?&](?:${names.map(escapeRegExp).join('|')})=)[^&#]*`, 'gi'),
    };
  }
  return cached.pattern;
}
let cached: { names: string; pattern: RegExp } | undefined;

export const redactUrl = (url: string) => url.replace(secretQuery(), '$1[redacted]');

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/**
 * How requests appear in logs: method, URL (secrets in the query redacted), host and caller; and
 * errors, without the values of a failed database statement.
 */
export const LOG_SERIALIZERS = {
  err: serializeError,
  req: (req: LoggedRequest) => ({
    method: req.method,
    url: req.url ? redactUrl(req.url) : req.url,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  }),
};
