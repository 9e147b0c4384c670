import type { RecordingDetail } from '../db/queries/get.js';
import type { Page } from '../db/queries/ordered-select.js';
import { MATCH_END, MATCH_START, type SearchHit, type SearchResult } from '../db/queries/search.js';
import type { Stats } from '../db/queries/stats.js';

/**
 * The JSON the query commands print and `serve` answers with, one shape per command (status:
 * status-json.ts), as (docs/cli.md, "`recordings get <id>`"), (docs/cli.md, "`recordings search`")
 * and (docs/cli.md, "`recordings stats`") give them. The CLI and the API both build them here, so a
 * page and its JSON twin cannot drift apart.
 */

/** One hit of `search --json`: the snippet's matches between ** markers. */
export type SearchHitJson = SearchHit;

/** What `search --json` prints and `GET /api/v1/recordings` answers. */
export interface SearchJson {
  total: number;
  limit: number;
  offset: number;
  recordings: SearchHitJson[];
}

/** What `get --json` prints and `GET /api/v1/recordings/{id}` answers. */
export type RecordingJson = RecordingDetail;

/** What `stats --json` prints and `GET /api/v1/stats` answers. */
export type StatsJson = Stats;

/**
 * Matches in snippets are marked `**like this**` in JSON, NDJSON, CSV and tables without colour
 * (Markdown's bold, rare in speech); on a colour terminal they are shown bold yellow instead
 * (src/cli/commands/search-listing.ts), and the web page marks them up.
 */
export const MARK_START = '**';
export const MARK_END = '**';
const MARKERS = new RegExp(`[${MATCH_START}${MATCH_END}]`, 'g');

/** The snippet for data output: matches between ** markers. */
export function markedSnippet(snippet: string | null): string | null {
  if (snippet === null) return null;
  return snippet.replace(MARKERS, (m) => (m === MATCH_START ? MARK_START : MARK_END));
}

export function searchHitJson(hit: SearchHit): SearchHitJson {
  return { ...hit, snippet: markedSnippet(hit.snippet) };
}

/** A page of search results as `search --json` prints it; `page` is the parsed paging (limit always set for search). */
export function searchJson(result: SearchResult, page: Page, defaultLimit: number): SearchJson {
  const { limit = defaultLimit, offset = 0 } = page;
  return { total: result.total, limit, offset, recordings: result.hits.map(searchHitJson) };
}
