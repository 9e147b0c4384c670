import type { AudioQueueRow } from './audio-queries.js';
import type { BackupResult } from './backup.js';
import type { CopyEndpoint } from './copy/types.js';
import type { SchemaVersion } from './migration-journal.js';
import type { ExportRow } from './queries/export-rows.js';
import type { RecordingFilter } from './queries/filter.js';
import type { RecordingDetail } from './queries/get.js';
import type { Page } from './queries/ordered-select.js';
import type { SearchResult } from './queries/search.js';
import type { Stats, StatsRange } from './queries/stats.js';
import type {
  AuditEntry,
  AuditRow,
  CallRecordingRow,
  DueAudio,
  DueTranscript,
  HoldState,
  PruneCandidate,
  RecordingOwner,
  RefusedAudio,
  RunCounts,
  SyncRunRow,
  TranscriptRow,
} from './row-types.js';
import type { DatabaseCounts, TranscriptQueue } from './status-queries.js';
import type { TranscriptStatus } from './transcript-status.js';

export type Backend = 'sqlite' | 'postgres';

/**
 * A search or export as the caller asked for it: the text as typed (each backend makes it safe for
 * its own full-text parser: FTS5 on SQLite, tsquery on PostgreSQL), the other filters, the page.
 */
export interface RecordingQuery {
  text: string | null;
  filter: Omit<RecordingFilter, 'match'>;
  page: Page;
}

/** The holder of the single-writer sync lock, as stored in sync_state. */
export interface LockHolder {
  pid: number;
  host: string;
  token: string;
  startedAt: string;
  heartbeatAt: string;
}

export type LockAttempt = { acquired: true; replaced: LockHolder | null } | { acquired: false; holder: LockHolder | null };

export type RunFields = Partial<RunCounts> & { windowFrom?: string; windowTo?: string; status?: string; finishedAt?: string; error?: string | null };

export interface WriteCounts {
  inserted: number;
  updated: number;
}

export interface TranscriptStateChange {
  status: TranscriptStatus;
  nextAttemptAt: string | null;
  error: string | null;
  /** Whether this change records an attempt (a request made), which raises the attempt count. */
  attempted: boolean;
}

/** What an audio download that did not archive the audio leaves behind (src/audio/status.ts decides it). */
export interface AudioSetback {
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  notFoundSince: string | null;
  error: string;
}

export interface HoldChange {
  /** Place (true) or release (false) the hold. */
  hold: boolean;
  /** Stored with a new hold; a hold already in place keeps its reason unless a new one is given. */
  reason: string | null;
  at: string;
  actor: string;
  /** The id the operator named (a call or session id may stand for several recordings). */
  requestedId: string;
}

/** What `status` shows about an archive, whatever holds it. */
export interface ArchiveFacts {
  schema: SchemaVersion;
  /** The database's size on disk: the file and its -wal on SQLite, the tables and indexes on PostgreSQL. */
  bytes: number;
  audioArchiveBytes: number;
  counts: DatabaseCounts;
  transcripts: TranscriptQueue[];
  ownersWithoutInsights: RecordingOwner[];
  audio: { byStatus: AudioQueueRow[]; refused: RefusedAudio[] };
  checkpoint: string | null;
  recentSyncs: SyncRunRow[];
  lastSuccessfulSync: SyncRunRow | null;
}

/**
 * One archive, whatever holds it: a SQLite file (sqlite/store.ts) or a PostgreSQL schema
 * (postgres/store.ts). Commands, sync, the audio module and serve use this and nothing else, and one
 * contract test suite runs against both (test/store/contract.ts), so neither can drift
 * (docs/design.md, "Backends: one SQLite file, or PostgreSQL for a team").
 *
 * Every method is async, as PostgreSQL's are; the SQLite store runs each one synchronously inside,
 * and each write is one transaction: a page of the call log, a transcript with its insights, a
 * hold with its audit rows. Values are JavaScript values on both: numbers as numbers, booleans as
 * booleans, times as ISO-8601 UTC text.
 *
 * Calls must not overlap on one store while an export's rows are being read: the connection is
 * busy until that loop ends.
 */
export interface ArchiveStore extends CopyEndpoint {
  readonly backend: Backend;
  /** The archive as messages show it: the file's path, or the URL with its password replaced by `***`. */
  readonly location: string;

  // ── The archive itself
  /** The id the archive got when it was created (migrations/0007_archive_id.sql). */
  archiveId(): Promise<string>;
  schemaVersion(): Promise<SchemaVersion>;

