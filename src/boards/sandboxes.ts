import type { FastifyInstance } from 'fastify';
import { nhsJobsSandbox } from './nhs-jobs/sandbox.js';
import { s1jobsSandbox } from './s1jobs/sandbox.js';

/** The fake boards that ship with Postroom, for the demo, the tests and the benchmarks. */
export const SANDBOXES = {
  s1jobs: { label: 's1jobs', plugin: s1jobsSandbox },
  'nhs-jobs': { label: 'NHS Jobs', plugin: nhsJobsSandbox },
} as const;
export type SandboxId = keyof typeof SANDBOXES;
export const SANDBOX_IDS = Object.keys(SANDBOXES) as SandboxId[];

export const sandboxPrefix = (id: SandboxId) => `/sandbox/${id}`;

/** Mounts every sandbox under /sandbox/<board>/, kept out of the API documentation. */
export async function mountSandboxes(
  app: FastifyInstance,
  only: readonly SandboxId[] = SANDBOX_IDS,
): Promise<void> {
  for (const id of only) {
    await app.register(
      async (scope) => {
        scope.addHook('onRoute', (route) => {
          route.schema = { ...route.schema, hide: true };
        });
        await scope.register(SANDBOXES[id].plugin);
      },
      { prefix: sandboxPrefix(id) },
    );
  }
}
