import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * One row per RingCentral recording id. `key` is time-derived (start time in ms × 1000 plus a
 * collision counter) and stable once assigned: it is the FTS rowid, so "newest first" over search
 * hits is a rowid order instead of a sort (docs/design.md, "Performance notes").
 */
export const recordings = sqliteTable(
  'recordings',
  {
    key: integer('key').primaryKey(),
    id: text('id').notNull(),
    callId: text('call_id').notNull(),
    sessionId: text('session_id'),
    telephonySessionId: text('telephony_session_id'),
    startTime: text('start_time').notNull(),
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
    /**
     * The extension that owns the recording for RingSense: the one on the leg that carries it, else the
     * record's. Its licence decides whether the recording gets insights (see recording_owners).
     */
    ownerExtensionId: text('owner_extension_id'),
    recordingType: text('recording_type').notNull(),
    contentUri: text('content_uri').notNull(),
    contentType: text('content_type'),
    shortRecording: integer('short_recording', { mode: 'boolean' }).notNull().default(false),
    lastModifiedTime: text('last_modified_time'),
    callLogJson: text('call_log_json').notNull(),
    transcriptStatus: text('transcript_status').notNull().default('pending'),
    transcriptAttempts: integer('transcript_attempts').notNull().default(0),
    transcriptNextAttemptAt: text('transcript_next_attempt_at'),
    transcriptError: text('transcript_error'),
    transcriptFetchedAt: text('transcript_fetched_at'),
    transcriptConfidence: real('transcript_confidence'),
    transcriptSegmentCount: integer('transcript_segment_count').notNull().default(0),
    /** Segment texts joined by newlines: what FTS indexes and snippet() quotes. */
    transcript: text('transcript'),
    summary: text('summary'),
    sentiment: text('sentiment'),
    aiScore: real('ai_score'),
    intent: text('intent'),
    /** JSON array of topic names, denormalised for output; filters use the insights table. */
    topics: text('topics').notNull().default('[]'),
    /** Party names for FTS5, whose external-content table is read by column name. */
    parties: text('parties').generatedAlwaysAs(sql`coalesce(from_name, '') || ' ' || coalesce(to_name, '')`, {
      mode: 'virtual',
    }),
    legalHold: integer('legal_hold', { mode: 'boolean' }).notNull().default(false),
    holdReason: text('hold_reason'),
    heldAt: text('held_at'),
    audioPath: text('audio_path'),
    audioSha256: text('audio_sha256'),
    audioBytes: integer('audio_bytes'),
    /**
     * null: not tried yet; `pending` (a download failed, tried again), `not_yet_available` (404 soon
     * after the call), `refused` (403), all three retried from `audio_next_attempt_at`; `archived`;
     * `missing` (404 past the account's recording retention, or for a day). See src/audio/status.ts.
     */
    audioStatus: text('audio_status'),
    /** Failed attempts since the last success: the back-off step. */
    audioAttempts: integer('audio_attempts').notNull().default(0),
    audioNextAttemptAt: text('audio_next_attempt_at'),
    /** When the content first answered 404: a day of 404s makes it `missing`. */
    audioNotFoundSince: text('audio_not_found_since'),
    /** Why the last attempt failed (RingCentral's status, errorCode and message, no secret). */
    audioError: text('audio_error'),
    firstSeenAt: text('first_seen_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (table) => [
    uniqueIndex('recordings_id_unique').on(table.id),
    index('recordings_call_id_idx').on(table.callId),
    index('recordings_session_id_idx').on(table.sessionId),
    index('recordings_telephony_session_id_idx').on(table.telephonySessionId),
    index('recordings_start_time_idx').on(table.startTime),
    index('recordings_from_digits_idx').on(table.fromDigitsReversed),
    index('recordings_to_digits_idx').on(table.toDigitsReversed),
    index('recordings_transcript_due_idx').on(table.transcriptStatus, table.transcriptNextAttemptAt),
    index('recordings_audio_due_idx').on(table.audioStatus, table.audioNextAttemptAt),
    // Covers every column `stats` aggregates, led by the key (= start time), so stats over any
    // range is an index-only scan: the table's rows carry the transcripts and are ~100× wider.
    index('recordings_stats_idx').on(
      table.key,
      table.direction,
      table.transcriptStatus,
      table.sentiment,
      table.durationSeconds,
      table.transcriptConfidence,
      table.transcriptSegmentCount,
    ),
    // The same columns ordered for `stats` over the whole archive: GROUP BY direction, sentiment,
    // status then streams in index order, one pass with five aggregates instead of eleven FILTERs.
    index('recordings_stats_groups_idx').on(
      table.direction,
      table.sentiment,
      table.transcriptStatus,
      table.durationSeconds,
      table.transcriptConfidence,
      table.transcriptSegmentCount,
    ),
  ],
);

export const transcriptSegments = sqliteTable(
  'transcript_segments',
  {
    recordingKey: integer('recording_key')
      .notNull()
      .references(() => recordings.key, { onDelete: 'cascade' }),
    ordinal: integer('ordinal').notNull(),
    speakerId: text('speaker_id'),
    speakerName: text('speaker_name'),
    start: real('start'),
    end: real('end'),
    text: text('text').notNull(),
  },
  (table) => [primaryKey({ columns: [table.recordingKey, table.ordinal] })],
);

/** Summary, highlight, next_step, topic and other per-recording insight values. */
export const insights = sqliteTable(
  'insights',
  {
    recordingKey: integer('recording_key')
      .notNull()
      .references(() => recordings.key, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    ordinal: integer('ordinal').notNull(),
    value: text('value').notNull(),
    speakerId: text('speaker_id'),
    start: real('start'),
    end: real('end'),
  },
  (table) => [
    primaryKey({ columns: [table.recordingKey, table.kind, table.ordinal] }),
    index('insights_kind_value_idx').on(table.kind, table.value, table.recordingKey),
  ],
);

/**
 * Extensions that own recordings, and what RingSense said about them. An owner without an AI
 * Conversation Expert licence gets 404 for every recording, the same answer as "not processed yet"
 * (docs/design.md, "RingCentral as it really behaves"), so sync notices a run of recordings that
 * never got insights and then asks about that owner's recordings sparingly.
 */
export const recordingOwners = sqliteTable('recording_owners', {
  extensionId: text('extension_id').primaryKey(),
  /** As the call log shows it, when it does (e.g. `101`). */
  extensionNumber: text('extension_number'),
  name: text('name'),
  /** When RingSense last answered 200 for one of its recordings (any stage); null: never. */
  insightsSeenAt: text('insights_seen_at'),
  /** Its recordings that ended `unavailable` in a row while it never had insights. */
  unavailableStreak: integer('unavailable_streak').notNull().default(0),
  /** Since when its recordings are asked about once each instead of the back-off series; null: not. */
  sparseSince: text('sparse_since'),
  updatedAt: text('updated_at').notNull(),
});

export const syncRuns = sqliteTable(
  'sync_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
    windowFrom: text('window_from'),
    windowTo: text('window_to'),
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

/** Small named values: the checkpoint, the sync lock. */
export const syncState = sqliteTable('sync_state', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** Append-only record of what people did: prune, hold, backup, export, stream. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    action: text('action').notNull(),
    actor: text('actor').notNull(),
    recordingId: text('recording_id'),
    details: text('details').notNull().default(sql`'{}'`),
  },
  (table) => [index('audit_log_at_idx').on(table.at)],
);
