import { type Command, Option } from 'commander';
import { withPostings } from '../database.js';
import { parsePositive } from '../parse.js';
import type { PostingsGateway } from '../postings-gateway.js';

const SETTLED = [
  'sent',
  'posted',
  'failed',
  'uncertain',
  'closed',
  'expired',
  'awaiting_approval',
  'rejected',
];

/** `postroom update <vacancy-ref>`: updates every out-of-date posting of a vacancy. */
export function updateCommand(program: Command) {
  program
    .command('update')
    .description(
      "Send every out-of-date posting of a vacancy its current values (the vacancy's, plus each board's overrides), and follow the updates until they settle. " +
        'Prints one line per out-of-date posting: updated (with the changed fields) or skipped (with the reason, e.g. a draft published on the board: edit it there). Exit status 1 when one was skipped or did not end posted.',
    )
    .argument('<vacancy-ref>', "the vacancy's reference, e.g. DEMO-001-RN")
    .option('--org <slug>', 'the organisation (needed only when there are several)')
    .option('--no-wait', 'queue the updates and return at once')
    .addOption(
      new Option('--timeout <seconds>', 'how long to wait for the updates to settle')
        .argParser(parsePositive)
        .default(120),
    )
    .action(async (reference: string, opts: { org?: string; wait: boolean; timeout: number }) => {
      process.exitCode = await withPostings('update', opts.org, opts.wait, (gateway) =>
        runUpdate(gateway, reference, opts),
      );
    });
}

/**
 * Sends every out-of-date posting of the vacancy its current
 * values, says what it did with each, and (with `wait`) follows the updates until they settle.
 * Exit status 1 when a posting was skipped or its update did not end posted.
 */
async function runUpdate(
  gateway: PostingsGateway,
  reference: string,
  opts: { wait: boolean; timeout: number },
): Promise<number> {
  const { items } = await gateway.updateAll(reference);
  if (items.length === 0) {
    console.log(`Every posting of ${reference} is in step with the vacancy; nothing to update.`);
    return 0;
  }
  for (const item of items) {
    const what =
      item.outcome === 'updated' ? item.changes.map((c) => c.label).join(', ') : (item.reason ?? '');
    console.log(`${item.outcome}\t${item.boardLabel}\t${what}`);
  }
  let code = items.some((i) => i.outcome === 'skipped') ? 1 : 0;
  if (!opts.wait) return code;
  const deadline = Date.now() + opts.timeout * 1000;
  for (const item of items.filter((i) => i.outcome === 'updated')) {
    for (;;) {
      const now = await gateway.get(item.postingId);
      if (SETTLED.includes(now.status)) {
        console.error(`  ${item.boardLabel}: ${now.statusText}`);
        if (now.status !== 'posted') code = 1;
        break;
      }
      if (Date.now() > deadline) {
        console.error(`  ${item.boardLabel}: still ${now.status}; it goes on in the background.`);
        code = 1;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return code;
}
