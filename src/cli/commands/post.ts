import { type Command, Option } from 'commander';
import { withPostings } from '../database.js';
import { parseField, parsePositive } from '../parse.js';
import type { PostingsGateway } from '../postings-gateway.js';

const SETTLED = ['posted', 'failed', 'uncertain', 'closed', 'expired'];

interface PostOptions {
  connection: string;
  org?: string;
  field: string[];
  wait: boolean;
  timeout: number;
}

/** `postroom post <vacancy-ref>`: posts a vacancy through a connection and follows it. */
export function postCommand(program: Command) {
  program
    .command('post')
    .description(
      'Post a vacancy to a board through one of its connections, and follow the posting until it settles (posted, failed or uncertain). The vacancy must be published on the careers site. While an embedded ' +
        'server runs, this goes through it; otherwise this process works the queue itself while it waits.',
    )
    .argument('<vacancy-ref>', "the vacancy's reference, e.g. DEMO-001-RN")
    .requiredOption(
      '--connection <name>',
      "the connection to post through, by its name (as in the web app's Connections page)",
    )
    .option('--org <slug>', 'the organisation (needed only when there are several)')
    .option(
      '--field <key=value>',
      'set or override a board field; the value is JSON when it parses, e.g. --field payBand=BAND_5 --field weeklyHours=22.5',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--no-wait', 'queue the posting and return at once (prints its id)')
    .addOption(
      new Option('--timeout <seconds>', 'how long to wait for the posting to settle')
        .argParser(parsePositive)
        .default(120),
    )
    .action(async (reference: string, opts: PostOptions) => {
      const fields = Object.fromEntries(opts.field.map(parseField));
      process.exitCode = await withPostings('post', opts.org, opts.wait, async (gateway) => {
        const posting = await gateway.post(reference, opts.connection, fields);
        console.error(`Posting ${posting.id}: ${posting.statusText}`);
        if (!opts.wait) {
          console.log(posting.id);
          return 0;
        }
        return follow(gateway, reference, posting, opts.timeout);
      });
    });
}

/** Prints each new state of the posting until it settles or time is up; the exit status. */
async function follow(
  gateway: PostingsGateway,
  reference: string,
  posting: { id: string; statusText: string },
  timeout: number,
): Promise<number> {
  let last = posting.statusText;
  const deadline = Date.now() + timeout * 1000;
  for (;;) {
    const now = await gateway.get(posting.id);
    if (now.statusText !== last) console.error(`  ${now.status}: ${now.statusText}`);
    last = now.statusText;
    if (SETTLED.includes(now.status)) {
      console.log(`${now.status}\t${now.statusText}${now.externalId ? `\t${now.externalId}` : ''}`);
      for (const issue of now.lastError?.issues ?? []) console.error(`  - ${issue.field}: ${issue.message}`);
      return now.status === 'posted' ? 0 : 1;
    }
    if (Date.now() > deadline) {
      console.error(
        `Still ${now.status} after ${timeout} s; it goes on in the background (postroom status ${reference}).`,
      );
      return 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
