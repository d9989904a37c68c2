import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { childEnv, endChildren, runCli, type ServeProcess, startServe } from './support/cli.js';
import { databaseMode } from './support/db.js';
import { withDatabase } from './support/global-setup.js';

const running: ServeProcess[] = [];
afterEach(() => {
  for (const server of running.splice(0)) server.child.kill('SIGKILL');
  endChildren();
});

describe(`operator safety of the command line (${databaseMode} database)`, () => {
  it.runIf(databaseMode === 'embedded')(
    'postroom status without the server’s environment refuses clearly and creates no database',
    async () => {
      const env = await childEnv();
      const dataDir = env.POSTROOM_DATA_DIR!;
      const status = await runCli(['status'], env);
      expect(status.code).toBe(1);
      expect(status.stdout).toBe('');
      expect(status.stderr).toContain(`There is no Postroom database in ${dataDir}`);
      expect(status.stderr).toContain('POSTROOM_DATA_DIR');
      expect(status.stderr).not.toMatch(/\n\s+at /);
      // Nothing was created: no database, no key, nothing at all.
      expect(readdirSync(dataDir)).toEqual([]);
      expect(existsSync(`${dataDir}/pgdata`)).toBe(false);
    },
  );

  it.runIf(databaseMode === 'server')(
    'postroom status on a PostgreSQL database never migrated says to migrate, with no stack trace',
    async () => {
      const env = await childEnv({ POSTROOM_SECRET_KEY: randomBytes(32).toString('hex') });
      const name = `postroom_unmigrated_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
        env.DATABASE_URL = withDatabase(process.env.DATABASE_URL!, name);
        const status = await runCli(['status'], env);
        expect(status.code).toBe(1);
        expect(status.stderr).toContain(
          'The database has no Postroom tables yet: run "postroom migrate" first',
        );
        expect(status.stderr).not.toMatch(/\n\s+at /);
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }
    },
  );

  it(
    'keeps the sandbox boards unmounted unless POSTROOM_SANDBOXES=true, and says so in the banner',
    { timeout: 300_000 },
    async () => {
      const env = await childEnv({ LOG_LEVEL: 'info' });
      const server = await startServe(env);
      running.push(server);
      for (const path of [
        '/sandbox/s1jobs/_inspect/jobs',
        '/sandbox/s1jobs/_faults',
        '/sandbox/nhs-jobs/_inspect/reset',
      ]) {
        const response = await fetch(`${server.url}${path}`, {
          method: path.endsWith('reset') ? 'POST' : 'GET',
        });
        expect({ path, status: response.status }).toEqual({ path, status: 404 });
      }
      const output = server.output();
      expect(output).toContain('Sandbox boards: off (POSTROOM_SANDBOXES=true mounts them');
      // The demo still starts (without sandbox connections), and its once-only sign-in closes the output.
      const banner = output.slice(output.indexOf('is running at'), output.indexOf('Press Ctrl+C'));
      expect(banner).toMatch(/Admin sign-in: \S+ {2}\/ {2}\S{12,}/);
      expect(banner).not.toContain('"level"');
      if (process.version.startsWith('v20.'))
        expect(banner).toContain('Warning: Node.js 20 reached its end of life');
    },
  );
});
