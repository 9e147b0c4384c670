import { statSync } from 'node:fs';
import { ARCHIVE_ID_STATE } from '../archive-id.js';
import type { Database } from 'better-sqlite3';
import { audioQueue, dueAudio, makeAllAudioDue, makeAudioDueNow, recordAudioArchived, recordAudioSetback, refusedAudio } from '../audio-queries.js';
import { schemaVersion } from '../migrations.js';
import { changeLegalHold, holdStates, pruneAudioFileCount } from '../ops-queries.js';
import { noteOwnerInsights, noteOwnerUnavailable, ownersWithoutInsights, recordingOwner } from '../owner-queries.js';
import { deletePruneBatch, pruneCandidates, pruneCounts } from '../prune.js';
import { appendAudit, listAudit } from '../queries/audit.js';
import { contentUriOf } from '../queries/content-uri.js';
import { type ExportRow, exportRows } from '../queries/export-rows.js';
import type { RecordingFilter } from '../queries/filter.js';
import { ftsExpression } from '../queries/fts-query.js';
import { findRecording } from '../queries/get.js';
import { searchRecordings } from '../queries/search.js';
import { computeStats } from '../queries/stats.js';
import {
  archivedAudioBytes,
  databaseCounts,
  lastSuccessfulSyncRun,
  readState,
  recentSyncRuns,
  transcriptQueue,
  writeState,
} from '../status-queries.js';
import type { ImportBatch } from '../copy/types.js';
import type { ArchiveStore, RecordingQuery } from '../store.js';
import {
  countDueTranscripts,
  dueTranscripts,
  heartbeatLock,
  makeAllTranscriptsDue,
  markAbandonedRuns,
  releaseLock,
  startRun,
  tryAcquireLock,
  updateRun,
} from '../sync-queries.js';
import { setTranscriptState, writeCallRecordings, writeFirstStageInsights, writeTranscript } from '../write-recordings.js';

/**
 * The archive in one SQLite file (docs/design.md, "Data"), over the synchronous functions of
 * src/db/: better-sqlite3 answers at once, so each method runs whole inside its promise, and each
 * write is one synchronous transaction (STYLE.md: fetch asynchronously, then write in one
 * transaction). Nothing here loads drizzle: the query commands start fast.
 */
export class SqliteStore implements ArchiveStore {
  readonly backend = 'sqlite' as const;

  constructor(
    /** The open database; the store closes it. */
    readonly db: Database,
    readonly location: string,
  ) {}

  async archiveId(): Promise<string> {
    return readState(this.db, ARCHIVE_ID_STATE) ?? '';
  }

  async schemaVersion() {
    return schemaVersion(this.db);
  }

  async tryAcquireSyncLock(...args: Parameters<ArchiveStore['tryAcquireSyncLock']>) {
    return tryAcquireLock(this.db, ...args);
  }

  async heartbeatSyncLock(token: string, now: string) {
    return heartbeatLock(this.db, token, now);
  }

  async releaseSyncLock(token: string) {
    releaseLock(this.db, token);
  }

  async markAbandonedRuns(...args: Parameters<ArchiveStore['markAbandonedRuns']>) {
    return markAbandonedRuns(this.db, ...args);
  }

  async startRun(input: { startedAt: string; pid: number }) {
    return startRun(this.db, input);
  }

  async updateRun(...args: Parameters<ArchiveStore['updateRun']>) {
    updateRun(this.db, ...args);
  }

  async readState(name: string) {
    return readState(this.db, name);
  }

  async writeStates(values: Readonly<Record<string, string>>, now: string) {
    this.db.transaction(() => {
      for (const [name, value] of Object.entries(values)) writeState(this.db, name, value, now);
    }).immediate();
  }

  async writeCallRecordings(...args: Parameters<ArchiveStore['writeCallRecordings']>) {
    return writeCallRecordings(this.db, ...args);
  }

  async dueTranscripts(now: string, limit: number) {
    return dueTranscripts(this.db, now, limit);
  }

  async countDueTranscripts(now: string) {
    return countDueTranscripts(this.db, now);
  }

  async makeAllTranscriptsDue(now: string) {
    return makeAllTranscriptsDue(this.db, now);
  }

  async setTranscriptState(...args: Parameters<ArchiveStore['setTranscriptState']>) {
    setTranscriptState(this.db, ...args);
  }

  async writeTranscript(...args: Parameters<ArchiveStore['writeTranscript']>) {
    return writeTranscript(this.db, ...args);
  }

  async writeFirstStageInsights(...args: Parameters<ArchiveStore['writeFirstStageInsights']>) {
    return writeFirstStageInsights(this.db, ...args);
  }

