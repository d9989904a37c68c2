// Reed's request signature (docs/boards/reed.md, "Transport"; reed.co.uk/developers/Recruiter,
// "Authentication"): HTTP method + User-Agent + full request URL + host + timestamp, joined with
// nothing between, HMAC-SHA1 with the API key, Base64.
import { createHmac } from 'node:crypto';

export interface SignedParts {
  method: string;
  userAgent: string;
  /** The full request URL, as sent. */
  url: string;
  /** "Always set to www.reed.co.uk"; against another address (the sandbox) that address's host. */
  host: string;
  timestamp: string;
}

/** "The date and time the request was created, represented as a string in UTC": 2026-11-30T10:00:00+00:00. */
export function reedTimestamp(at: Date): string {
  return `${at.toISOString().slice(0, 19)}+00:00`;
}

/** The string Reed's SignatureTest page calls "Concatened String (before hash)". */
export function stringToSign(parts: SignedParts): string {
  return `${parts.method}${parts.userAgent}${parts.url}${parts.host}${parts.timestamp}`;
}

/** The signature, with the API key read as its UTF-8 string ("All signatures ... are equally valid"). */
export function reedSignature(apiKey: string, parts: SignedParts): string {
  return createHmac('sha1', Buffer.from(apiKey, 'utf8')).update(stringToSign(parts), 'utf8').digest('base64');
}
