import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import {
  createBoardAddressPolicy,
  isPublicAddress,
  privateAddressAllowed,
} from '../boards/address-policy.js';

/**
 * Where Postroom may send a request to an address a person typed (a webhook endpoint): the same
 * rule as board calls (src/boards/address-policy.ts). Any public address; a private, loopback or
 * link-local one only when the operator named that very address in POSTROOM_BOARD_URL_ALLOW. The
 * fetch that sends it checks again as it connects (src/boards/guarded-fetch.ts), so a DNS answer
 * that changes later gains nothing.
 */
export class OutboundRefused extends Error {
  override readonly name = 'OutboundRefused';
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
  // A host name never vouches for a private address; only the operator naming the IP itself does.
  const policy = createBoardAddressPolicy(allow);
  const refused = addresses.find(
    (ip) => !isPublicAddress(ip) && !(isIP(host) && privateAddressAllowed(policy, ip, port)),
  );
  if (refused)
    throw new OutboundRefused(
      `The address leads to a private, loopback or link-local address (${refused}), which Postroom calls only when the operator lists it in POSTROOM_BOARD_URL_ALLOW`,
    );
}
