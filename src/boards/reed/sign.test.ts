import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { reedSignature, reedTimestamp, stringToSign } from './sign.js';

// Reed's example from boards/reed.md ("Transport"): a create at 10:00 UTC on 2026-11-30.
const PARTS = {
  method: 'POST',
  userAgent: 'Postroom/1.0',
  url: 'https://www.reed.co.uk/recruiter/api/1.0/jobs',
  host: 'www.reed.co.uk',
  timestamp: '2026-11-30T10:00:00+00:00',
};
const API_KEY = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';

describe('Reed signature', () => {
  it('concatenates method, User-Agent, URL, host and timestamp with nothing between', () => {
    expect(stringToSign(PARTS)).toBe(
      'POSTPostroom/1.0https://www.reed.co.uk/recruiter/api/1.0/jobswww.reed.co.uk2026-11-30T10:00:00+00:00',
    );
  });

  it('is the Base64 of an HMAC-SHA1 of that string keyed with the API key (golden value)', () => {
    // Computed once by hand, outside Postroom, from the documented algorithm:
    //   printf '%s' 'POSTPostroom/1.0https://www.reed.co.uk/recruiter/api/1.0/jobswww.reed.co.uk2026-11-30T10:00:00+00:00' \
    //     | openssl dgst -sha1 -hmac '3f2504e0-4f89-11d3-9a0c-0305e82c3301' -binary | base64
    expect(reedSignature(API_KEY, PARTS)).toBe('VvaeA2aBDQL4jGoZFLRUDr7kjvE=');
  });

  it('matches the algorithm step by step with node:crypto', () => {
    const text = `${PARTS.method}${PARTS.userAgent}${PARTS.url}${PARTS.host}${PARTS.timestamp}`;
    const hash = createHmac('sha1', Buffer.from(API_KEY, 'utf8')).update(Buffer.from(text, 'utf8')).digest();
    expect(hash).toHaveLength(20);
    expect(reedSignature(API_KEY, PARTS)).toBe(hash.toString('base64'));
  });

  it('changes with every signed part', () => {
    const base = reedSignature(API_KEY, PARTS);
    for (const key of Object.keys(PARTS) as (keyof typeof PARTS)[]) {
      expect(reedSignature(API_KEY, { ...PARTS, [key]: `${PARTS[key]}x` }), key).not.toBe(base);
    }
    expect(reedSignature(`${API_KEY}0`, PARTS)).not.toBe(base);
  });

  it('writes the timestamp in UTC as the samples do, without milliseconds', () => {
    expect(reedTimestamp(new Date('2026-11-30T10:00:00.789Z'))).toBe('2026-11-30T10:00:00+00:00');
  });
});
