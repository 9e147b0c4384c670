import type pg from 'pg';
import { ARCHIVE_ID_STATE } from '../archive-id.js';
import { NoArchiveError } from '../errors.js';
import type { ExportRow } from '../queries/export-rows.js';
import type { RecordingFilter } from '../queries/filter.js';
import type { SearchResult } from '../queries/search.js';
import type { ArchiveStore, RecordingQuery } from '../store.js';
import type { ImportBatch } from '../copy/types.js';
import { type Db, drizzleFor } from './drizzle.js';
import { ftsExpressionForPostgres } from './fts-expression.js';
import { newerSchema, type SchemaState, schemaState } from './schema-state.js';
import { PgSession } from './session.js';
import { searchRecordingsPostgres } from './search.js';
import { holdsNul } from './text-values.js';

// The modules that write (and `copy`) build their SQL with drizzle: each is loaded when first used,
// so that a query command reads with plain SQL and never loads drizzle
// (docs/design.md, "Backends: one SQLite file, or PostgreSQL for a team").
const audio = () => import('./audio-state.js');
const copy = () => import('./copy.js');
const operations = () => import('./operations.js');
const sync = () => import('./sync-state.js');
const writes = () => import('./write-recordings.js');
// What only some commands read, and the migrator, are loaded when first used too: every command
// pays for loading what it imports, and start-up speed is benchmarked (search is imported above).
const exporting = () => import('./export-rows.js');
const facts = () => import('./facts.js');
const reads = () => import('./recording-reads.js');
const stats = () => import('./stats.js');
const migrator = () => import('./migrate.js');
const auditLog = () => import('./audit-log.js');

export interface OpenPostgresOptions {
  /** Create the schema when it is absent (`sync`, `copy --to`); otherwise that is "no archive". */
  create?: boolean;
}

/**
 * Opens the archive in the PostgreSQL database `url` names, in the first schema of its search path
 * (docs/cli.md, "PostgreSQL"). "No archive" there means the schema's tables are absent: NoArchiveError
 * (exit 2) unless `create`. An older schema is migrated, or refused with what to run when this role
 * may not (ArchiveSetupError, exit 2).
 */
export async function openPostgresStore(url: string, options: OpenPostgresOptions = {}): Promise<PostgresStore> {
  const session = await PgSession.connect(url);
  try {
    let state = await session.run((client) => schemaState(client));
    if (!state.present && !options.create) {
      throw new NoArchiveError(session.location, state.missingSchema ? `schema ${state.schema} does not exist` : `no recordings tables in schema ${state.schema}`);
    }
    if (state.newer) throw newerSchema(session.location);
    if (!state.present || state.version.applied < state.version.known) state = await (await migrator()).migratePostgres(session);
    return new PostgresStore(session, state);
  } catch (error) {
    await session.close();
    throw error;
  }
}

/**
 * The filter with the text as the FTS5 expression SQLite would search for (fts-expression.ts): the
 * same syntax is valid on both backends and the same text is searched as plain words. Null when the
 * text has no words.
 */
function filterOf(query: RecordingQuery): RecordingFilter | null {
  // A value holding NUL matches nothing PostgreSQL stores (text-values.ts).
  const { direction, status, sentiment, topic } = query.filter;
  if ([direction, status, sentiment, topic].some((value) => value !== undefined && holdsNul(value))) return null;
  if (query.text === null) return query.filter;
  const match = ftsExpressionForPostgres(query.text);
  return match === null ? null : { ...query.filter, match };
}

/**
 * The archive on PostgreSQL (docs/design.md, "Backends: one SQLite file, or PostgreSQL for a team"): one connection per process (session.ts);
 * writes and the sync path through drizzle, a page's rows in one statement of column arrays (column-arrays.ts);
 * the query commands' reads in plain SQL, as on SQLite.
 */
export class PostgresStore implements ArchiveStore {
  readonly backend = 'postgres' as const;

  constructor(
    readonly session: PgSession,
    private schema: SchemaState,
  ) {}

  get location(): string {
    return this.session.location;
  }

  /** `work` with the connection and drizzle over it, after every call before it. */
  private run<T>(work: (client: pg.Client, db: Db) => Promise<T>): Promise<T> {
    return this.session.run(async (client) => work(client, await drizzleFor(client)));
  }

  async archiveId() {
    return this.run(async (_, db) => (await (await sync()).readState(db, ARCHIVE_ID_STATE)) ?? '');
  }

  async schemaVersion() {
    this.schema = await this.session.run((client) => schemaState(client));
    return this.schema.version;
  }

  tryAcquireSyncLock(...[holder]: Parameters<ArchiveStore['tryAcquireSyncLock']>) {
    return this.run(async (client, db) => (await sync()).tryAcquireSyncLock(client, db, holder));
  }

  heartbeatSyncLock(token: string, now: string) {
    return this.run(async (_, db) => (await sync()).heartbeatSyncLock(db, token, now));
  }

  releaseSyncLock(token: string) {
    return this.run(async (client, db) => (await sync()).releaseSyncLock(client, db, token));
  }

  markAbandonedRuns(...args: Parameters<ArchiveStore['markAbandonedRuns']>) {
    return this.run(async (_, db) => (await sync()).markAbandonedRuns(db, ...args));
  }

  startRun(input: { startedAt: string; pid: number }) {
    return this.run(async (_, db) => (await sync()).startRun(db, input));
  }

  updateRun(...args: Parameters<ArchiveStore['updateRun']>) {
    return this.run(async (_, db) => (await sync()).updateRun(db, ...args));
  }

  readState(name: string) {
    return this.run(async (_, db) => (await sync()).readState(db, name));
  }

