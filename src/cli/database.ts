// Every module a command needs beyond commander is loaded when the command runs (import()), so that
// `postroom --help` and a quick command start without loading the server, the boards or argon2.
import type { Config } from '../config.js';
import type { openRuntime } from '../main/runtime.js';
import type { Actor, ServiceDeps } from '../services/deps.js';
import type { PostingsGateway } from './postings-gateway.js';
import { UsageError } from './usage-error.js';

export type Runtime = Awaited<ReturnType<typeof openRuntime>>;

export async function config(): Promise<Config> {
  const { loadConfig } = await import('../config.js');
  return loadConfig(process.env);
}

/**
 * Runs a one-shot command with the database open, logging to stderr so stdout stays the answer.
 * A `readOnly` command refuses when there is no database rather than create an empty one, and
 * leaves the schema as it is (a database too old for it is told to run `postroom migrate`).
 */
export async function withDatabase<T>(
  command: string,
  run: (rt: Runtime) => Promise<T>,
  options: { readOnly?: boolean } = {},
): Promise<T> {
  const [{ loadConfig }, { createLogger }, { openRuntime }] = await Promise.all([
    import('../config.js'),
    import('../main/logger.js'),
    import('../main/runtime.js'),
  ]);
  const cfg = loadConfig(process.env, options.readOnly ? { command } : undefined);
  const logger = createLogger({ ...cfg, logLevel: cfg.logLevel === 'info' ? 'warn' : cfg.logLevel }, 2);
  const runtime = await openRuntime(cfg, command, logger);
  try {
    // Commands that write work on an up-to-date schema, as the server does in embedded mode.
    if (runtime.database.kind === 'embedded' && !options.readOnly) await runtime.database.migrate();
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
  const [{ DataDirInUseError }, { localGateway, remoteGateway }] = await Promise.all([
    import('../main/data-dir-lock.js'),
    import('./postings-gateway.js'),
  ]);
  try {
    return await withDatabase(
      command,
      async (rt) => {
        // A read-only command queues nothing: the queue (and its schema check) is not started.
        if (!options.readOnly || work) await rt.deps.queue.start();
        const worker = work
          ? (await import('../main/worker.js')).startPostingWorker(rt.deps, (await config()).worker)
          : null;
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
  const { findOrganisationBySlug } = await import('../services/organisations.js');
  const organisation = await findOrganisationBySlug(deps, slug);
  if (!organisation) throw new UsageError(`There is no organisation with the slug "${slug}".`);
  return organisation;
}

/** The organisation a command acts for: --org, or the only one there is. */
export async function cliActor(deps: ServiceDeps, slug: string | undefined): Promise<Actor> {
  const [{ systemActor }, { listOrganisationSlugs }] = await Promise.all([
    import('../services/deps.js'),
    import('../services/organisations.js'),
  ]);
  if (slug) return systemActor((await organisationBySlug(deps, slug)).id, 'Command line');
  const all = await listOrganisationSlugs(deps);
  if (all.length === 1) return systemActor(all[0]!.id, 'Command line');
  throw new UsageError(
    all.length === 0
      ? 'There is no organisation yet: create one with "postroom org create".'
      : `Choose the organisation with --org: ${all.map((o) => o.slug).join(', ')}.`,
  );
}
