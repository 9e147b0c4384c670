import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { type ActionResult, examples, lazyAction } from '../invocation.js';

export function defineStats(program: Command, ctx: CliContext, result: ActionResult): void {
  program
    .command('stats')
    .description('totals: recordings, transcripts, sentiment, topics, directions, calls per day, last sync')
    .option('--from <when>', 'start time from: ISO date/time or a duration back from now (30d)')
    .option('--to <when>', 'start time up to; a bare date includes that whole day')
    .option('--json', 'print one JSON object')
    .addHelpText('after', examples('recordings stats', 'recordings stats --from 30d --json'))
    .action(lazyAction(ctx, result, async () => (await import('../commands/stats.js')).statsCommand, { paged: true }));
}
