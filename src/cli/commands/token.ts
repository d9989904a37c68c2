import { type Command, Option } from 'commander';
import { ROLES, type Role } from '../../domain/organisation.js';
import { organisationBySlug, withDatabase } from '../database.js';

/** `postroom token create`: an API token, printed once. */
export function tokenCommand(program: Command) {
  const token = program.command('token').description('Manage API tokens.');
  token
    .command('create')
    .description(
      'Create an API token for an organisation; prints the token alone on stdout (it is not shown again).',
    )
    .requiredOption('--org <slug>', "the organisation's slug")
    .requiredOption('--name <name>', 'what the token is for, e.g. "HR system"')
    .addOption(new Option('--role <role>', 'what the token may do').choices([...ROLES]).default('admin'))
    .action(async (opts: { org: string; name: string; role: Role }) => {
      const { createApiToken } = await import('../../services/api-tokens.js');
      const created = await withDatabase('token create', async (rt) => {
        const organisation = await organisationBySlug(rt.deps, opts.org);
        return createApiToken(rt.deps, organisation.id, { name: opts.name, role: opts.role }, null);
      });
      console.log(created.token);
    });
}
