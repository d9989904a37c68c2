import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, NoDatabaseError } from './config.js';

const HEX_KEY = '0123456789abcdef'.repeat(4);

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'postroom-config-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

/** The problems loadConfig reports for an environment, or fails the test when it loads. */
function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig({ POSTROOM_DATA_DIR: dataDir, ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('reads how often boards are asked for the advert state, under its new name or its earlier one', () => {
    const load = (env: NodeJS.ProcessEnv) =>
      loadConfig({ POSTROOM_DATA_DIR: dataDir, POSTROOM_SECRET_KEY: HEX_KEY, ...env }).worker
        .statusPollMinutes;
    expect(load({})).toBe(15);
    expect(load({ POSTROOM_STATUS_POLL_MINUTES: '5' })).toBe(5);
    expect(load({ POSTROOM_NHS_POLL_MINUTES: '7' })).toBe(7);
    expect(load({ POSTROOM_STATUS_POLL_MINUTES: '5', POSTROOM_NHS_POLL_MINUTES: '7' })).toBe(5);
    expect(problemsOf({ POSTROOM_STATUS_POLL_MINUTES: '0' }).join()).toMatch(/POSTROOM_STATUS_POLL_MINUTES/);
  });

  it('runs with nothing set but a data directory: port 3000, embedded database, local address', () => {
    const config = loadConfig({ POSTROOM_DATA_DIR: dataDir });
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      publicUrl: 'http://localhost:3000',
      dataDir,
      database: { kind: 'embedded', dataDir: join(dataDir, 'pgdata') },
      logLevel: 'info',
      demo: true,
      production: false,
    });
    expect(config.secretKey).toHaveLength(32);
  });

  it('keeps its data in ./data, resolved from the working directory, by default', () => {
    const config = loadConfig({ POSTROOM_SECRET_KEY: HEX_KEY });
    expect(config.dataDir).toBe(resolve('data'));
    expect(config.database).toEqual({ kind: 'embedded', dataDir: join(resolve('data'), 'pgdata') });
  });

  it('derives the public address from the port, and drops a trailing slash from a given one', () => {
    expect(loadConfig({ POSTROOM_DATA_DIR: dataDir, PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(
      loadConfig({ POSTROOM_DATA_DIR: dataDir, PUBLIC_URL: 'https://jobs.example.org/' }).publicUrl,
    ).toBe('https://jobs.example.org');
  });

  it('uses a PostgreSQL server when DATABASE_URL is set', () => {
    for (const url of ['postgres://postroom@db:5432/postroom', 'postgresql://u:p@localhost/postroom']) {
      expect(loadConfig({ POSTROOM_DATA_DIR: dataDir, DATABASE_URL: url }).database).toEqual({
        kind: 'server',
        url,
      });
    }
  });

  it('reads the other settings', () => {
    const config = loadConfig({
      POSTROOM_DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'debug',
      POSTROOM_DEMO: 'no',
      NODE_ENV: 'production',
    });
    expect(config).toMatchObject({ host: '127.0.0.1', logLevel: 'debug', demo: false, production: true });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['PUBLIC_URL', 'ftp://x'],
    ['PUBLIC_URL', 'jobs.example.org'],
    ['DATABASE_URL', 'mysql://x'],
    ['LOG_LEVEL', 'loud'],
    ['POSTROOM_SECRET_KEY', 'short'],
    ['POSTROOM_SECRET_KEY', 'g'.repeat(64)],
    ['POSTROOM_DEMO', 'maybe'],
  ])('refuses %s=%s with one line naming the variable', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name} `));
  });

  // `PORT=` in an env file means "not set", never port 0.
  it('does not take an empty PORT for port 0', () => {
    let port: number;
    try {
      port = loadConfig({ POSTROOM_DATA_DIR: dataDir, PORT: '' }).port;
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return;
    }
    expect(port).toBe(3000);
  });

  it('lists every bad variable at once, one line each', () => {
    const problems = problemsOf({
      PORT: 'abc',
      PUBLIC_URL: 'ftp://x',
      DATABASE_URL: 'mysql://x',
      LOG_LEVEL: 'loud',
      POSTROOM_SECRET_KEY: 'short',
    });
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual([
      'DATABASE_URL',
      'LOG_LEVEL',
      'PORT',
      'POSTROOM_SECRET_KEY',
      'PUBLIC_URL',
    ]);
  });

  it('reads how long sign-in sessions last, 30 minutes idle and 12 hours at most unless set', () => {
    expect(loadConfig({ POSTROOM_DATA_DIR: dataDir }).sessions).toEqual({ idleMinutes: 30, maxHours: 12 });
    expect(
      loadConfig({
        POSTROOM_DATA_DIR: dataDir,
        POSTROOM_SESSION_IDLE_MINUTES: '15',
        POSTROOM_SESSION_MAX_HOURS: '8',
      }).sessions,
    ).toEqual({ idleMinutes: 15, maxHours: 8 });
    expect(problemsOf({ POSTROOM_SESSION_IDLE_MINUTES: '0', POSTROOM_SESSION_MAX_HOURS: 'long' })).toEqual([
      'POSTROOM_SESSION_IDLE_MINUTES must be a whole number from 1 to 1440',
      'POSTROOM_SESSION_MAX_HOURS must be a whole number from 1 to 720',
    ]);
  });

  it('reads the board addresses an operator allows, origins or host names, and refuses anything else', () => {
    expect(loadConfig({ POSTROOM_DATA_DIR: dataDir }).boardUrlAllow).toEqual([]);
    expect(
      loadConfig({
        POSTROOM_DATA_DIR: dataDir,
        POSTROOM_BOARD_URL_ALLOW: 'https://nhs-test.example, http://10.0.0.5:8080 boards.example.org',
      }).boardUrlAllow,
    ).toEqual(['https://nhs-test.example', 'http://10.0.0.5:8080', 'boards.example.org']);
    expect(problemsOf({ POSTROOM_BOARD_URL_ALLOW: 'https://nhs-test.example/api?x=1' })).toEqual([
      'POSTROOM_BOARD_URL_ALLOW must list origins (https://boards.example.org, http://10.0.0.5:8080) or host names, separated by commas',
    ]);
  });

  it('reads the apply limits, with defaults that a person applying never meets', () => {
    expect(loadConfig({ POSTROOM_DATA_DIR: dataDir }).applyLimits).toEqual({
      perAddress: 10,
      perVacancy: 200,
      windowMinutes: 60,
      uploadQuotaBytes: 5120 * 1024 * 1024,
    });
    expect(
      loadConfig({
        POSTROOM_DATA_DIR: dataDir,
        POSTROOM_APPLY_LIMIT_PER_ADDRESS: '3',
        POSTROOM_APPLY_LIMIT_PER_VACANCY: '50',
        POSTROOM_APPLY_LIMIT_WINDOW_MINUTES: '10',
        POSTROOM_UPLOAD_QUOTA_MB: '100',
      }).applyLimits,
    ).toEqual({ perAddress: 3, perVacancy: 50, windowMinutes: 10, uploadQuotaBytes: 100 * 1024 * 1024 });
    expect(problemsOf({ POSTROOM_APPLY_LIMIT_PER_ADDRESS: '0' })).toEqual([
      'POSTROOM_APPLY_LIMIT_PER_ADDRESS must be a whole number from 1 to 1000000',
    ]);
  });

  it("reads webhook retries and e-mail settings, with Svix's schedule and an outbox by default", () => {
    expect(loadConfig({ POSTROOM_DATA_DIR: dataDir }).notifications).toEqual({
      webhookRetryScheduleMs: [0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000],
      webhookDisableAfterMs: 5 * 86_400_000,
      smtpUrl: null,
      mailFrom: 'Postroom <postroom@localhost>',
    });
    expect(
      loadConfig({
        POSTROOM_DATA_DIR: dataDir,
        POSTROOM_WEBHOOK_RETRY_SCHEDULE: '0s,250ms,1m',
        POSTROOM_WEBHOOK_DISABLE_AFTER: '2h',
        SMTP_URL: 'smtps://user:pass@mail.example.org',
      }).notifications,
    ).toMatchObject({
      webhookRetryScheduleMs: [0, 250, 60_000],
      webhookDisableAfterMs: 7_200_000,
      smtpUrl: 'smtps://user:pass@mail.example.org',
    });
    expect(
      problemsOf({
        POSTROOM_WEBHOOK_RETRY_SCHEDULE: '5s,soon',
        POSTROOM_WEBHOOK_DISABLE_AFTER: 'a week',
        SMTP_URL: 'https://mail.example.org',
      }),
    ).toEqual([
      'POSTROOM_WEBHOOK_RETRY_SCHEDULE must be durations separated by commas, e.g. 0s,5s,5m,30m,2h,5h,10h,10h',
      'POSTROOM_WEBHOOK_DISABLE_AFTER must be a duration such as 250ms, 5s, 30m, 10h or 5d',
      'SMTP_URL must be an smtp:// or smtps:// address, e.g. smtps://user:pass@mail.example.org',
    ]);
  });

  it('says what to do in the error message an operator sees', () => {
    try {
      loadConfig({ POSTROOM_DATA_DIR: dataDir, PORT: '70000' });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toBe(
        'Postroom cannot start; fix the environment:\n  - PORT must be a whole number between 0 and 65535',
      );
    }
  });

  describe('secret key', () => {
    it('generates a key file readable only by its owner, and reuses it on the next start', () => {
      const first = loadConfig({ POSTROOM_DATA_DIR: dataDir });
      const file = join(dataDir, 'secret.key');
      expect(first.secretKeySource).toBe('generated');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8').trim()).toBe(first.secretKey.toString('hex'));

      const second = loadConfig({ POSTROOM_DATA_DIR: dataDir });
      expect(second.secretKeySource).toBe('data-directory');
      expect(second.secretKey.equals(first.secretKey)).toBe(true);
    });

    it('creates a missing data directory for the key', () => {
      const nested = join(dataDir, 'a', 'b');
      const config = loadConfig({ POSTROOM_DATA_DIR: nested });
      expect(config.secretKeySource).toBe('generated');
      expect(existsSync(join(nested, 'secret.key'))).toBe(true);
    });

    it('generates a different key for each new data directory', () => {
      const other = mkdtempSync(join(tmpdir(), 'postroom-config-'));
      try {
        const a = loadConfig({ POSTROOM_DATA_DIR: dataDir }).secretKey;
        const b = loadConfig({ POSTROOM_DATA_DIR: other }).secretKey;
        expect(a.equals(b)).toBe(false);
      } finally {
        rmSync(other, { recursive: true, force: true });
      }
    });

    it('tightens a key file others can read to 0600', () => {
      const file = join(dataDir, 'secret.key');
      writeFileSync(file, `${HEX_KEY}\n`);
      chmodSync(file, 0o644);
      const config = loadConfig({ POSTROOM_DATA_DIR: dataDir });
      expect(config.secretKey.toString('hex')).toBe(HEX_KEY);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    });

    it('refuses a key file that does not hold a key, naming the file', () => {
      const file = join(dataDir, 'secret.key');
      writeFileSync(file, 'not a key\n', { mode: 0o600 });
      expect(() => loadConfig({ POSTROOM_DATA_DIR: dataDir })).toThrow(ConfigError);
      expect(problemsOf({})).toEqual([`${file} does not hold a valid key (64 hexadecimal characters)`]);
    });

    it('uses a 64-hex POSTROOM_SECRET_KEY as is, and writes no key file', () => {
      const config = loadConfig({ POSTROOM_DATA_DIR: dataDir, POSTROOM_SECRET_KEY: HEX_KEY });
      expect(config.secretKey.toString('hex')).toBe(HEX_KEY);
      expect(config.secretKeySource).toBe('environment');
      expect(existsSync(join(dataDir, 'secret.key'))).toBe(false);
    });

    it('prefers POSTROOM_SECRET_KEY over a key file', () => {
      loadConfig({ POSTROOM_DATA_DIR: dataDir });
      const config = loadConfig({ POSTROOM_DATA_DIR: dataDir, POSTROOM_SECRET_KEY: HEX_KEY.toUpperCase() });
      expect(config.secretKey.toString('hex')).toBe(HEX_KEY);
      expect(config.secretKeySource).toBe('environment');
    });

    it('accepts a 32-byte key in base64', () => {
      const key = Buffer.alloc(32, 7);
      const config = loadConfig({ POSTROOM_DATA_DIR: dataDir, POSTROOM_SECRET_KEY: key.toString('base64') });
      expect(config.secretKey.equals(key)).toBe(true);
    });
  });

  it('mounts the sandbox boards only when POSTROOM_SANDBOXES asks, whatever NODE_ENV says', () => {
    expect(loadConfig({ POSTROOM_DATA_DIR: dataDir }).sandboxes).toBe(false);
    expect(loadConfig({ POSTROOM_DATA_DIR: dataDir, NODE_ENV: 'development' }).sandboxes).toBe(false);
    expect(loadConfig({ POSTROOM_DATA_DIR: dataDir, POSTROOM_SANDBOXES: 'true' }).sandboxes).toBe(true);
  });

  it('refuses a read-only command where there is no embedded database, creating nothing', () => {
    const missing = join(dataDir, 'elsewhere');
    expect(() => loadConfig({ POSTROOM_DATA_DIR: missing }, { command: 'status' })).toThrow(NoDatabaseError);
    expect(() => loadConfig({ POSTROOM_DATA_DIR: missing }, { command: 'status' })).toThrow(
      `There is no Postroom database in ${missing}, and "postroom status" only reads one`,
    );
    expect(existsSync(missing)).toBe(false);
    // On a PostgreSQL server the database is the operator's: nothing here could create it.
    expect(
      loadConfig(
        { POSTROOM_DATA_DIR: missing, DATABASE_URL: 'postgres://x@db/p', POSTROOM_SECRET_KEY: HEX_KEY },
        { command: 'status' },
      ).database.kind,
    ).toBe('server');
  });
});