  writeStates(values: Readonly<Record<string, string>>, now: string) {
    return this.run(async (_, db) => (await sync()).writeStates(db, values, now));
  }

  writeCallRecordings(...args: Parameters<ArchiveStore['writeCallRecordings']>) {
    return this.run(async (_, db) => (await writes()).writeCallRecordings(db, ...args));
  }

  dueTranscripts(now: string, limit: number) {
    return this.run(async (_, db) => (await sync()).dueTranscripts(db, now, limit));
  }

  countDueTranscripts(now: string) {
    return this.run(async (_, db) => (await sync()).countDueTranscripts(db, now));
  }

  makeAllTranscriptsDue(now: string) {
    return this.run(async (_, db) => (await sync()).makeAllTranscriptsDue(db, now));
  }

  setTranscriptState(...args: Parameters<ArchiveStore['setTranscriptState']>) {
    return this.run(async (_, db) => (await writes()).setTranscriptState(db, ...args));
  }

  writeTranscript(...[recordingId, transcript, now]: Parameters<ArchiveStore['writeTranscript']>) {
    return this.run(async (_, db) => (await writes()).writeTranscript(db, recordingId, transcript, { status: 'ready', nextAttemptAt: null, error: null, attempted: false }, now));
  }

  writeFirstStageInsights(...args: Parameters<ArchiveStore['writeFirstStageInsights']>) {
    return this.run(async (_, db) => (await writes()).writeTranscript(db, ...args));
  }

  recordingOwner(extensionId: string) {
    return this.run(async (_, db) => (await sync()).recordingOwner(db, extensionId));
  }

  noteOwnerInsights(extensionId: string, now: string) {
    return this.run(async (_, db) => (await sync()).noteOwnerInsights(db, extensionId, now));
  }

  noteOwnerUnavailable(extensionId: string, sparseAfter: number, now: string) {
    return this.run(async (_, db) => (await sync()).noteOwnerUnavailable(db, extensionId, sparseAfter, now));
  }

  dueAudio(now: string, limit: number) {
    return this.run(async (_, db) => (await audio()).dueAudio(db, now, limit));
  }

  recordAudioArchived(...args: Parameters<ArchiveStore['recordAudioArchived']>) {
    return this.run(async (_, db) => (await audio()).recordAudioArchived(db, ...args));
  }

  recordAudioSetback(...args: Parameters<ArchiveStore['recordAudioSetback']>) {
    return this.run(async (_, db) => (await audio()).recordAudioSetback(db, ...args));
  }

  makeAudioDueNow(id: string, now: string) {
    return this.run(async (_, db) => (await audio()).makeAudioDueNow(db, id, now));
  }

  makeAllAudioDue(now: string) {
    return this.run(async (_, db) => (await audio()).makeAllAudioDue(db, now));
  }

  async findRecording(id: string) {
    if (holdsNul(id)) return null;
    return this.session.run(async (client) => (await reads()).findRecording(client, id));
  }

  async contentUri(recordingId: string) {
    if (holdsNul(recordingId)) return null;
    return this.session.run(async (client) => (await reads()).contentUri(client, recordingId));
  }

  async search(query: RecordingQuery): Promise<SearchResult> {
    const filter = filterOf(query);
    if (!filter) return { total: 0, hits: [] };
    return this.session.run((client) => searchRecordingsPostgres(client, filter, query.page));
  }

  async *exportRows(query: RecordingQuery): AsyncGenerator<ExportRow> {
    const filter = filterOf(query);
    if (filter) yield* (await exporting()).exportRows(this.session, filter, query.page);
  }

  stats(...args: Parameters<ArchiveStore['stats']>) {
    return this.session.run(async (client) => (await stats()).computeStats(client, ...args));
  }

  facts(options: { runs: number; refusedShown: number }) {
    return this.session.run(async (client) => (await facts()).archiveFacts(client, (this.schema = await schemaState(client)), options));
  }

  newestRecordingId() {
    return this.session.run(async (client) => (await reads()).newestRecordingId(client));
  }

  appendAudit(...args: Parameters<ArchiveStore['appendAudit']>) {
    return this.session.run(async (client) => (await auditLog()).appendAuditRow(client, ...args));
  }

  listAudit(limit: number) {
    return this.session.run(async (client) => (await auditLog()).listAudit(client, limit));
  }

  holdStates(ids: readonly string[]) {
    return this.run(async (_, db) => (await operations()).holdStates(db, ids.filter((id) => !holdsNul(id))));
  }

  changeLegalHold(...args: Parameters<ArchiveStore['changeLegalHold']>) {
    return this.run(async (_, db) => (await operations()).changeLegalHold(db, ...args));
  }

  pruneCounts(cutoff: string) {
    return this.run(async (_, db) => (await operations()).pruneCounts(db, cutoff));
  }

  pruneCandidates(cutoff: string, limit: number) {
    return this.run(async (_, db) => (await operations()).pruneCandidates(db, cutoff, limit));
  }

  deletePruneBatch(cutoff: string, batchSize: number) {
    return this.run(async (_, db) => (await operations()).deletePruneBatch(db, cutoff, batchSize));
  }

  async backup(target: string) {
    const { backupToFile } = await import('../copy/backup-to-file.js');
    return backupToFile(this, target, () => new Date());
  }

  async snapshot() {
    return (await copy()).postgresSnapshot(this.session);
  }

  async importBatch(batch: ImportBatch) {
    return (await copy()).importBatch(this.session, batch);
  }

  async readRecordings(ids: readonly string[]) {
    return (await copy()).readRecordings(this.session, ids);
  }

  async holdsData() {
    return (await copy()).holdsData(this.session);
  }

  close() {
    return this.session.close();
  }
}
