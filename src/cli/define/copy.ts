import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { type ActionResult, examples, lazyAction } from '../invocation.js';

export function defineCopy(program: Command, ctx: CliContext, result: ActionResult): void {
  program
    .command('copy')
    .description('copy the whole archive into another database, SQLite or PostgreSQL, either way; run it again to finish an interrupted copy')
    .requiredOption('--to <db>', 'the target: a file path or a PostgreSQL URL (created, or migrated, as needed)')
    .option('--json', 'print the counts as one JSON object')
    .addHelpText(
      'after',
      examples(
        'recordings copy --to postgres://recordings@db.internal/recordings   # a team outgrows one file',
        'recordings --db postgres://recordings@db.internal/recordings copy --to ~/recordings-snapshot.db',
      ),
    )
    .action(lazyAction(ctx, result, async () => (await import('../commands/copy.js')).copyCommand));
}
