import { prefixRange } from '../phone-digits.js';

/** Keys are start time in ms × 1000 plus a collision counter (src/db/common/recording-upsert.ts). */
const KEYS_PER_MS = 1000;

/** What `search` and `export` filter on; every field given narrows the result (AND). */
export interface RecordingFilter {
  /** An FTS5 expression that is known to parse (see fts-query.ts). */
  match?: string | null | undefined;
  /** Digits a phone number of either party must end with (phoneSearchDigits). */
  phoneDigits?: string | null | undefined;
  /** Start time range [fromMs, toMs). */
  fromMs?: number | null | undefined;
  toMs?: number | null | undefined;
  direction?: string | undefined;
  /** `with`: transcript ready with at least one segment; `without`: anything else. */
  transcript?: 'with' | 'without' | undefined;
  status?: string | undefined;
  sentiment?: string | undefined;
  topic?: string | undefined;
}

export interface FilterSql {
  /** The FROM clause: the FTS table (joined to recordings as `r` when needed) or recordings `r`. */
  from: string;
  /** The recording key expression: the FTS rowid when searching text, so FTS5 handles key bounds and order. */
  key: string;
  where: string[];
  params: Record<string, unknown>;
}

/** SQL for a filter. `needRecording` joins `recordings r` even when no condition needs it (to select columns). */
export function filterSql(filter: RecordingFilter, needRecording: boolean): FilterSql {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  const recordingConditions: string[] = [];

  if (filter.phoneDigits) {
    const [low, high] = prefixRange([...filter.phoneDigits].reverse().join(''));
    params.phoneLow = low;
    params.phoneHigh = high;
    // Two index ranges joined by OR: SQLite answers it with both reversed-digits indexes.
    recordingConditions.push(
      '((r.from_digits_reversed >= @phoneLow AND r.from_digits_reversed < @phoneHigh) OR (r.to_digits_reversed >= @phoneLow AND r.to_digits_reversed < @phoneHigh))',
    );
  }
  if (filter.direction) {
    params.direction = filter.direction;
    recordingConditions.push('r.direction = @direction COLLATE NOCASE');
  }
  if (filter.transcript) {
    const has = "(r.transcript_status = 'ready' AND r.transcript_segment_count > 0)";
    recordingConditions.push(filter.transcript === 'with' ? has : `NOT ${has}`);
  }
  if (filter.status) {
    params.status = filter.status;
    recordingConditions.push('r.transcript_status = @status');
  }
  if (filter.sentiment) {
    params.sentiment = filter.sentiment;
    recordingConditions.push('r.sentiment = @sentiment COLLATE NOCASE');
  }

  const fts = Boolean(filter.match);
  const joinRecording = needRecording || recordingConditions.length > 0;
  const key = fts ? 'recordings_fts.rowid' : 'r.key';
  // When only the filters read recordings (a count, the ranking), the covering index led by the key
  // answers direction, status, transcript and sentiment without the wide rows: a filtered count of
  // 100k matches took 31 ms instead of 144 ms at 1M (BENCHMARKS.md). Phone ranges have their own indexes.
  const recordings = !needRecording && !filter.phoneDigits ? 'recordings r INDEXED BY recordings_stats_idx' : 'recordings r';
  let from = recordings;
  if (fts) {
    from = joinRecording ? `recordings_fts JOIN ${recordings} ON r.key = recordings_fts.rowid` : 'recordings_fts';
    params.match = filter.match;
    where.push('recordings_fts MATCH @match');
  }
  if (filter.fromMs !== null && filter.fromMs !== undefined) {
    params.fromKey = filter.fromMs * KEYS_PER_MS;
    // CAST: better-sqlite3 binds every JS number as REAL, and FTS5 does not use a REAL rowid bound:
    // it would walk every match and leave the bound to SQLite.
    where.push(`${key} >= CAST(@fromKey AS INTEGER)`);
  }
  if (filter.toMs !== null && filter.toMs !== undefined) {
    params.toKey = filter.toMs * KEYS_PER_MS;
    where.push(`${key} < CAST(@toKey AS INTEGER)`);
  }
  if (filter.topic) {
    // Topic names come from config keys (lowercase); the exact spelling or its lowercase both hit
    // the (kind, value, recording_key) index.
    params.topic = filter.topic;
    params.topicLower = filter.topic.toLowerCase();
    where.push(`${key} IN (SELECT recording_key FROM insights WHERE kind = 'topic' AND value IN (@topic, @topicLower))`);
  }
  where.push(...recordingConditions);
  return { from, key, where, params };
}

export function whereText(where: readonly string[]): string {
  return where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
}
