import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { isAllowEntry } from './boards/address-policy.js';

/** How Postroom reaches its database: an embedded PGlite directory or a PostgreSQL server. */
export type DatabaseConfig = { kind: 'embedded'; dataDir: string } | { kind: 'server'; url: string };

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  database: DatabaseConfig;
  /** 32 bytes used to encrypt board credentials at rest (AES-256-GCM). */
  secretKey: Buffer;
  /** Where the key came from, so start-up can tell the operator without printing it. */
  secretKeySource: 'environment' | 'generated' | 'data-directory';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Create the demo organisation when the database holds no organisation yet. */
  demo: boolean;
  /**
   * Mount the sandbox boards under /sandbox/<board>/ (POSTROOM_SANDBOXES=true: the demo and tests).
   * Off unless asked: anyone who reaches the server could read and reset them.
   */
  sandboxes: boolean;
  production: boolean;
  worker: WorkerConfig;
  sessions: SessionConfig;
  notifications: NotificationConfig;
  /** POSTROOM_BOARD_URL_ALLOW: where a connection's `baseUrl` may point (see src/boards/address-policy.ts). */
  boardUrlAllow: string[];
  applyLimits: ApplyLimits;
}

/** How much the public apply form takes before it asks people to wait (see src/services/applications/apply-limits.ts). */
export interface ApplyLimits {
  /** Applications from one network address per window. */
  perAddress: number;
  /** Applications to one vacancy per window. */
  perVacancy: number;
  windowMinutes: number;
  /** Total size of the CVs an organisation keeps. */
  uploadQuotaBytes: number;
}

/** Webhooks and e-mail (see src/jobs/notifications.ts). */
export interface NotificationConfig {
  /** Wait before each delivery attempt of a webhook, in ms: the first is usually 0 (at once). */
  webhookRetryScheduleMs: number[];
  /** An endpoint whose deliveries have failed for this long is disabled and its admins are told. */
  webhookDisableAfterMs: number;
  /** SMTP_URL; without it mails are kept in the outbox (Admin → Outbox) instead of sent. */
  smtpUrl: string | null;
  /** The From address of every mail. */
  mailFrom: string;
}

/** How long a recruiter's sign-in lasts (see src/services/sessions.ts). */
export interface SessionConfig {
  /** The session ends after this long without a request. */
  idleMinutes: number;
  /** The session ends this long after sign-in, however active. */
  maxHours: number;
}

/** How the posting worker runs (see src/jobs/worker.ts). */
export interface WorkerConfig {
  concurrency: number;
  /** Board calls in flight through one connection, across every process (src/jobs/connection-limits.ts). */
  perConnection: number;
  pollMs: number;
  retryMaxAttempts: number;
  retryBaseMs: number;
  boardTimeoutMs: number;
  jobExpirySeconds: number;
  queueMaintenanceSeconds: number;
  statusPollMinutes: number;
}

const booleanText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int(`must be a whole number from ${min} to ${max}`)
    .min(min, `must be a whole number from ${min} to ${max}`)
    .max(max, `must be a whole number from ${min} to ${max}`);

const DURATION = /^(\d+)(ms|s|m|h|d)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "5s", "30m", "10h", "5d", "250ms" → milliseconds, or null. */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text.trim());
  return match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : null;
}

const durationText = z
  .string()
  .refine((v) => parseDuration(v) !== null, 'must be a duration such as 250ms, 5s, 30m, 10h or 5d')
  .transform((v) => parseDuration(v) ?? 0);

const durationList = z
  .string()
  .refine(
    (v) => v.split(',').every((part) => parseDuration(part) !== null),
    'must be durations separated by commas, e.g. 0s,5s,5m,30m,2h,5h,10h,10h',
  )
  .transform((v) => v.split(',').map((part) => parseDuration(part) ?? 0));

