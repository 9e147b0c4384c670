import { ARCHIVE_ID_STATE } from '../archive-id.js';
import type { auditLog, insights, recordingOwners, recordings, syncRuns, transcriptSegments } from '../postgres/schema.js';

/**
 * Rows as both dialects' schemas infer them: the same shape on SQLite and PostgreSQL
 * (test/store/row-types.test.ts), which is what lets an archive move between them value for value.
 */
export type RecordingRecord = typeof recordings.$inferSelect;
export type SegmentRecord = Omit<typeof transcriptSegments.$inferSelect, 'recordingKey'>;
export type InsightRecord = Omit<typeof insights.$inferSelect, 'recordingKey'>;
export type OwnerRecord = typeof recordingOwners.$inferSelect;
export type SyncRunRecord = typeof syncRuns.$inferSelect;
export type AuditRecord = typeof auditLog.$inferSelect;

/** One recording of an archive with everything stored about it, its key left behind (each archive assigns its own). */
export interface CopiedRecording {
  row: Omit<RecordingRecord, 'key'>;
  segments: SegmentRecord[];
  insights: InsightRecord[];
}

/** What a target remembers of a copy from one source archive (sync_state `copy:<source id>`). */
export interface CopyMarker {
  source: string;
  /** Where the source was, as messages show it. */
  from: string;
  startedAt: string;
  finishedAt: string | null;
  /** The last source sync run and audit row copied: later copies append only what is newer. */
  lastRunId: number;
  lastAuditId: number;
}

export const COPY_MARKER_PREFIX = 'copy:';

/** Named states a copy carries over: not the archive's own id, its lock or its record of copies. */
export function copiedState(name: string): boolean {
  return name !== ARCHIVE_ID_STATE && name !== 'sync_lock' && !name.startsWith(COPY_MARKER_PREFIX);
}

/**
 * A consistent snapshot of a whole archive (docs/cli.md, "`recordings copy --to <db>`"): one read
 * transaction on the source (SQLite's, or PostgreSQL's REPEATABLE READ) from `snapshot()` until
 * `close()`, read in batches in key or id order.
 */
export interface ArchiveSnapshot {
  readonly archiveId: string;
  counts(): Promise<{ recordings: number; segments: number; insights: number; auditEntries: number; syncRuns: number }>;
  /** Recordings after the one with `afterKey` (null: from the first), in key order, with their segments and insights. */
  recordings(afterKey: number | null, limit: number): Promise<{ lastKey: number | null; recordings: CopiedRecording[] }>;
  owners(): Promise<OwnerRecord[]>;
  syncRuns(afterId: number, limit: number): Promise<SyncRunRecord[]>;
  auditEntries(afterId: number, limit: number): Promise<AuditRecord[]>;
  /** Named state values, except the archive's own (its id, the lock, copy markers). */
  states(): Promise<Record<string, string>>;
  close(): Promise<void>;
}

/** What one transaction of a copy writes into the target; every part optional but the marker. */
export interface ImportBatch {
  marker: CopyMarker;
  recordings?: CopiedRecording[];
  owners?: OwnerRecord[];
  syncRuns?: SyncRunRecord[];
  auditEntries?: AuditRecord[];
  /** The source's state values: the checkpoint only moves forward, others fill what the target lacks. */
  states?: Record<string, string>;
}

export interface ImportResult {
  /** Recordings written: new in the target, or older there than in the source. */
  written: number;
  /** Recordings the target already had, the same or in a newer version (synced there since). */
  kept: number;
}

/** The copy-related side of a store (src/db/store.ts). */
export interface CopyEndpoint {
  snapshot(): Promise<ArchiveSnapshot>;
  /** Writes `batch` in one transaction, keeping what the target holds in a newer version. */
  importBatch(batch: ImportBatch): Promise<ImportResult>;
  /** The target's copies of these recordings, for the check after a copy. */
  readRecordings(ids: readonly string[]): Promise<CopiedRecording[]>;
  /** Whether the archive holds anything a copy could collide with: recordings, sync runs or audit rows. */
  holdsData(): Promise<boolean>;
}
