import { type Command, Option } from 'commander';
import type { Config } from '../../config.js';
import { endOfLifeWarning } from '../../main/node-support.js';
import type { startServer } from '../../main/server.js';
import { VERSION } from '../../main/version.js';
import { config } from '../database.js';
import { parsePort } from '../parse.js';
import { exitOnSignalUntilReady, onStopSignal } from '../stop-signal.js';

type Server = Awaited<ReturnType<typeof startServer>>;

/** `postroom serve`: the HTTP server (and, unless --no-worker, the worker). */
export function serveCommand(program: Command) {
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
      const starting = exitOnSignalUntilReady();
      // Loaded here, not at the top: `postroom --help` and the other commands need none of it.
      const [{ createLogger, quietRequestLogs }, { startServer }] = await Promise.all([
        import('../../main/logger.js'),
        import('../../main/server.js'),
      ]);
      const given = await config();
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
      console.log(banner(cfg, server).join('\n'));
      starting.ready();
      onStopSignal(logger, () => server.stop());
    });
}

/** What `serve` prints once it listens: where things are, and the demo's details on first start. */
function banner(cfg: Config, server: Server): string[] {
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
  return lines;
}