const environmentSchema = z.object({
  PORT: z.coerce
    .number({ error: 'must be a whole number between 0 and 65535' })
    .int('must be a whole number between 0 and 65535')
    .min(0, 'must be a whole number between 0 and 65535')
    .max(65535, 'must be a whole number between 0 and 65535')
    .default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z
    .url({
      protocol: /^https?$/,
      error: 'must be an http:// or https:// address, e.g. https://jobs.example.org',
    })
    .optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// address, e.g. postgres://user@host:5432/postroom')
    .optional(),
  POSTROOM_DATA_DIR: z.string().min(1, 'must not be empty').default('./data'),
  POSTROOM_SECRET_KEY: z
    .string()
    .refine(
      (v) => decodeKey(v) !== null,
      'must be 32 bytes as 64 hexadecimal characters or 44 base64 characters (try: openssl rand -hex 32)',
    )
    .optional(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  POSTROOM_DEMO: booleanText.optional(),
  POSTROOM_SANDBOXES: booleanText.optional(),
  POSTROOM_WORKER_CONCURRENCY: wholeNumber(1, 1000).default(32),
  POSTROOM_CONNECTION_CONCURRENCY: wholeNumber(1, 100).default(4),
  POSTROOM_POLL_MS: wholeNumber(50, 60_000).default(500),
  POSTROOM_RETRY_MAX_ATTEMPTS: wholeNumber(1, 50).default(8),
  POSTROOM_RETRY_BASE_MS: wholeNumber(10, 3_600_000).default(30_000),
  POSTROOM_BOARD_TIMEOUT_MS: wholeNumber(100, 300_000).default(15_000),
  POSTROOM_JOB_EXPIRY_SECONDS: wholeNumber(1, 3600).default(60),
  POSTROOM_QUEUE_MAINTENANCE_SECONDS: wholeNumber(1, 3600).default(30),
  POSTROOM_STATUS_POLL_MINUTES: wholeNumber(1, 1440).optional(),
  // The earlier name of POSTROOM_STATUS_POLL_MINUTES, still read.
  POSTROOM_NHS_POLL_MINUTES: wholeNumber(1, 1440).optional(),
  POSTROOM_SESSION_IDLE_MINUTES: wholeNumber(1, 1440).default(30),
  POSTROOM_SESSION_MAX_HOURS: wholeNumber(1, 720).default(12),
  // Svix's schedule (https://docs.svix.com/retries): at once, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
  POSTROOM_WEBHOOK_RETRY_SCHEDULE: durationList.default([
    0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
  ]),
  POSTROOM_WEBHOOK_DISABLE_AFTER: durationText.default(5 * 86_400_000),
  SMTP_URL: z
    .url({
      protocol: /^smtps?$/,
      error: 'must be an smtp:// or smtps:// address, e.g. smtps://user:pass@mail.example.org',
    })
    .optional(),
  MAIL_FROM: z.string().min(3).default('Postroom <postroom@localhost>'),
  POSTROOM_BOARD_URL_ALLOW: z
    .string()
    .transform((text) => text.split(/[\s,]+/).filter(Boolean))
    .refine(
      (entries) => entries.every(isAllowEntry),
      'must list origins (https://boards.example.org, http://10.0.0.5:8080) or host names, separated by commas',
    )
    .optional(),
  POSTROOM_APPLY_LIMIT_PER_ADDRESS: wholeNumber(1, 1_000_000).default(10),
  POSTROOM_APPLY_LIMIT_PER_VACANCY: wholeNumber(1, 1_000_000).default(200),
  POSTROOM_APPLY_LIMIT_WINDOW_MINUTES: wholeNumber(1, 1440).default(60),
  POSTROOM_UPLOAD_QUOTA_MB: wholeNumber(1, 10_000_000).default(5120),
  NODE_ENV: z.string().optional(),
});

/** A command that only reads the database found none where the environment points. */
export class NoDatabaseError extends Error {
  constructor(dataDir: string, command: string) {
    super(
      `There is no Postroom database in ${dataDir}, and "postroom ${command}" only reads one: it creates nothing. Run it with the server's environment (POSTROOM_DATA_DIR, or DATABASE_URL for a PostgreSQL server).`,
    );
    this.name = 'NoDatabaseError';
  }
}

/** A configuration problem, with one line per bad variable, ready to show an operator. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Postroom cannot start; fix the environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function decodeKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/]{43}=$/.test(trimmed)) {
    const buf = Buffer.from(trimmed, 'base64');
    return buf.length === 32 ? buf : null;
  }
  return null;
}

const SECRET_FILE = 'secret.key';

/** Reads the key from the data directory, creating it (mode 0600) on first use. */
function loadOrCreateKey(dataDir: string): { key: Buffer; source: 'generated' | 'data-directory' } {
  const file = join(dataDir, SECRET_FILE);
  if (existsSync(file)) {
    const key = decodeKey(readFileSync(file, 'utf8'));
    if (!key) throw new ConfigError([`${file} does not hold a valid key (64 hexadecimal characters)`]);
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return { key, source: 'data-directory' };
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  // 'wx' refuses to overwrite a key another process wrote in the meantime.
  try {
    writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateKey(dataDir);
    throw error;
  }
  return { key, source: 'generated' };
}

/**
 * Parses the environment once. Throws ConfigError listing every bad variable. With `readOnly` (a
 * command that only reads), an embedded database that does not exist yet is refused with
 * NoDatabaseError before anything (data directory, key) is created.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, readOnly?: { command: string }): Config {
  // An empty variable (PORT=) means "not set", as in most shells' and orchestrators' conventions.
  const given = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = environmentSchema.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${String(issue.path[0])} ${issue.message}`);
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const dataDir = resolve(e.POSTROOM_DATA_DIR);
  const database: DatabaseConfig = e.DATABASE_URL
    ? { kind: 'server', url: e.DATABASE_URL }
    : { kind: 'embedded', dataDir: join(dataDir, 'pgdata') };
  // PostgreSQL writes PG_VERSION into every data directory it creates.
  if (readOnly && database.kind === 'embedded' && !existsSync(join(database.dataDir, 'PG_VERSION')))
    throw new NoDatabaseError(dataDir, readOnly.command);
  const fromEnv = e.POSTROOM_SECRET_KEY ? decodeKey(e.POSTROOM_SECRET_KEY) : null;
  const { key, source } = fromEnv
    ? { key: fromEnv, source: 'environment' as const }
    : loadOrCreateKey(dataDir);
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    dataDir,
    database,
    secretKey: key,
    secretKeySource: source,
    logLevel: e.LOG_LEVEL,
    demo: e.POSTROOM_DEMO ?? true,
    sandboxes: e.POSTROOM_SANDBOXES ?? false,
    production: e.NODE_ENV === 'production',
    worker: {
      concurrency: e.POSTROOM_WORKER_CONCURRENCY,
      perConnection: e.POSTROOM_CONNECTION_CONCURRENCY,
      pollMs: e.POSTROOM_POLL_MS,
      retryMaxAttempts: e.POSTROOM_RETRY_MAX_ATTEMPTS,
      retryBaseMs: e.POSTROOM_RETRY_BASE_MS,
      boardTimeoutMs: e.POSTROOM_BOARD_TIMEOUT_MS,
      jobExpirySeconds: e.POSTROOM_JOB_EXPIRY_SECONDS,
      queueMaintenanceSeconds: e.POSTROOM_QUEUE_MAINTENANCE_SECONDS,
      statusPollMinutes: e.POSTROOM_STATUS_POLL_MINUTES ?? e.POSTROOM_NHS_POLL_MINUTES ?? 15,
    },
    sessions: { idleMinutes: e.POSTROOM_SESSION_IDLE_MINUTES, maxHours: e.POSTROOM_SESSION_MAX_HOURS },
    notifications: {
      webhookRetryScheduleMs: e.POSTROOM_WEBHOOK_RETRY_SCHEDULE,
      webhookDisableAfterMs: e.POSTROOM_WEBHOOK_DISABLE_AFTER,
      smtpUrl: e.SMTP_URL ?? null,
      mailFrom: e.MAIL_FROM,
    },
    boardUrlAllow: e.POSTROOM_BOARD_URL_ALLOW ?? [],
    applyLimits: {
      perAddress: e.POSTROOM_APPLY_LIMIT_PER_ADDRESS,
      perVacancy: e.POSTROOM_APPLY_LIMIT_PER_VACANCY,
      windowMinutes: e.POSTROOM_APPLY_LIMIT_WINDOW_MINUTES,
      uploadQuotaBytes: e.POSTROOM_UPLOAD_QUOTA_MB * 1024 * 1024,
    },
  };
}
