import type { Database, Transaction } from 'better-sqlite3';
import { reversedDigits } from './phone-digits.js';
import type { RecordingColumn } from './row-types.js';
import type { CallRecordingRow, RecordingOwnerRow, TranscriptRow, TranscriptStatus } from './rows.js';
import { upsertStatement } from './upsert.js';

/** Keys are start time in ms × 1000 plus a counter, so up to 1000 recordings may share a millisecond. */
const KEYS_PER_MS = 1000;

export const CALL_LOG_COLUMNS = [
  'key',
  'id',
  'call_id',
  'session_id',
  'telephony_session_id',
  'start_time',
  'duration_seconds',
  'direction',
  'from_number',
  'from_name',
  'from_extension',
  'from_digits_reversed',
  'to_number',
  'to_name',
  'to_extension',
  'to_digits_reversed',
  'extension_id',
  'owner_extension_id',
  'recording_type',
  'content_uri',
  'short_recording',
  'last_modified_time',
  'call_log_json',
  'transcript_status',
  'first_seen_at',
  'updated_at',
] as const satisfies readonly RecordingColumn[];

/** On conflict the call-log columns follow RingCentral; transcript, hold and audio state stay ours. */
const CALL_LOG_UPDATE = CALL_LOG_COLUMNS.filter((name) => !['key', 'id', 'transcript_status', 'first_seen_at'].includes(name));

/**
 * Update only when the record really changed, and never go back to an older version of it (a
 * lookback window may return a record we already hold in a newer state).
 */
const CHANGED =
  'excluded.call_log_json IS NOT recordings.call_log_json AND (' +
  'excluded.last_modified_time IS NULL OR recordings.last_modified_time IS NULL OR ' +
  'excluded.last_modified_time >= recordings.last_modified_time)';

export interface WriteCounts {
  inserted: number;
  updated: number;
}

/**
 * Upserts one page of call-log recordings in a single synchronous transaction: either the whole
 * page is stored or none of it.
 */
export function writeCallRecordings(db: Database, rows: readonly CallRecordingRow[], now: string): WriteCounts {
  const existing = db.prepare('SELECT key FROM recordings WHERE id = ?').pluck();
  const maxKeyInMs = db.prepare('SELECT max(key) FROM recordings WHERE key >= ? AND key < ?').pluck();
  const upsert = upsertStatement(db, {
    table: 'recordings',
    columns: CALL_LOG_COLUMNS,
    conflict: ['id'],
    update: CALL_LOG_UPDATE,
    where: CHANGED,
  });
  const owner = db.prepare(
    `INSERT INTO recording_owners (extension_id, extension_number, name, updated_at) VALUES (@extensionId, @extensionNumber, @name, @now)
     ON CONFLICT (extension_id) DO UPDATE SET
       extension_number = coalesce(excluded.extension_number, extension_number), name = coalesce(excluded.name, name), updated_at = excluded.updated_at
     WHERE coalesce(excluded.extension_number, extension_number) IS NOT extension_number OR coalesce(excluded.name, name) IS NOT name`,
  );
  const write = db.transaction(() => {
    const counts: WriteCounts = { inserted: 0, updated: 0 };
    const owners = new Map<string, RecordingOwnerRow>();
    for (const row of rows) {
      const storedKey = existing.get(row.id) as number | undefined;
      const key = storedKey ?? nextKey(maxKeyInMs, row.startTime);
      const result = upsert.run(toParams(row, key, now));
      if (storedKey === undefined) counts.inserted += 1;
      else if (result.changes > 0) counts.updated += 1;
      // A page may give an owner's number on one record and not on another: keep what any said.
      if (row.owner) {
        const seen = owners.get(row.owner.extensionId);
        owners.set(row.owner.extensionId, {
          extensionId: row.owner.extensionId,
          extensionNumber: row.owner.extensionNumber ?? seen?.extensionNumber ?? null,
          name: row.owner.name ?? seen?.name ?? null,
        });
      }
    }
    for (const known of owners.values()) owner.run({ ...known, now });
    return counts;
  });
  return write.immediate();
}

function nextKey(maxKeyInMs: { get: (...args: unknown[]) => unknown }, startTime: string): number {
  const base = Date.parse(startTime) * KEYS_PER_MS;
  const max = maxKeyInMs.get(base, base + KEYS_PER_MS) as number | null;
  if (max === null) return base;
  if (max + 1 >= base + KEYS_PER_MS) throw new Error(`more than ${KEYS_PER_MS} recordings start at ${startTime}`);
  return max + 1;
}

function toParams(row: CallRecordingRow, key: number, now: string): Record<string, unknown> {
  return {
    key,
    id: row.id,
    call_id: row.callId,
    session_id: row.sessionId,
    telephony_session_id: row.telephonySessionId,
    start_time: row.startTime,
    duration_seconds: row.durationSeconds,
    direction: row.direction,
    from_number: row.from.phoneNumber,
    from_name: row.from.name,
    from_extension: row.from.extensionNumber,
    from_digits_reversed: reversedDigits(row.from.phoneNumber),
    to_number: row.to.phoneNumber,
    to_name: row.to.name,
    to_extension: row.to.extensionNumber,
    to_digits_reversed: reversedDigits(row.to.phoneNumber),
    extension_id: row.extensionId,
    owner_extension_id: row.owner?.extensionId ?? null,
    recording_type: row.recordingType,
    content_uri: row.contentUri,
    short_recording: row.shortRecording ? 1 : 0,
    last_modified_time: row.lastModifiedTime,
    call_log_json: row.callLogJson,
    transcript_status: row.transcriptStatusOnInsert,
    first_seen_at: now,
    updated_at: now,
  };
}

