import { type LookupAddress, lookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import { type BoardAddressPolicy, isPublicAddress, privateAddressAllowed } from './address-policy.js';

/** The cause code of a refused connection; the request never left, so it counts as not sent. */
export const ADDRESS_REFUSED = 'POSTROOM_ADDRESS_REFUSED';

const refusal = (host: string, address: string) =>
  Object.assign(
    new Error(
      `${host} resolves to ${address}, a private, loopback or link-local address Postroom does not call`,
    ),
    { code: ADDRESS_REFUSED },
  );

/**
 * Resolves a host name as net.connect would, refusing any answer that is not public: a name never
 * vouches for a private address, so a DNS answer that changes after the connection was saved
 * (DNS rebinding) is caught here, at the moment of connecting.
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (error, found: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const refused = found.find((entry) => !isPublicAddress(entry.address));
    if (refused) return callback(refusal(hostname, refused.address), '', 0);
    if (options.all) return (callback as (e: null, all: LookupAddress[]) => void)(null, found);
    return callback(null, found[0]!.address, found[0]!.family);
  });
};

/**
 * The fetch board adapters use: every connection, redirects included, is checked when it is made.
 * An IP address in the URL must be public or named by the operator (or be this server's sandboxes);
 * a host name must resolve to public addresses only.
 */
export function guardedFetch(policy: BoardAddressPolicy): typeof fetch {
  const connectPublic = buildConnector({ lookup: publicOnlyLookup });
  const connectNamed = buildConnector({});
  const agent = new Agent({
    connect(options, callback) {
      const host = options.hostname.replace(/^\[|\]$/g, '');
      if (!isIP(host)) return connectPublic(options, callback);
      const port = options.port || (options.protocol === 'https:' ? '443' : '80');
      if (isPublicAddress(host) || privateAddressAllowed(policy, host, port))
        return connectNamed(options, callback);
      return callback(refusal(host, host), null);
    },
  });
  // undici's own fetch with its own Agent (Node 20 bundles an older undici whose types differ);
  // its Response is the same WHATWG Response the adapters read.
  return (input, init) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher: agent,
    }) as unknown as Promise<Response>;
}
