import { sql } from 'drizzle-orm';
import { bigint, boolean, customType, doublePrecision, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * An ISO-8601 UTC time as text in byte order (`COLLATE "C"`): ranges and ORDER BY then follow time
 * whatever the database's collation is, as they do on SQLite.
 */
const isoTime = customType<{ data: string; driverData: string }>({ dataType: () => 'text COLLATE "C"' });

/**
 * The archive on PostgreSQL: the same tables, columns and meanings as the SQLite schema
 * (src/db/sqlite/schema.ts), so that both dialects' rows have the same shape (test/store/row-types.test.ts)
 * and an archive copies from one to the other value for value (docs/design.md, "Backends: one SQLite file, or PostgreSQL for a team").
 *
 * Times stay ISO-8601 UTC text (`2026-11-20T17:04:05.000Z`), as on SQLite: they sort as text (isoTime), compare
 * the same way in both dialects' SQL, and come back exactly as written, so the JSON of every command
 * is the same on both. Keys, sizes and counts that may pass 2^31 are `bigint` read as JavaScript
 * numbers (every value here stays far below 2^53). What search adds (the text search configuration,
 * the generated `tsvector` and its GIN index, the phone-digit indexes in byte order) lives in a
 * hand-written migration, as FTS5 does on SQLite: drizzle-kit cannot model it.
 */
export const recordings = pgTable(
  'recordings',
  {
    /** Start time in ms × 1000 plus a collision counter (src/db/common/recording-upsert.ts). */
    key: bigint('key', { mode: 'number' }).primaryKey(),
    id: text('id').notNull(),
    callId: text('call_id').notNull(),
    sessionId: text('session_id'),
    telephonySessionId: text('telephony_session_id'),
    startTime: isoTime('start_time').notNull(),
    durationSeconds: integer('duration_seconds').notNull(),
    direction: text('direction').notNull(),
    fromNumber: text('from_number'),
    fromName: text('from_name'),
    fromExtension: text('from_extension'),
    fromDigitsReversed: text('from_digits_reversed'),
    toNumber: text('to_number'),
    toName: text('to_name'),
    toExtension: text('to_extension'),
    toDigitsReversed: text('to_digits_reversed'),
    extensionId: text('extension_id'),
    ownerExtensionId: text('owner_extension_id'),
    recordingType: text('recording_type').notNull(),
    contentUri: text('content_uri').notNull(),
    contentType: text('content_type'),
    shortRecording: boolean('short_recording').notNull().default(false),
    lastModifiedTime: isoTime('last_modified_time'),
    callLogJson: text('call_log_json').notNull(),
    transcriptStatus: text('transcript_status').notNull().default('pending'),
    transcriptAttempts: integer('transcript_attempts').notNull().default(0),
    transcriptNextAttemptAt: isoTime('transcript_next_attempt_at'),
    transcriptError: text('transcript_error'),
    transcriptFetchedAt: isoTime('transcript_fetched_at'),
    transcriptConfidence: doublePrecision('transcript_confidence'),
    transcriptSegmentCount: integer('transcript_segment_count').notNull().default(0),
    transcript: text('transcript'),
    summary: text('summary'),
    sentiment: text('sentiment'),
    aiScore: doublePrecision('ai_score'),
    intent: text('intent'),
    topics: text('topics').notNull().default('[]'),
    legalHold: boolean('legal_hold').notNull().default(false),
    holdReason: text('hold_reason'),
    heldAt: isoTime('held_at'),
    audioPath: text('audio_path'),
    audioSha256: text('audio_sha256'),
    audioBytes: bigint('audio_bytes', { mode: 'number' }),
    audioStatus: text('audio_status'),
    audioAttempts: integer('audio_attempts').notNull().default(0),
    audioNextAttemptAt: isoTime('audio_next_attempt_at'),
    audioNotFoundSince: isoTime('audio_not_found_since'),
    audioError: text('audio_error'),
    firstSeenAt: isoTime('first_seen_at').notNull(),
    updatedAt: isoTime('updated_at').notNull(),
  },
  (table) => [
    uniqueIndex('recordings_id_unique').on(table.id),
    index('recordings_call_id_idx').on(table.callId),
    index('recordings_session_id_idx').on(table.sessionId),
    index('recordings_telephony_session_id_idx').on(table.telephonySessionId),
    index('recordings_start_time_idx').on(table.startTime),
    index('recordings_transcript_due_idx').on(table.transcriptStatus, table.transcriptNextAttemptAt),
    index('recordings_audio_due_idx').on(table.audioStatus, table.audioNextAttemptAt),
  ],
);

export const transcriptSegments = pgTable(
  'transcript_segments',
  {
    recordingKey: bigint('recording_key', { mode: 'number' })
      .notNull()
      .references(() => recordings.key, { onDelete: 'cascade' }),
    ordinal: integer('ordinal').notNull(),
    speakerId: text('speaker_id'),
    speakerName: text('speaker_name'),
    start: doublePrecision('start'),
    end: doublePrecision('end'),
    text: text('text').notNull(),
  },
  (table) => [primaryKey({ columns: [table.recordingKey, table.ordinal] })],
);

export const insights = pgTable(
  'insights',
  {
    recordingKey: bigint('recording_key', { mode: 'number' })
      .notNull()
      .references(() => recordings.key, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    ordinal: integer('ordinal').notNull(),
    value: text('value').notNull(),
    speakerId: text('speaker_id'),
    start: doublePrecision('start'),
    end: doublePrecision('end'),
  },
  (table) => [
    primaryKey({ columns: [table.recordingKey, table.kind, table.ordinal] }),
    index('insights_kind_value_idx').on(table.kind, table.value, table.recordingKey),
  ],
);

export const recordingOwners = pgTable('recording_owners', {
  extensionId: text('extension_id').primaryKey(),
  extensionNumber: text('extension_number'),
  name: text('name'),
  insightsSeenAt: isoTime('insights_seen_at'),
  unavailableStreak: integer('unavailable_streak').notNull().default(0),
  sparseSince: isoTime('sparse_since'),
  updatedAt: isoTime('updated_at').notNull(),
});

export const syncRuns = pgTable(
  'sync_runs',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    startedAt: isoTime('started_at').notNull(),
    finishedAt: isoTime('finished_at'),
    windowFrom: isoTime('window_from'),
    windowTo: isoTime('window_to'),
    status: text('status').notNull().default('running'),
    recordingsSeen: integer('recordings_seen').notNull().default(0),
    recordingsNew: integer('recordings_new').notNull().default(0),
    recordingsUpdated: integer('recordings_updated').notNull().default(0),
    recordsInvalid: integer('records_invalid').notNull().default(0),
    transcriptsFetched: integer('transcripts_fetched').notNull().default(0),
    transcriptsPending: integer('transcripts_pending').notNull().default(0),
    transcriptsUnavailable: integer('transcripts_unavailable').notNull().default(0),
    transcriptsFailed: integer('transcripts_failed').notNull().default(0),
    audioDownloaded: integer('audio_downloaded').notNull().default(0),
    apiRequests: integer('api_requests').notNull().default(0),
    error: text('error'),
    pid: integer('pid'),
  },
  (table) => [index('sync_runs_started_at_idx').on(table.startedAt)],
);

export const syncState = pgTable('sync_state', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  updatedAt: isoTime('updated_at').notNull(),
});

export const auditLog = pgTable(
  'audit_log',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    at: isoTime('at').notNull(),
    action: text('action').notNull(),
    actor: text('actor').notNull(),
    recordingId: text('recording_id'),
    details: text('details').notNull().default(sql`'{}'`),
  },
  (table) => [index('audit_log_at_idx').on(table.at)],
);
