import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { Env } from '../../config/paths.js';
import { ExitCodeError, UsageError } from '../errors.js';
import { splitCommandLine } from './command-line.js';

export interface PlayerCommand {
  /** Absolute path of the program. */
  program: string;
  /** Arguments before the audio file's path. */
  args: string[];
  /** How it was chosen, for `-v` and messages. */
  source: '--player' | 'RECORDINGS_PLAYER or config player' | 'found on PATH';
}

/**
 * Players tried in order when none is configured, with arguments that make them play one audio file
 * and exit: mpv and ffplay stay in the terminal, vlc closes when done, afplay is macOS's own. The
 * desktop's opener comes last: it hands the file to whatever the desktop prefers and returns at once.
 * `open` only on macOS: on Debian and Ubuntu `/usr/bin/open` is `openvt`.
 */
export function defaultPlayers(platform: NodeJS.Platform): Array<{ name: string; args: string[] }> {
  return [
    { name: 'mpv', args: ['--no-video'] },
    { name: 'ffplay', args: ['-autoexit', '-nodisp', '-hide_banner', '-loglevel', 'error'] },
    { name: 'vlc', args: ['--play-and-exit'] },
    { name: 'afplay', args: [] },
    platform === 'darwin' ? { name: 'open', args: [] } : { name: 'xdg-open', args: [] },
  ];
}

/**
 * The player to use: `--player`, else `RECORDINGS_PLAYER` / the config's `player` (config loading
 * already merged those, environment first), else the first default player on PATH.
 */
export function choosePlayer(input: { option: string | undefined; configured: string | null; env: Env; platform?: NodeJS.Platform }): PlayerCommand {
  const path = input.env.PATH ?? '';
  if (input.option !== undefined) return fromCommandLine(input.option, '--player', path);
  if (input.configured) return fromCommandLine(input.configured, 'RECORDINGS_PLAYER or config player', path);
  for (const candidate of defaultPlayers(input.platform ?? process.platform)) {
    const program = findOnPath(candidate.name, path);
    if (program) return { program, args: candidate.args, source: 'found on PATH' };
  }
  throw new UsageError(
    'no audio player found (looked for mpv, ffplay, vlc, afplay, xdg-open on PATH)',
    "choose one with --player '<command>' (or RECORDINGS_PLAYER), or save the audio with --output <file>",
  );
}

function fromCommandLine(text: string, source: PlayerCommand['source'], path: string): PlayerCommand {
  const label = source === '--player' ? '--player' : 'player';
  const [name, ...args] = splitCommandLine(text, label);
  const program = name!.includes('/') ? resolve(name!) : findOnPath(name!, path);
  if (!program || !isExecutableFile(program)) {
    throw new UsageError(`${label}: '${name}' is not an executable program${name!.includes('/') ? '' : ' on PATH'}`, 'or save the audio with --output <file>');
  }
  return { program, args, source };
}

/** The program's absolute path, looked up on PATH as a shell would (empty entries and relative ones are skipped). */
export function findOnPath(name: string, path: string): string | null {
  for (const dir of path.split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs the player on `file`: an argv array (no shell, so nothing in the path or the command is
 * interpreted), the terminal shared with it, and the given environment. Resolves when it exits; a
 * failing player becomes the command's exit code.
 */
export function runPlayer(player: PlayerCommand, file: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(player.program, [...player.args, file], { stdio: 'inherit', env, shell: false });
    // Ctrl-C reaches the player too (same process group); we wait for it to stop and pass on its exit.
    const ignoreInterrupt = (): void => {};
    process.on('SIGINT', ignoreInterrupt);
    const done = (): void => {
      process.off('SIGINT', ignoreInterrupt);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      done();
      reject(new ExitCodeError(1, `cannot start the player ${player.program}: ${error.code ?? error.message}`));
    });
    child.once('close', (code, signal) => {
      done();
      if (code === 0) resolvePromise();
      else reject(new ExitCodeError(code && code > 0 ? code : 1, `the player ${player.program} ${signal ? `was stopped by ${signal}` : `exited with code ${code}`}`));
    });
  });
}
