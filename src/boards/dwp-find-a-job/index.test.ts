import { describe, expect, it } from 'vitest';
import { dwpFindAJobBoard as board } from './index.js';
import { versionTag } from './map.js';

const tag = versionTag({ postedOn: '2026-11-01', endsOn: '2026-12-01', file: 'demo-upload-x.xml' });
const open = (closingDate: string, version?: number) => ({ reference: 'REF', closingDate, version });

describe('re-posting after 30 days', () => {
  it.each([
    ['within its 30 days', open('2026-12-31'), '2026-12-01', null],
    ['past them, the vacancy still open: the next code', open('2026-12-31'), '2026-12-02', { version: 1 }],
    ['past them again: the one after', open('2027-01-31', 1), '2026-12-02', { version: 2 }],
    ['past them, the vacancy closing on the advert’s last day: none', open('2026-12-01'), '2026-12-02', null],
  ])('%s', (_name, fields, today, expected) => {
    expect(board.repost?.(fields, tag, today)).toEqual(expected);
  });

  it('never re-posts an advert whose delivery it does not know', () => {
    expect(board.repost?.(open('2026-12-31'), null, '2027-01-01')).toBeNull();
  });
});

describe('the connection settings', () => {
  const parse = (settings: Record<string, unknown>) => board.connection.schema.safeParse(settings);
  it('need a host and its fingerprint, or a sandbox address', () => {
    const login = { username: 'acme', password: 'secret' };
    expect(parse({ ...login, host: 'sftp.example.org' }).success).toBe(false);
    expect(
      parse({ ...login, host: 'sftp.example.org', hostKey: `SHA256:${'a'.repeat(43)}` }).data,
    ).toMatchObject({
      port: 22,
      filePrefix: 'postroom',
      categoryId: 27,
    });
    expect(parse({ ...login, baseUrl: 'http://127.0.0.1:3000/sandbox/dwp-find-a-job' }).success).toBe(true);
  });
  it('refuse a malformed fingerprint on its field', () => {
    const result = parse({ username: 'a', password: 'b', host: 'h', hostKey: 'MD5:aa' });
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain('hostKey');
  });
});
