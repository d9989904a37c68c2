import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// `npm test` builds before it runs the tests, so here the build is current: building again must do
// nothing, which is what makes a restart of `npm start` fast.
const root = fileURLToPath(new URL('..', import.meta.url));
const built = ['dist/cli/main.js', 'dist/.tsbuildinfo', 'web/dist/index.html'];

describe('npm run build on a current build', () => {
  it('builds nothing, says nothing and rewrites no file', async () => {
    const before = built.map((f) => statSync(`${root}/${f}`).mtimeMs);
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/build.mjs'], { cwd: root });
    expect(stdout).toBe('');
    expect(built.map((f) => statSync(`${root}/${f}`).mtimeMs)).toEqual(before);
  });
});
