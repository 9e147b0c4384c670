import { badRequest } from './errors.js';
import type { FilterOptions, ParsedQuery } from './filters.js';
import { parseFilters } from './filters.js';
import { type FilterKey, URL_PARAMETERS, URL_PARAMETER_NAMES } from './parameter-style.js';
import { DIRECTION_CHOICES, EXPORT_FORMATS, type ExportFormat, InvalidValue, SENTIMENT_CHOICES, SORT_CHOICES, STATUS_CHOICES, choice, wholeNumber } from './values.js';
import { parseTimeRange } from './dates.js';
import type { StatsRange } from '../db/queries/stats.js';

/**
 * The API's query parameters (docs/cli.md, "`recordings serve`") read into the same filters the
 * command line's options become, and checked the same way: a value the CLI refuses with exit 2 is
 * a 400 here, in words that name the parameter. Two differences suit a URL: an empty parameter is
 * the same as none (an HTML form sends its empty fields), and a parameter that is not known, or
 * given twice, is refused rather than ignored (a typo must not quietly widen a search).
 */

/** A page of search results is at most this long: more is what the export is for. */
export const MAX_PAGE = 1000;
export const DEFAULT_PAGE = 50;

const FILTER_KEYS: readonly FilterKey[] = ['text', 'phone', 'from', 'to', 'direction', 'hasTranscript', 'status', 'sentiment', 'topic', 'sort', 'limit', 'offset'];
export const SEARCH_PARAMETERS: readonly string[] = FILTER_KEYS.map((key) => URL_PARAMETER_NAMES[key]);
export const STATS_PARAMETERS: readonly string[] = ['from', 'to'];
export const EXPORT_PARAMETERS: readonly string[] = [...SEARCH_PARAMETERS, 'format', 'bom'];

export interface UrlContext {
  now: Date;
  defaultRegion: string;
}

/** `GET /api/v1/recordings`: the filters and page of a search. */
export async function searchQueryFromUrl(params: URLSearchParams, context: UrlContext): Promise<{ options: FilterOptions; query: ParsedQuery }> {
  const values = readParameters(params, SEARCH_PARAMETERS);
  const options = filterOptions(values, MAX_PAGE);
  return { options, query: await parseFilters(options, { ...context, defaultLimit: DEFAULT_PAGE, style: URL_PARAMETERS }) };
}

/** `GET /api/v1/export`: the filters (every row unless `limit`), the format and the byte-order mark. */
export async function exportQueryFromUrl(
  params: URLSearchParams,
  context: UrlContext,
): Promise<{ options: FilterOptions; query: ParsedQuery; format: ExportFormat; bom: boolean }> {
  const values = readParameters(params, EXPORT_PARAMETERS);
  const options = filterOptions(values, null);
  const format = values.has('format') ? valueOf('format', () => choice(values.get('format')!, EXPORT_FORMATS)) : 'csv';
  const bom = values.has('bom') ? valueOf('bom', () => boolean(values.get('bom')!)) : false;
  return { options, query: await parseFilters(options, { ...context, defaultLimit: undefined, style: URL_PARAMETERS }), format, bom };
}

/** `GET /api/v1/stats`: the start-time range. */
export function statsRangeFromUrl(params: URLSearchParams, now: Date): StatsRange {
  const values = readParameters(params, STATS_PARAMETERS);
  return parseTimeRange(values.get('from'), values.get('to'), now, URL_PARAMETERS);
}

/** Each known parameter once, empty ones dropped; anything else is a 400. */
function readParameters(params: URLSearchParams, known: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  const seen = new Set<string>();
  for (const [name, value] of params) {
    if (!known.includes(name)) {
      throw badRequest(`unknown parameter '${shorten(name)}'`, `the parameters here are: ${known.join(', ')}`);
    }
    if (seen.has(name)) throw badRequest(`'${name}' is given more than once`, 'give each parameter at most once');
    seen.add(name);
    if (value.trim() !== '') values.set(name, value);
  }
  return values;
}

function filterOptions(values: Map<string, string>, maxLimit: number | null): FilterOptions {
  const text = (key: FilterKey) => values.get(URL_PARAMETER_NAMES[key]);
  const parsed = <T>(key: FilterKey, parse: (value: string) => T): T | undefined => {
    const value = text(key);
    return value === undefined ? undefined : valueOf(URL_PARAMETER_NAMES[key], () => parse(value));
  };
  const hasTranscript = parsed('hasTranscript', boolean);
  const limit = parsed('limit', (value) => wholeNumber(value, 1));
  if (maxLimit !== null && limit !== undefined && limit > maxLimit) {
    throw badRequest(`limit: at most ${maxLimit} recordings a page`, `page with offset, or take every row at once from /api/v1/export`);
  }
  return {
    text: text('text'),
    phone: text('phone'),
    from: text('from'),
    to: text('to'),
    direction: parsed('direction', (value) => choice(value, DIRECTION_CHOICES)),
    hasTranscript: hasTranscript === true ? true : undefined,
    transcript: hasTranscript === false ? false : undefined,
    status: parsed('status', (value) => choice(value, STATUS_CHOICES)),
    sentiment: parsed('sentiment', (value) => choice(value, SENTIMENT_CHOICES)),
    topic: text('topic'),
    sort: parsed('sort', (value) => choice(value, SORT_CHOICES)),
    limit,
    offset: parsed('offset', (value) => wholeNumber(value, 0)),
  };
}

function boolean(value: string): boolean {
  return choice(value, ['true', 'false'] as const) === 'true';
}

/** A value checked by `parse`; its complaint becomes a 400 naming the parameter. */
function valueOf<T>(name: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InvalidValue) throw badRequest(`${name}: ${error.message}`);
    throw error;
  }
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