  // ── Sync: the lock, runs and named state values
  /**
   * Takes the single-writer sync lock unless a live sync holds it, never waiting
   * (docs/design.md, "Sync", step 1). `canTakeOver` decides whether a stored holder that kept the lock is dead
   * (SQLite: the lock is a row); PostgreSQL's advisory lock ends with its holder's connection.
   */
  tryAcquireSyncLock(holder: LockHolder, canTakeOver: (current: LockHolder) => boolean): Promise<LockAttempt>;
  /** Refreshes the holder's heartbeat; false when the lock is no longer this holder's. */
  heartbeatSyncLock(token: string, now: string): Promise<boolean>;
  releaseSyncLock(token: string): Promise<void>;
  /** Runs left `running` whose process is gone are marked `interrupted`; returns how many. */
  markAbandonedRuns(isAbandoned: (pid: number | null) => boolean, now: string): Promise<number>;
  startRun(input: { startedAt: string; pid: number }): Promise<number>;
  updateRun(id: number, fields: RunFields): Promise<void>;
  readState(name: string): Promise<string | null>;
  /** Writes named values in one transaction: the checkpoint moves together with what goes with it. */
  writeStates(values: Readonly<Record<string, string>>, now: string): Promise<void>;

  // ── Sync: recordings, transcripts and their owners
  /** Upserts one page of call-log recordings in one transaction. */
  writeCallRecordings(rows: readonly CallRecordingRow[], now: string): Promise<WriteCounts>;
  dueTranscripts(now: string, limit: number): Promise<DueTranscript[]>;
  /** How many transcripts are due now: what dueTranscripts would hand out without a limit (the summary's backlog). */
  countDueTranscripts(now: string): Promise<number>;
  makeAllTranscriptsDue(now: string): Promise<number>;
  setTranscriptState(recordingId: string, change: TranscriptStateChange, now: string): Promise<void>;
  /** Stores a transcript with its insights (`ready`); false when the recording is unknown. */
  writeTranscript(recordingId: string, transcript: TranscriptRow, now: string): Promise<boolean>;
  /** Stores first-stage insights (no transcript) and moves the transcript to `change`'s state. */
  writeFirstStageInsights(recordingId: string, insights: TranscriptRow, change: TranscriptStateChange, now: string): Promise<boolean>;
  recordingOwner(extensionId: string): Promise<RecordingOwner | null>;
  /** RingSense answered 200 for one of the owner's recordings; returns the owner as it was before. */
  noteOwnerInsights(extensionId: string, now: string): Promise<RecordingOwner | null>;
  /** One more of the owner's recordings ended `unavailable`; returns the owner after the change. */
  noteOwnerUnavailable(extensionId: string, sparseAfter: number, now: string): Promise<RecordingOwner>;

  // ── Audio state (the files themselves are the audio module's)
  dueAudio(now: string, limit: number): Promise<DueAudio[]>;
  recordAudioArchived(input: { id: string; path: string; sha256: string; bytes: number; contentType: string | null; now: string }): Promise<void>;
  recordAudioSetback(id: string, setback: AudioSetback, now: string): Promise<void>;
  makeAudioDueNow(id: string, now: string): Promise<void>;
  makeAllAudioDue(now: string): Promise<number>;

  // ── Reads
  /** By recording id, call-log record id or (telephony) session id; null when nothing matches. */
  findRecording(id: string): Promise<RecordingDetail | null>;
  /** The recording's content URL as the call log gave it. */
  contentUri(recordingId: string): Promise<string | null>;
  search(query: RecordingQuery): Promise<SearchResult>;
  /** Every matching row, one at a time: memory stays flat however many rows there are. */
  exportRows(query: RecordingQuery): AsyncIterable<ExportRow>;
  stats(range: StatsRange): Promise<Stats>;
  facts(options: { runs: number; refusedShown: number }): Promise<ArchiveFacts>;
  /** The newest recording's id (doctor probes RingSense with it); null when there is none. */
  newestRecordingId(): Promise<string | null>;

  // ── Operations
  appendAudit(entry: AuditEntry): Promise<void>;
  listAudit(limit: number): Promise<AuditRow[]>;
  holdStates(ids: readonly string[]): Promise<HoldState[]>;
  /** Places or releases holds and writes their audit rows in one transaction; returns the ids that changed. */
  changeLegalHold(ids: readonly string[], change: HoldChange): Promise<string[]>;
  pruneCounts(cutoff: string): Promise<{ deletable: number; held: number; audioFiles: number }>;
  pruneCandidates(cutoff: string, limit: number): Promise<PruneCandidate[]>;
  /** Deletes one batch of unheld recordings older than the cut-off in one transaction; returns them. */
  deletePruneBatch(cutoff: string, batchSize: number): Promise<PruneCandidate[]>;
  /**
   * Writes a consistent snapshot of the archive to the SQLite file `target`, checked, via a temp file
   * renamed over it: what `--db <file>` reads (docs/cli.md, "Operations").
   */
  backup(target: string): Promise<BackupResult>;

  close(): Promise<void>;
}
