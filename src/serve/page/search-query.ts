/**
 * The search as the page's URL holds it: the API's own parameter names
 * (docs/cli.md, "`recordings serve`"), so the search page's query string, its JSON twin and its CSV
 * download are one and the same search, and a link reproduces it.
 */
export const FILTER_FIELDS = ['search_text', 'phone_number', 'from', 'to', 'direction', 'has_transcript', 'status', 'sentiment', 'topic'] as const;
export const PAGING_FIELDS = ['sort', 'limit', 'offset'] as const;

export type SearchField = (typeof FILTER_FIELDS)[number] | (typeof PAGING_FIELDS)[number];
export type SearchQuery = Partial<Record<SearchField, string>>;

export const DEFAULT_LIMIT = 50;

/** The search fields of a URL, trimmed; empty fields (an untouched form field) and unknown ones are dropped. */
export function searchQuery(params: URLSearchParams): SearchQuery {
  const query: SearchQuery = {};
  for (const field of [...FILTER_FIELDS, ...PAGING_FIELDS]) {
    const value = params.get(field)?.trim();
    if (value) query[field] = value;
  }
  return query;
}

/** The query as URL parameters, in a fixed order; `override` sets or (with null) removes fields. */
export function queryParams(query: SearchQuery, override: Partial<Record<SearchField, string | null>> = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of [...FILTER_FIELDS, ...PAGING_FIELDS]) {
    const value = field in override ? override[field] : query[field];
    if (value) params.set(field, value);
  }
  return params;
}

/** Only the filters: what an export of "these results" takes (every matching row, not one page). */
export function filterParams(query: SearchQuery): URLSearchParams {
  return queryParams(query, { sort: query.sort ?? null, limit: null, offset: null });
}

/** `?a=b` or the empty string. */
export function withQuery(path: string, params: URLSearchParams): string {
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** How many filters other than the text box are set: the page opens its filter panel when any is. */
export function activeFilterCount(query: SearchQuery): number {
  return FILTER_FIELDS.filter((field) => field !== 'search_text' && query[field] !== undefined).length + (query.sort ? 1 : 0);
}
