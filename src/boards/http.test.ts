import { describe, expect, it } from 'vitest';
import type { BoardExchange, WireRequest } from './board.js';
import { callBoard } from './http.js';

describe('callBoard proof', () => {
  it('keeps the request headers, with credential headers redacted even where the adapter forgot', async () => {
    const exchanges: BoardExchange[] = [];
    const sent: WireRequest = {
      method: 'PATCH',
      url: 'https://board.example/api/job/1',
      headers: {
        'if-match': 'etag-1',
        authorization: 'Bearer s3cret',
        'x-api-key': 'k3y',
        'x-account-id': 'ACC-1',
      },
      body: { title: 'Porter' },
    };
    const redacted = { ...sent, headers: { ...sent.headers, authorization: 'Bearer [redacted]' } };
    await callBoard(
      {
        fetch: async () => new Response('{}', { status: 200 }),
        now: () => new Date(0),
        onExchange: (e) => exchanges.push(e),
      },
      'Board',
      sent,
      redacted,
    );
    expect(exchanges[0]?.requestHeaders).toEqual({
      'if-match': 'etag-1',
      authorization: 'Bearer [redacted]',
      'x-api-key': '[redacted]',
      'x-account-id': 'ACC-1',
    });
  });
});
