import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** Every module a source file under `folder` imports, as `file → folder/of/target` (relative imports resolved). */
function importsOf(folder: string): { file: string; target: string }[] {
  const found: { file: string; target: string }[] = [];
  for (const entry of readdirSync(join(SRC, folder), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    const path = join(entry.parentPath, entry.name);
    const text = readFileSync(path, 'utf8');
    for (const match of text.matchAll(/(?:from|import\()\s*'([^']+)'/g)) {
      const specifier = match[1]!;
      const target = specifier.startsWith('.') ? relative(SRC, join(entry.parentPath, specifier)) : specifier;
      found.push({ file: relative(SRC, path), target });
    }
  }
  return found;
}

/**
 * The layers of docs/design.md ("Shape"): `serve` imports db, the audio module, the shared query layer
 * and config, never the CLI; the query layer imports db and config only; the reader `serve` reads
 * through names no database driver, so another backend can implement it.
 */
describe('the layers of the source (no archive)', () => {
  test('serve never imports the CLI or the RingCentral client', () => {
    const wrong = importsOf('serve').filter(({ target }) => /^(cli|ringcentral|sync)\//.test(target) || target === '@ringcentral/sdk');
    expect(wrong).toEqual([]);
  });

  test('the query layer imports only db, config and util, and no HTTP library', () => {
    const wrong = importsOf('query').filter(({ target }) => /^(cli|serve|ringcentral|sync|audio)\//.test(target) || /^(hono|@hono\/)/.test(target));
    expect(wrong).toEqual([]);
  });

  test('the reader interface names no database driver', () => {
    const wrong = importsOf('query').filter(({ file, target }) => !file.startsWith('query/sqlite/') && /better-sqlite3|^pg$/.test(target));
    expect(wrong).toEqual([]);
  });
});
