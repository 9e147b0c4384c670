import type { Command } from 'commander';
import { type CliContext, type GlobalOptions, type Logger, colorEnabled, createLogger, verbosityOf } from './context.js';
import { pagedOutput } from './output/pager.js';

/** Everything a command function receives besides its own options and arguments. */
export interface Invocation {
  ctx: CliContext;
  globals: GlobalOptions;
  log: Logger;
  /** Whether stdout may carry colour (a terminal, and colour not turned off). */
  color: boolean;
}

/** A command's implementation: returns its exit code (0 when it returns nothing) or throws a typed error. */
export type CommandFunction<O> = (invocation: Invocation, options: O, ...args: string[]) => Promise<number | void>;

export interface ActionResult {
  exitCode: number;
}

/**
 * Builds a commander action that loads the command's module only when it runs, so `--help` and the
 * query commands never pay for what other commands import (the SDK, ora, zod). With `paged`, its
 * stdout goes through the pager on a terminal (output/pager.ts), and the action ends when the
 * pager does.
 */
export function lazyAction<O>(ctx: CliContext, result: ActionResult, load: () => Promise<CommandFunction<O>>, actionOptions: { paged?: boolean } = {}) {
  return async (...args: unknown[]): Promise<void> => {
    const command = args.at(-1) as Command;
    const commandOptions = args.at(-2) as O;
    const positional = args.slice(0, -2) as string[];
    const globals = command.optsWithGlobals() as GlobalOptions;
    const log = createLogger(ctx.stderr, verbosityOf(globals));
    const run = await load();
    const paged = actionOptions.paged ? pagedOutput(ctx, globals, log) : null;
    const invocation: Invocation = {
      ctx: paged ? { ...ctx, stdout: paged.sink } : ctx,
      globals,
      log,
      // Decided on the real stdout: the default pager (less -R) shows colours as they are.
      color: colorEnabled(ctx.stdout, ctx.env, globals),
    };
    try {
      result.exitCode = (await run(invocation, commandOptions, ...positional)) ?? 0;
    } finally {
      await paged?.finish();
    }
  };
}

/** The "Examples:" block every command's --help ends with. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;
}
