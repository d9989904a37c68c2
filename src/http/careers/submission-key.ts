import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { SecretBox } from '../../services/secret-box.js';

/** The form a key was issued for: a key from one vacancy's form means nothing on another's. */
export interface ApplyFormTarget {
  organisationId: string;
  vacancyId: string;
}

const SHAPE = /^([A-Za-z0-9_-]{24})\.([A-Za-z0-9_-]{43})$/;
const context = (target: ApplyFormTarget) => `apply-form:${target.organisationId}:${target.vacancyId}`;

/**
 * A submission key for one apply form: a random part and its HMAC for that organisation and
 * vacancy. Postroom issues it with the form, so a key chosen by a client is never taken as one.
 */
export function issueSubmissionKey(box: SecretBox, target: ApplyFormTarget): string {
  const nonce = randomBytes(18).toString('base64url');
  return `${nonce}.${box.sign(nonce, context(target))}`;
}

/** Whether Postroom issued this key for this very form. */
export function isIssuedSubmissionKey(box: SecretBox, target: ApplyFormTarget, key: string): boolean {
  const match = SHAPE.exec(key);
  if (!match) return false;
  const expected = Buffer.from(box.sign(match[1]!, context(target)));
  const given = Buffer.from(match[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
