import { homedir } from 'node:os';
import { join } from 'node:path';

export type Env = Readonly<Record<string, string | undefined>>;

/** The XDG base directories (https://specifications.freedesktop.org/basedir-spec/), each with its usual fallback. */
export function xdgDirs(env: Env): { config: string; data: string; state: string; cache: string } {
  const home = env.HOME || homedir();
  const pick = (name: string, fallback: string) => {
    const value = env[name];
    // The spec says a relative path in these variables is invalid and must be ignored.
    return value && value.startsWith('/') ? value : join(home, fallback);
  };
  return {
    config: join(pick('XDG_CONFIG_HOME', '.config'), 'recordings'),
    data: join(pick('XDG_DATA_HOME', '.local/share'), 'recordings'),
    state: join(pick('XDG_STATE_HOME', '.local/state'), 'recordings'),
    cache: join(pick('XDG_CACHE_HOME', '.cache'), 'recordings'),
  };
}

/** Expands a leading `~/` so config files can say `~/archive/recordings.db`. */
export function expandHome(path: string, env: Env): string {
  if (path === '~') return env.HOME || homedir();
  if (path.startsWith('~/')) return join(env.HOME || homedir(), path.slice(2));
  return path;
}
