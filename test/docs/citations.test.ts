import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, lineOf, repositoryFiles } from './repository-files.js';

/*
 * Comments and documents cite a document of this repository by file and heading, on one line:
 *
 *     (docs/design.md, "Sync")            (docs/cli.md, "Output and exit codes")
 *     (docs/ringcentral.md, "Rate limits", step 3 or any words after the closing quote)
 *
 * that is `<path>.md, "<heading>"`: the path from the repository root, a comma and a space, then the
 * heading's text in double quotes, exactly as the file spells it after its `#`s (backticks
 * included). A heading that ends in a parenthesis, like `## Performance notes (measured …)`, may be
 * cited without it: "Performance notes". The file must exist in the repository and hold that
 * heading. RingCentral's own documentation is cited by page title instead (see docs/ringcentral.md).
 *
 * Fails also on any section sign and on the upper-case names of the design and contract documents
 * of old, which name nothing in the repository. This file is left out of the scan: it spells them.
 */
const SCANNED = ['src', 'test', 'bench', 'docs', 'README.md', 'BENCHMARKS.md'];
const EXTENSIONS = ['.ts', '.js', '.mjs', '.cjs', '.md'];
const SELF = 'test/docs/citations.test.ts';

/** `<path>.md, "<heading>"`; the third group is empty when the closing quote is missing from the line. */
const CITATION = /`?([A-Za-z0-9_.\/-]+\.md)`?, "([^"\n]*)("?)/g;
/** `<path>.md,` ending a line whose next line (past comment marks) opens the quoted heading. */
const WRAPPED_CITATION = /`?([A-Za-z0-9_.\/-]+\.md)`?,[ \t]*\r?\n[\s*\/#]*"/g;
const FORBIDDEN: Array<[RegExp, string]> = [
  [/§/g, 'a section sign: cite a file and a heading instead'],
  [/\bDESIGN\.md\b/g, 'DESIGN.md is not in the repository: cite docs/design.md and a heading'],
  [/\bCLI\.md\b/g, 'CLI.md is not in the repository: cite docs/cli.md and a heading'],
];

const headingsCache = new Map<string, string[] | null>();

/** The heading texts of a Markdown file of the repository (outside code fences), or null if there is no such file. */
function headingsOf(path: string): string[] | null {
  if (!headingsCache.has(path)) {
    const absolute = join(REPO_ROOT, path);
    if (path.startsWith('/') || path.includes('..') || !existsSync(absolute)) {
      headingsCache.set(path, null);
    } else {
      const headings: string[] = [];
      let fenced = false;
      for (const line of readFileSync(absolute, 'utf8').split('\n')) {
        if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
        const heading = fenced ? null : /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
        if (heading?.[1]) headings.push(heading[1]);
      }
      headingsCache.set(path, headings);
    }
  }
  return headingsCache.get(path) ?? null;
}

/** Whether `cited` names one of the headings: exactly, or the heading without a trailing parenthesis. */
function namesHeading(cited: string, headings: string[]): boolean {
  // A heading's code spans read the same without their backticks: "recordings search" names "`recordings search`".
  return headings.some((heading) => {
    const plain = heading.replaceAll('`', '');
    return [heading, plain].some((text) => text === cited || text.replace(/\s*\([^)]*\)$/, '') === cited);
  });
}

/** Every problem with the citations of one file's text, as `path:line: what`. */
export function citationProblems(path: string, text: string): string[] {
  const problems: string[] = [];
  for (const match of text.matchAll(CITATION)) {
    const [, file = '', heading = '', closed] = match;
    const where = `${path}:${lineOf(text, match.index)}`;
    const headings = headingsOf(file);
    if (!closed) problems.push(`${where}: the citation of ${file} must keep its quoted heading on one line`);
    else if (headings === null) problems.push(`${where}: ${file} is not a file of the repository`);
    else if (!namesHeading(heading, headings)) problems.push(`${where}: ${file} has no heading "${heading}"`);
  }
  for (const match of text.matchAll(WRAPPED_CITATION)) {
    problems.push(`${path}:${lineOf(text, match.index)}: the citation of ${match[1]} must keep its quoted heading on one line`);
  }
  for (const [pattern, why] of FORBIDDEN) {
    for (const match of text.matchAll(pattern)) problems.push(`${path}:${lineOf(text, match.index)}: ${why}`);
  }
  return problems;
}

describe('citations name a file and a heading of the repository', () => {
  it('every citation in src, test, bench, docs, README.md and BENCHMARKS.md resolves', () => {
    const files = repositoryFiles(SCANNED, EXTENSIONS).filter((file) => file.path !== SELF);
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((file) => citationProblems(file.path, file.text))).toEqual([]);
  });

  it('accepts good citations and flags bad ones', () => {
    const good = [
      '// (docs/design.md, "Sync", step 3)',
      '/** (docs/cli.md, "`recordings stream <id>`") */',
      ' * (docs/design.md, "Performance notes").',
      '(docs/ringcentral.md, "Rate limits")',
    ];
    for (const text of good) expect(citationProblems('x.ts', text), text).toEqual([]);
    const bad: Array<[string, RegExp]> = [
      ['// (docs/design.md, "No such heading")', /has no heading "No such heading"/],
      ['// (docs/nowhere.md, "Sync")', /docs\/nowhere\.md is not a file/],
      ['// (docs/design.md, "The\n// simulator and the demo")', /on one line/],
      ['// the SDK (docs/ringcentral.md,\n// "The JavaScript SDK")', /on one line/],
      ['// (../docs/design.md, "Sync")', /not a file of the repository/],
      ['// README \u00a71.1', /section sign/],
      ['// see DESIGN' + '.md, Sync', /DESIGN\.md is not in the repository/],
      ['// (CLI' + '.md)', /CLI\.md is not in the repository/],
    ];
    for (const [text, problem] of bad) expect(citationProblems('x.ts', text), text).toEqual([expect.stringMatching(problem)]);
  });
});
