import { type Command, Option } from 'commander';
import type { CliContext } from '../context.js';
import { type ActionResult, examples, lazyAction } from '../invocation.js';
import { EXPORT_FORMATS } from '../../query/values.js';
import { oneOf } from './parsers.js';
import { addFilterOptions, addPagingOptions } from './read-options.js';

export function defineExport(program: Command, ctx: CliContext, result: ActionResult): void {
  const command = program.command('export').description('write matching recordings as CSV, JSON or NDJSON, streamed');
  addFilterOptions(command);
  addPagingOptions(command, 'at most this many rows (default: every matching row)');
  command
    .addOption(new Option('--format <format>', 'csv, json or ndjson').argParser(oneOf(...EXPORT_FORMATS)).default('csv'))
    .option('-o, --output <file>', 'write to this file instead of stdout (written whole, then renamed into place)')
    .option('--bom', 'start the CSV with a byte-order mark, for Excel')
    .addHelpText(
      'after',
      examples(
        'recordings export --from 2026-11-01 --to 2026-11-30 --output november.csv',
        'recordings export --text complaint --format ndjson | jq .id',
        'recordings export --bom --output calls.csv',
      ),
    )
    .action(lazyAction(ctx, result, async () => (await import('../commands/export.js')).exportCommand));
}
