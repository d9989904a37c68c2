import { type Config, loadConfig } from '../config.js';
import { DataDirInUseError } from '../main/data-dir-lock.js';
import { createLogger } from '../main/logger.js';
import { openRuntime } from '../main/runtime.js';
import { startPostingWorker } from '../main/worker.js';
import { type Actor, type ServiceDeps, systemActor } from '../services/deps.js';
import { findOrganisationBySlug, listOrganisationSlugs } from '../services/organisations.js';
import { localGateway, type PostingsGateway, remoteGateway } from './postings-gateway.js';
import { UsageError } from './usage-error.js';

export type Runtime = Awaited<ReturnType<typeof openRuntime>>;

export function config(): Config {
  return loadConfig(process.env);
}

/**
 * Runs a one-shot command with the database open, logging to stderr so stdout stays the answer.
 * A `readOnly` command refuses when there is no database rather than create an empty one.
 */
export async function withDatabase<T>(
  command: string,
  run: (rt: Runtime) => Promise<T>,
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

/**
 * Runs a postings command on the database, or through the running embedded server that holds it.
 * With `work`, this process runs a posting worker meanwhile (so a posting settles with no server).
 */
export async function withPostings<T>(
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

/** The organisation with this slug, or a usage error naming the slug. */
export async function organisationBySlug(deps: ServiceDeps, slug: string) {
  const organisation = await findOrganisationBySlug(deps, slug);
  if (!organisation) throw new UsageError(`There is no organisation with the slug "${slug}".`);
  return organisation;
}

/** The organisation a command acts for: --org, or the only one there is. */
export async function cliActor(deps: ServiceDeps, slug: string | undefined): Promise<Actor> {
  if (slug) return systemActor((await organisationBySlug(deps, slug)).id, 'Command line');
  const all = await listOrganisationSlugs(deps);
  if (all.length === 1) return systemActor(all[0]!.id, 'Command line');
  throw new UsageError(
    all.length === 0
      ? 'There is no organisation yet: create one with "postroom org create".'
      : `Choose the organisation with --org: ${all.map((o) => o.slug).join(', ')}.`,
  );
}
