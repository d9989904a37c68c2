import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { installFaults } from '../sandbox/faults.js';
import { ddmmyyyy, renderAnswer } from './sandbox-answer.js';
import {
  accountFor,
  CODES,
  type Code,
  FeedRefusal,
  FORM,
  readDocument,
  readForm,
  type SandboxAccount,
  STEPSTONE_SANDBOX_ACCOUNTS,
} from './sandbox-feed.js';
import { type Answer, SandboxListings } from './sandbox-listings.js';

/*
 * A faithful fake of StepStone's JobFeed (boards/stepstone.md, "What the sandbox must do"):
 * `POST /jobfeed.aspx` with a form (xmlresponse, username, password, xml), answered with HTTP 200
 * and StepStone's status code in either answer format. Credits are kept per account and spent by
 * INSERT only; references are never reused, even offline. StepStone has no read call: the
 * `_inspect` routes exist for tests only.
 */

export { STEPSTONE_SANDBOX_ACCOUNTS } from './sandbox-feed.js';
export type { SandboxListing } from './sandbox-listings.js';

/**
 * Connection settings for the demo organisation: the sandbox's demo account, and a category table
 * covering the demo vacancies (the ids are the sandbox's own: it accepts any number).
 */
export const stepstoneDemoSettings = (sandboxUrl: string) => ({
  username: '3rdFeedDemoCompany',
  password: 'demo-secret',
  senderId: '8812',
  organisationId: '12345',
  baseUrl: sandboxUrl,
  categories: {
    workfield: { Nursing: '1017', 'Support services': '1020', 'Administrative and clerical': '1001' },
    contracttype: {
      permanent: '1',
      fixed_term: '2',
      temporary: '3',
      contract: '3',
      bank: '4',
      locum: '4',
      secondment: '2',
      apprenticeship: '5',
      voluntary: '6',
    },
    worktype: { full_time: '5', part_time: '6' },
  },
});

export interface StepStoneSandboxOptions {
  random?: () => number;
  /** The board's clock, for listing expiry (default the real clock). */
  now?: () => Date;
}

const feedFaultsSchema = z
  .object({
    /** Answer this status code to every feed request (StepStone's own failures). */
    statusCode: z.enum(['403', '408', '500']).optional(),
    /** Write an impossible listingexpiration (30/02/2024), as StepStone's own example does. */
    impossibleDate: z.boolean().default(false),
    /** Hold the request and drop it before storing anything (a timeout before the listing exists). */
    dropBeforeStore: z.boolean().default(false),
  })
  .strict();

/** Registers the sandbox (under `/sandbox/stepstone` in `postroom serve`); each registration keeps its own state. */
export async function stepstoneSandbox(
  app: FastifyInstance,
  options: StepStoneSandboxOptions = {},
): Promise<void> {
  const state = new SandboxListings(options.now ?? (() => new Date()));
  let feedFaults = feedFaultsSchema.parse({});

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const answer = respond(state, feedFaults, body);
    if (answer === 'drop') return hold(request);
    return reply
      .status(200)
      .header('content-type', answer.xml ? 'text/xml; charset=utf-8' : 'text/plain; charset=utf-8')
      .send(answer.text);
  };

  installFaults(
    app,
    (request) => (request.url.split('?')[0] ?? '').endsWith('/jobfeed.aspx'),
    options.random,
  );
  app.post('/_faults/feed', async (request, reply) => {
    const parsed = feedFaultsSchema.safeParse(request.body ?? {});
    if (!parsed.success)
      return reply.status(400).send({ error: 'invalid faults', issues: parsed.error.issues });
    feedFaults = parsed.data;
    return { feedFaults };
  });
  app.get('/_inspect/listings', async () => ({ listings: state.inspect() }));
  app.get('/_inspect/accounts', async () => ({
    accounts: STEPSTONE_SANDBOX_ACCOUNTS.map((a) => ({
      username: a.username,
      senderId: a.senderId,
      credits: state.credits.get(a.username),
    })),
  }));
  app.post('/_inspect/reset', async (_request, reply) => {
    state.reset();
    feedFaults = feedFaultsSchema.parse({});
    return reply.status(204).send();
  });

  // The JobFeed reads its form itself, so that bytes that are not UTF-8 get StepStone's answer.
  await app.register(async (feed) => {
    feed.removeAllContentTypeParsers();
    feed.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_request, body, done) =>
      done(null, body),
    );
    feed.post('/jobfeed.aspx', handle);
  });
}

type FeedFaults = z.output<typeof feedFaultsSchema>;

/** An answer in StepStone's format (XML unless the form asked for plain text). */
function render(state: SandboxListings, faults: FeedFaults, answer: Answer, xml: boolean): string {
  const [code, description] = CODES[answer.code];
  const a = answer.account;
  const left = a ? state.credits.get(a.username) : undefined;
  const hasContract = left !== null && left !== undefined;
  const expires = answer.listing && ddmmyyyy(answer.listing.expiresAt);
  return renderAnswer(
    {
      senderId: a?.senderId,
      organisationId: a?.organisationId,
      reference: answer.reference,
      listingId: answer.listing?.listingId,
      listingExpiration: expires && faults.impossibleDate ? '30/02/2024' : expires,
      action: answer.action,
      status: code === '100' ? 'OK' : description,
      statusCode: code,
      warningCode: answer.warningCode,
      comment: answer.comment,
      contractEnd: hasContract ? ddmmyyyy(state.contractEnd) : undefined,
      credits: hasContract ? String(left) : undefined,
    },
    xml,
  );
}

/** One JobFeed request: credentials, the document node by node, then the work. Always HTTP 200. */
function respond(
  state: SandboxListings,
  faults: FeedFaults,
  body: Buffer,
): { text: string; xml: boolean } | 'drop' {
  let xml = true;
  let account: SandboxAccount | undefined;
  try {
    const form = readForm(body);
    xml = form.get(FORM.xmlresponse) !== 'false';
    if (faults.dropBeforeStore) return 'drop';
    if (faults.statusCode) {
      const code = Object.entries(CODES).find(([, [c]]) => c === faults.statusCode)?.[0] as Code;
      throw new FeedRefusal(code);
    }
    account = STEPSTONE_SANDBOX_ACCOUNTS.find(
      (a) => a.username === form.get(FORM.username) && a.password === form.get(FORM.password),
    );
    if (!account) throw new FeedRefusal('credentials');
    const listing = readDocument(form.get(FORM.xml) ?? '');
    accountFor(account, listing);
    return { text: render(state, faults, state.apply(account, listing), xml), xml };
  } catch (error) {
    if (!(error instanceof FeedRefusal)) throw error;
    const answer: Answer = {
      code: error.code,
      ...(account ? { account } : {}),
      ...(error.comment ? { comment: error.comment } : {}),
    };
    return { text: render(state, faults, answer, xml), xml };
  }
}

/** Holds the request until the client gives up, then drops the connection: nothing was stored. */
async function hold(request: FastifyRequest): Promise<never> {
  const socket = request.raw.socket;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 120_000);
    timer.unref();
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  socket.destroy();
  throw new Error('dropped');
}
