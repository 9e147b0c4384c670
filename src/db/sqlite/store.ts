import { statSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import type { ImportBatch } from '../copy/types.js';
import type { ExportRow } from '../queries/export-rows.js';
import type { RecordingFilter } from '../queries/filter.js';
import type { ArchiveStore, RecordingQuery } from '../store.js';

/**
 * Each concern's queries load when first used: a query command loads its own and nothing of what
 * sync, the operations or status need, and starts as fast as it did before the store
 * (docs/design.md, "Backends: one SQLite file, or PostgreSQL for a team").
 */
const archive = () => import('../archive-id.js');
const migrations = () => import('../migrations.js');
const state = () => import('../status-queries.js');
const audioFacts = () => import('../audio-queries.js');
const owners = () => import('../owner-queries.js');
// Sync and the operations write through drizzle: these load it, and nothing a query command calls
// imports them (docs/design.md, "Backends: one SQLite file, or PostgreSQL for a team").
const audio = () => import('./audio-state.js');
const operations = () => import('./operations.js');
const sync = () => import('./sync-state.js');
const writes = () => import('./write-recordings.js');

/**
 * The archive in one SQLite file (docs/design.md, "Data"), over synchronous functions:
 * better-sqlite3 answers at once, so each method runs whole inside its promise, and each write is
 * one synchronous transaction (STYLE.md: fetch asynchronously, then write in one transaction).
 * Writes and the sync path go through drizzle's query builder (src/db/sqlite/write-recordings.ts and
 * its neighbours); the query commands' reads are hand-written SQL and never load drizzle, so they
 * start fast.
 */
export class SqliteStore implements ArchiveStore {
  readonly backend = 'sqlite' as const;

  constructor(
    /** The open database; the store closes it. */
    readonly db: Database,
    readonly location: string,
  ) {}

  async archiveId(): Promise<string> {
    const [{ readState }, { ARCHIVE_ID_STATE }] = await Promise.all([state(), archive()]);
    return readState(this.db, ARCHIVE_ID_STATE) ?? '';
  }

  async schemaVersion() {
    return (await migrations()).schemaVersion(this.db);
  }

  async tryAcquireSyncLock(...args: Parameters<ArchiveStore['tryAcquireSyncLock']>) {
    return (await sync()).tryAcquireLock(this.db, ...args);
  }

  async heartbeatSyncLock(token: string, now: string) {
    return (await sync()).heartbeatLock(this.db, token, now);
  }

  async releaseSyncLock(token: string) {
    (await sync()).releaseLock(this.db, token);
  }

  async markAbandonedRuns(...args: Parameters<ArchiveStore['markAbandonedRuns']>) {
    return (await sync()).markAbandonedRuns(this.db, ...args);
  }

  async startRun(input: { startedAt: string; pid: number }) {
    return (await sync()).startRun(this.db, input);
  }

  async updateRun(...args: Parameters<ArchiveStore['updateRun']>) {
    (await sync()).updateRun(this.db, ...args);
  }

  async readState(name: string) {
    return (await state()).readState(this.db, name);
  }

  async writeStates(values: Readonly<Record<string, string>>, now: string) {
    (await sync()).writeStates(this.db, values, now);
  }

  async writeCallRecordings(...args: Parameters<ArchiveStore['writeCallRecordings']>) {
    return (await writes()).writeCallRecordings(this.db, ...args);
  }

  async dueTranscripts(now: string, limit: number) {
    return (await sync()).dueTranscripts(this.db, now, limit);
  }

  async countDueTranscripts(now: string) {
    return (await sync()).countDueTranscripts(this.db, now);
  }

  async makeAllTranscriptsDue(now: string) {
    return (await sync()).makeAllTranscriptsDue(this.db, now);
  }

  async setTranscriptState(...args: Parameters<ArchiveStore['setTranscriptState']>) {
    (await writes()).setTranscriptState(this.db, ...args);
  }

  async writeTranscript(...args: Parameters<ArchiveStore['writeTranscript']>) {
    return (await writes()).writeTranscript(this.db, ...args);
  }

  async writeFirstStageInsights(...args: Parameters<ArchiveStore['writeFirstStageInsights']>) {
    return (await writes()).writeFirstStageInsights(this.db, ...args);
  }

  async recordingOwner(extensionId: string) {
    return (await sync()).recordingOwner(this.db, extensionId);
  }

  async noteOwnerInsights(extensionId: string, now: string) {
    return (await sync()).noteOwnerInsights(this.db, extensionId, now);
  }

  async noteOwnerUnavailable(extensionId: string, sparseAfter: number, now: string) {
    return (await sync()).noteOwnerUnavailable(this.db, extensionId, sparseAfter, now);
  }

  async dueAudio(now: string, limit: number) {
    return (await audio()).dueAudio(this.db, now, limit);
  }

  async recordAudioArchived(...args: Parameters<ArchiveStore['recordAudioArchived']>) {
    (await audio()).recordAudioArchived(this.db, ...args);
  }

  async recordAudioSetback(...args: Parameters<ArchiveStore['recordAudioSetback']>) {
    (await audio()).recordAudioSetback(this.db, ...args);
  }

  async makeAudioDueNow(id: string, now: string) {
    (await audio()).makeAudioDueNow(this.db, id, now);
  }

  async makeAllAudioDue(now: string) {
    return (await audio()).makeAllAudioDue(this.db, now);
  }

  async findRecording(id: string) {
    const { findRecording } = await import('../queries/get.js');
    return findRecording(this.db, id);
  }

  async contentUri(recordingId: string) {
    const { contentUriOf } = await import('../queries/content-uri.js');
    return contentUriOf(this.db, recordingId);
  }

  async search(query: RecordingQuery) {
    const [{ searchRecordings }, filter] = await Promise.all([import('../queries/search.js'), this.filterOf(query)]);
    return filter ? searchRecordings(this.db, filter, query.page) : { total: 0, hits: [] };
  }

  async *exportRows(query: RecordingQuery) {
    const [{ exportRows }, filter] = await Promise.all([import('../queries/export-rows.js'), this.filterOf(query)]);
    if (!filter) return;
    // The ordered selects carry the key too: the rows handed out have the export columns only.
    for (const { key: _key, ...row } of exportRows(this.db, filter, query.page) as Iterable<ExportRow & { key?: number }>) yield row;
  }

  async stats(...args: Parameters<ArchiveStore['stats']>) {
    const { computeStats } = await import('../queries/stats.js');
    return computeStats(this.db, ...args);
  }

  async facts(options: { runs: number; refusedShown: number }) {
    const { db } = this;
    const [{ audioQueue, refusedAudio }, { schemaVersion }, { ownersWithoutInsights }, queries] = await Promise.all([audioFacts(), migrations(), owners(), state()]);
    const { archivedAudioBytes, databaseCounts, lastSuccessfulSyncRun, readState, recentSyncRuns, transcriptQueue } = queries;
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
    const { appendAudit } = await import('../queries/audit.js');
    appendAudit(this.db, ...args);
  }

  async listAudit(limit: number) {
    const { listAudit } = await import('../queries/audit.js');
    return listAudit(this.db, limit);
  }

  async holdStates(ids: readonly string[]) {
    return (await operations()).holdStates(this.db, ids);
  }

  async changeLegalHold(...args: Parameters<ArchiveStore['changeLegalHold']>) {
    return (await operations()).changeLegalHold(this.db, ...args);
  }

  async pruneCounts(cutoff: string) {
    return (await operations()).pruneCounts(this.db, cutoff);
  }

  async pruneCandidates(cutoff: string, limit: number) {
    return (await operations()).pruneCandidates(this.db, cutoff, limit);
  }

  async deletePruneBatch(cutoff: string, batchSize: number) {
    return (await operations()).deletePruneBatch(this.db, cutoff, batchSize);
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
  private async filterOf(query: RecordingQuery): Promise<RecordingFilter | null> {
    if (query.text === null) return query.filter;
    const { ftsExpression } = await import('../queries/fts-query.js');
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
