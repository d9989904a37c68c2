#!/usr/bin/env node
// The `postroom` command: runs the compiled CLI (npm start and npm test build it first).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('Postroom is not built yet: run "npm run build" (npm start and npm test do it for you).');
  process.exit(1);
}
const { main } = await import(entry.href);
await main(process.argv);
