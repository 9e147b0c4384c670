import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { type ActionResult, examples, lazyAction } from '../invocation.js';
import { nonNegativeInt, oneOf, port, positiveInt, share } from './parsers.js';

/** The names of src/simulator/ringsense-behaviours.ts, spelt out so `--help` does not load the simulator. */
const RINGSENSE = ['realistic', 'ideal', 'no-permission', 'no-scope', 'moved'] as const;

export function defineSimulator(program: Command, ctx: CliContext, result: ActionResult): void {
  program
    .command('simulator')
    .description('run the built-in RingCentral simulator on 127.0.0.1 and print the RC_* variables to use it')
    .option('--port <n>', 'port to listen on (0 = any free port)', port, 0)
    .option('--seed <n>', 'seed of the generated account', nonNegativeInt, 1)
    .option('--calls <n>', 'how many calls to generate', nonNegativeInt, 500)
    .option('--days <n>', 'over how many days up to now', positiveInt, 7)
    .option('--rate-limits <mode>', 'realistic, off, or JSON such as {"Heavy":{"limit":10,"window":60}}', 'realistic')
    .option('--live', 'keep adding new calls as time passes')
    .option('--long-calls <share>', 'share of answered calls that last 2.5–8 hours (listed only once they end)', share, 0.002)
    .option(
      '--ringsense <behaviour>',
      'realistic (some users unlicensed, some insights in two stages), ideal, no-permission, no-scope or moved',
      oneOf(...RINGSENSE),
      'realistic',
    )
    .option('--access-token-ttl <seconds>', 'how long an access token lives (RingCentral: 3600)', positiveInt, 3600)
    .option('--no-refresh-tokens', 'issue no refresh tokens, like a new app without "Issue refresh tokens"')
    .option('--audio-format <format>', 'recording content: wav, mp3 (audio/mpeg) or mixed', oneOf('wav', 'mp3', 'mixed'), 'mixed')
    // It keeps running, so `eval "$(recordings simulator &)"` would wait for it forever: in the
    // background its lines go to a file, loaded once they are there.
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ recordings simulator --port 8089 --calls 2000',
        '  $ recordings simulator --ringsense no-scope   # RingSense refuses: what do sync and doctor say?',
        '  $ recordings simulator --no-refresh-tokens --access-token-ttl 60   # like a new app',
        '  then paste the export lines it prints into another shell; or, in one shell,',
        '  run it in the background with its lines going to a file, and load them:',
        '  $ recordings simulator > sim.env &',
        '  $ until [ -s sim.env ]; do sleep 0.1; done; . ./sim.env',
        '  $ recordings sync',
        '  $ kill $!                     # stops the simulator',
        '',
      ].join('\n'),
    )
    .action(lazyAction(ctx, result, async () => (await import('../commands/simulator.js')).simulatorCommand));

  program
    .command('demo')
    .description('show the whole product against the built-in simulator: sync, search, get, stats')
    .option('--seed <n>', 'seed of the generated account', nonNegativeInt, 1)
    .option('--calls <n>', 'how many calls to generate', nonNegativeInt, 300)
    .addHelpText('after', examples('recordings demo', 'recordings demo --db ./demo.db'))
    .action(lazyAction(ctx, result, async () => (await import('../commands/demo.js')).demoCommand));
}
