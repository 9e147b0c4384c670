import type { Database } from 'better-sqlite3';
import type { RecordingColumn, RecordingColumns } from '../row-types.js';
import { CALL_COLUMN_NAMES, type CallFields, callFields, topicList } from './recording-columns.js';

export interface SegmentDetail {
  speakerId: string | null;
  speakerName: string | null;
  start: number | null;
  end: number | null;
  text: string;
}

/** One recording with everything stored about it (docs/cli.md, "`recordings get <id>`"). */
export interface RecordingDetail extends CallFields {
  contentType: string | null;
  otherRecordingIds: string[];
  transcript: { text: string | null; confidence: number | null; fetchedAt: string; segments: SegmentDetail[] } | null;
  insights: {
    summary: string | null;
    sentiment: string | null;
    nextSteps: string[];
    highlights: string[];
    topics: string[];
    intent: string | null;
    aiScore: number | null;
  };
  audio: {
    archived: boolean;
    path: string | null;
    bytes: number | null;
    sha256: string | null;
    /** null (never tried), pending, not_yet_available, refused, archived, missing (src/audio/status.ts). */
    status: string | null;
    attempts: number;
    nextAttemptAt: string | null;
    notFoundSince: string | null;
    error: string | null;
  };
  legalHold: boolean;
}

/** The columns of `recordings` a recording's detail reads. */
export const DETAIL_COLUMN_NAMES = [
  'key',
  ...CALL_COLUMN_NAMES,
  'content_type',
  'transcript_fetched_at',
  'transcript_confidence',
  'transcript',
  'summary',
  'sentiment',
  'ai_score',
  'intent',
  'topics',
  'legal_hold',
  'audio_path',
  'audio_bytes',
  'audio_sha256',
  'audio_status',
  'audio_attempts',
  'audio_next_attempt_at',
  'audio_not_found_since',
  'audio_error',
] as const satisfies readonly RecordingColumn[];

/** DETAIL_COLUMN_NAMES as a select list. */
export const DETAIL_COLUMNS = DETAIL_COLUMN_NAMES.join(', ');

export type RecordingRow = Pick<RecordingColumns, (typeof DETAIL_COLUMN_NAMES)[number]>;

/**
 * Finds a recording by its RingCentral recording id, its call-log record id, or its (telephony)
 * session id. A call or session with several recordings (a transfer) resolves to the earliest; the
 * others are listed in `otherRecordingIds`. Null when nothing matches.
 */
export function findRecording(db: Database, id: string): RecordingDetail | null {
  const byId = db.prepare(`SELECT ${DETAIL_COLUMNS} FROM recordings WHERE id = ?`).get(id) as RecordingRow | undefined;
  const row =
    byId ??
    (db
      .prepare(
        `SELECT ${DETAIL_COLUMNS} FROM recordings WHERE key = (
           SELECT min(key) FROM (
             SELECT key FROM recordings WHERE call_id = @id
             UNION ALL SELECT key FROM recordings WHERE telephony_session_id = @id
             UNION ALL SELECT key FROM recordings WHERE session_id = @id))`,
      )
      .get({ id }) as RecordingRow | undefined);
  if (!row) return null;
  return toDetail(db, row);
}

function toDetail(db: Database, row: RecordingRow): RecordingDetail {
  const others = db
    .prepare(
      `SELECT id FROM recordings WHERE key IN (
         SELECT key FROM recordings WHERE call_id = @callId
         UNION SELECT key FROM recordings WHERE telephony_session_id = @telephonySessionId
         UNION SELECT key FROM recordings WHERE session_id = @sessionId)
       AND key <> @key ORDER BY key`,
    )
    .pluck()
    .all({ callId: row.call_id, telephonySessionId: row.telephony_session_id, sessionId: row.session_id, key: row.key }) as string[];
  const segments = db
    .prepare(
      'SELECT speaker_id AS speakerId, speaker_name AS speakerName, start, "end", text FROM transcript_segments WHERE recording_key = ? ORDER BY ordinal',
    )
    .all(row.key) as SegmentDetail[];
  const values = db.prepare("SELECT kind, value FROM insights WHERE recording_key = ? AND kind IN ('next_step', 'highlight') ORDER BY kind, ordinal").all(row.key) as InsightValue[];
  return recordingDetail(row, others, segments, values);
}

export interface InsightValue {
  kind: string;
  value: string;
}

/** The detail of a recording from its row, the other recordings of its call, its segments and insight values (in order): both backends build it so. */
export function recordingDetail(row: RecordingRow, others: string[], segments: SegmentDetail[], values: readonly InsightValue[]): RecordingDetail {
  const insightValues = (kind: string) => values.filter((value) => value.kind === kind).map((value) => value.value);
  return {
    ...callFields(row),
    contentType: row.content_type,
    otherRecordingIds: others,
    transcript:
      row.transcript_fetched_at === null
        ? null
        : { text: row.transcript, confidence: row.transcript_confidence, fetchedAt: row.transcript_fetched_at, segments },
    insights: {
      summary: row.summary,
      sentiment: row.sentiment,
      nextSteps: insightValues('next_step'),
      highlights: insightValues('highlight'),
      topics: topicList(row.topics),
      intent: row.intent,
      aiScore: row.ai_score,
    },
    audio: {
      archived: row.audio_path !== null,
      path: row.audio_path,
      bytes: row.audio_bytes,
      sha256: row.audio_sha256,
      status: row.audio_status,
      attempts: row.audio_attempts,
      nextAttemptAt: row.audio_next_attempt_at,
      notFoundSince: row.audio_not_found_since,
      error: row.audio_error,
    },
    legalHold: row.legal_hold === 1 || row.legal_hold === true,
  };
}
