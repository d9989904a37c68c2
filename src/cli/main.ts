import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import Fastify from 'fastify';
import {
  mountSandboxes,
  SANDBOX_IDS,
  SANDBOXES,
  type SandboxId,
  sandboxPrefix,
} from '../boards/sandboxes.js';
import { type Config, ConfigError, loadConfig, NoDatabaseError } from '../config.js';
import { AppError } from '../domain/errors.js';
import { nameFromEmail } from '../domain/organisation.js';
import { DataDirInUseError } from '../main/data-dir-lock.js';
import { createLogger, quietRequestLogs } from '../main/logger.js';
import { endOfLifeWarning } from '../main/node-support.js';
import { openRuntime } from '../main/runtime.js';
import { startServer } from '../main/server.js';
import { VERSION } from '../main/version.js';
import { startPostingWorker } from '../main/worker.js';
import { createApiToken } from '../services/api-tokens.js';
import { type Actor, type ServiceDeps, systemActor } from '../services/deps.js';
import {
  createOrganisation,
  findOrganisationBySlug,
  listOrganisationSlugs,
} from '../services/organisations.js';
import { createUser, generatePassword } from '../services/users.js';
import { localGateway, type PostingsGateway, remoteGateway, UsageError } from './postings-gateway.js';
import { runUpdate } from './update-command.js';

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new InvalidArgumentError('Give a port number between 0 and 65535.');
  return port;
}

function config(): Config {
  return loadConfig(process.env);
}

/**
 * Runs a one-shot command with the database open, logging to stderr so stdout stays the answer.
 * A `readOnly` command refuses when there is no database rather than create an empty one.
 */
async function withDatabase<T>(
  command: string,
  run: (rt: Awaited<ReturnType<typeof openRuntime>>) => Promise<T>,
  options: { readOnly?: boolean } = {},
): Promise<T> {
  const cfg = loadConfig(process.env, options.readOnly ? { command } : undefined);
  const logger = createLogger({ ...cfg, logLevel: cfg.logLevel === 'info' ? 'warn' : cfg.logLevel }, 2);
  const runtime = await openRuntime(cfg, command, logger);
  try {
    // One-shot commands work on an up-to-date schema, as the server does in embedded mode.
    if (runtime.database.kind === 'embedded') await runtime.database.migrate();
    return await run(runtime);
  } finally {
    await runtime.close();
  }
}

