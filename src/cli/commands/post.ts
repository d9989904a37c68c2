import { type Command, Option } from 'commander';
import { AppError } from '../../domain/errors.js';
import { withPostings } from '../database.js';
import { parseField, parsePositive } from '../parse.js';
import type { PostingsGateway } from '../postings-gateway.js';
import { UsageError } from '../usage-error.js';

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

interface PostOptions {
  connection: string;
  org?: string;
  field: string[];
  wait: boolean;
  timeout: number;
}

/** `postroom post <vacancy-ref...>`: posts vacancies through a connection and follows each posting. */
export function postCommand(program: Command) {
  program
    .command('post')
    .description(
      'Post one or more vacancies to a board through one of its connections, and follow each posting until it settles (posted, failed or uncertain, or awaiting approval where the connection needs an approver). Each vacancy must be published on the careers site; one refused does not stop the others (with several, each output line starts with the reference). While an embedded ' +
        'server runs, this goes through it; otherwise this process works the queue itself while it waits.',
    )
    .argument('<vacancy-ref...>', "the vacancies' references, e.g. DEMO-001-RN DEMO-002-HCA")
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
    .action(async (references: string[], opts: PostOptions) => {
      const fields = Object.fromEntries(opts.field.map(parseField));
      process.exitCode = await withPostings('post', opts.org, opts.wait, async (gateway) => {
        if (references.length === 1) return postOne(gateway, references[0]!, fields, opts, '');
        let code = 0;
        for (const reference of references)
          code = Math.max(code, await postOne(gateway, reference, fields, opts, `${reference}\t`));
        return code;
      });
    });
}

/**
 * Posts one vacancy and follows it; the exit status. With several references (`prefix` set), a
 * refusal is printed with the reference and the next one goes on.
 */
async function postOne(
  gateway: PostingsGateway,
  reference: string,
  fields: Record<string, unknown>,
  opts: PostOptions,
  prefix: string,
): Promise<number> {
  let posting: Awaited<ReturnType<PostingsGateway['post']>>;
  try {
    posting = await gateway.post(reference, opts.connection, fields);
  } catch (error) {
    // Through a running server the API's refusal comes as a usage error, its issues in the message.
    if (!prefix || !(error instanceof AppError || error instanceof UsageError)) throw error;
    console.error(`${reference}: ${error.message}`);
    if (error instanceof AppError)
      for (const issue of error.issues) console.error(`  - ${issue.path}: ${issue.message}`);
    return 1;
  }
  console.error(`${prefix ? `${reference}: ` : ''}Posting ${posting.id}: ${posting.statusText}`);
  if (!opts.wait) {
    console.log(`${prefix}${posting.id}`);
    return 0;
  }
  return follow(gateway, reference, posting, opts.timeout, prefix);
}

/** Prints each new state of the posting until it settles or time is up; the exit status. */
async function follow(
  gateway: PostingsGateway,
  reference: string,
  posting: { id: string; statusText: string },
  timeout: number,
  prefix: string,
): Promise<number> {
  let last = posting.statusText;
  const deadline = Date.now() + timeout * 1000;
  for (;;) {
    const now = await gateway.get(posting.id);
    if (now.statusText !== last) console.error(`  ${now.status}: ${now.statusText}`);
    last = now.statusText;
    if (SETTLED.includes(now.status)) {
      console.log(`${prefix}${now.status}\t${now.statusText}${now.externalId ? `\t${now.externalId}` : ''}`);
      for (const issue of now.lastError?.issues ?? []) console.error(`  - ${issue.field}: ${issue.message}`);
      // A post held for an approver was accepted: the approver decides next (postroom approvals).
      return now.status === 'posted' || now.status === 'sent' || now.status === 'awaiting_approval' ? 0 : 1;
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
