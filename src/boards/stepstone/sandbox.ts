import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { installFaults } from '../sandbox/faults.js';
import {
  accountFor,
  CODES,
  type Code,
  type FeedListing,
  FeedRefusal,
  FORM,
  readDocument,
  readForm,
  type SandboxAccount,
  STEPSTONE_SANDBOX_ACCOUNTS,
} from './sandbox-feed.js';

/*
 * A faithful fake of StepStone's JobFeed (boards/stepstone.md, "What the sandbox must do"):
 * `POST /jobfeed.aspx` with a form (xmlresponse, username, password, xml), answered with HTTP 200
 * and StepStone's status code in either answer format. Credits are kept per account and spent by
 * INSERT only; references are never reused, even offline. StepStone has no read call: the
 * `_inspect` routes exist for tests only.
 */

export { STEPSTONE_SANDBOX_ACCOUNTS } from './sandbox-feed.js';

export interface StepStoneSandboxOptions {
  random?: () => number;
  /** The board's clock, for listing expiry (default the real clock). */
  now?: () => Date;
}

/** One listing as the sandbox keeps it (and `_inspect/listings` shows it). */
export interface SandboxListing {
  listingId: string;
  senderId: string;
  reference: string;
  /** `expired` only in _inspect: StepStone puts a listing offline at its expiry. */
  state: 'online' | 'offline' | 'test' | 'expired';
  inserted: string;
  expires: string;
  categories: string;
  nodes: Record<string, string>;
  /** Every request for this reference: action, status code, and whether it changed anything. */
  requests: { action: string; statusCode: string; answered: string }[];
}

type Stored = SandboxListing & { expiresAt: Date };

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

const DAY_MS = 86_400_000;
const ddmmyyyy = (at: Date) => {
  const iso = at.toISOString();
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
};
const esc = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Answer {
  code: Code;
  action?: string;
  account?: SandboxAccount;
  credits?: number | null;
  reference?: string;
  listing?: Stored;
  warningCode?: string;
  comment?: string;
}

