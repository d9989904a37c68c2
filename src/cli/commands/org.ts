import type { Command } from 'commander';
import { withDatabase } from '../database.js';

/** `postroom org create`: a new organisation with its first admin. */
export function orgCommand(program: Command) {
  const org = program.command('org').description('Manage organisations.');
  org
    .command('create')
    .description('Create an organisation with its first admin user; prints the new slug alone on stdout.')
    .requiredOption('--name <name>', 'the organisation name, e.g. "NHS Greater Glasgow and Clyde"')
    .requiredOption('--admin-email <email>', "the first admin's e-mail address (their sign-in)")
    .requiredOption('--admin-password <password>', "the first admin's password (at least 12 characters)")
    .option('--slug <slug>', 'the careers site address part, e.g. nhsggc (default: made from the name)')
    .action(async (opts: { name: string; adminEmail: string; adminPassword: string; slug?: string }) => {
      const { createOrganisation } = await import('../../services/organisations.js');
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
}
