import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * PLACEHOLDER until the board address policy (branch sec-abuse, src/boards/address-policy.ts) is
 * merged: the lead reconciles this with its `isPublicAddress` / `privateAddressAllowed`, so webhooks
 * and board connections follow one rule. Outbound requests go only to public addresses, unless the
 * operator named the private one (an `http://10.0.0.5:8080` origin or a bare IP) in the allow list.
 */
export class OutboundRefused extends Error {
  override readonly name = 'OutboundRefused';
}

const notPublic = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 3],
] as const)
  notPublic.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  notPublic.addSubnet(net, prefix, 'ipv6');

function isPublic(ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return !notPublic.check(mapped[1]!, 'ipv4');
  return !notPublic.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
}

/** Whether the operator named this very address (and port, when the entry has one). */
function named(allow: readonly string[], ip: string, port: string): boolean {
  return allow.some((entry) => {
    if (!/^https?:\/\//i.test(entry)) return entry.replace(/^\[|\]$/g, '') === ip;
    const url = new URL(entry);
    const entryPort = url.port || (url.protocol === 'https:' ? '443' : '80');
    return url.hostname.replace(/^\[|\]$/g, '') === ip && entryPort === port;
  });
}

/** Throws OutboundRefused, with a sentence for the person who entered the address, when Postroom may not call it. */
export async function assertOutboundAllowed(address: string, allow: readonly string[]): Promise<void> {
  const url = new URL(address);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new OutboundRefused('The address must start with https:// or http://');
  if (url.username || url.password)
    throw new OutboundRefused('The address must not contain a user name or password');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((found) => found.address);
  } catch {
    throw new OutboundRefused(`The host ${host} could not be found`);
  }
  const refused = addresses.find((ip) => !isPublic(ip) && !(isIP(host) && named(allow, ip, port)));
  if (refused)
    throw new OutboundRefused(
      `The address leads to a private, loopback or link-local address (${refused}), which Postroom calls only when the operator lists it in POSTROOM_BOARD_URL_ALLOW`,
    );
}
