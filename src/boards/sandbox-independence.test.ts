import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * A board's sandbox is an independent witness: it validates with its own reading of the board's
 * document (docs/boards/<board>.md, "Sandbox"), never with the adapter's fields, rules, map or
 * client. So a sandbox file (`src/boards/<board>/sandbox*.ts`) may import only other sandbox files
 * of its board, the shared sandbox helpers in `src/boards/sandbox/`, the generic `src/boards/xml.ts`, code outside `src/boards/`,
 * and packages. A rule read wrongly in the adapter then fails the tests that run it through both.
 */

const BOARDS = dirname(fileURLToPath(import.meta.url));
const SHARED_SANDBOX = join(BOARDS, 'sandbox');
/** Format helpers that know no board's names (an XML reader and writer), open to both sides. */
const GENERIC = new Set([join(BOARDS, 'xml.ts')]);

/** Every sandbox source file of every board folder (tests left out). */
function sandboxFiles(): string[] {
  return readdirSync(BOARDS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && join(BOARDS, entry.name) !== SHARED_SANDBOX)
    .flatMap((folder) =>
      readdirSync(join(BOARDS, folder.name))
        .filter((name) => /^sandbox.*\.ts$/.test(name) && !name.endsWith('.test.ts'))
        .map((name) => join(BOARDS, folder.name, name)),
    );
}

/** The relative modules a source file imports or re-exports, types included. */
function relativeImports(source: string): string[] {
  const specifiers = source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"](\.[^'"]+)['"]/g);
  const bare = source.matchAll(/(?:^|\n)\s*import\s+['"](\.[^'"]+)['"]/g);
  return [...specifiers, ...bare].map((match) => match[1] as string);
}

/** Why this import breaks the sandbox's independence, or null when it does not. */
function adapterImport(file: string, specifier: string): string | null {
  const target = resolve(dirname(file), specifier);
  const inside = (folder: string) => !relative(folder, target).startsWith('..');
  if (!inside(BOARDS)) return null;
  if (inside(SHARED_SANDBOX)) return null;
  if (GENERIC.has(target.replace(/\.js$/, '.ts'))) return null;
  const sameFolder = dirname(target) === dirname(file);
  if (sameFolder && /^sandbox[^/]*$/.test(relative(dirname(file), target))) return null;
  return `${relative(BOARDS, file)} imports ${specifier}, which is not sandbox code`;
}

describe('sandboxes import nothing from the adapters', () => {
  it('finds the sandboxes of both boards', () => {
    const names = sandboxFiles().map((file) => relative(BOARDS, file));
    expect(names).toEqual(expect.arrayContaining(['nhs-jobs/sandbox.ts', 's1jobs/sandbox.ts']));
  });

  it.each(sandboxFiles().map((file) => [relative(BOARDS, file), file]))('%s', (_name, file) => {
    const problems = relativeImports(readFileSync(file, 'utf8'))
      .map((specifier) => adapterImport(file, specifier))
      .filter((problem) => problem !== null);
    expect(problems).toEqual([]);
  });

  it('would catch an adapter import, types and re-exports included', () => {
    const file = join(BOARDS, 's1jobs', 'sandbox.ts');
    const source = [
      "import { z } from 'zod';",
      "import { installFaults } from '../sandbox/faults.js';",
      "import { SPECIALISMS } from './sandbox-coreskills.js';",
      "import { isCoreSkill } from './coreskills.js';",
      "import type { BoardField } from '../board.js';",
      "export { mapNhsJobs } from '../nhs-jobs/map.js';",
      "import { ukDate } from '../../domain/vacancy.js';",
    ].join('\n');
    const problems = relativeImports(source).filter((specifier) => adapterImport(file, specifier));
    expect(problems).toEqual(['./coreskills.js', '../board.js', '../nhs-jobs/map.js']);
  });
});
