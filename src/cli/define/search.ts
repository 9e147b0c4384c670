import { type Command, Option } from 'commander';
import type { CliContext } from '../context.js';
import { type ActionResult, examples, lazyAction } from '../invocation.js';
import { oneOf } from './parsers.js';
import { addFilterOptions, addPagingOptions } from './read-options.js';

export function defineSearch(program: Command, ctx: CliContext, result: ActionResult): void {
  const command = program.command('search').description('find recordings by words, phone number, date, direction, transcript or insight');
  addFilterOptions(command);
  addPagingOptions(command, 'rows per page (default 50)');
  command
    .option('--json', 'print one JSON object')
    .option('--csv', 'print CSV')
    .addOption(new Option('--format <format>', 'table, json, ndjson or csv').argParser(oneOf('table', 'json', 'ndjson', 'csv')))
    .addHelpText(
      'after',
      examples(
        'recordings search --text reservation',
        "recordings search --text 'gift card' --from 7d --sentiment negative",
        "recordings search --phone '+1 (415) 555-0100'",
        'recordings search --phone 0100 --direction inbound --json',
      ),
    )
    .action(lazyAction(ctx, result, async () => (await import('../commands/search.js')).searchCommand, { paged: true }));
}
