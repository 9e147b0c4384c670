import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Folders never scanned: installed packages, build output, git's own files. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', '.git', 'coverage']);

export interface RepositoryFile {
  /** Path from the repository root, with `/`. */
  path: string;
  text: string;
}

/**
 * The text files under the given repository-relative folders or files whose names end in one of
 * `extensions`, read whole.
 */
export function repositoryFiles(roots: string[], extensions: string[]): RepositoryFile[] {
  const found: RepositoryFile[] = [];
  const visit = (absolute: string): void => {
    if (!statSync(absolute).isDirectory()) {
      if (extensions.some((ext) => absolute.endsWith(ext))) found.push(read(absolute));
      return;
    }
    for (const entry of readdirSync(absolute, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) visit(join(absolute, entry.name));
      } else if (entry.isFile() && extensions.some((ext) => entry.name.endsWith(ext))) {
        found.push(read(join(absolute, entry.name)));
      }
    }
  };
  for (const root of roots) visit(join(REPO_ROOT, root));
  return found;
}

function read(absolute: string): RepositoryFile {
  return { path: relative(REPO_ROOT, absolute).split('\\').join('/'), text: readFileSync(absolute, 'utf8') };
}

/** 1-based line number of a character offset. */
export function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}
