#!/usr/bin/env node
// `npm run build`: builds only what changed. The server (src → dist, tsc) is rebuilt, incrementally,
// when a source file, folder or the compiler settings are newer than the last build (wholly when a
// compiled file is missing); the web app (web → web/dist, vite) when the files it is made of (web/
// and the src/ files it imports) hash differently from those of its last build. Nothing changed:
// nothing is rewritten. `--force` (or a fresh clone, without dist/) builds everything. While
// building it says so every few seconds.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const force = process.argv.includes('--force');
const at = (...parts) => join(root, ...parts);
const SERVER_STAMP = at('dist', '.tsbuildinfo');
const WEB_STAMP = at('dist', '.web-inputs');

/** Every file and folder under `dir`, skipping the given folder names. */
function walk(dir, skip = new Set()) {
  const found = [dir];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...walk(path, skip));
    else found.push(path);
  }
  return found;
}

/** Runs a command, telling every 5 s that it still runs; rejects when it fails. */
function run(what, command, args) {
  const started = Date.now();
  process.stdout.write(`Building ${what}…\n`);
  const ticker = setInterval(
    () => process.stdout.write(`  still building ${what} (${Math.round((Date.now() - started) / 1000)} s)\n`),
    5_000,
  );
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [at(...command), ...args], { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(ticker);
      if (code === 0) {
        process.stdout.write(`Built ${what} in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
        resolveRun();
      } else reject(new Error(`building ${what} failed (exit code ${code})`));
    });
  });
}

/** Server sources: src/ without tests. */
const serverSources = () => walk(at('src')).filter((p) => !/\.test\.ts$/.test(p));

/** Whether a source module's compiled file is missing from dist/ (deleted by hand, say). */
const compiledMissing = (sources) =>
  sources.some(
    (p) =>
      /(?<!\.d)\.tsx?$/.test(p) && !existsSync(at('dist', relative(at('src'), p).replace(/\.tsx?$/, '.js'))),
  );

/**
 * What the server needs: nothing (null), an incremental build when an input is newer than the
 * last, or a whole one ('whole') for --force, a first build or a compiled file gone missing, since
 * tsc's build info says what it emitted, not what is still there.
 */
function serverBuild() {
  if (force || !existsSync(SERVER_STAMP)) return 'whole';
  const sources = serverSources();
  if (compiledMissing(sources)) return 'whole';
  const built = statSync(SERVER_STAMP).mtimeMs;
  const inputs = [...sources, at('tsconfig.json'), at('package-lock.json')];
  return inputs.some((p) => statSync(p).mtimeMs > built) ? 'incremental' : null;
}

/** Compiled files whose source is gone (a removed or renamed module) are removed too. */
function removeOrphans() {
  for (const path of walk(at('dist'))) {
    const match = /^(.*)\.js(\.map)?$/.exec(relative(at('dist'), path));
    if (match && !existsSync(at('src', `${match[1]}.ts`)) && !existsSync(at('src', `${match[1]}.tsx`)))
      rmSync(path);
  }
}

/** The source files under src/ a file imports (relative imports, followed), for the web app's hash. */
function importedSources(files) {
  const seen = new Set(files);
  const queue = [...files];
  while (queue.length > 0) {
    const file = queue.pop();
    const text = readFileSync(file, 'utf8');
    for (const [, spec] of text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
      const base = resolve(dirname(file), spec).replace(/\.js$/, '');
      const target = [`${base}.ts`, `${base}.tsx`, base].find((p) => existsSync(p) && statSync(p).isFile());
      if (target && !seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return [...seen];
}

/** A hash of everything the web app is built from. */
function webInputsHash() {
  const webFiles = walk(at('web'), new Set(['dist', 'node_modules'])).filter((p) => statSync(p).isFile());
  const sources = importedSources(webFiles.filter((p) => /\.(ts|tsx)$/.test(p)));
  const hash = createHash('sha256');
  for (const path of [...new Set([...webFiles, ...sources, at('package-lock.json')])].sort()) {
    hash.update(relative(root, path));
    hash.update('\0');
    hash.update(readFileSync(path));
  }
  return hash.digest('hex');
}

async function main() {
  const server = serverBuild();
  if (server) {
    // Without its build info, tsc writes every file again.
    if (server === 'whole') rmSync(SERVER_STAMP, { force: true });
    await run(
      'the server (tsc)',
      ['node_modules', 'typescript', 'bin', 'tsc'],
      ['-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', SERVER_STAMP],
    );
    removeOrphans();
    // tsc leaves its build info alone when nothing it emits changed: mark the check done.
    const now = new Date();
    utimesSync(SERVER_STAMP, now, now);
  }
  const inputs = webInputsHash();
  const builtFrom = existsSync(WEB_STAMP) ? readFileSync(WEB_STAMP, 'utf8') : '';
  if (force || builtFrom !== inputs || !existsSync(at('web', 'dist', 'index.html'))) {
    await run(
      'the web app (vite)',
      ['node_modules', 'vite', 'bin', 'vite.js'],
      ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    );
    writeFileSync(WEB_STAMP, inputs);
  }
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
