import { CommanderError } from 'commander';
import type { CliContext } from './context.js';
import { describeError } from './error-to-exit-code.js';
import { EXIT } from './exit-codes.js';
import type { ActionResult } from './invocation.js';
import { buildProgram } from './program.js';

/**
 * Runs the CLI and returns its exit code; never exits. Tests call this directly with buffers for
 * stdout and stderr.
 */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  const result: ActionResult = { exitCode: EXIT.ok };
  const program = await buildProgram(ctx, result, argv.slice(2));
  const verbose = argv.includes('-v') || argv.includes('--verbose');
  try {
    await program.parseAsync(argv as string[], { from: 'node' });
    return result.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0; commander already printed its text.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const described = describeError(error);
    if (described.message) ctx.stderr.write(`recordings: ${described.message}\n`);
    if (described.hint) ctx.stderr.write(`${described.hint}\n`);
    if (described.unexpected && verbose && error instanceof Error && error.stack) ctx.stderr.write(`${error.stack}\n`);
    return described.exitCode;
  }
}