/** Stops cleanly on SIGTERM or SIGINT (in-flight work finishes); a second signal exits at once. */
function onStopSignal(logger: ReturnType<typeof createLogger>, stop: () => Promise<void>) {
  let signals = 0;
  const shutdown = (signal: string) => {
    signals += 1;
    if (signals > 1) {
      logger.warn('second signal: exiting without waiting');
      process.exit(1);
    }
    logger.info({ signal }, 'shutting down: finishing work in flight');
    stop().then(
      () => {
        logger.info('stopped cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

/** Prints the error and sets exit code 1; the process ends once its output is written (a pipe may lag). */
function printError(error: unknown): void {
  if (
    error instanceof ConfigError ||
    error instanceof DataDirInUseError ||
    error instanceof UsageError ||
    error instanceof NoDatabaseError
  ) {
    console.error(error.message);
  } else if (error instanceof AppError) {
    console.error(error.message);
    for (const issue of error.issues) console.error(`  - ${issue.path}: ${issue.message}`);
  } else {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  process.exitCode = 1;
}

export function buildProgram(): Command {
  const program = new Command('postroom')
    .description(
      'Postroom: write a vacancy once, publish it on your careers site and post it to job boards. Configuration comes from the environment (PORT, PUBLIC_URL, DATABASE_URL, POSTROOM_DATA_DIR, POSTROOM_SECRET_KEY, LOG_LEVEL, POSTROOM_SANDBOXES, POSTROOM_BOARD_URL_ALLOW, SMTP_URL and more: every variable is in the README Configuration table); without DATABASE_URL the database is embedded in POSTROOM_DATA_DIR.',
    )
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (text, write) => write(text) });

  program
    .command('serve')
    .description(
      'Run the HTTP server (API, docs at /api/docs). Applies migrations first and, on an empty database, creates the demo organisation. The sandbox boards are mounted only with POSTROOM_SANDBOXES=true (npm start sets it).',
    )
    .addOption(
      new Option('-p, --port <port>', 'port to listen on (default: PORT or 3000)').argParser(parsePort),
    )
    .option('--no-migrate', 'do not apply database migrations at start (run "postroom migrate" yourself)')
    .option(
      '--no-worker',
      'do not run the posting, webhook and e-mail worker in this process (run "postroom worker" processes instead)',
    )
    .action(async (opts: { port?: number; migrate: boolean; worker: boolean }) => {
      const given = config();
      // Without PUBLIC_URL the public address follows the port really listened on, so apply links
      // and the links sent to boards point at this server, not at PORT's default.
      const cfg =
        opts.port && !process.env.PUBLIC_URL
          ? { ...given, port: opts.port, publicUrl: `http://localhost:${opts.port}` }
          : given;
      const logger = createLogger(cfg, 1);
      const server = await startServer(cfg, logger, {
        port: opts.port ?? cfg.port,
        migrate: opts.migrate,
        worker: opts.worker,
        quietRequests: quietRequestLogs(cfg),
      });
      // One write, after every start-up log line, so that whoever reads the output sees the whole banner at once.
      const lines = [
        '',
        `Postroom ${VERSION} is running at ${server.url}  (API docs: ${server.url}/api/docs)`,
        `Web app: ${server.url}/app`,
        cfg.database.kind === 'embedded'
          ? `Database: embedded, in ${cfg.database.dataDir}`
          : 'Database: PostgreSQL server (DATABASE_URL)',
        cfg.sandboxes
          ? `Sandbox boards: on, at ${server.url}/sandbox/ (POSTROOM_SANDBOXES=true): anyone who reaches this server can read and reset them; never in production`
          : 'Sandbox boards: off (POSTROOM_SANDBOXES=true mounts them, for the demo and development)',
      ];
      const runtimeWarning = endOfLifeWarning(process.version, new Date());
      if (runtimeWarning) lines.push('', runtimeWarning);
      if (server.demo) {
        lines.push(
          '',
          'A demo organisation was created. These details are shown only once:',
          '  Organisation:  Demo NHS Trust',
          `  Careers site:  ${server.url}/careers/${encodeURIComponent(server.demo.organisationSlug)}`,
          `  Admin sign-in: ${server.demo.email}  /  ${server.demo.password}`,
          `  API token:     ${server.demo.token}`,
          `  Try it:        curl -H "Authorization: Bearer ${server.demo.token}" ${server.url}/api/v1/vacancies`,
        );
      }
      lines.push('', 'Press Ctrl+C to stop.', '');
      console.log(lines.join('\n'));
      onStopSignal(logger, () => server.stop());
    });

  program
    .command('worker')
    .description(
      'Run only the worker: it sends postings to the boards, retries, expires and checks them, and delivers webhooks and e-mails. Any number of workers (and servers) may share one PostgreSQL database (DATABASE_URL).',
    )
    .action(async () => {
      const cfg = config();
      const logger = createLogger(cfg, 1);
      const runtime = await openRuntime(cfg, 'worker', logger);
      if (runtime.database.kind === 'embedded') await runtime.database.migrate();
      await runtime.deps.queue.start();
      const worker = startPostingWorker(runtime.deps, cfg.worker, {
        ...cfg.notifications,
        outboundAllow: cfg.boardUrlAllow,
      });
      console.log(
        `Postroom ${VERSION} worker is running (${cfg.worker.concurrency} at a time, ${cfg.worker.perConnection} per connection). Press Ctrl+C to stop.`,
      );
      onStopSignal(logger, async () => {
        await worker.stop();
        await runtime.close();
      });
    });

  program
    .command('migrate')
    .description('Apply the database migrations (safe to run from several processes at once).')
    .action(async () => {
      await withDatabase('migrate', async (rt) => {
        await rt.database.migrate();
      });
      console.error('Database is up to date.');
    });

  const org = program.command('org').description('Manage organisations.');
  org
    .command('create')
    .description('Create an organisation with its first admin user; prints the new slug alone on stdout.')
    .requiredOption('--name <name>', 'the organisation name, e.g. "NHS Greater Glasgow and Clyde"')
    .requiredOption('--admin-email <email>', "the first admin's e-mail address (their sign-in)")
    .requiredOption('--admin-password <password>', "the first admin's password (at least 12 characters)")
    .option('--slug <slug>', 'the careers site address part, e.g. nhsggc (default: made from the name)')
    .action(async (opts: { name: string; adminEmail: string; adminPassword: string; slug?: string }) => {
      const { organisation } = await withDatabase('org create', (rt) =>
        createOrganisation(rt.deps, {
          name: opts.name,
          adminEmail: opts.adminEmail,
          adminPassword: opts.adminPassword,
          ...(opts.slug ? { slug: opts.slug } : {}),
        }),
      );
      console.log(organisation.slug);
    });

  const token = program.command('token').description('Manage API tokens.');
  token
    .command('create')
    .description(
      'Create an API token for an organisation; prints the token alone on stdout (it is not shown again).',
    )
    .requiredOption('--org <slug>', "the organisation's slug")
    .requiredOption('--name <name>', 'what the token is for, e.g. "HR system"')
    .addOption(
      new Option('--role <role>', 'what the token may do').choices(['admin', 'recruiter']).default('admin'),
    )
    .action(async (opts: { org: string; name: string; role: 'admin' | 'recruiter' }) => {
      const created = await withDatabase('token create', async (rt) => {
        const organisation = await findOrganisationBySlug(rt.deps, opts.org);
        if (!organisation) throw new UsageError(`There is no organisation with the slug "${opts.org}".`);
        return createApiToken(rt.deps, organisation.id, { name: opts.name, role: opts.role }, null);
      });
      console.log(created.token);
    });

  const user = program.command('user').description('Manage the people who sign in to the web app.');
  user
    .command('create')
    .description(
      'Add a user to an organisation. Without --password-stdin a password is generated and printed alone on stdout, once (it is not shown again); with it, stdout stays empty.',
    )
    .requiredOption('--org <slug>', "the organisation's slug")
    .requiredOption('--email <email>', 'their e-mail address (their sign-in; one account per address)')
    .addOption(
      new Option(
        '--role <role>',
        'admin (everything) or recruiter (all but users, API tokens, board connections and settings)',
      )
        .choices(['admin', 'recruiter'])
        .makeOptionMandatory(),
    )
    .option(
      '--name <name>',
      'their name, e.g. "Priya Shah" (default: the part of the e-mail address before @)',
    )
    .option(
      '--password-stdin',
      'read the password (at least 12 characters) from standard input, e.g. a pipe, instead of generating one',
    )
    .action(
      async (opts: {
        org: string;
        email: string;
        role: 'admin' | 'recruiter';
        name?: string;
        passwordStdin?: boolean;
      }) => {
        const password = opts.passwordStdin ? await readPassword() : generatePassword();
        const created = await withDatabase('user create', async (rt) => {
          const organisation = await findOrganisationBySlug(rt.deps, opts.org);
          if (!organisation) throw new UsageError(`There is no organisation with the slug "${opts.org}".`);
          return createUser(
            rt.deps,
            organisation.id,
            {
              email: opts.email,
              name: opts.name ?? nameFromEmail(opts.email.trim()),
              role: opts.role,
              password,
            },
            null,
          );
        });
        console.error(`Added ${created.name} <${created.email}> to ${opts.org} as ${created.role}.`);
        if (!opts.passwordStdin) {
          console.error('Their password, shown only now:');
          console.log(password);
        }
      },
    );

  program
    .command('post')
    .description(
      'Post a vacancy to a board through one of its connections, and follow the posting until it settles (posted, failed or uncertain). The vacancy must be published on the careers site. While an embedded ' +
        'server runs, this goes through it; otherwise this process works the queue itself while it waits.',
    )
    .argument('<vacancy-ref>', "the vacancy's reference, e.g. DEMO-001-RN")
    .requiredOption('--connection <name>', 'the connection to post through, e.g. "s1jobs (sandbox)"')
    .option('--org <slug>', 'the organisation (needed only when there are several)')
    .option(
      '--field <key=value>',
      'set or override a board field; the value is JSON when it parses, e.g. --field payBand=BAND_5 --field weeklyHours=22.5',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--no-wait', 'queue the posting and return at once (prints its id)')
    .addOption(
      new Option('--timeout <seconds>', 'how long to wait for the posting to settle')
        .argParser(parsePositive)
        .default(120),
    )
    .action(
      async (
        reference: string,
        opts: { connection: string; org?: string; field: string[]; wait: boolean; timeout: number },
      ) => {
        const fields = Object.fromEntries(opts.field.map(parseField));
        process.exitCode = await withPostings('post', opts.org, opts.wait, async (gateway) => {
          const posting = await gateway.post(reference, opts.connection, fields);
          console.error(`Posting ${posting.id}: ${posting.statusText}`);
          if (!opts.wait) {
            console.log(posting.id);
            return 0;
          }
          let last = posting.statusText;
          const deadline = Date.now() + opts.timeout * 1000;
          for (;;) {
            const now = await gateway.get(posting.id);
            if (now.statusText !== last) console.error(`  ${now.status}: ${now.statusText}`);
            last = now.statusText;
            if (['posted', 'failed', 'uncertain', 'closed', 'expired'].includes(now.status)) {
              console.log(`${now.status}\t${now.statusText}${now.externalId ? `\t${now.externalId}` : ''}`);
              for (const issue of now.lastError?.issues ?? [])
                console.error(`  - ${issue.field}: ${issue.message}`);
              return now.status === 'posted' ? 0 : 1;
            }
            if (Date.now() > deadline) {
              console.error(
                `Still ${now.status} after ${opts.timeout} s; it goes on in the background (postroom status ${reference}).`,
              );
              return 1;
            }
            await new Promise((resolve) => setTimeout(resolve, 250));
          }
        });
      },
    );

  program
    .command('update')
    .description(
      "Send every out-of-date posting of a vacancy its current values (the vacancy's, plus each board's overrides), and follow the updates until they settle. " +
        'Prints one line per out-of-date posting: updated (with the changed fields) or skipped (with the reason, e.g. a draft published on the board: edit it there). Exit status 1 when one was skipped or did not end posted.',
    )
    .argument('<vacancy-ref>', "the vacancy's reference, e.g. DEMO-001-RN")
    .option('--org <slug>', 'the organisation (needed only when there are several)')
    .option('--no-wait', 'queue the updates and return at once')
    .addOption(
      new Option('--timeout <seconds>', 'how long to wait for the updates to settle')
        .argParser(parsePositive)
        .default(120),
    )
    .action(async (reference: string, opts: { org?: string; wait: boolean; timeout: number }) => {
      process.exitCode = await withPostings('update', opts.org, opts.wait, (gateway) =>
        runUpdate(gateway, reference, opts),
      );
    });

  program
    .command('status')
    .description(
      "Show postings and their states: one vacancy's, or the organisation's latest. It only reads: without a database where the environment points, it says so and creates none.",
    )
    .argument('[vacancy-ref]', "the vacancy's reference")
    .option('--org <slug>', 'the organisation (needed only when there are several)')
    .addOption(new Option('--limit <n>', 'how many postings at most').argParser(parsePositive).default(50))
    .action(async (reference: string | undefined, opts: { org?: string; limit: number }) => {
      const rows = await withPostings(
        'status',
        opts.org,
        false,
        (gateway) => gateway.list(reference, opts.limit),
        {
          readOnly: true,
        },
      );
      if (rows.length === 0) {
        console.log(reference ? `Vacancy ${reference} has no postings yet.` : 'No postings yet.');
        return;
      }
      const table = [
        ['VACANCY', 'CONNECTION', 'STATUS', 'DETAIL', 'BOARD ID', 'UPDATED'],
        ...rows.map((r) => [
          r.vacancyReference,
          r.connectionName,
          r.status,
          r.statusText,
          r.externalId ?? '',
          r.updatedAt.replace('T', ' ').slice(0, 16),
        ]),
      ];
      const widths = table[0]!.map((_, i) => Math.min(60, Math.max(...table.map((row) => row[i]!.length))));
      for (const row of table)
        console.log(
          row
            .map((cell, i) => cell.slice(0, 60).padEnd(widths[i]!))
            .join('  ')
            .trimEnd(),
        );
    });

  program
    .command('sandbox')
    .description(
      "Run a sandbox board on its own: a faithful fake of the board's API at http://localhost:<port>/sandbox/<board>/,\n" +
        'with test endpoints _inspect/… and _faults. Its data lives in memory and is gone when it stops.',
    )
    .addArgument(new Argument('<board>', 'which board').choices(SANDBOX_IDS))
    .addOption(
      new Option('-p, --port <port>', 'port to listen on').argParser(parsePort).default(0, 'any free port'),
    )
    .option(
      '--faults <json>',
      'faults to inject from the start, e.g. \'{"errorRate":0.2,"timeoutRate":0.1,"resetRate":0.05,"rateLimitRate":0.05,"latencyMs":50}\'',
    )
    .action(async (board: SandboxId, opts: { port: number; faults?: string }) => {
      const faults = opts.faults === undefined ? {} : parseFaults(opts.faults);
      const app = Fastify({ logger: false });
      await mountSandboxes(app, [board]);
      await app.ready();
      const applied = await app.inject({
        method: 'POST',
        url: `${sandboxPrefix(board)}/_faults`,
        payload: faults,
      });
      if (applied.statusCode !== 200) throw new UsageError(`--faults was refused: ${applied.body}`);
      await app.listen({ port: opts.port, host: '127.0.0.1' });
      const { port } = app.server.address() as AddressInfo;
      console.log(
        `${SANDBOXES[board]?.label} sandbox listening at http://127.0.0.1:${port}${sandboxPrefix(board)}`,
      );
      const stop = () => {
        app.close().then(() => process.exit(0));
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });

  program
    .command('bench')
    .description(
      'Run the benchmark suite (fan-out, load, growth, scale-out) and write a report to bench/results/. It runs from a source checkout (bench/ and the dev dependencies), against the compiled dist/: "npm run bench" rebuilds first. With DATABASE_URL it runs on that PostgreSQL server, in fresh databases it drops at the end. See bench/README.md.',
    )
    .option('--quick', 'a run of under a minute (what CI runs)')
    .option('--parts <list>', 'comma-separated, from: fanout, load, growth, scaleout (default: all)')
    .option('--vacancies <n>', 'fan-out and scale-out vacancies, each posted to both boards (default 100)')
    .option('--clicks <k>', 'vacancies posted one at a time after the burst (default 10)')
    .option('--latency <ms>', 'latency the sandbox boards add to every request (default 50)')
    .option('--sizes <list>', 'growth sizes in vacancies (default 1000,10000,100000)')
    .option(
      '--duration <s>',
      'seconds each endpoint is measured (default 10 at 10,000 vacancies, 5 at the others)',
    )
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const args = Object.entries(opts).flatMap(([name, value]) =>
        value === true ? [`--${name}`] : typeof value === 'string' ? [`--${name}`, value] : [],
      );
      process.exitCode = await runBenchmark(args);
    });

  return program;
}

/** Runs bench/main.ts of this source checkout with tsx, passing `args` on; resolves with its exit code. */
async function runBenchmark(args: string[]): Promise<number> {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const entry = join(root, 'bench', 'main.ts');
  if (!existsSync(entry))
    throw new UsageError(
      'The benchmark runs from a source checkout of Postroom: clone the repository, run "npm ci", then "npm run bench" (or "postroom bench" from there).',
    );
  if (!existsSync(join(root, 'node_modules', 'tsx')))
    throw new UsageError('The benchmark needs the dev dependencies: run "npm ci" in the checkout first.');
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: root, stdio: 'inherit' });
  // The benchmark cleans up on a signal itself: pass it on, and wait for it to finish.
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => {
    child.on('error', () => resolve(1));
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 130 : 1));
    });
  });
}

