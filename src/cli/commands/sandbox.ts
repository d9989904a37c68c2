import type { AddressInfo } from 'node:net';
import { Argument, type Command, Option } from 'commander';
import { parseFaults, parsePort } from '../parse.js';
import { UsageError } from '../usage-error.js';

/** `postroom sandbox <board>`: one sandbox board on its own port, data in memory. */
export function sandboxCommand(program: Command) {
  program
    .command('sandbox')
    .description(
      "Run a sandbox board on its own: a faithful fake of the board's API at http://localhost:<port>/sandbox/<board>/,\n" +
        'with test endpoints _inspect/… and _faults. Its data lives in memory and is gone when it stops.',
    )
    // The boards (and Fastify) load only when the command runs: `postroom --help` stays quick.
    .addArgument(
      new Argument('<board>', 'which board, by its id; a wrong one is answered with the list of ids'),
    )
    .addOption(
      new Option('-p, --port <port>', 'port to listen on').argParser(parsePort).default(0, 'any free port'),
    )
    .option(
      '--faults <json>',
      'faults to inject from the start, e.g. \'{"errorRate":0.2,"timeoutRate":0.1,"resetRate":0.05,"rateLimitRate":0.05,"latencyMs":50}\'',
    )
    .action(runSandbox);
}

async function runSandbox(board: string, opts: { port: number; faults?: string }) {
  const [{ default: Fastify }, { mountSandboxes, SANDBOX_IDS, SANDBOXES, sandboxPrefix }] = await Promise.all(
    [import('fastify'), import('../../boards/sandboxes.js')],
  );
  if (!SANDBOX_IDS.includes(board))
    throw new UsageError(
      `error: argument 'board' is invalid. Allowed choices are ${SANDBOX_IDS.join(', ')}.`,
    );
  const faults = opts.faults === undefined ? {} : parseFaults(opts.faults);
  const app = Fastify({ logger: false });
  await mountSandboxes(app, [board]);
  await app.ready();
  const applied = await app.inject({
    method: 'POST',
    url: `${sandboxPrefix(board)}/_faults`,
    payload: faults,
  });
  if (applied.statusCode !== 200) throw new UsageError(`--faults was refused: ${applied.body}`);
  await app.listen({ port: opts.port, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  console.log(
    `${SANDBOXES[board]?.label} sandbox listening at http://127.0.0.1:${port}${sandboxPrefix(board)}`,
  );
  const stop = () => {
    app.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
