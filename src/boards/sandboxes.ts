import type { FastifyInstance } from 'fastify';
import type { Board } from './board.js';
import { getBoard, listBoards } from './registry.js';

/** A registered board's id: each board ships a sandbox, for the demo, the tests and the benchmarks. */
export type SandboxId = string;

/** The fake boards of the boards registered at start-up, by id, with their label and plugin. */
export const SANDBOXES: Readonly<Record<SandboxId, { label: string; plugin: Board['sandbox']['plugin'] }>> =
  Object.fromEntries(listBoards().map((b) => [b.id, { label: b.label, plugin: b.sandbox.plugin }]));
export const SANDBOX_IDS: SandboxId[] = Object.keys(SANDBOXES);

export const sandboxPrefix = (id: SandboxId) => `/sandbox/${id}`;

/** Mounts the sandboxes (by default every registered board's) under /sandbox/<board>/, kept out of the API documentation. */
export async function mountSandboxes(
  app: FastifyInstance,
  only: readonly SandboxId[] = listBoards().map((b) => b.id),
): Promise<void> {
  for (const id of only) {
    const { plugin } = getBoard(id).sandbox;
    await app.register(
      async (scope) => {
        scope.addHook('onRoute', (route) => {
          route.schema = { ...route.schema, hide: true };
        });
        await scope.register(plugin);
      },
      { prefix: sandboxPrefix(id) },
    );
  }
}
