import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { listBoards } from '../boards/registry.js';
import type { Config } from '../config.js';
import { LOG_SERIALIZERS } from '../http/log.js';

/** Paths that may hold a secret; pino replaces them before anything is written. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-csrf-token"]',
  'headers["set-cookie"]',
  '*.password',
  '*.adminPassword',
  '*.csrfToken',
  '*.sessionId',
  '*.apiKey',
  '*.token',
  '*.secretKey',
  '*.credentials',
];

/** Each board's secret settings and secret wire names (`secretNames`), wherever a logged object has them. */
const boardSecretPaths = () => [
  ...new Set(
    listBoards().flatMap((b) =>
      [...b.connection.secrets, ...(b.secretNames ?? [])].map((n) => `*[${JSON.stringify(n)}]`),
    ),
  ),
];

/** What every logger writes and hides; tests that read logs use the same. */
export const logOptions = (level: Config['logLevel']) => ({
  level,
  redact: { paths: [...REDACT_PATHS, ...boardSecretPaths()], censor: '[redacted]' },
  serializers: LOG_SERIALIZERS,
});

/**
 * True when the server's log is read by a person in a terminal (readable lines, not production):
 * then a line per request would scroll the start banner, and its once-only demo sign-in, away.
 */
export const quietRequestLogs = (config: Pick<Config, 'production'>) =>
  !config.production && Boolean(process.stdout.isTTY);

/**
 * JSON lines in production or when piped; readable lines in a terminal.
 * `fd` 1 for the server (its logs are its output), 2 for one-shot commands whose stdout is their answer.
 */
export function createLogger(config: Pick<Config, 'logLevel' | 'production'>, fd: 1 | 2 = 1): Logger {
  const options = logOptions(config.logLevel);
  const stream = fd === 1 ? process.stdout : process.stderr;
  if (!config.production && stream.isTTY) {
    return pino(
      options,
      pretty({ colorize: true, sync: true, destination: fd, translateTime: 'SYS:HH:MM:ss' }),
    );
  }
  return pino(options, pino.destination({ dest: fd, sync: true }));
}
