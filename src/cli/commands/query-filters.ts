import type { Database } from 'better-sqlite3';
import type { RecordingFilter } from '../../db/queries/filter.js';
import { ftsExpression } from '../../db/queries/fts-query.js';
import type { Page, SortOrder } from '../../db/queries/ordered-select.js';
import { parseTimeRange } from '../dates.js';
import { UsageError } from '../errors.js';
import type { Invocation } from '../invocation.js';

/** The options addFilterOptions and addPagingOptions declare (src/cli/define/read-options.ts). */
export interface FilterOptions {
  text?: string;
  phone?: string;
  from?: string;
  to?: string;
  direction?: 'inbound' | 'outbound';
  hasTranscript?: boolean;
  /** Commander's `--no-transcript`: false when given. */
  transcript?: boolean;
  status?: string;
  sentiment?: string;
  topic?: string;
  limit?: number;
  offset?: number;
  sort?: SortOrder;
}

/** A filter before the text query is checked against the database's FTS5 parser. */
export interface ParsedQuery {
  text: string | null;
  filter: Omit<RecordingFilter, 'match'>;
  page: Page;
}

/**
 * Validates every filter flag before the database is opened, so bad input is exit 2 with nothing
 * created or changed. Empty `--text` is refused rather than read as "everything": a script passing
 * an unset variable should not silently list the whole archive. `defaultRegion` reads `--phone`
 * (from loadArchiveSettings, which loads it when --phone is given).
 */
export async function parseQueryOptions(
  invocation: Invocation,
  options: FilterOptions,
  defaultLimit: number | undefined,
  defaultRegion: string | null,
): Promise<ParsedQuery> {
  let text: string | null = null;
  if (options.text !== undefined) {
    if (!options.text.trim()) throw new UsageError('--text is empty', 'give words to search for (--text reservation), or leave --text out to list every recording');
    text = options.text;
  }
  if (options.hasTranscript && options.transcript === false) {
    throw new UsageError('--has-transcript and --no-transcript exclude each other', 'use one of them');
  }
  const { fromMs, toMs } = parseTimeRange(options.from, options.to, invocation.ctx.now());
  let phoneDigits: string | null = null;
  if (options.phone !== undefined) {
    // Lazy: libphonenumber-js's metadata (~230 modules) would add ~60 ms to every query's start-up.
    const { phoneSearchDigits } = await import('../../util/phone.js');
    if (defaultRegion === null) throw new Error('--phone needs the default region: load it with loadArchiveSettings');
    phoneDigits = phoneSearchDigits(options.phone, defaultRegion);
    if (phoneDigits === null) throw new UsageError('--phone needs at least 4 digits', "e.g. --phone 0100 or --phone '+1 (415) 555-0100'");
  }
  if (options.sort === 'relevance' && text === null) {
    // Said rather than quietly sorted by date: the caller expected a ranking there is nothing to rank by.
    throw new UsageError('--sort relevance needs --text: without words to rank by there is no relevance', 'add --text <words>, or use --sort newest or --sort oldest');
  }
  const sort: SortOrder = options.sort ?? (text ? 'relevance' : 'newest');
  return {
    text,
    filter: {
      phoneDigits,
      fromMs,
      toMs,
      direction: options.direction,
      transcript: options.hasTranscript ? 'with' : options.transcript === false ? 'without' : undefined,
      status: options.status,
      sentiment: options.sentiment,
      topic: options.topic,
    },
    page: { limit: options.limit ?? defaultLimit, offset: options.offset ?? 0, sort },
  };
}

/**
 * The filter with its text query made safe: valid FTS5 syntax as written, anything else as plain
 * words. Null when the text has nothing to search for (the result is then empty, not an error).
 */
export function withTextQuery(db: Database, parsed: ParsedQuery): RecordingFilter | null {
  if (parsed.text === null) return parsed.filter;
  const match = ftsExpression(db, parsed.text);
  return match === null ? null : { ...parsed.filter, match };
}

/** The filters as given, for the audit log. */
export function describeFilters(options: FilterOptions): Record<string, unknown> {
  const keys = ['text', 'phone', 'from', 'to', 'direction', 'hasTranscript', 'status', 'sentiment', 'topic', 'limit', 'offset', 'sort'] as const;
  const described: Record<string, unknown> = {};
  for (const key of keys) if (options[key] !== undefined) described[key] = options[key];
  if (options.transcript === false) described.noTranscript = true;
  return described;
}