/** Registers the sandbox (under `/sandbox/stepstone` in `postroom serve`); each registration keeps its own state. */
export async function stepstoneSandbox(
  app: FastifyInstance,
  options: StepStoneSandboxOptions = {},
): Promise<void> {
  const now = options.now ?? (() => new Date());
  const started = now();
  const credits = new Map<string, number | null>();
  const listings = new Map<string, Stored>();
  let nextListingId = 12738;
  let feedFaults = feedFaultsSchema.parse({});
  const reset = () => {
    listings.clear();
    for (const a of STEPSTONE_SANDBOX_ACCOUNTS) credits.set(a.username, a.credits);
  };
  reset();

  /** Every sandbox contract runs a year from the sandbox's start. */
  const contractEnd = new Date(started.getTime() + 365 * DAY_MS);

  const render = (answer: Answer, xml: boolean): string => {
    const [code, description] = CODES[answer.code];
    const a = answer.account;
    const expiration = answer.listing
      ? feedFaults.impossibleDate
        ? '30/02/2024'
        : ddmmyyyy(answer.listing.expiresAt)
      : undefined;
    const left = answer.credits ?? (a ? credits.get(a.username) : undefined);
    const status = code === '100' ? 'OK' : description;
    if (!xml) {
      const pairs: [string, string | undefined][] = [
        ['Sender_ID', a?.senderId],
        ['Organisation_ID', a?.organisationId],
        ['Listing_ID', answer.listing?.listingId],
        ['Reference', answer.reference],
        ['action', answer.action],
        ['STATUS', status],
        ['contract_end_date', a && left !== null ? ddmmyyyy(contractEnd) : undefined],
        ['Credits', left === null || left === undefined ? undefined : String(left)],
        ['StatusCode', code],
        ['listingExpiration', expiration],
      ];
      return pairs
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${v};`)
        .join('');
    }
    const el = (name: string, value: string | undefined) =>
      value === undefined ? '' : `<${name}>${esc(value)}</${name}>`;
    const contract =
      a && left !== null && left !== undefined
        ? `<contract>${el('enddate', ddmmyyyy(contractEnd))}${el('credits', String(left))}</contract>`
        : '';
    return `<?xml version="1.0" encoding="UTF-8"?><jobfeedresponse>${el('senderid', a?.senderId)}${el('organisationid', a?.organisationId)}${el('reference', answer.reference)}${el('listingid', answer.listing?.listingId)}${el('listingexpiration', expiration)}${el('action', answer.action)}<status><![CDATA[${status}]]></status>${el('statuscode', code)}${el('warningcode', answer.warningCode)}${answer.comment ? `<comments><![CDATA[${answer.comment}]]></comments>` : '<comments/>'}${contract}</jobfeedresponse>`;
  };

  const insert = (account: SandboxAccount, listing: FeedListing, known: Stored | undefined): Answer => {
    const base = { account, reference: listing.reference };
    if (known) {
      // (r) a known reference, even offline, is never reused: nothing changes, no credit is spent.
      known.requests.push({ action: 'INSERT', statusCode: '100', answered: 'IGNORE' });
      return { ...base, code: 'ok', action: 'IGNORE', listing: known };
    }
    const test = listing.reference.startsWith('test_');
    const left = credits.get(account.username);
    if (left === null || left === undefined || now() > contractEnd) throw new FeedRefusal('noContract');
    if (!test && left < 1) throw new FeedRefusal('noCredits');
    if (!test) credits.set(account.username, left - 1);
    const days = Math.min(listing.duration ?? account.validityDays, account.validityDays);
    const at = now();
    const stored: Stored = {
      listingId: String(nextListingId++),
      senderId: account.senderId,
      reference: listing.reference,
      state: test ? 'test' : 'online',
      inserted: at.toISOString(),
      expiresAt: new Date(at.getTime() + days * DAY_MS),
      expires: new Date(at.getTime() + days * DAY_MS).toISOString(),
      categories: listing.categories,
      nodes: listing.nodes,
      requests: [{ action: 'INSERT', statusCode: '100', answered: 'INSERT' }],
    };
    listings.set(`${account.senderId}:${listing.reference}`, stored);
    return { ...base, code: 'ok', action: 'INSERT', listing: stored };
  };

  /** UPDATE (free; puts an offline listing back online within validity) and OFFLINE. */
  const change = (account: SandboxAccount, listing: FeedListing, known: Stored | undefined): Answer => {
    if (!known) throw new FeedRefusal('internal', `no listing with reference ${listing.reference}`);
    const base = { account, reference: listing.reference, listing: known };
    if (listing.action === 'OFFLINE') {
      if (known.state === 'online') known.state = 'offline';
      known.requests.push({ action: 'OFFLINE', statusCode: '100', answered: 'OFFLINE' });
      return { ...base, code: 'ok', action: 'OFFLINE' };
    }
    if (now() >= known.expiresAt) {
      known.requests.push({ action: 'UPDATE', statusCode: '222', answered: '' });
      throw new FeedRefusal('renew');
    }
    // "categorization values cannot be modified through updates": kept, with a warning (r).
    const kept = Object.entries(known.nodes).filter(([path]) => path.includes('/categorization'));
    const others = Object.entries(listing.nodes).filter(([path]) => !path.includes('/categorization'));
    known.nodes = Object.fromEntries([...others, ...kept]);
    if (known.state === 'offline') known.state = 'online';
    known.requests.push({ action: 'UPDATE', statusCode: '100', answered: 'UPDATE' });
    const warningCode = listing.categories !== known.categories ? '1' : undefined;
    return { ...base, code: 'ok', action: 'UPDATE', ...(warningCode ? { warningCode } : {}) };
  };

  const apply = (account: SandboxAccount, listing: FeedListing): Answer => {
    if (listing.action === 'TRANSLATE')
      throw new FeedRefusal('internal', 'TRANSLATE is for multilingual sites only');
    const known = listings.get(`${account.senderId}:${listing.reference}`);
    return listing.action === 'INSERT' ? insert(account, listing, known) : change(account, listing, known);
  };

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    let xmlAnswer = true;
    let account: SandboxAccount | undefined;
    try {
      const form = readForm(Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0));
      xmlAnswer = form.get(FORM.xmlresponse) !== 'false';
      if (feedFaults.dropBeforeStore) return hold(request);
      if (feedFaults.statusCode) {
        const code = Object.entries(CODES).find(([, [c]]) => c === feedFaults.statusCode)?.[0] as Code;
        throw new FeedRefusal(code);
      }
      account = STEPSTONE_SANDBOX_ACCOUNTS.find(
        (a) => a.username === form.get(FORM.username) && a.password === form.get(FORM.password),
      );
      if (!account) throw new FeedRefusal('credentials');
      const listing = readDocument(form.get(FORM.xml) ?? '');
      accountFor(account, listing);
      const answer = apply(account, listing);
      return send(reply, render(answer, xmlAnswer), xmlAnswer);
    } catch (error) {
      if (!(error instanceof FeedRefusal)) throw error;
      const answer: Answer = {
        code: error.code,
        ...(account ? { account } : {}),
        ...(error.comment ? { comment: error.comment } : {}),
      };
      return send(reply, render(answer, xmlAnswer), xmlAnswer);
    }
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
  app.get('/_inspect/listings', async () => ({
    listings: [...listings.values()].map(({ expiresAt, ...l }) => ({
      ...l,
      state: l.state === 'online' && now() >= expiresAt ? 'expired' : l.state,
    })),
  }));
  app.get('/_inspect/accounts', async () => ({
    accounts: STEPSTONE_SANDBOX_ACCOUNTS.map((a) => ({
      username: a.username,
      senderId: a.senderId,
      credits: credits.get(a.username),
    })),
  }));
  app.post('/_inspect/reset', async (_request, reply) => {
    reset();
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

function send(reply: FastifyReply, body: string, xml: boolean) {
  return reply
    .status(200)
    .header('content-type', xml ? 'text/xml; charset=utf-8' : 'text/plain; charset=utf-8')
    .send(body);
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
