import type { RecordingFilter } from '../db/queries/filter.js';
import type { Page, SortOrder } from '../db/queries/ordered-select.js';
import { parseTimeRange } from './dates.js';
import { badRequest } from './errors.js';
import { COMMAND_LINE, type ParameterStyle } from './parameter-style.js';
import { checkTextBound } from './text-bound.js';

/**
 * The filters of search and export as the caller gave them: the command line's options
 * (src/cli/define/read-options.ts) or the API's URL parameters (url-parameters.ts), each value
 * already one of its choices where it has choices.
 */
export interface FilterOptions {
  text?: string | undefined;
  phone?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  direction?: 'inbound' | 'outbound' | undefined;
  hasTranscript?: boolean | undefined;
  /** Commander's `--no-transcript`: false when given. */
  transcript?: boolean | undefined;
  status?: string | undefined;
  sentiment?: string | undefined;
  topic?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
  sort?: SortOrder | undefined;
}

/** A filter before the text query is checked against the database's full-text parser. */
export interface ParsedQuery {
  text: string | null;
  filter: Omit<RecordingFilter, 'match'>;
  page: Page;
}

export interface ParseContext {
  now: Date;
  /** Rows per page without `limit`: 50 for search, every row for export (undefined). */
  defaultLimit: number | undefined;
  /** The region a national `phone` number is read in (config `phone.defaultRegion`); needed only with `phone`. */
  defaultRegion: string | null;
  /** How the caller spells the parameters, for the messages: the command line's by default. */
  style?: ParameterStyle;
}

/**
 * Validates every filter before the database is opened, so bad input is exit 2 (HTTP 400) with
 * nothing created or changed. Empty text is refused rather than read as "everything": a script
 * passing an unset variable should not silently list the whole archive; text beyond what a search
 * may cost is refused too (text-bound.ts).
 */
export async function parseFilters(options: FilterOptions, context: ParseContext): Promise<ParsedQuery> {
  const style = context.style ?? COMMAND_LINE;
  const name = (key: Parameters<ParameterStyle['name']>[0]) => style.name(key);
  let text: string | null = null;
  if (options.text !== undefined) {
    if (!options.text.trim()) {
      throw badRequest(`${name('text')} is empty`, `give words to search for (${style.example(['text', 'reservation'])}), or leave ${name('text')} out to list every recording`);
    }
    checkTextBound(options.text, style);
    text = options.text;
  }
  if (options.hasTranscript && options.transcript === false) {
    throw badRequest('--has-transcript and --no-transcript exclude each other', 'use one of them');
  }
  const { fromMs, toMs } = parseTimeRange(options.from, options.to, context.now, style);
  let phoneDigits: string | null = null;
  if (options.phone !== undefined) {
    // Lazy: libphonenumber-js's metadata (~230 modules) would add ~60 ms to every query's start-up.
    const { phoneSearchDigits } = await import('../util/phone.js');
    if (context.defaultRegion === null) throw new Error(`${name('phone')} needs the default region: load it with the configuration`);
    phoneDigits = phoneSearchDigits(options.phone, context.defaultRegion);
    if (phoneDigits === null) {
      throw badRequest(`${name('phone')} needs at least 4 digits`, `e.g. ${style.example(['phone', '0100'])} or ${style.example(['phone', "'+1 (415) 555-0100'"])}`);
    }
  }
  if (options.sort === 'relevance' && text === null) {
    // Said rather than quietly sorted by date: the caller expected a ranking there is nothing to rank by.
    throw badRequest(
      `${style.example(['sort', 'relevance'])} needs ${name('text')}: without words to rank by there is no relevance`,
      `add ${style.example(['text', '<words>'])}, or use ${style.example(['sort', 'newest'])} or ${style.example(['sort', 'oldest'])}`,
    );
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
    page: { limit: options.limit ?? context.defaultLimit, offset: options.offset ?? 0, sort },
  };
}

/** The filters as given, for the audit log. */
export function describeFilters(options: FilterOptions): Record<string, unknown> {
  const keys = ['text', 'phone', 'from', 'to', 'direction', 'hasTranscript', 'status', 'sentiment', 'topic', 'limit', 'offset', 'sort'] as const;
  const described: Record<string, unknown> = {};
  for (const key of keys) if (options[key] !== undefined) described[key] = options[key];
  if (options.transcript === false) described.noTranscript = true;
  return described;
}
