import { badRequest } from '../query/errors.js';
import { type RecordingJson, type SearchJson, type StatsJson, searchJson } from '../query/json-shapes.js';
import type { ArchiveReader } from '../query/reader.js';
import type { StatusJson } from '../query/status-json.js';
import { DEFAULT_PAGE, searchQueryFromUrl, statsRangeFromUrl } from '../query/url-parameters.js';

/**
 * The data of the web page, which is exactly the API's (docs/cli.md, "`recordings serve`"): every
 * page has a JSON twin. The URL parameters are the API's (`search_text`, `phone_number`, `from`,
 * `to`, `direction`, `has_transcript`, `status`, `sentiment`, `topic`, `sort`, `limit`, `offset`);
 * the JSON types are what `search --json`, `get --json`, `stats --json` and `status --json` print.
 * A bad parameter throws QueryError `bad_request`; no archive yet throws QueryError `unavailable`
 * (except `status()`, which says so).
 */
export interface PageData {
  search(params: URLSearchParams): Promise<SearchJson>;
  recording(id: string): Promise<RecordingJson | null>;
  stats(params: URLSearchParams): Promise<StatsJson>;
  status(): Promise<StatusJson>;
}

export interface PageDataContext {
  now: () => Date;
  /** The region a national `phone_number` is read in (config `phone.defaultRegion`). */
  defaultRegion: string;
}

/** A recording id longer than this is no id: refused before it reaches the database. */
const MAX_ID_LENGTH = 256;

export function createPageData(reader: ArchiveReader, context: PageDataContext): PageData {
  return {
    async search(params) {
      const { query } = await searchQueryFromUrl(params, { now: context.now(), defaultRegion: context.defaultRegion });
      return searchJson(await reader.search(query), query.page, DEFAULT_PAGE);
    },
    async recording(id) {
      const wanted = id.trim();
      if (!wanted) throw badRequest('the id is empty', 'find ids with /api/v1/recordings');
      if (wanted.length > MAX_ID_LENGTH) return null;
      return reader.recording(wanted);
    },
    async stats(params) {
      return reader.stats(statsRangeFromUrl(params, context.now()));
    },
    status: () => reader.status(),
  };
}
