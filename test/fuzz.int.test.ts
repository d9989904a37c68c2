import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, validVacancy } from './support/app.js';
import { databaseMode } from './support/db.js';

/**
 * Random hostile input to every operation of the OpenAPI document: NUL characters, lone surrogate
 * halves, huge strings and deeply nested values in every body (POST, PATCH, PUT) and every query
 * parameter. Whatever arrives, Postroom answers without a 5xx and without showing a stack trace.
 * Bounded to about 2,000 requests, so it stays a fast part of npm test.
 */

type Schema = { properties?: Record<string, unknown> };
type Operation = {
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};
type Document = { paths: Record<string, Record<string, Operation>> };

const RUNS_PER_OPERATION = 40;
const SEED = 20261130;

const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    '\ud800',
    'x\udc00',
    'a\u0000b',
    '\udfff\ud800',
    '😀\ud83d',
    '%00',
    '../../etc/passwd',
  ),
  fc
    .tuple(fc.string({ maxLength: 10 }), fc.constantFrom('\u0000', '\ud800', '\udc00'))
    .map(([s, bad]) => s + bad),
  fc.integer({ min: 10_000, max: 300_000 }).map((n) => 'é'.repeat(n)),
);

/** A value nested `depth` levels deep in arrays or objects, with a hostile string at the bottom. */
const deep = fc
  .tuple(fc.integer({ min: 50, max: 3_000 }), fc.boolean(), hostileString)
  .map(([depth, asObject, leaf]) => {
    let value: unknown = leaf;
    for (let i = 0; i < depth; i++) value = asObject ? { a: value } : [value];
    return value;
  });

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null)) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 3 }) },
);

/** Percent-encodes any string, lone surrogate halves included (as the bytes a careless client sends). */
function encodeAny(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      const bytes = [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
      out += bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else out += encodeURIComponent(char);
  }
  return out;
}

/**
 * Valid requests to start from, so that one hostile field reaches past validation to the database
 * (a body hostile everywhere is only ever refused by the first check).
 */
const SEEDS: Record<string, Record<string, unknown>> = {
  'POST /api/v1/vacancies': validVacancy(),
  'PATCH /api/v1/vacancies/{id}': { title: 'Ward Sister', summary: 'A new summary.' },
  'POST /api/v1/session': { email: 'someone@example.org', password: 'a long password' },
  'POST /api/v1/tokens': { name: 'HR system', role: 'recruiter' },
  'PATCH /api/v1/organisation': { about: 'About us.' },
  'POST /api/v1/users': {
    email: 'new@example.org',
    name: 'New Person',
    role: 'recruiter',
    password: 'a long password',
  },
};

/** A body: a valid one with one field made hostile (when a seed is known), or hostile fields only. */
function bodyFor(operation: string, schema: Schema | undefined): fc.Arbitrary<unknown> {
  const seed = SEEDS[operation] ?? {};
  const keys = [...new Set([...Object.keys(seed), ...Object.keys(schema?.properties ?? {})])];
  const random = fc.dictionary(hostileString, hostileValue, { maxKeys: 3 });
  if (keys.length === 0) return fc.oneof(hostileValue, random);
  const oneField = fc
    .tuple(fc.constantFrom(...keys), hostileValue)
    .map(([key, value]) => ({ ...seed, [key]: value }));
  const everyField = fc.record(Object.fromEntries(keys.map((key) => [key, hostileValue])), {
    requiredKeys: [],
  });
  return fc.oneof(
    { weight: 3, arbitrary: oneField },
    { weight: 1, arbitrary: everyField },
    { weight: 1, arbitrary: random },
  );
}

const STACK_TRACE = /\n\s+at \S|node_modules|\.ts:\d+|Error: /;

let t: TestContext;
let token: string;
let document: Document;
let vacancyId: string;

beforeAll(async () => {
  t = await createTestContext();
  ({ token } = await t.organisation('Fuzz Trust'));
  const response = await t.request(token, 'GET', '/api/v1/openapi.json');
  document = response.body as Document;
  const vacancy = await t.request(token, 'POST', '/api/v1/vacancies', validVacancy());
  vacancyId = (vacancy.body as { id: string }).id;
});

afterAll(async () => {
  await t?.close();
});

describe(`hostile input to every operation (${databaseMode} database)`, () => {
  it('never gets a 5xx or a stack trace back', { timeout: 600_000 }, async () => {
    const seen: string[] = [];
    let requests = 0;
    // Collected, not thrown: fast-check would print a 3,000-deep counterexample by recursion.
    const failures: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const verb = method.toUpperCase();
        const queryNames = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        const hasBody = ['POST', 'PATCH', 'PUT'].includes(verb);
        if (!hasBody && queryNames.length === 0) continue;
        seen.push(`${verb} ${path}`);
        const schema = operation.requestBody?.content?.['application/json']?.schema;
        const request = fc.record({
          id: fc.oneof(
            fc.constant(vacancyId),
            fc.uuid(),
            hostileString.filter((s) => s.length < 200),
          ),
          // One hostile parameter at a time: with several, the first refused would hide the others.
          query:
            queryNames.length === 0
              ? fc.constant({})
              : fc
                  .tuple(fc.constantFrom(...queryNames), hostileString)
                  .map(([name, value]) => ({ [name]: value })),
          body: hasBody ? bodyFor(`${verb} ${path}`, schema) : fc.constant(undefined),
        });
        await fc.assert(
          fc.asyncProperty(request, async ({ id, query, body }) => {
            const url =
              path.replace(/\{[^}]+\}/g, encodeAny(id)) +
              (Object.keys(query).length
                ? `?${Object.entries(query)
                    .map(([k, v]) => `${k}=${encodeAny(String(v))}`)
                    .join('&')}`
                : '');
            requests += 1;
            const response = await t.app.inject({
              method: verb as 'POST',
              url,
              headers: {
                authorization: `Bearer ${token}`,
                ...(body === undefined ? {} : { 'content-type': 'application/json' }),
              },
              ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
            });
            const body200 = typeof body === 'string' ? body : JSON.stringify(body)?.slice(0, 200);
            if (response.statusCode >= 500 || STACK_TRACE.test(response.body))
              failures.push(
                `${verb} ${url.slice(0, 200)} ${body200 ?? ''} -> ${response.statusCode} ${response.body.slice(0, 300)}`,
              );
          }),
          { numRuns: RUNS_PER_OPERATION, seed: SEED },
        );
      }
    }
    expect(failures).toEqual([]);
    // The document's operations were all reached (a broken document would make this test vacuous).
    expect(seen).toEqual(
      expect.arrayContaining(['POST /api/v1/vacancies', 'GET /api/v1/vacancies', 'POST /api/v1/session']),
    );
    expect(requests).toBeGreaterThan(500);
    expect(requests).toBeLessThan(4_000);
  });
});
