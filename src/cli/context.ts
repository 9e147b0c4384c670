import type { Env } from '../config/paths.js';
import type { PagedOutput, PagerCommand } from './output/pager.js';

export type Verbosity = 'quiet' | 'normal' | 'verbose';

/** A place to write text: process.stdout/stderr in real runs, collecting buffers in tests. */
export interface TextSink {
  write(chunk: string | Uint8Array): boolean;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
  on?(event: 'drain' | 'error', listener: (...args: unknown[]) => void): unknown;
  once?(event: 'drain', listener: () => void): unknown;
}

/** What the program runs with. Commands take it instead of reaching for process.* themselves. */
export interface CliContext {
  stdout: TextSink;
  stderr: TextSink;
  env: Env;
  /** Whether a person can answer a question (prune's confirmation). */
  stdinIsTTY: boolean;
  readLine?: (() => Promise<string | null>) | undefined;
  now: () => Date;
  /**
   * A signal aborted on the first SIGINT or SIGTERM, for commands that stop cleanly (sync stops
   * after the current page). Only commands that ask for it change how Ctrl-C behaves; a second
   * signal ends the process at once.
   */
  interruption?: (() => AbortSignal) | undefined;
  /**
   * Starts a pager on this process's terminal (main.ts). Absent where there is no real terminal to
   * hand over (tests, the demo's nested commands): output then goes to stdout as with --no-pager.
   */
  startPager?: ((pager: PagerCommand, warn: (message: string) => void) => PagedOutput) | undefined;
}

/** Global options every command sees (docs/cli.md, "Setup and configuration"). */
export interface GlobalOptions {
  db?: string | undefined;
  config?: string | undefined;
  color: boolean;
  /** False with --no-pager. */
  pager: boolean;
  quiet: boolean;
  verbose: boolean;
}

export function verbosityOf(globals: GlobalOptions): Verbosity {
  if (globals.quiet) return 'quiet';
  return globals.verbose ? 'verbose' : 'normal';
}

/** Colour only on a terminal, never with NO_COLOR (https://no-color.org) or --no-color. */
export function colorEnabled(sink: TextSink, env: Env, globals: GlobalOptions): boolean {
  if (!globals.color) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return sink.isTTY === true && env.TERM !== 'dumb';
}

/** Messages for people, on stderr. Data never goes through here. */
export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  verbose(message: string): void;
}

export function createLogger(stderr: TextSink, verbosity: Verbosity): Logger {
  const line = (text: string) => stderr.write(`${text}\n`);
  return {
    error: (message) => line(`recordings: ${message}`),
    warn: (message) => verbosity !== 'quiet' && line(`recordings: warning: ${message}`),
    info: (message) => verbosity !== 'quiet' && line(message),
    verbose: (message) => verbosity === 'verbose' && line(message),
  };
}
