import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listBoards } from '../src/boards/registry.js';
import { stripComments } from './support/strip-comments.js';

/**
 * "Nothing outside src/boards/<id>/ names a board" (docs/boards/adding-a-board.md): shared code
 * reaches a board only through the registry, so adding a board is its folder and one registry line.
 *
 * Walks src/, web/src/ and bench/ and fails when code outside a board's folder holds its id in a
 * string, template or JSX text, or holds a board's literal state word ('PUBLISHED', 'CLOSED',
 * 'DRAFT') as a string. Allowed: the registry's import lines. Comments are prose and may mention
 * a board; test files (`*.test.ts`, `*.int.test.ts`, `*.e2e.test.ts`) are exempt: a test names the
 * board it exercises.
 */

const ROOT = join(import.meta.dirname, '..');
const WALKED = ['src', 'web/src', 'bench'];
const STATE_WORDS = ['PUBLISHED', 'CLOSED', 'DRAFT'];
const REGISTRY = 'src/boards/registry.ts';

const isTest = (path: string) => /\.(int\.|e2e\.)?test\.tsx?$/.test(path);

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory())
      return entry.name === 'results' || entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !isTest(path) ? [path] : [];
  });
}

/** Where a board id or state word appears outside the folder it belongs to, as `path:line: what`. */
function boardNamesOutsideTheirFolder(
  sources: readonly { path: string; text: string }[],
  ids: readonly string[],
): string[] {
  const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const idPatterns = ids.map((id) => ({ id, pattern: new RegExp(`(?<![\\w-])${escaped(id)}(?!\\w)`) }));
  const statePattern = new RegExp(`(['"\`])(?:${STATE_WORDS.join('|')})\\1`);
  const boardFolder = (path: string) => ids.find((id) => path.startsWith(`src/boards/${id}/`));
  const found: string[] = [];
  for (const { path, text } of sources) {
    const folder = boardFolder(path);
    const lines = stripComments(text).split('\n');
    for (const [n, line] of lines.entries()) {
      // The registry's import lines are the one place outside a folder that names it.
      if (path === REGISTRY && /^import /.test(line)) continue;
      for (const { id, pattern } of idPatterns) {
        if (id !== folder && pattern.test(line)) found.push(`${path}:${n + 1}: board id "${id}"`);
      }
      if (!folder && statePattern.test(line))
        found.push(`${path}:${n + 1}: board state ${line.match(statePattern)![0]}`);
    }
  }
  return found;
}

const read = (path: string) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') });

describe('board ids stay in their folders', () => {
  const ids = listBoards().map((b) => b.id);
  const files = WALKED.flatMap(sourceFiles);

  it('finds no board id or board state word in shared code', () => {
    expect(files.length).toBeGreaterThan(50);
    const shared = files.map(read);
    expect(boardNamesOutsideTheirFolder(shared, ids)).toEqual([]);
  });

  it('sees an id in code, strings and templates, and a state word, but not in comments or the registry imports', () => {
    const [one, two] = ['alpha-board', 'beta'];
    const found = boardNamesOutsideTheirFolder(
      [
        { path: 'src/services/x.ts', text: `// ${one}\n/* ${two} */\nconst a = '${one}';` },
        { path: 'src/services/y.ts', text: `const url = \`\${base}/sandbox/${two}/\`; // fine` },
        { path: 'web/src/z.tsx', text: `const s = p.status === 'PUBLISHED';\nconst t = "http://x/${two}";` },
        { path: REGISTRY, text: `import { b } from './${one}/index.js';\nregisterBoard(b);` },
        {
          path: `src/boards/${one}/map.ts`,
          text: `const s = 'DRAFT'; const id = '${one}';\nconst other = '${two}';`,
        },
      ],
      [one, two],
    );
    expect(found).toEqual([
      `src/services/x.ts:3: board id "${one}"`,
      `src/services/y.ts:1: board id "${two}"`,
      "web/src/z.tsx:1: board state 'PUBLISHED'",
      `web/src/z.tsx:2: board id "${two}"`,
      `src/boards/${one}/map.ts:2: board id "${two}"`,
    ]);
  });
});
