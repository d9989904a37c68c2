import { describe, expect, it } from 'vitest';
import { createTestContext } from '../../test/support/app.js';

type Line = { level: number; msg: string };

/** The levels of Fastify's per-request lines after one successful and one failed request. */
async function requestLineLevels(requestLogLevel: 'info' | 'debug') {
  const lines: string[] = [];
  const t = await createTestContext({ logLines: lines, requestLogLevel });
  try {
    await t.request(null, 'GET', '/healthz');
    const parsed = lines.map((line) => JSON.parse(line) as Line);
    return parsed
      .filter((l) => ['incoming request', 'request completed'].includes(l.msg))
      .map((l) => l.level);
  } finally {
    await t.close();
  }
}

describe('per-request log lines', () => {
  it('go to debug when the server runs in a terminal, so the start banner stays readable', async () => {
    expect(await requestLineLevels('debug')).toEqual([20, 20]);
  });

  it('stay at info otherwise (JSON logs in production are unchanged)', async () => {
    expect(await requestLineLevels('info')).toEqual([30, 30]);
  });
});