/**
 * Stores a transcript with its insights and marks it `ready`, replacing whatever was stored for
 * the recording before, in one transaction. Returns false when the recording is unknown.
 */
export function writeTranscript(db: Database, recordingId: string, transcript: TranscriptRow, now: string): boolean {
  return transcriptStatements(db).write.immediate(recordingId, transcript, { status: 'ready', nextAttemptAt: null, error: null, attempted: false }, now);
}

/**
 * Stores the insights of a first-stage answer (AI Notes: a summary, next steps, no transcript),
 * replacing what was stored, and leaves the transcript in `change`'s state (`pending` to ask
 * again, `unavailable` past the give-up age): the transcript is not stored, so `get` shows none.
 */
export function writeFirstStageInsights(db: Database, recordingId: string, insights: TranscriptRow, change: TranscriptStateChange, now: string): boolean {
  return transcriptStatements(db).write.immediate(recordingId, insights, change, now);
}

interface TranscriptStatements {
  write: Transaction<(recordingId: string, transcript: TranscriptRow, change: TranscriptStateChange, now: string) => boolean>;
}

const transcriptCache = new WeakMap<Database, TranscriptStatements>();

/** Prepared once per connection: preparing six statements per transcript cost more than running them. */
function transcriptStatements(db: Database): TranscriptStatements {
  const cached = transcriptCache.get(db);
  if (cached) return cached;
  const keyOf = db.prepare('SELECT key FROM recordings WHERE id = ?').pluck();
  const deleteSegments = db.prepare('DELETE FROM transcript_segments WHERE recording_key = ?');
  const deleteInsights = db.prepare('DELETE FROM insights WHERE recording_key = ?');
  const segment = db.prepare(
    'INSERT INTO transcript_segments (recording_key, ordinal, speaker_id, speaker_name, start, "end", text) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insight = db.prepare(
    'INSERT INTO insights (recording_key, kind, ordinal, value, speaker_id, start, "end") VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const update = db.prepare(
    `UPDATE recordings SET transcript_status = @status, transcript_error = @error, transcript_next_attempt_at = @nextAttemptAt,
       transcript_attempts = transcript_attempts + @attempted,
       transcript_fetched_at = CASE WHEN @status = 'ready' THEN @now END, transcript_confidence = @confidence, transcript_segment_count = @segmentCount,
       transcript = @text, summary = @summary, sentiment = @sentiment, ai_score = @aiScore, intent = @intent,
       topics = @topics, updated_at = @now
     WHERE key = @key`,
  );
  const write = db.transaction((recordingId: string, transcript: TranscriptRow, change: TranscriptStateChange, now: string) => {
    const key = keyOf.get(recordingId) as number | undefined;
    if (key === undefined) return false;
    deleteSegments.run(key);
    deleteInsights.run(key);
    transcript.segments.forEach((s, i) => segment.run(key, i, s.speakerId, s.speakerName, s.start, s.end, s.text));
    transcript.highlights.forEach((h, i) => insight.run(key, 'highlight', i, h.value, h.speakerId, h.start, h.end));
    transcript.nextSteps.forEach((n, i) => insight.run(key, 'next_step', i, n.value, n.speakerId, n.start, n.end));
    transcript.topics.forEach((topic, i) => insight.run(key, 'topic', i, topic, null, null, null));
    update.run({
      key,
      now,
      status: change.status,
      error: change.error,
      nextAttemptAt: change.nextAttemptAt,
      attempted: change.attempted ? 1 : 0,
      confidence: transcript.confidence,
      segmentCount: transcript.segments.length,
      text: transcript.segments.length > 0 ? transcript.segments.map((s) => s.text).join('\n') : null,
      summary: transcript.summary,
      sentiment: transcript.sentiment,
      aiScore: transcript.aiScore,
      intent: transcript.intent,
      topics: JSON.stringify(transcript.topics),
    });
    return true;
  });
  const statements = { write };
  transcriptCache.set(db, statements);
  return statements;
}

export interface TranscriptStateChange {
  status: TranscriptStatus;
  nextAttemptAt: string | null;
  error: string | null;
  /** Whether this change records an attempt (a request made), which raises the attempt count. */
  attempted: boolean;
}

/** Moves a recording's transcript to another state without touching stored text. */
export function setTranscriptState(db: Database, recordingId: string, change: TranscriptStateChange, now: string): void {
  db.prepare(
    `UPDATE recordings SET transcript_status = @status, transcript_next_attempt_at = @nextAttemptAt,
       transcript_error = @error, transcript_attempts = transcript_attempts + @attempted, updated_at = @now
     WHERE id = @id`,
  ).run({ id: recordingId, status: change.status, nextAttemptAt: change.nextAttemptAt, error: change.error, attempted: change.attempted ? 1 : 0, now });
}
