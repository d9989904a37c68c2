import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './support/app.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

let t: TestContext;
let acme: { token: string };
let baseUrl: string;
let dir: string;

beforeAll(async () => {
  t = await createTestContext();
  acme = await t.organisation('Acme Health', 'recruiter');
  baseUrl = (await t.app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
  // The example's folder sees this repository's packages (openapi-fetch, tsx) as a user's would.
  dir = await mkdtemp(join(tmpdir(), 'postroom-client-'));
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  await writeFile(join(dir, 'package.json'), '{"type": "module"}\n');
});
afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

/** The one TypeScript example of docs/api-clients.md, exactly as a reader copies it. */
async function docExample(): Promise<string> {
  const page = await readFile(join(ROOT, 'docs/api-clients.md'), 'utf8');
  const blocks = [...page.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  expect(blocks).toHaveLength(1);
  return blocks[0]!;
}

describe('docs/api-clients.md', () => {
  it('generates types from a running Postroom, and its example type-checks and creates a live vacancy', async () => {
    // The documented command, against the served document.
    await run(
      process.execPath,
      [
        join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'),
        `${baseUrl}/api/v1/openapi.json`,
        '-o',
        'postroom-api.d.ts',
      ],
      { cwd: dir },
    );
    await writeFile(join(dir, 'create-and-publish.ts'), await docExample());

    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const options = ['--ignoreConfig', '--noEmit', '--strict', '--skipLibCheck', '--types', 'node'];
    const module = ['--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext'];
    await run(process.execPath, [tsc, ...options, ...module, 'create-and-publish.ts'], { cwd: dir }).catch(
      (error: { stdout?: string }) => {
        throw new Error(`The example does not type-check:\n${error.stdout ?? String(error)}`);
      },
    );

    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'create-and-publish.ts'], {
      cwd: dir,
      env: { ...process.env, POSTROOM_URL: baseUrl, POSTROOM_TOKEN: acme.token },
    });
    expect(stdout.trim()).toMatch(/^PR-[A-Z0-9]{6} is live; 1 live$/);

    const list = await t.request(acme.token, 'GET', '/api/v1/vacancies?status=live');
    expect((list.body as { items: { title: string }[] }).items.map((v) => v.title)).toEqual(['Staff Nurse']);
  }, 120_000);
});
