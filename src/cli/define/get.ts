import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { type ActionResult, examples, lazyAction } from '../invocation.js';

export function defineGet(program: Command, ctx: CliContext, result: ActionResult): void {
  program
    .command('get')
    .description("show a recording's details, transcript and insights")
    .argument('<id>', 'a recording id, call-log record id or telephony session id')
    .option('--json', 'print one JSON object')
    .addHelpText('after', examples('recordings get 1234567890', 'recordings get s-a0d17c3f9e2b4 --json'))
    .action(lazyAction(ctx, result, async () => (await import('../commands/get.js')).getCommand, { paged: true }));
}
