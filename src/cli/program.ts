import { Command } from 'commander';
import type { CliContext } from './context.js';
import { defineExport } from './define/export.js';
import { defineGet } from './define/get.js';
import { defineOperations } from './define/operations.js';
import { defineSearch } from './define/search.js';
import { defineSimulator } from './define/simulator.js';
import { defineStats } from './define/stats.js';
import { defineStream } from './define/stream.js';
import { defineSync } from './define/sync.js';
import type { ActionResult } from './invocation.js';
import { packageVersion } from './version.js';

const OVERVIEW = `
A local, searchable archive of a RingCentral account's call recordings, transcripts and AI insights.

Examples:
  $ recordings demo                                  # the whole product against the built-in simulator
  $ recordings sync                                  # poll the call log once (run it from cron)
  $ recordings search --text reservation             # full-text search
  $ recordings get 1234567890                        # one recording with its transcript
  $ recordings stream 1234567890                     # play it
  $ recordings export --from 30d --output calls.csv  # a CSV report

Environment: RECORDINGS_DB, RECORDINGS_CONFIG, RECORDINGS_PLAYER, RC_SERVER_URL, RC_APP_CLIENT_ID,
RC_APP_CLIENT_SECRET, RC_USER_JWT, RC_USER_JWT_FILE, NO_COLOR.
Exit codes: 0 ok, 1 failure, 2 bad usage/input/config, 3 credentials or permission refused,
4 no such id, 75 try again later (sync lock held, RingCentral unavailable or rate-limited).
`;

/** The commander program: parsing and help only. Every command's work is loaded when it runs. */
export function buildProgram(ctx: CliContext, result: ActionResult): Command {
  const program = new Command('recordings')
    .description("keep a local, searchable archive of a RingCentral account's call recordings")
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('--db <file>', 'database file (also RECORDINGS_DB)')
    .option('--config <file>', 'config file (also RECORDINGS_CONFIG)')
    .option('--no-color', 'no colour in the output (also NO_COLOR)')
    .option('-q, --quiet', 'print only errors on stderr')
    .option('-v, --verbose', 'more detail on stderr, and stack traces for unexpected errors')
    .showHelpAfterError('(run with --help for usage)')
    .showSuggestionAfterError(true)
    .addHelpText('after', OVERVIEW)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
      // Commander's own errors follow the CLI's one-line form: "recordings: <what went wrong>".
      outputError: (text, write) => write(`recordings: ${text.replace(/^error: /, '')}`),
    });
  program.enablePositionalOptions(false);

  defineSync(program, ctx, result);
  defineGet(program, ctx, result);
  defineSearch(program, ctx, result);
  defineStream(program, ctx, result);
  defineStats(program, ctx, result);
  defineExport(program, ctx, result);
  defineOperations(program, ctx, result);
  defineSimulator(program, ctx, result);

  // Subcommands inherit the error and output behaviour.
  for (const command of program.commands) {
    command.exitOverride().configureOutput(program.configureOutput()).showHelpAfterError('(run with --help for usage)');
  }
  return program;
}
