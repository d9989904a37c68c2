import { type Command, Option } from 'commander';
import { nameFromEmail, ROLES, type Role } from '../../domain/organisation.js';
import { organisationBySlug, withDatabase } from '../database.js';
import { UsageError } from '../usage-error.js';

interface UserOptions {
  org: string;
  email: string;
  role: Role;
  name?: string;
  passwordStdin?: boolean;
}

/** `postroom user create`: a person who signs in to the web app. */
export function userCommand(program: Command) {
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
        .choices([...ROLES])
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
    .action(createUserAction);
}

async function createUserAction(opts: UserOptions) {
  const { createUser, generatePassword } = await import('../../services/users.js');
  const password = opts.passwordStdin ? await readPassword() : generatePassword();
  const created = await withDatabase('user create', async (rt) => {
    const organisation = await organisationBySlug(rt.deps, opts.org);
    const name = opts.name ?? nameFromEmail(opts.email.trim());
    return createUser(rt.deps, organisation.id, { email: opts.email, name, role: opts.role, password }, null);
  });
  console.error(`Added ${created.name} <${created.email}> to ${opts.org} as ${created.role}.`);
  if (!opts.passwordStdin) {
    console.error('Their password, shown only now:');
    console.log(password);
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
