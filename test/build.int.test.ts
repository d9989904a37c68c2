import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// `npm test` builds before it runs the tests, so here the build is current: building again must do
// nothing, which is what makes a restart of `npm start` fast.
const root = fileURLToPath(new URL('..', import.meta.url));
const built = ['dist/cli/main.js', 'dist/.tsbuildinfo', 'web/dist/index.html'];
const build = (cwd: string) => promisify(execFile)(process.execPath, ['scripts/build.mjs'], { cwd });

describe('npm run build on a current build', () => {
  it('builds nothing, says nothing and rewrites no file', async () => {
    const before = built.map((f) => statSync(`${root}/${f}`).mtimeMs);
    const { stdout } = await build(root);
    expect(stdout).toBe('');
    expect(built.map((f) => statSync(`${root}/${f}`).mtimeMs)).toEqual(before);
  });

  // In a copy of the checkout, so that the tests running beside this one keep their dist/.
  const copy = mkdtempSync(join(tmpdir(), 'postroom-build-'));
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('puts back a compiled file that has gone missing, and leaves the web app alone', async () => {
    for (const part of [
      'src',
      'web',
      'dist',
      'scripts',
      'tsconfig.json',
      'package.json',
      'package-lock.json',
    ])
      cpSync(join(root, part), join(copy, part), { recursive: true, preserveTimestamps: true });
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
    await build(copy); // the copy's own build record, made where it now is
    expect((await build(copy)).stdout).toBe('');
    const missing = join(copy, 'dist', 'services', 'careers', 'live-vacancies.js');
    rmSync(missing);
    const { stdout } = await build(copy);
    expect(stdout).toContain('Built the server (tsc)');
    expect(stdout).not.toContain('web app');
    expect(existsSync(missing)).toBe(true);
  }, 120_000);
});
