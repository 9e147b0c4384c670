import type { Database } from 'better-sqlite3';
import type { RecordingFilter } from './filter.js';
import { type Page, countMatches, orderedSelects } from './ordered-select.js';
import { type CallFields, LISTING_COLUMNS, type ListingColumns, callFields, hasTranscript, topicList } from './recording-columns.js';

/**
 * snippet() brackets each match with these private-use characters; the CLI turns them into colour on
 * a terminal or into visible markers in JSON/CSV. (Text never legitimately holds them.)
 */
export const MATCH_START = '\ue000';
export const MATCH_END = '\ue001';
const SNIPPET_TOKENS = 16;
/**
 * FTS5's snippet() takes time that grows with the square of the matches in a document: a 10 MB
 * transcript took minutes. Longer transcripts (beyond a two-hour call) show their preview instead.
 */
export const SNIPPET_MAX_CHARS = 100_000;
export const PREVIEW_CHARS = 160;

export interface SearchHit extends CallFields {
  hasTranscript: boolean;
  /** With a text query: the best-matching passage, matches between MATCH_START and MATCH_END. Otherwise the summary or the transcript's start. */
  snippet: string | null;
  sentiment: string | null;
  topics: string[];
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
}

export function searchRecordings(db: Database, filter: RecordingFilter, page: Page): SearchResult {
  const total = countMatches(db, filter);
  const hits: SearchHit[] = [];
  if (total === 0 || (page.offset ?? 0) >= total) return { total, hits };

  const statements = orderedSelects(db, filter, page, LISTING_COLUMNS, total);
  const rows = statements.flatMap((s) => db.prepare(s.sql).all(s.params) as ListingColumns[]);
  const snippets = filter.match ? pageSnippets(db, filter.match, rows.map((row) => row.key)) : null;
  const preview = db
    .prepare(`SELECT coalesce(summary, substr(transcript, 1, ${PREVIEW_CHARS + 1})) FROM recordings WHERE key = ?`)
    .pluck();
  for (const row of rows) {
    const text = snippets?.get(row.key) ?? shorten(preview.get(row.key) as string | null);
    hits.push(toHit(row, text));
  }
  return { total, hits };
}

/**
 * The snippets of a page of hits in one pass over the matches between the page's oldest and newest
 * key, instead of one MATCH per hit: each of those seeks through every term's doclist (~75 µs at 1M
 * recordings, BENCHMARKS.md). `+rowid` keeps the key list a plain filter, so snippet() runs for the
 * page's rows only. CAST: better-sqlite3 binds every JS number as REAL, and FTS5 ignores a REAL
 * rowid bound beside MATCH (it would walk every match).
 */
function pageSnippets(db: Database, match: string, keys: number[]): Map<number, string | null> {
  const snippets = new Map<number, string | null>();
  if (keys.length === 0) return snippets;
  const rows = db
    .prepare(
      `SELECT rowid AS key,
         CASE WHEN (SELECT length(transcript) FROM recordings WHERE key = recordings_fts.rowid) > ${SNIPPET_MAX_CHARS} THEN NULL
         ELSE snippet(recordings_fts, -1, '${MATCH_START}', '${MATCH_END}', '…', ${SNIPPET_TOKENS}) END AS snippet
       FROM recordings_fts
       WHERE recordings_fts MATCH @match AND rowid >= CAST(@low AS INTEGER) AND rowid <= CAST(@high AS INTEGER)
         AND +rowid IN (SELECT value FROM json_each(@keys))`,
    )
    .all({ match, low: Math.min(...keys), high: Math.max(...keys), keys: JSON.stringify(keys) }) as { key: number; snippet: string | null }[];
  for (const row of rows) snippets.set(row.key, row.snippet);
  return snippets;
}

export function shorten(text: string | null): string | null {
  if (text === null) return null;
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

export function toHit(row: ListingColumns, snippet: string | null): SearchHit {
  return {
    ...callFields(row),
    hasTranscript: hasTranscript(row.transcript_status, row.transcript_segment_count),
    snippet,
    sentiment: row.sentiment,
    topics: topicList(row.topics),
  };
}
