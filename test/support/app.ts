import { randomBytes } from 'node:crypto';
import pino from 'pino';
import type { Database } from '../../src/db/client.js';
import { type App, createApp } from '../../src/http/app.js';
import { createApiToken } from '../../src/services/api-tokens.js';
import type { Clock, ServiceDeps } from '../../src/services/deps.js';
import { createOrganisation } from '../../src/services/organisations.js';
import { createSecretBox } from '../../src/services/secret-box.js';
import { createTestDatabase } from './db.js';

/** A clock that stands still until a test moves it. */
export class FakeClock implements Clock {
  constructor(private current = new Date('2026-11-23T10:00:00Z')) {}
  now() {
    return new Date(this.current);
  }
  set(at: Date | string) {
    this.current = new Date(at);
  }
}

export interface TestContext {
  app: App;
  database: Database;
  deps: ServiceDeps;
  clock: FakeClock;
  /** Creates an organisation and returns its id, slug and an API token of the given role. */
  organisation(
    name: string,
    role?: 'admin' | 'recruiter',
  ): Promise<{ id: string; slug: string; token: string }>;
  /** Sends a JSON request with a bearer token. */
  request(
    token: string | null,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: unknown; headers: Record<string, unknown> }>;
  close(): Promise<void>;
}

let counter = 0;

/** The real app on a fresh database of the suite's mode, with a fake clock. */
export async function createTestContext(): Promise<TestContext> {
  const database = await createTestDatabase();
  const clock = new FakeClock();
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const deps: ServiceDeps = {
    db: database.db,
    clock,
    logger,
    secretBox: createSecretBox(randomBytes(32)),
    fetch: globalThis.fetch,
    publicUrl: 'http://localhost:3000',
  };
  const app = await createApp({ ...deps, pingDatabase: () => database.ping(), version: 'test' });
  await app.ready();
  return {
    app,
    database,
    deps,
    clock,
    async organisation(name, role = 'admin') {
      counter += 1;
      const { organisation } = await createOrganisation(deps, {
        name,
        adminEmail: `admin${counter}-${Date.now()}@example.org`,
        adminPassword: 'correct horse battery',
      });
      const { token } = await createApiToken(deps, organisation.id, { name: 'test', role }, null);
      return { id: organisation.id, slug: organisation.slug, token };
    },
    async request(token, method, url, body, headers = {}) {
      const response = await app.inject({
        method,
        url,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = response.body;
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON: keep the text.
      }
      return { status: response.statusCode, body: parsed, headers: response.headers };
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** A valid vacancy for the fake clock's today (2026-11-23), to change one field at a time. */
export const validVacancy = (overrides: Record<string, unknown> = {}) => ({
  title: 'Staff Nurse',
  employmentType: 'permanent',
  hours: 'full_time',
  workplace: 'onsite',
  location: { line1: '84 Castle Street', town: 'Glasgow', postcode: 'G4 0SF' },
  salary: { min: 31049, max: 37796, period: 'year' },
  summary: 'A Band 5 post on a friendly ward.',
  description: '<p>Care for adults on an acute medical ward.</p>',
  closingDate: '2026-12-20',
  ...overrides,
});
