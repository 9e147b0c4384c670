import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, lineOf, repositoryFiles } from './repository-files.js';

/*
 * A fresh clone must pass its tests with nothing beside it, so no code, test, benchmark, script or
 * document may point at a file outside the repository: not the reference folder that sits beside
 * the checkout, not another checkout or work tree, not someone's home folder. System paths a
 * program really uses (/usr/bin/…, /proc, /dev, /tmp) are fine; they match nothing below.
 *
 * Flagged:
 * - a path through a folder named `shared` one or more levels up (`../shared`, `../../shared/…`);
 * - anything under `/work/` (where checkouts and reference files live on a development machine);
 * - in code, tests and scripts, a file inside a home folder: `/home/<name>/…`, `/Users/<name>/…`,
 *   `/root/…`, `C:\Users\…` (the user documentation may show paths on a user's machine, like the
 *   logrotate example of the README);
 * - a relative path in a string (`'../../x'`) that climbs out of the repository from the file that
 *   holds it.
 *
 * This file is left out of the scan: it spells the patterns.
 */
const CODE = ['src', 'test', 'bench', 'bin', '.ci', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'vitest.config.ts', 'drizzle.config.ts', 'config.example.json'];
const DOCUMENTS = ['docs', 'examples', 'README.md', 'BENCHMARKS.md'];
const EXTENSIONS = ['.ts', '.js', '.mjs', '.cjs', '.json', '.md', '.sh', '.yml', '.yaml', 'recordings', 'run', '.service', '.timer', 'crontab'];
const SELF = 'test/docs/self-contained.test.ts';

/** What no file may name. */
const OUTSIDE: Array<[RegExp, string]> = [
  [/(?:\.\.[\\/])+shared\b/g, 'the reference folder beside the checkout'],
  [/\/work\//g, 'a path under /work/'],
];

/** What code, tests and scripts may not name either. */
const HOME_FOLDERS: Array<[RegExp, string]> = [
  [/(?<![\w.~-])\/(?:home|Users)\/[\w.-]+\//g, 'a file in a home folder'],
  [/(?<![\w.~-])\/root\//g, "a file in root's home folder"],
  [/\b[A-Za-z]:\\(?:Users|home)\\/g, 'a file in a home folder'],
];

/** A relative path in quotes that starts by going up: `'../..'`, `"../x/y"`, `` `../../z` ``. */
const RELATIVE_UP = /['"`]((?:\.\.\/)+[^'"`\s]*)/g;

/** Every reference to something outside the repository in one file's text, as `path:line: what`. */
export function outsideReferences(path: string, text: string, isCode = true): string[] {
  const problems: string[] = [];
  for (const [pattern, what] of isCode ? [...OUTSIDE, ...HOME_FOLDERS] : OUTSIDE) {
    for (const match of text.matchAll(pattern)) problems.push(`${path}:${lineOf(text, match.index)}: ${what} (${match[0]})`);
  }
  const folder = dirname(join(REPO_ROOT, path));
  for (const match of text.matchAll(RELATIVE_UP)) {
    const target = relative(REPO_ROOT, resolve(folder, match[1] ?? ''));
    if (target === '..' || target.startsWith(`..${sep}`)) {
      problems.push(`${path}:${lineOf(text, match.index)}: ${match[1]} leads out of the repository`);
    }
  }
  return problems;
}

describe('the repository stands alone', () => {
  it('nothing refers to files outside it', () => {
    const code = repositoryFiles(CODE, EXTENSIONS).filter((file) => file.path !== SELF);
    const documents = repositoryFiles(DOCUMENTS, EXTENSIONS);
    expect(code.length).toBeGreaterThan(100);
    expect(documents.length).toBeGreaterThan(3);
    const problems = [
      ...code.flatMap((file) => outsideReferences(file.path, file.text)),
      ...documents.flatMap((file) => outsideReferences(file.path, file.text, false)),
    ];
    expect(problems).toEqual([]);
  });

  it('flags what leads outside and lets system paths and inside paths be', () => {
    const fine = [
      "spawn('/usr/bin/env', ['true'])",
      "readFileSync('/proc/self/status')",
      "open('/dev/null'); mkdtemp('/tmp/recordings-')",
      "import { x } from '../../src/db/index.js';",
      "new URL('../fixtures/ringcentral/examples/', import.meta.url)",
      "const env = { HOME: '/home/me' };",
      "'~/.config/recordings/config.json'",
    ];
    for (const text of fine) expect(outsideReferences('test/docs/example.ts', text), text).toEqual([]);
    const bad: Array<[string, RegExp]> = [
      ["new URL('../../../shared/ringcentral/examples/', import.meta.url)", /reference folder/],
      ["const EXAMPLES = '/w" + "ork/shared/ringcentral/examples';", /under \/work\//],
      ["readFileSync('/h" + "ome/alice/spec.yml')", /home folder/],
      ["readFileSync('/Us" + "ers/alice/spec.yml')", /home folder/],
      ["import x from '../../../other-checkout/src/x.js';", /leads out of the repository/],
    ];
    for (const [text, problem] of bad) expect(outsideReferences('test/docs/example.ts', text), text).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
  });
});
