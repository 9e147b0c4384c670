import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Env } from '../config/paths.js';

/** This install's launcher: bin/ beside dist/ and src/ (both one level below the package root). */
const OWN_LAUNCHER = fileURLToPath(new URL('../../bin/recordings', import.meta.url));

/**
 * What the user types to run this very install from where they are, for hints such as the demo's
 * last lines: `recordings` when that name on PATH is this install (`npm install -g`, `npm link`);
 * `npx recordings` in the package's folder (a clone after `npm install`, where the bare name is
 * "command not found" but npx runs the package's own bin); otherwise the launcher's full path.
 */
export function commandForThisInstall(env: Env, cwd: string, launcher: string = OWN_LAUNCHER): string {
  const own = realPath(launcher);
  const onPath = firstOnPath('recordings', env);
  if (onPath !== null && own !== null && realPath(onPath) === own) return 'recordings';
  const root = dirname(dirname(own ?? launcher));
  const where = relative(root, realPath(cwd) ?? cwd);
  if (!where.startsWith('..') && !isAbsolute(where)) return 'npx recordings';
  return /^[\w./-]+$/.test(launcher) ? launcher : `'${launcher.replace(/'/g, `'\\''`)}'`;
}

/** The file a shell would run for the name: the first executable regular file of that name on PATH. */
function firstOnPath(name: string, env: Env): string | null {
  for (const folder of (env.PATH ?? '').split(delimiter)) {
    if (!folder) continue;
    const candidate = join(folder, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not there, or not executable: the shell looks further too.
    }
  }
  return null;
}

function realPath(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}
