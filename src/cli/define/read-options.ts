import { type Command, Option } from 'commander';
import { DIRECTION_CHOICES, SENTIMENT_CHOICES, SORT_CHOICES, STATUS_CHOICES } from '../../query/values.js';
import { nonNegativeInt, oneOf, positiveInt } from './parsers.js';

/** The filters `search` and `export` share (docs/cli.md, "`recordings export`": "Same filters as `search`"). */
export function addFilterOptions(command: Command): Command {
  return command
    .option('--text <query>', 'full-text search over transcripts, summaries and party names')
    .option('--phone <number>', 'either party, in any format; 4+ trailing digits match too')
    .option('--from <when>', 'start time from: ISO date/time or a duration back from now (7d)')
    .option('--to <when>', 'start time up to; a bare date includes that whole day')
    .addOption(new Option('--direction <direction>', 'inbound or outbound').argParser(oneOf(...DIRECTION_CHOICES)))
    .option('--has-transcript', 'only recordings with a ready transcript')
    .option('--no-transcript', 'only recordings without a ready transcript')
    .addOption(new Option('--status <status>', 'transcript status').argParser(oneOf(...STATUS_CHOICES)))
    .addOption(new Option('--sentiment <sentiment>', 'positive, neutral or negative').argParser(oneOf(...SENTIMENT_CHOICES)))
    .option('--topic <name>', 'recordings tagged with this topic');
}

/** `--limit`, `--offset`, `--sort`; what `--limit` means without it differs: a page for search, all rows for export. */
export function addPagingOptions(command: Command, limitHelp: string): Command {
  return command
    .option('--limit <n>', limitHelp, positiveInt)
    .option('--offset <n>', 'rows to skip', nonNegativeInt)
    .addOption(new Option('--sort <order>', 'relevance (with --text), newest or oldest').argParser(oneOf(...SORT_CHOICES)));
}
