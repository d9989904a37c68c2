import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/*
 * The sandbox's own reading of Reed's "Authentication" section (boards/reed.md): every request
 * carries X-ApiClientId, X-TimeStamp and X-ApiSignature; the signature is a Base64 HMAC-SHA1, keyed
 * with the client's API key, of method + User-Agent + full URL + host + timestamp. The key may be
 * read "as a string or as a .NET Guid": both are accepted. Written from the contract, not from the
 * adapter. Skew allowed: 5 minutes (reconstructed).
 */

export const SKEW_MS = 5 * 60_000;

/** Why a request is refused with 401, in the sandbox's words (Reed's are not public). */
export const AUTH_MESSAGES = {
  missing:
    'Authorization has been denied for this request: X-ApiClientId, X-TimeStamp and X-ApiSignature are required.',
  unknownClient: 'Authorization has been denied for this request: unknown client ID.',
  badTimestamp: 'Authorization has been denied for this request: the timestamp is not a UTC date and time.',
  stale:
    'Authorization has been denied for this request: the timestamp is more than 5 minutes from the server time.',
  badSignature: 'Authorization has been denied for this request: the signature is not valid.',
} as const;

/** A GUID's bytes as .NET's Guid.ToByteArray() gives them: the first three groups little-endian. */
export function dotNetGuidBytes(guid: string): Buffer | undefined {
  const hex = guid.replace(/[{}-]/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) return undefined;
  const bytes = Buffer.from(hex, 'hex');
  return Buffer.concat([
    Buffer.from(bytes.subarray(0, 4)).reverse(),
    Buffer.from(bytes.subarray(4, 6)).reverse(),
    Buffer.from(bytes.subarray(6, 8)).reverse(),
    bytes.subarray(8),
  ]);
}

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name.toLowerCase()];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/** "X-TimeStamp": a UTC date and time such as 2026-11-30T10:00:00+00:00 (or with Z). */
function parseTimestamp(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|\+00:00)$/.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : at;
}

/**
 * The client ID the request is signed for, or the reason it is refused. `keys` gives each client
 * ID's API key.
 */
export function verifySignature(
  request: FastifyRequest,
  keys: ReadonlyMap<string, string>,
  now: Date,
): { clientId: string } | { refused: string } {
  const clientId = header(request, 'X-ApiClientId');
  const timestamp = header(request, 'X-TimeStamp');
  const signature = header(request, 'X-ApiSignature');
  if (!clientId || !timestamp || !signature) return { refused: AUTH_MESSAGES.missing };
  const apiKey = keys.get(clientId);
  if (apiKey === undefined) return { refused: AUTH_MESSAGES.unknownClient };
  const at = parseTimestamp(timestamp);
  if (at === undefined) return { refused: AUTH_MESSAGES.badTimestamp };
  if (Math.abs(now.getTime() - at) > SKEW_MS) return { refused: AUTH_MESSAGES.stale };
  const host = header(request, 'host') ?? '';
  const url = `${request.protocol}://${host}${request.url}`;
  const signed = `${request.method}${header(request, 'user-agent') ?? ''}${url}${host}${timestamp}`;
  const given = Buffer.from(signature, 'utf8');
  const candidates = [Buffer.from(apiKey, 'utf8'), dotNetGuidBytes(apiKey)].filter((k) => k !== undefined);
  const valid = candidates.some((key) => {
    const expected = Buffer.from(createHmac('sha1', key).update(signed, 'utf8').digest('base64'), 'utf8');
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  return valid ? { clientId } : { refused: AUTH_MESSAGES.badSignature };
}
