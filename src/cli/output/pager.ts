import type { Env } from '../../config/paths.js';
import type { CliContext, GlobalOptions, Logger, TextSink } from '../context.js';

/**
 * Paging long output on a terminal, as git does (docs/cli.md, "Output and exit codes"): the
 * command in RECORDINGS_PAGER, else PAGER, else `less -FRX` (quit at once when it fits on one
 * screen, pass colours, leave the text on the screen after quitting). Never when stdout is not a
 * terminal, with `--no-pager`, or when the pager is empty or `cat`.
 */
export const DEFAULT_PAGER = 'less -FRX';

/** What to start: a command line and the environment it runs with. */
export interface PagerCommand {
  command: string;
  env: Env;
}

/** A command's stdout while it is paged. `finish` waits until the person has quit the pager. */
export interface PagedOutput {
  sink: TextSink;
  finish(): Promise<void>;
}

/** The pager the environment names, or null for none. An empty or `cat` pager means none, as in git. */
export function pagerCommand(env: Env): PagerCommand | null {
  const chosen = (env.RECORDINGS_PAGER ?? env.PAGER ?? DEFAULT_PAGER).trim();
  if (chosen === '' || chosen === 'cat') return null;
  // git's defaults for less and lv, kept when the user set their own: `PAGER=less` still passes colours.
  return { command: chosen, env: { ...env, LESS: env.LESS ?? 'FRX', LV: env.LV ?? '-c' } };
}

/** The paged stdout for a command, or null when its output goes straight to stdout. */
export function pagedOutput(ctx: CliContext, globals: GlobalOptions, log: Logger): PagedOutput | null {
  if (!ctx.startPager || globals.pager === false || ctx.stdout.isTTY !== true || ctx.env.TERM === 'dumb') return null;
  const pager = pagerCommand(ctx.env);
  return pager ? ctx.startPager(pager, (message) => log.warn(message)) : null;
}
