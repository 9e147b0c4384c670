import type { InferSelectModel } from 'drizzle-orm';
import type { auditLog, insights, recordingOwners, recordings, syncRuns, transcriptSegments } from './sqlite/schema.js';

/*
 * Rows as the schema types them (src/db/sqlite/schema.ts; src/db/postgres/schema.ts infers the same
 * shapes, test/store/row-types.test.ts), and the parts of them that sync writes and the commands
 * read. Type-only: nothing here loads drizzle, so the query commands may use these and still start
 * fast (docs/design.md, "Backends: one SQLite file, or PostgreSQL for a team").
 */

/** A `recordings` row as drizzle reads it, without SQLite's generated `parties`. */
export type Recording = Omit<typeof recordings.$inferSelect, 'parties'>;
/** A `recordings` row as drizzle writes it. */
export type RecordingInsert = typeof recordings.$inferInsert;

/**
 * A `recordings` row as the hand-written SQL of the query commands returns it: the database's column
 * names. Booleans arrive as 0/1 from SQLite and as booleans from PostgreSQL.
 */
export type RecordingColumns = Driven<Omit<InferSelectModel<typeof recordings, { dbColumnNames: true }>, 'parties'>>;

/** The column names of `recordings`. */
export type RecordingColumn = keyof RecordingColumns;

type Driven<T> = { [K in keyof T]: T[K] extends boolean ? boolean | number : T[K] };

/** The `recordings` fields the call log gives: sync overwrites them when RingCentral changes the record. */
export type CallLogField =
  | 'id'
  | 'callId'
  | 'sessionId'
  | 'telephonySessionId'
  | 'startTime'
  | 'durationSeconds'
  | 'direction'
  | 'fromNumber'
  | 'fromName'
  | 'fromExtension'
  | 'toNumber'
  | 'toName'
  | 'toExtension'
  | 'extensionId'
  | 'recordingType'
  | 'contentUri'
  | 'shortRecording'
  | 'lastModifiedTime'
  | 'callLogJson';

/**
 * What the call log says about one recording (src/sync/map-call-log-record.ts): its call-log fields,
 * the transcript state a new row starts in (`skipped` for recordings too short to transcribe; a
 * stored row keeps its own), and the extension that owns it for RingSense when the call log names one.
 */
export type CallRecordingRow = Pick<Recording, CallLogField> & {
  /** ISO-8601 UTC with milliseconds, e.g. 2026-11-20T17:04:05.000Z. */
  startTime: string;
  direction: 'Inbound' | 'Outbound';
  transcriptStatus: 'pending' | 'skipped';
  owner?: RecordingOwnerRow | null;
};

/** A party of a call as `get` and `search` show it: the `from_*` or `to_*` columns. */
export interface Party {
  /** E.164 when there is one; null for an internal party known only by its extension number. */
  phoneNumber: Recording['fromNumber'];
  name: Recording['fromName'];
  extensionNumber: Recording['fromExtension'];
}

type Owner = typeof recordingOwners.$inferSelect;
/** An extension that owns recordings, and what RingSense said about it. */
export type RecordingOwner = Omit<Owner, 'updatedAt'>;
/** An extension that owns recordings, as far as the call log describes it. */
export type RecordingOwnerRow = Pick<Owner, 'extensionId' | 'extensionNumber' | 'name'>;

/** One transcript segment, its recording and place left to the writer. */
export type SegmentRow = Omit<typeof transcriptSegments.$inferSelect, 'recordingKey' | 'ordinal'>;
/** One highlight or next step, its recording, kind and place left to the writer. */
export type InsightValueRow = Pick<typeof insights.$inferSelect, 'value' | 'speakerId' | 'start' | 'end'>;

/** A transcript and the insights that come with it (RingSense, plus keyword topics and intent). */
export type TranscriptRow = Pick<Recording, 'summary' | 'sentiment' | 'aiScore' | 'intent'> & {
  segments: SegmentRow[];
  confidence: Recording['transcriptConfidence'];
  highlights: InsightValueRow[];
  nextSteps: InsightValueRow[];
  /** Topic names; stored as a JSON array in `recordings.topics` and one `topic` insight each. */
  topics: string[];
};

/** A transcript sync should ask for now (docs/design.md, "Sync", step 5). */
export type DueTranscript = Pick<Recording, 'id' | 'startTime' | 'durationSeconds'> & {
  attempts: Recording['transcriptAttempts'];
  /** The extension that owns the recording for RingSense, when known. */
  ownerExtensionId: Recording['ownerExtensionId'];
};

/** A recording whose audio sync should download now. */
export type DueAudio = Pick<Recording, 'id' | 'contentUri' | 'startTime'> & {
  status: Recording['audioStatus'];
  attempts: Recording['audioAttempts'];
  notFoundSince: Recording['audioNotFoundSince'];
};

/** A recording whose audio RingCentral refused (403), as `status` names it. */
export type RefusedAudio = Pick<Recording, 'id' | 'startTime' | 'extensionId'> & {
  error: Recording['audioError'];
  nextAttemptAt: Recording['audioNextAttemptAt'];
};

export type HoldState = Pick<Recording, 'id' | 'startTime' | 'legalHold' | 'holdReason' | 'heldAt'>;

/** A recording a prune would delete. */
export type PruneCandidate = Pick<Recording, 'id' | 'startTime' | 'audioPath'>;

type SyncRun = typeof syncRuns.$inferSelect;
/** One sync run as `status` shows it. */
export type SyncRunRow = Omit<SyncRun, 'pid'>;
/** Counts a sync run accumulates; written to its sync_runs row. */
export type RunCounts = Pick<
  SyncRun,
  | 'recordingsSeen'
  | 'recordingsNew'
  | 'recordingsUpdated'
  | 'recordsInvalid'
  | 'transcriptsFetched'
  | 'transcriptsPending'
  | 'transcriptsUnavailable'
  | 'transcriptsFailed'
  | 'audioDownloaded'
  | 'apiRequests'
>;

type Audit = typeof auditLog.$inferSelect;
/** One audit row to append; `details` is stored as JSON. */
export type AuditEntry = Pick<Audit, 'at' | 'action' | 'actor'> & { recordingId?: Audit['recordingId']; details: Record<string, unknown> };
/** One audit row as read back, details parsed. */
export type AuditRow = Omit<Audit, 'details'> & { details: Record<string, unknown> };