  async recordingOwner(extensionId: string) {
    return recordingOwner(this.db, extensionId);
  }

  async noteOwnerInsights(extensionId: string, now: string) {
    return noteOwnerInsights(this.db, extensionId, now);
  }

  async noteOwnerUnavailable(extensionId: string, sparseAfter: number, now: string) {
    return noteOwnerUnavailable(this.db, extensionId, sparseAfter, now);
  }

  async dueAudio(now: string, limit: number) {
    return dueAudio(this.db, now, limit);
  }

  async recordAudioArchived(...args: Parameters<ArchiveStore['recordAudioArchived']>) {
    recordAudioArchived(this.db, ...args);
  }

  async recordAudioSetback(...args: Parameters<ArchiveStore['recordAudioSetback']>) {
    recordAudioSetback(this.db, ...args);
  }

  async makeAudioDueNow(id: string, now: string) {
    makeAudioDueNow(this.db, id, now);
  }

  async makeAllAudioDue(now: string) {
    return makeAllAudioDue(this.db, now);
  }

  async findRecording(id: string) {
    return findRecording(this.db, id);
  }

  async contentUri(recordingId: string) {
    return contentUriOf(this.db, recordingId);
  }

  async search(query: RecordingQuery) {
    const filter = this.filterOf(query);
    return filter ? searchRecordings(this.db, filter, query.page) : { total: 0, hits: [] };
  }

  async *exportRows(query: RecordingQuery) {
    const filter = this.filterOf(query);
    if (!filter) return;
    // The ordered selects carry the key too: the rows handed out have the export columns only.
    for (const { key: _key, ...row } of exportRows(this.db, filter, query.page) as Iterable<ExportRow & { key?: number }>) yield row;
  }

  async stats(...args: Parameters<ArchiveStore['stats']>) {
    return computeStats(this.db, ...args);
  }

  async facts(options: { runs: number; refusedShown: number }) {
    const { db } = this;
    return {
      schema: schemaVersion(db),
      bytes: fileSize(this.location) + fileSize(`${this.location}-wal`),
      audioArchiveBytes: archivedAudioBytes(db),
      counts: databaseCounts(db),
      transcripts: transcriptQueue(db),
      ownersWithoutInsights: ownersWithoutInsights(db),
      audio: { byStatus: audioQueue(db), refused: refusedAudio(db, options.refusedShown) },
      checkpoint: readState(db, 'checkpoint'),
      recentSyncs: recentSyncRuns(db, options.runs),
      lastSuccessfulSync: lastSuccessfulSyncRun(db),
    };
  }

  async newestRecordingId() {
    return (this.db.prepare('SELECT id FROM recordings ORDER BY key DESC LIMIT 1').pluck().get() as string | undefined) ?? null;
  }

  async appendAudit(...args: Parameters<ArchiveStore['appendAudit']>) {
    appendAudit(this.db, ...args);
  }

  async listAudit(limit: number) {
    return listAudit(this.db, limit);
  }

  async holdStates(ids: readonly string[]) {
    return holdStates(this.db, ids);
  }

  async changeLegalHold(...args: Parameters<ArchiveStore['changeLegalHold']>) {
    return changeLegalHold(this.db, ...args);
  }

  async pruneCounts(cutoff: string) {
    return { ...pruneCounts(this.db, cutoff), audioFiles: pruneAudioFileCount(this.db, cutoff) };
  }

  async pruneCandidates(cutoff: string, limit: number) {
    return pruneCandidates(this.db, cutoff, limit);
  }

  async deletePruneBatch(cutoff: string, batchSize: number) {
    return deletePruneBatch(this.db, cutoff, batchSize);
  }

  async backup(target: string) {
    const { backupDatabase } = await import('../backup.js');
    return backupDatabase(this.db, target);
  }

  async snapshot() {
    const { sqliteSnapshot } = await import('./copy.js');
    return sqliteSnapshot(this.db);
  }

  async importBatch(batch: ImportBatch) {
    const { importBatch } = await import('./copy.js');
    return importBatch(this.db, batch);
  }

  async readRecordings(ids: readonly string[]) {
    const { readRecordings } = await import('./copy.js');
    return readRecordings(this.db, ids);
  }

  async holdsData() {
    const { holdsData } = await import('./copy.js');
    return holdsData(this.db);
  }

  async close() {
    if (this.db.open) this.db.close();
  }

  /** The filter with the text as an FTS5 expression that parses; null when the text has no words. */
  private filterOf(query: RecordingQuery): RecordingFilter | null {
    if (query.text === null) return query.filter;
    const match = ftsExpression(this.db, query.text);
    return match === null ? null : { ...query.filter, match };
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
