import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where Postroom may send board requests besides a board's own address (see docs/security.md,
 * "Outbound board calls"). A connection's `baseUrl` override must match an `allow` entry or this
 * server's own sandboxes; and no request ever reaches a private, loopback or link-local address
 * unless the operator named that very address.
 */
export interface BoardAddressPolicy {
  /** POSTROOM_BOARD_URL_ALLOW: origins (`https://boards.example.org`, `http://10.0.0.5:8080`) or host names. */
  readonly allow: readonly string[];
  /**
   * This server's own sandboxes (`http://127.0.0.1:<port>`), set once it listens with sandboxes
   * mounted: the demo and tests reach them over loopback.
   */
  sandboxOrigin: string | null;
}

export function createBoardAddressPolicy(allow: readonly string[] = []): BoardAddressPolicy {
  return { allow: allow.map((entry) => entry.trim().toLowerCase()).filter(Boolean), sandboxOrigin: null };
}

/** Whether an entry of POSTROOM_BOARD_URL_ALLOW is an http(s) origin or a bare host name. */
export function isAllowEntry(entry: string): boolean {
  if (/^https?:\/\//i.test(entry)) {
    try {
      const url = new URL(entry);
      return url.origin.toLowerCase() === entry.replace(/\/+$/, '').toLowerCase();
    } catch {
      return false;
    }
  }
  return /^[a-z0-9.-]+$/i.test(entry) || isIP(entry) !== 0;
}

// Everything that is not the public internet: RFC 1918, CGNAT, loopback, link-local (cloud
// metadata at 169.254.169.254), documentation/benchmark ranges, multicast and reserved. One list
// per family: Node's BlockList checks an IPv4 address against IPv6 rules too, and ::ffff:0:0/96
// would then hold every IPv4 address.
const notPublic = new BlockList();
const notPublic6 = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
] as const)
  notPublic.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 96],
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  notPublic6.addSubnet(net, prefix, 'ipv6');

/** Whether an IP address is on the public internet (IPv4 inside IPv6 is judged as IPv4). */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return !notPublic.check(mapped[1]!, 'ipv4');
  const family = isIP(bare);
  if (family === 0) return false;
  return family === 4 ? !notPublic.check(bare, 'ipv4') : !notPublic6.check(bare, 'ipv6');
}

const defaultPort = (protocol: string) => (protocol === 'https:' ? '443' : '80');

/**
 * Whether the operator named this private address itself: an allow entry whose host is that IP
 * (and port, if the entry has one), or this server's sandboxes. A host *name* never vouches for
 * a private address, so a name whose DNS answer changes to 127.0.0.1 gains nothing.
 */
export function privateAddressAllowed(policy: BoardAddressPolicy, ip: string, port: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, '');
  const entries = policy.sandboxOrigin ? [...policy.allow, policy.sandboxOrigin] : policy.allow;
  return entries.some((entry) => {
    if (!/^https?:\/\//.test(entry)) return entry.replace(/^\[|\]$/g, '') === bare;
    const url = new URL(entry);
    return url.hostname.replace(/^\[|\]$/g, '') === bare && (url.port || defaultPort(url.protocol)) === port;
  });
}

function matchesAllowEntry(policy: BoardAddressPolicy, url: URL): boolean {
  if (policy.sandboxOrigin && url.origin === policy.sandboxOrigin && url.pathname.startsWith('/sandbox/'))
    return true;
  return policy.allow.some((entry) =>
    /^https?:\/\//.test(entry) ? url.origin === new URL(entry).origin : url.hostname === entry,
  );
}

/**
 * Why a connection may not use this `baseUrl` override, or null when it may: it must be an
 * address the operator allows, and what its host resolves to now must be public or named by the
 * operator. (The same check runs again as each request connects: see guarded-fetch.ts.)
 */
export async function baseUrlProblem(policy: BoardAddressPolicy, address: string): Promise<string | null> {
  const url = new URL(address);
  if (url.username || url.password) return 'Base URL must not contain a user name or password';
  if (!matchesAllowEntry(policy, url))
    return 'Postroom sends board requests only to the board’s own address or one the operator allows (POSTROOM_BOARD_URL_ALLOW)';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port || defaultPort(url.protocol);
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((found) => found.address);
  } catch {
    return `Base URL's host ${host} could not be found`;
  }
  // As at connect time: a host name must resolve to public addresses; only an address written as
  // an IP (and named by the operator) may be private.
  const refused = addresses.find(
    (ip) => !isPublicAddress(ip) && !(isIP(host) && privateAddressAllowed(policy, ip, port)),
  );
  return refused
    ? `Base URL leads to a private, loopback or link-local address (${refused}), which Postroom does not call unless the operator lists that address in POSTROOM_BOARD_URL_ALLOW`
    : null;
}

/**
 * The address a connection that is not HTTP (an SFTP server) may use for `host`: one of its public
 * addresses, or, for a host written as an IP, a private one the operator named. Connecting to the
 * address returned (not the name again) keeps a DNS answer that changes from reaching inside.
 * Throws an Error whose message says why not.
 */
export async function allowedAddress(
  policy: BoardAddressPolicy,
  host: string,
  port: number,
): Promise<string> {
  const bare = host.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(bare) ? [bare] : (await lookup(bare, { all: true })).map((found) => found.address);
  } catch {
    throw new Error(`The host ${bare} could not be found`);
  }
  const allowed = addresses.find(
    (ip) => isPublicAddress(ip) || (isIP(bare) !== 0 && privateAddressAllowed(policy, ip, String(port))),
  );
  if (allowed) return allowed;
  throw new Error(
    `${bare} is a private, loopback or link-local address, which Postroom does not connect to unless the operator lists that address in POSTROOM_BOARD_URL_ALLOW`,
  );
}
