import { UsageError } from '../errors.js';

export type OutputFormat = 'table' | 'json' | 'ndjson' | 'csv';

/** The output option set every read command shares: `--json`, `--csv`, `--format <f>`. */
export interface FormatOptions {
  json?: boolean | undefined;
  csv?: boolean | undefined;
  format?: OutputFormat | undefined;
}

/** One format from the flags; two flags that disagree are a usage error rather than a guess. */
export function resolveFormat(options: FormatOptions, fallback: OutputFormat = 'table'): OutputFormat {
  const asked = new Set<OutputFormat>();
  if (options.json) asked.add('json');
  if (options.csv) asked.add('csv');
  if (options.format) asked.add(options.format);
  if (asked.size > 1) {
    throw new UsageError(`conflicting output formats: ${[...asked].join(' and ')}`, 'choose one of --json, --csv or --format <table|json|ndjson|csv>');
  }
  return [...asked][0] ?? fallback;
}
