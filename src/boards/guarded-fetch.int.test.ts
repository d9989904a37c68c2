import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoardAddressPolicy } from './address-policy.js';
import { ADDRESS_REFUSED, guardedFetch } from './guarded-fetch.js';

/** A loopback HTTP server standing in for an internal service; it counts what reaches it. */
let internal: Server;
let hits = 0;
let port = 0;

beforeAll(async () => {
  internal = createServer((request, response) => {
    hits += 1;
    if (request.url === '/hop') {
      response.writeHead(302, { location: 'http://127.0.0.2:8080/metadata' }).end();
      return;
    }
    response.end('internal secrets');
  });
  await new Promise<void>((done) => internal.listen(0, '127.0.0.1', done));
  port = (internal.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((done) => internal.close(() => done())));

const causeOf = async (attempt: Promise<Response>) => {
  const error = (await attempt.then(
    () => null,
    (e: unknown) => e,
  )) as { cause?: { code?: string } } | null;
  return error?.cause?.code;
};

describe('the board fetch', () => {
  it('refuses to connect to a loopback address, by IP or by a name that resolves to it, and nothing arrives', async () => {
    const fetchBoard = guardedFetch(createBoardAddressPolicy(['localhost']));
    const before = hits;
    expect(await causeOf(fetchBoard(`http://127.0.0.1:${port}/`))).toBe(ADDRESS_REFUSED);
    // Checked as the connection is made, so a DNS answer that changed since saving gains nothing.
    expect(await causeOf(fetchBoard(`http://localhost:${port}/`))).toBe(ADDRESS_REFUSED);
    expect(await causeOf(fetchBoard('http://169.254.169.254/latest/meta-data/'))).toBe(ADDRESS_REFUSED);
    expect(hits).toBe(before);
  });

  it('connects to an address the operator named and to its own sandboxes, but follows no redirect inside', async () => {
    const named = guardedFetch(createBoardAddressPolicy([`http://127.0.0.1:${port}`]));
    const answer = await named(`http://127.0.0.1:${port}/`);
    expect(await answer.text()).toBe('internal secrets');
    expect(await causeOf(named(`http://127.0.0.1:${port}/hop`))).toBe(ADDRESS_REFUSED);

    const policy = createBoardAddressPolicy();
    const sandboxes = guardedFetch(policy);
    expect(await causeOf(sandboxes(`http://127.0.0.1:${port}/sandbox/s1jobs`))).toBe(ADDRESS_REFUSED);
    policy.sandboxOrigin = `http://127.0.0.1:${port}`;
    expect((await sandboxes(`http://127.0.0.1:${port}/sandbox/s1jobs`)).status).toBe(200);
  });
});
