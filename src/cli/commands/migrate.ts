import type { Command } from 'commander';
import { withDatabase } from '../database.js';

/** `postroom migrate`: brings the database schema up to date. */
export function migrateCommand(program: Command) {
  program
    .command('migrate')
    .description('Apply the database migrations (safe to run from several processes at once).')
    .action(async () => {
      await withDatabase('migrate', async (rt) => {
        await rt.database.migrate();
      });
      console.error('Database is up to date.');
    });
}
