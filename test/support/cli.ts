import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshDatabaseConfig } from './db.js';

export const BIN = fileURLToPath(new URL('../../bin/postroom.js', import.meta.url));

/** Every `postroom` process a test started that has not exited yet. */
const children = new Set<ChildProcess>();

/** Starts `postroom …`, tracked so that {@link endChildren} ends it whatever the test's outcome. */
export function spawnPostroom(
  args: string[],
  env: Record<string, string>,
  stdin: 'ignore' | 'pipe' = 'ignore',
): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: [stdin, 'pipe', 'pipe'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

/**
 * Kills every `postroom` process still running: call it in `afterEach` (or `afterAll`), so that a
 * test that fails or times out leaves no server, worker or sandbox behind.
 */
export function endChildren(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}
// Also when the test worker itself ends (a run interrupted, a file that forgot the hook).
process.on('exit', endChildren);

/**
 * Starts `postroom …` and waits until its output matches `ready`, or rejects as soon as it exits
 * (no fixed time limit: the test's own timeout applies, and endChildren ends the process).
 */
export function startUntil(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpExecArray; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawnPostroom(args, env);
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const match = ready.exec(out);
      if (match) resolve({ child, match, output: () => out });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) =>
      reject(new Error(`postroom ${args.join(' ')} exited (${code}) before it was ready:\n${out}`)),
    );
  });
}

/** The environment of a child `postroom` process: its own data directory and, on the server run, its own database. */
export async function childEnv(extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'postroom-cli-'));
  const db = await freshDatabaseConfig();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dataDir,
    POSTROOM_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...extra,
  };
  if (db.kind === 'server') env.DATABASE_URL = db.url;
  return env;
}

/** Runs `postroom …` to its end; `input`, when given, is piped to its standard input. */
export function runCli(
  args: string[],
  env: Record<string, string>,
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawnPostroom(args, env, input === undefined ? 'ignore' : 'pipe');
    if (input !== undefined) child.stdin?.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface ServeProcess {
  url: string;
  output: () => string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

/**
 * Starts `postroom serve --port 0` and waits until it prints its whole banner (where it listens);
 * rejects if it exits first. No time limit of its own: the test's applies.
 */
export async function startServe(
  env: Record<string, string>,
  options: { args?: string[] } = {},
): Promise<ServeProcess> {
  const { child, match, output } = await startUntil(
    ['serve', '--port', '0', ...(options.args ?? [])],
    env,
    /is running at (http:\/\/localhost:\d+)[\s\S]*Press Ctrl\+C to stop\./,
  );
  const exited = new Promise<number | null>((done) => {
    if (child.exitCode !== null) done(child.exitCode);
    else child.on('exit', (code) => done(code));
  });
  return { url: match[1]!, output, child, exited };
}
