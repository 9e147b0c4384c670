import type { Database } from 'better-sqlite3';
import type { PartyRow } from '../rows.js';
import type { RecordingFilter } from './filter.js';
import { type Page, countMatches, orderedSelects } from './ordered-select.js';
import { LISTING_COLUMNS, type ListingColumns, hasTranscript, party, topicList } from './recording-columns.js';

/**
 * snippet() brackets each match with these private-use characters; the CLI turns them into colour on
 * a terminal or into visible markers in JSON/CSV. (Text never legitimately holds them.)
 */
export const MATCH_START = '\ue000';
export const MATCH_END = '\ue001';
const SNIPPET_TOKENS = 16;
const PREVIEW_CHARS = 160;

export interface SearchHit {
  id: string;
  callId: string;
  sessionId: string | null;
  telephonySessionId: string | null;
  startTime: string;
  durationSeconds: number;
  direction: string;
  from: PartyRow;
  to: PartyRow;
  recordingType: string;
  transcriptStatus: string;
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
  // CAST: better-sqlite3 binds a JS number as REAL, and FTS5 ignores a REAL `rowid =` constraint
  // next to MATCH: the statement would return the first match of the whole index, not this row's.
  const snippet = filter.match
    ? db.prepare(
        `SELECT snippet(recordings_fts, -1, '${MATCH_START}', '${MATCH_END}', '…', ${SNIPPET_TOKENS}) FROM recordings_fts WHERE recordings_fts MATCH ? AND rowid = CAST(? AS INTEGER)`,
      ).pluck()
    : null;
  const preview = db
    .prepare(`SELECT coalesce(summary, substr(transcript, 1, ${PREVIEW_CHARS + 1})) FROM recordings WHERE key = ?`)
    .pluck();
  for (const row of rows) {
    const text = snippet ? (snippet.get(filter.match, row.key) as string | null) : shorten(preview.get(row.key) as string | null);
    hits.push(toHit(row, text));
  }
  return { total, hits };
}

function shorten(text: string | null): string | null {
  if (text === null) return null;
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

function toHit(row: ListingColumns, snippet: string | null): SearchHit {
  return {
    id: row.id,
    callId: row.call_id,
    sessionId: row.session_id,
    telephonySessionId: row.telephony_session_id,
    startTime: row.start_time,
    durationSeconds: row.duration_seconds,
    direction: row.direction,
    from: party(row.from_number, row.from_name, row.from_extension),
    to: party(row.to_number, row.to_name, row.to_extension),
    recordingType: row.recording_type,
    transcriptStatus: row.transcript_status,
    hasTranscript: hasTranscript(row.transcript_status, row.transcript_segment_count),
    snippet,
    sentiment: row.sentiment,
    topics: topicList(row.topics),
  };
}
