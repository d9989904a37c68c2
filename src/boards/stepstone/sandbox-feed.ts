// The StepStone sandbox's own reading of the JobFeed document (docs/boards/stepstone.md):
// node names, status codes and accounts, written from the contract and never from the adapter.
// Only the generic XML reader is shared (it knows no StepStone name).
import { parseXml, type XmlElement, XmlError } from '../xml.js';

/** The form parameters of "JobFeed HTTP Post" (r: all but xmlresponse are reconstructed). */
export const FORM = {
  xmlresponse: 'xmlresponse',
  username: 'username',
  password: 'password',
  xml: 'xml',
} as const;

/** StepStone's status code list (updated 2020-01-06), and the sandbox's code for unlisted internal issues. */
export const CODES = {
  ok: ['100', 'no error, status ok'],
  noTitle: ['204', 'listing title missing'],
  noLanguage: ['205', 'language missing'],
  noReference: ['206', 'reference missing'],
  noAction: ['207', 'action missing'],
  noContract: ['209', 'no valid contract'],
  noCredits: ['210', 'no credits'],
  credentials: ['220', 'no matching credentials'],
  renew: ['222', 'free renew is not allowed'],
  orgaMapping: ['230', 'missing orga-mapping'],
  longTitle: ['320', 'Jobtitle exceeds 200 characters'],
  video: ['331', 'Video Provider not allowed'],
  deprecated: ['403', 'feed is deprecated'],
  timeout: ['408', 'Internal timeout'],
  serverError: ['500', 'server error'],
  internal: ['900', 'internal issue'], // (r) an unlisted code
} as const satisfies Record<string, readonly [string, string]>;
export type Code = keyof typeof CODES;

/** An answer decided part-way through a request. */
export class FeedRefusal extends Error {
  constructor(
    readonly code: Code,
    readonly comment?: string,
  ) {
    super(CODES[code][1]);
  }
}

/** A customer as StepStone sets it up: credentials, ids, contract (null: none), company name. */
export interface SandboxAccount {
  username: string;
  password: string;
  senderId: string;
  organisationId: string;
  company: string;
  /** Credits of the contract; null when the customer has no valid contract (209). */
  credits: number | null;
  /** "the validity period defined in the contract", in days. */
  validityDays: number;
}

export const STEPSTONE_SANDBOX_ACCOUNTS: readonly SandboxAccount[] = [
  {
    username: '3rdFeedDemoCompany',
    password: 'demo-secret',
    senderId: '8812',
    organisationId: '12345',
    company: 'Demo Company',
    credits: 100,
    validityDays: 30,
  },
  {
    username: '3rdFeedNoCredits',
    password: 'demo-secret',
    senderId: '8813',
    organisationId: '12346',
    company: 'Empty Purse Ltd',
    credits: 0,
    validityDays: 30,
  },
  {
    username: '3rdFeedNoContract',
    password: 'demo-secret',
    senderId: '8814',
    organisationId: '12347',
    company: 'No Contract Ltd',
    credits: null,
    validityDays: 30,
  },
];

const ACTIONS = ['INSERT', 'UPDATE', 'OFFLINE', 'TRANSLATE'] as const;
const TITLE_MAX = 200;
const VIDEO_HOSTS = /^(?:(?:www\.|m\.)?youtube\.com|youtu\.be|(?:www\.|player\.)?vimeo\.com)$/;
const CATEGORY_NODES = ['workfield', 'geography', 'sector', 'contracttype', 'worktype', 'experience'];

/** One listing of a document, as the sandbox reads it. */
export interface FeedListing {
  action: (typeof ACTIONS)[number];
  reference: string;
  senderId?: string;
  organisationId?: string;
  companyName?: string;
  title?: string;
  /** `publish_duration` (r), in days. */
  duration?: number;
  /** The categorization, node by node, as a stable text for comparison. */
  categories: string;
  /** The listing's nodes as text (path -> text), for _inspect. */
  nodes: Record<string, string>;
}

const find = (node: XmlElement | undefined, name: string) => node?.children.find((c) => c.name === name);
const textOf = (node: XmlElement | undefined, path: string): string | undefined => {
  let current = node;
  for (const part of path.split('/')) current = find(current, part);
  const text = current?.text.trim();
  return text === '' ? undefined : text;
};

