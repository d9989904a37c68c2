import { createHmac, randomBytes } from 'node:crypto';
import type { SecretBox } from '../secret-box.js';

/**
 * Standard Webhooks 1.0 signing (https://www.standardwebhooks.com/, "Signature scheme"): the
 * signed content is `${webhook-id}.${webhook-timestamp}.${body}`, signed with HMAC-SHA256 under
 * the base64-decoded part of the `whsec_` secret; the header lists `v1,<base64>` per secret, space
 * separated, so a receiver can accept either secret during a rotation.
 */
export function signatureHeader(
  secrets: readonly string[],
  id: string,
  timestamp: number,
  body: string,
): string {
  const content = `${id}.${timestamp}.${body}`;
  return secrets
    .map((secret) => {
      const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
      return `v1,${createHmac('sha256', key).update(content).digest('base64')}`;
    })
    .join(' ');
}

/** 24 random bytes: within the spec's 24–64 byte range. */
export const newSigningSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

/** How long the previous secret still signs after a rotation, so receivers can switch without loss. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

interface StoredSecrets {
  /** Newest first. `until` is when an older secret stops signing. */
  keys: { secret: string; until: string | null }[];
}

const context = (row: { organisationId: string; id: string }) => `webhook:${row.organisationId}:${row.id}`;

export function sealSecrets(
  box: SecretBox,
  row: { organisationId: string; id: string },
  stored: StoredSecrets,
) {
  return box.seal({ keys: JSON.stringify(stored.keys) }, context(row));
}

function openSecrets(
  box: SecretBox,
  row: { organisationId: string; id: string; secrets: string },
): StoredSecrets {
  const opened = box.open(row.secrets, context(row));
  return { keys: JSON.parse(opened.keys ?? '[]') as StoredSecrets['keys'] };
}

/** The secrets that sign now: the newest, and older ones still within their overlap. */
export function signingSecrets(
  box: SecretBox,
  row: { organisationId: string; id: string; secrets: string },
  now: Date,
): string[] {
  return openSecrets(box, row)
    .keys.filter((k) => k.until === null || new Date(k.until) > now)
    .map((k) => k.secret);
}

/** A new secret first; the current ones keep signing until the overlap ends. */
export function rotatedSecrets(
  box: SecretBox,
  row: { organisationId: string; id: string; secrets: string },
  secret: string,
  now: Date,
): StoredSecrets {
  const until = new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString();
  const kept = openSecrets(box, row)
    .keys.filter((k) => k.until === null || new Date(k.until) > now)
    .map((k) => ({ secret: k.secret, until: k.until ?? until }));
  return { keys: [{ secret, until: null }, ...kept] };
}
