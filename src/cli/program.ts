import { Command } from 'commander';
import type { CliContext } from './context.js';
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
  $ recordings serve                                 # a web page and a JSON API on http://127.0.0.1:8080/

Environment: RECORDINGS_DB, RECORDINGS_CONFIG, RECORDINGS_PLAYER, RC_SERVER_URL, RC_APP_CLIENT_ID,
RC_APP_CLIENT_SECRET, RC_USER_JWT, RC_USER_JWT_FILE, NO_COLOR, RECORDINGS_PAGER and PAGER
(default less -FRX). On a terminal times are local and long output is paged; piped, times are
ISO 8601 UTC.
Exit codes: 0 ok, 1 failure, 2 bad usage/input/config or no archive, 3 credentials or permission refused
(RingCentral's, or PostgreSQL's login), 4 no such id, 75 try again later (sync lock held, RingCentral or
the PostgreSQL server unavailable, or rate-limited).
`;

type Define = (program: Command, ctx: CliContext, result: ActionResult) => void;

/** Each command's definition module, in the order --help lists them. */
const DEFINITIONS: { names: string[]; load: () => Promise<Define> }[] = [
  { names: ['sync'], load: async () => (await import('./define/sync.js')).defineSync },
  { names: ['get'], load: async () => (await import('./define/get.js')).defineGet },
  { names: ['search'], load: async () => (await import('./define/search.js')).defineSearch },
  { names: ['stream'], load: async () => (await import('./define/stream.js')).defineStream },
  { names: ['stats'], load: async () => (await import('./define/stats.js')).defineStats },
  { names: ['export'], load: async () => (await import('./define/export.js')).defineExport },
  { names: ['copy'], load: async () => (await import('./define/copy.js')).defineCopy },
  { names: ['serve'], load: async () => (await import('./define/serve.js')).defineServe },
  { names: ['status', 'prune', 'hold', 'backup', 'doctor', 'audit'], load: async () => (await import('./define/operations.js')).defineOperations },
  { names: ['simulator', 'demo'], load: async () => (await import('./define/simulator.js')).defineSimulator },
];

/** Global options that take a value: their value is not the command name. */
const GLOBAL_OPTIONS_WITH_VALUE = new Set(['--db', '--config']);

/** The command the arguments name, if any (the first word that is not a global option or its value). */
export function commandNamed(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (GLOBAL_OPTIONS_WITH_VALUE.has(arg)) i += 1;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/**
 * The commander program: parsing and help only; every command's work is loaded when it runs.
 * When the arguments name a known command, only that command's definition is loaded: query
 * commands start a few milliseconds faster, and `recordings --help` still lists them all.
 */
export async function buildProgram(ctx: CliContext, result: ActionResult, args: readonly string[] = []): Promise<Command> {
  const program = new Command('recordings')
    .description("keep a local, searchable archive of a RingCentral account's call recordings")
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('--db <file|url>', 'database file, or PostgreSQL URL postgres://… (also RECORDINGS_DB)')
    .option('--config <file>', 'config file (also RECORDINGS_CONFIG)')
    .option('--no-color', 'no colour in the output (also NO_COLOR)')
    .option('--no-pager', 'do not page long output on a terminal (also PAGER=cat)')
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

  const named = commandNamed(args);
  const only = DEFINITIONS.find((definition) => named !== undefined && definition.names.includes(named));
  const defines = await Promise.all((only ? [only] : DEFINITIONS).map((definition) => definition.load()));
  for (const define of defines) define(program, ctx, result);

  // Subcommands inherit the error and output behaviour.
  for (const command of program.commands) {
    command.exitOverride().configureOutput(program.configureOutput()).showHelpAfterError('(run with --help for usage)');
  }
  return program;
}
