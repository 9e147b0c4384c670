import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { type ActionResult, examples, lazyAction } from '../invocation.js';

export function defineSync(program: Command, ctx: CliContext, result: ActionResult): void {
  program
    .command('sync')
    .description('poll the RingCentral call log once and store new recordings, transcripts and insights')
    .option('--since <when>', 'start of the window on the first run, or a backfill: ISO date/time or a duration back from now (90m, 36h, 7d)')
    .option('--until <when>', 'end of the window (default: now)')
    .option('--full', 'ignore the stored checkpoint and re-read the whole window')
    .option('--no-transcripts', 'store call and recording metadata only')
    .option('--retry', 'treat every pending, unavailable and failed transcript as due now')
    .option('--audio', "also download each new recording's audio into the local archive")
    .option('--schedule <cron>', 'stay running and sync on this cron expression, one sync at a time')
    .option('--json', 'print the summary as one JSON object')
    .addHelpText(
      'after',
      examples(
        'recordings sync',
        'recordings sync --since 7d --audio',
        "recordings sync --schedule '*/5 * * * *'",
        'recordings sync --json | jq .recordings.new',
      ),
    )
    .action(lazyAction(ctx, result, async () => (await import('../commands/sync.js')).syncCommand));
}