/**
 * Runs a postings command on the database, or through the running embedded server that holds it.
 * With `work`, this process runs a posting worker meanwhile (so a posting settles with no server).
 */
async function withPostings<T>(
  command: string,
  org: string | undefined,
  work: boolean,
  run: (gateway: PostingsGateway) => Promise<T>,
  options: { readOnly?: boolean } = {},
): Promise<T> {
  try {
    return await withDatabase(
      command,
      async (rt) => {
        await rt.deps.queue.start();
        const worker = work ? startPostingWorker(rt.deps, config().worker) : null;
        try {
          return await run(localGateway(rt, await cliActor(rt.deps, org)));
        } finally {
          await worker?.stop();
        }
      },
      options,
    );
  } catch (error) {
    const { holder } = error instanceof DataDirInUseError ? error : { holder: null };
    if (!holder?.url || !holder.localKey) throw error;
    return run(remoteGateway({ url: holder.url, localKey: holder.localKey }, org));
  }
}

/** The password piped to standard input: its first line, without the line break. */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) console.error('Type the password, then Enter and Ctrl+D:');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  const [line = ''] = Buffer.concat(chunks).toString('utf8').split(/\r?\n/);
  if (line.length === 0) throw new UsageError('--password-stdin read no password from standard input.');
  return line;
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError('Give a whole number of 1 or more.');
  return n;
}

