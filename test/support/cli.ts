import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshDatabaseConfig } from './db.js';

export const BIN = fileURLToPath(new URL('../../bin/postroom.js', import.meta.url));

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
    const child = spawn(process.execPath, [BIN, ...args], {
      env,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
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

/** Starts `postroom serve --port 0` and waits until it prints where it listens. */
export function startServe(
  env: Record<string, string>,
  options: { args?: string[]; timeoutMs?: number } = {},
): Promise<ServeProcess> {
  // A cold start (PGlite, migrations, the demo's password hashing) took over 20 s on a loaded 2-core CI machine.
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...(options.args ?? [])], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`postroom serve did not start in time:\n${out}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      const match = /is running at (http:\/\/localhost:\d+)/.exec(out);
      if (match && out.includes('Press Ctrl+C to stop.')) {
        clearTimeout(timer);
        resolve({ url: match[1]!, output: () => out, child, exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`postroom serve exited (${code}) before it started:\n${out}`));
    });
  });
}
