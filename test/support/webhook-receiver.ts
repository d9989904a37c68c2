import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  id: string;
  timestamp: number;
  signatures: string[];
  body: string;
  payload: { type: string; timestamp: string; data: Record<string, unknown> };
}

/**
 * Verifies a delivery as Standard Webhooks 1.0 says a receiver must, written from the spec and
 * not from Postroom's signer: HMAC-SHA256 over `id.timestamp.body` with the base64 key after
 * `whsec_`, any `v1,` signature of the space-separated list matching, timestamp within 5 minutes.
 */
export function verifyStandardWebhook(
  secret: string,
  headers: Record<string, string | undefined>,
  body: string,
) {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const header = headers['webhook-signature'];
  if (!id || !timestamp || !header) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return header.split(' ').some((part) => {
    const [version, signature] = part.split(',');
    if (version !== 'v1' || !signature) return false;
    const given = Buffer.from(signature, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** A webhook receiver on loopback: records every request; `down` makes it drop connections unanswered, `fail` answer 500. */
export class Receiver {
  readonly received: Received[] = [];
  /** Paths that answer 500. */
  readonly failing = new Set<string>();
  down = false;
  private server: Server | null = null;
  private waiters: (() => void)[] = [];
  url = '';

  async start() {
    this.server = createServer((req, res) => {
      if (this.down) {
        req.socket.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const header = (name: string) => String(req.headers[name] ?? '');
        this.received.push({
          path: req.url ?? '',
          id: header('webhook-id'),
          timestamp: Number(header('webhook-timestamp')),
          signatures: header('webhook-signature').split(' '),
          body,
          payload: JSON.parse(body) as Received['payload'],
        });
        res.statusCode = this.failing.has(req.url ?? '') ? 500 : 204;
        res.end();
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Waits for a request (an event, not a sleep) until `done` holds. */
  async until(done: (received: Received[]) => boolean, timeoutMs = 20_000): Promise<Received[]> {
    const end = Date.now() + timeoutMs;
    while (!done(this.received)) {
      if (Date.now() > end)
        throw new Error(`receiver saw ${this.received.map((r) => r.payload.type).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 500);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.received;
  }

  /** One entry per webhook-id: what a receiver keeps after dropping duplicates. */
  unique(path: string): Received[] {
    const seen = new Map<string, Received>();
    for (const r of this.received) if (r.path === path && !seen.has(r.id)) seen.set(r.id, r);
    return [...seen.values()];
  }

  async stop() {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