function flatten(node: XmlElement, path: string, into: Record<string, string>) {
  const here = path ? `${path}/${node.name}` : node.name;
  for (const [key, value] of Object.entries(node.attributes)) into[`${here}@${key}`] = value;
  if (node.text.trim()) into[here] = node.text.trim();
  for (const c of node.children) flatten(c, here, into);
}

/** Reads and validates the document node by node; throws a FeedRefusal with StepStone's code. */
export function readDocument(xml: string): FeedListing {
  if (xml.startsWith('\uFEFF'))
    throw new FeedRefusal('internal', 'BOM characters before the XML declaration');
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (error) {
    if (error instanceof XmlError) throw new FeedRefusal('internal', `malformed XML: ${error.message}`);
    throw error;
  }
  const listings = root.name === 'jobfeed' ? root.children.filter((c) => c.name === 'joblisting') : [];
  if (listings.length !== 1) throw new FeedRefusal('internal', 'expected <jobfeed> with one <joblisting>');
  const listing = listings[0] as XmlElement;
  const action = listing.attributes.action?.trim();
  if (!action) throw new FeedRefusal('noAction');
  if (!(ACTIONS as readonly string[]).includes(action))
    throw new FeedRefusal('internal', `unknown action ${action}`);
  const reference = listing.attributes.reference_id?.trim();
  if (!reference) throw new FeedRefusal('noReference');
  const details = find(listing, 'jobdetails');
  const title = textOf(details, 'jobtitle');
  if (action === 'INSERT' || action === 'UPDATE') {
    if (!textOf(details, 'language')) throw new FeedRefusal('noLanguage');
    if (!title) throw new FeedRefusal('noTitle');
    if ([...title].length > TITLE_MAX) throw new FeedRefusal('longTitle');
    const video = textOf(details, 'video');
    if (video && !isAllowedVideo(video)) throw new FeedRefusal('video');
  }
  const duration = Number(textOf(details, 'publish_duration'));
  const categorization = find(listing, 'categorization');
  const categories = CATEGORY_NODES.flatMap((name) =>
    (categorization?.children ?? [])
      .filter((c) => c.name === name)
      .map((c) => `${name}=${c.attributes.id ?? ''}`),
  ).join(';');
  const nodes: Record<string, string> = {};
  flatten(listing, '', nodes);
  return {
    action: action as FeedListing['action'],
    reference,
    ...(listing.attributes.sender_id ? { senderId: listing.attributes.sender_id.trim() } : {}),
    ...(listing.attributes.organisation_id
      ? { organisationId: listing.attributes.organisation_id.trim() }
      : {}),
    ...(textOf(listing, 'companydetails/companyname')
      ? { companyName: textOf(listing, 'companydetails/companyname') }
      : {}),
    ...(title ? { title } : {}),
    ...(Number.isInteger(duration) && duration > 0 ? { duration } : {}),
    categories,
    nodes,
  };
}

function isAllowedVideo(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && VIDEO_HOSTS.test(url.hostname);
  } catch {
    return false;
  }
}

/** The account a listing belongs to: its ids must match the credentials, or its company name (Orgamapping). */
export function accountFor(account: SandboxAccount, listing: FeedListing): void {
  if (listing.senderId && listing.senderId !== account.senderId) throw new FeedRefusal('credentials');
  if (listing.organisationId && listing.organisationId !== account.organisationId) {
    throw new FeedRefusal('credentials');
  }
  if (!listing.senderId && !listing.organisationId) {
    if (listing.companyName?.toLowerCase() !== account.company.toLowerCase())
      throw new FeedRefusal('orgaMapping');
  }
}

/** Decodes a form body strictly: percent-escapes must spell UTF-8, or the request is refused (900). */
export function readForm(body: Buffer): Map<string, string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const form = new Map<string, string>();
  for (const pair of body.toString('latin1').split('&')) {
    if (pair === '') continue;
    const [rawKey = '', ...rest] = pair.split('=');
    const decode = (raw: string) => {
      const bytes = Buffer.from(
        raw
          .replace(/\+/g, ' ')
          .replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
        'latin1',
      );
      try {
        return decoder.decode(bytes);
      } catch {
        throw new FeedRefusal('internal', 'the document is not UTF-8');
      }
    };
    form.set(decode(rawKey), decode(rest.join('=')));
  }
  return form;
}
