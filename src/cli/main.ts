import { Command } from 'commander';
import { VERSION } from '../main/version.js';
import { approvalsCommand } from './commands/approvals.js';
import { benchCommand } from './commands/bench.js';
import { importCommand } from './commands/import.js';
import { migrateCommand } from './commands/migrate.js';
import { orgCommand } from './commands/org.js';
import { postCommand } from './commands/post.js';
import { sandboxCommand } from './commands/sandbox.js';
import { serveCommand } from './commands/serve.js';
import { statusCommand } from './commands/status.js';
import { tokenCommand } from './commands/token.js';
import { updateCommand } from './commands/update.js';
import { userCommand } from './commands/user.js';
import { workerCommand } from './commands/worker.js';
import { UsageError } from './usage-error.js';

// The `postroom` command: one file per command in ./commands/, registered here in the order
// `postroom --help` lists them.
const COMMANDS = [
  serveCommand,
  workerCommand,
  migrateCommand,
  orgCommand,
  tokenCommand,
  userCommand,
  postCommand,
  updateCommand,
  importCommand,
  statusCommand,
  approvalsCommand,
  sandboxCommand,
  benchCommand,
];

export function buildProgram(): Command {
  const program = new Command('postroom')
    .description(
      'Postroom: write a vacancy once, publish it on your careers site and post it to job boards. Configuration comes from the environment (PORT, PUBLIC_URL, DATABASE_URL, POSTROOM_DATA_DIR, POSTROOM_SECRET_KEY, LOG_LEVEL, POSTROOM_SANDBOXES, POSTROOM_BOARD_URL_ALLOW, SMTP_URL and more: every variable is in the README Configuration table); without DATABASE_URL the database is embedded in POSTROOM_DATA_DIR.',
    )
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (text, write) => write(text) });
  for (const register of COMMANDS) register(program);
  return program;
}

/** Prints the error and sets exit code 1; the process ends once its output is written (a pipe may lag). */
async function printError(error: unknown): Promise<void> {
  // Loaded only on an error, so that a command that needs none of them starts without them.
  const [{ ConfigError, NoDatabaseError }, { AppError }, { DataDirInUseError }] = await Promise.all([
    import('../config.js'),
    import('../domain/errors.js'),
    import('../main/data-dir-lock.js'),
  ]);
  if (
    error instanceof ConfigError ||
    error instanceof DataDirInUseError ||
    error instanceof UsageError ||
    error instanceof NoDatabaseError
  ) {
    console.error(error.message);
  } else if (isMissingTable(error)) {
    console.error(
      'The database has no Postroom tables yet: run "postroom migrate" first (or "postroom serve", which migrates as it starts).',
    );
  } else if (error instanceof AppError) {
    console.error(error.message);
    for (const issue of error.issues) console.error(`  - ${issue.path}: ${issue.message}`);
  } else {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  process.exitCode = 1;
}

/** PostgreSQL's undefined_table (42P01), wherever it sits in the error's causes: a database never migrated. */
function isMissingTable(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    if ((e as { code?: unknown }).code === '42P01') return true;
  }
  return false;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    await printError(error);
  }
}
