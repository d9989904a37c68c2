import { InvalidArgumentError } from 'commander';
import { UsageError } from './usage-error.js';

// Parsers of command-line values: each returns the value or throws a message for the user.

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new InvalidArgumentError('Give a port number between 0 and 65535.');
  return port;
}

export function parsePositive(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError('Give a whole number of 1 or more.');
  return n;
}

/** `key=value`, the value read as JSON when it parses ("22.5", "[\"A\"]"), else as text. */
export function parseField(text: string): [string, unknown] {
  const at = text.indexOf('=');
  if (at < 1) throw new UsageError(`--field must look like key=value; got: ${text}`);
  const raw = text.slice(at + 1);
  try {
    return [text.slice(0, at), JSON.parse(raw)];
  } catch {
    return [text.slice(0, at), raw];
  }
}

/** A JSON object of sandbox faults, e.g. `{"errorRate":0.2}`. */
export function parseFaults(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Reported below.
  }
  throw new UsageError(`--faults must be a JSON object, e.g. '{"errorRate":0.2}'; got: ${text}`);
}
