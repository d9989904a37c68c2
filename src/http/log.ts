import { serializeError } from '../main/log-errors.js';

/** Query parameters whose values never reach a log (s1jobs takes credentials on the query string). */
const SECRET_QUERY = /([?&](?:password|pass|apikey|api_key|key|token|secret)=)[^&#]*/gi;

export const redactUrl = (url: string) => url.replace(SECRET_QUERY, '$1[redacted]');

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