/** `key=value`, the value read as JSON when it parses ("22.5", "[\"A\"]"), else as text. */
function parseField(text: string): [string, unknown] {
  const at = text.indexOf('=');
  if (at < 1) throw new UsageError(`--field must look like key=value; got: ${text}`);
  const raw = text.slice(at + 1);
  try {
    return [text.slice(0, at), JSON.parse(raw)];
  } catch {
    return [text.slice(0, at), raw];
  }
}

/** The organisation a command acts for: --org, or the only one there is. */
async function cliActor(deps: ServiceDeps, slug: string | undefined): Promise<Actor> {
  if (slug) {
    const organisation = await findOrganisationBySlug(deps, slug);
    if (!organisation) throw new UsageError(`There is no organisation with the slug "${slug}".`);
    return systemActor(organisation.id, 'Command line');
  }
  const all = await listOrganisationSlugs(deps);
  if (all.length === 1) return systemActor(all[0]!.id, 'Command line');
  throw new UsageError(
    all.length === 0
      ? 'There is no organisation yet: create one with "postroom org create".'
      : `Choose the organisation with --org: ${all.map((o) => o.slug).join(', ')}.`,
  );
}

function parseFaults(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Reported below.
  }
  throw new UsageError(`--faults must be a JSON object, e.g. '{"errorRate":0.2}'; got: ${text}`);
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    printError(error);
  }
}
