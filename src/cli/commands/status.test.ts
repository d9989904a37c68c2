import { describe, expect, it } from 'vitest';
import { statusTable } from './status.js';

const row = (over: Partial<Parameters<typeof statusTable>[0][number]> = {}) => ({
  vacancyReference: 'DEMO-001',
  connectionName: 's1 (sandbox)',
  status: 'posted',
  statusText: 'Live on the board',
  externalId: 'AD-42' as string | null,
  updatedAt: '2026-11-23T10:05:09.123Z',
  ...over,
});

describe('postroom status', () => {
  it('prints a heading and one line per posting, columns as wide as their widest cell', () => {
    expect(
      statusTable([row(), row({ vacancyReference: 'R-2', externalId: null, status: 'failed' })]),
    ).toEqual([
      'VACANCY   CONNECTION    STATUS  DETAIL             BOARD ID  UPDATED',
      'DEMO-001  s1 (sandbox)  posted  Live on the board  AD-42     2026-11-23 10:05',
      'R-2       s1 (sandbox)  failed  Live on the board            2026-11-23 10:05',
    ]);
  });

  it('cuts a cell at 60 characters', () => {
    const [, line] = statusTable([row({ statusText: 'x'.repeat(100) })]);
    expect(line).toContain(`${'x'.repeat(60)}  AD-42`);
    expect(line).not.toContain('x'.repeat(61));
  });
});
