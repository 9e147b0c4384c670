import type { Database } from 'better-sqlite3';
import { asc, eq, getTableColumns, gt, inArray, sql } from 'drizzle-orm';
import { ARCHIVE_ID_STATE } from '../archive-id.js';
import { planCopy, type TargetVersion } from '../copy/merge.js';
import { ownerCopyUpdate, targetVersionFields, withDetails } from '../copy/rows.js';
import {
  type ArchiveSnapshot,
  COPY_MARKER_PREFIX,
  type CopiedRecording,
  copiedState,
  type ImportBatch,
  type ImportResult,
} from '../copy/types.js';
import { type Drizzle, drizzleOf } from './drizzle.js';
import { auditLog, insights, recordingOwners, recordings, syncRuns, syncState, transcriptSegments } from './schema.js';
import { newKey } from './write-recordings.js';

/** Every column but `parties`, which SQLite generates for its FTS5 index. */
const { parties: _parties, key: _key, ...RECORDING_COLUMNS } = getTableColumns(recordings);
const { recordingKey: _segmentKey, ...SEGMENT_COLUMNS } = getTableColumns(transcriptSegments);
const { recordingKey: _insightKey, ...INSIGHT_COLUMNS } = getTableColumns(insights);

/**
 * A snapshot of the SQLite archive for `copy` and `backup`: one read transaction from here to
 * close(), which WAL lets writers go on beside (their commits are not seen), through drizzle's
 * query builder so that rows come out as the schema types them (booleans as booleans).
 */
export async function sqliteSnapshot(db: Database): Promise<ArchiveSnapshot> {
  const d = drizzleOf(db);
  db.exec('BEGIN');
  try {
    const archiveId = d.select({ value: syncState.value }).from(syncState).where(eq(syncState.name, ARCHIVE_ID_STATE)).get()?.value ?? '';
    return {
      archiveId,
      counts: async () => {
        const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
        return { recordings: count('recordings'), segments: count('transcript_segments'), insights: count('insights'), auditEntries: count('audit_log'), syncRuns: count('sync_runs') };
      },
      recordings: async (afterKey, limit) => {
        const rows = d
          .select({ key: recordings.key, ...RECORDING_COLUMNS })
          .from(recordings)
          .where(afterKey === null ? undefined : gt(recordings.key, afterKey))
          .orderBy(asc(recordings.key))
          .limit(limit)
          .all();
        return { lastKey: rows.at(-1)?.key ?? null, recordings: readDetails(d, rows) };
      },
      owners: async () => d.select().from(recordingOwners).orderBy(asc(recordingOwners.extensionId)).all(),
      syncRuns: async (afterId, limit) => d.select().from(syncRuns).where(gt(syncRuns.id, afterId)).orderBy(asc(syncRuns.id)).limit(limit).all(),
      auditEntries: async (afterId, limit) => d.select().from(auditLog).where(gt(auditLog.id, afterId)).orderBy(asc(auditLog.id)).limit(limit).all(),
      states: async () => Object.fromEntries(d.select().from(syncState).all().filter((row) => copiedState(row.name)).map((row) => [row.name, row.value])),
      close: async () => {
        if (db.inTransaction) db.exec('COMMIT');
      },
    };
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/** Rows with their segments and insights, in key order. */
function readDetails(d: Drizzle, rows: ({ key: number } & CopiedRecording['row'])[]): CopiedRecording[] {
  const keys = rows.map((row) => row.key);
  return withDetails(
    rows,
    d.select({ recordingKey: transcriptSegments.recordingKey, ...SEGMENT_COLUMNS }).from(transcriptSegments).where(inArray(transcriptSegments.recordingKey, keys)).orderBy(asc(transcriptSegments.recordingKey), asc(transcriptSegments.ordinal)).all(),
    d.select({ recordingKey: insights.recordingKey, ...INSIGHT_COLUMNS }).from(insights).where(inArray(insights.recordingKey, keys)).orderBy(asc(insights.recordingKey), asc(insights.kind), asc(insights.ordinal)).all(),
  );
}

/** The target's copies of these recordings (`copy`'s check), in no particular order. */
export async function readRecordings(db: Database, ids: readonly string[]): Promise<CopiedRecording[]> {
  const d = drizzleOf(db);
  const rows = d.select({ key: recordings.key, ...RECORDING_COLUMNS }).from(recordings).where(inArray(recordings.id, [...ids])).all();
  return readDetails(d, rows);
}

export function holdsData(db: Database): boolean {
  return db.prepare('SELECT EXISTS (SELECT 1 FROM recordings) OR EXISTS (SELECT 1 FROM sync_runs) OR EXISTS (SELECT 1 FROM audit_log)').pluck().get() === 1;
}

/**
 * Writes one batch of a copy in one transaction (src/db/copy/merge.ts decides what): recordings new
 * to the target get keys of its own, older ones are replaced under their key (the FTS triggers
 * follow), owners follow the newer side, sync runs and audit rows are appended, the checkpoint only
 * moves forward, and the marker records how far the copy got.
 */
export async function importBatch(db: Database, batch: ImportBatch): Promise<ImportResult> {
  const d = drizzleOf(db);
  const write = db.transaction((): ImportResult => {
    const result: ImportResult = { written: 0, kept: 0 };
    const batchRecordings = batch.recordings ?? [];
    if (batchRecordings.length > 0) {
      const existing = new Map<string, TargetVersion>(
        d
          .select(targetVersionFields(recordings))
          .from(recordings)
          .where(inArray(recordings.id, batchRecordings.map((recording) => recording.row.id)))
          .all()
          .map((row) => [row.id, row]),
      );
      const plan = planCopy(batchRecordings, existing);
      for (const recording of plan.inserts) {
        const key = newKey(db, recording.row.startTime);
        d.insert(recordings).values({ key, ...recording.row }).run();
        writeDetails(d, key, recording, false);
      }
      for (const { key, recording } of plan.overwrites) {
        d.update(recordings).set(recording.row).where(eq(recordings.key, key)).run();
        writeDetails(d, key, recording, true);
      }
      for (const { key, holds } of plan.holds) d.update(recordings).set(holds).where(eq(recordings.key, key)).run();
      result.written = plan.inserts.length + plan.overwrites.length;
      result.kept = plan.kept;
    }
    for (const owner of batch.owners ?? []) {
      d.insert(recordingOwners)
        .values(owner)
        .onConflictDoUpdate({ target: recordingOwners.extensionId, ...ownerCopyUpdate(recordingOwners) })
        .run();
    }
    for (const { id: _id, ...run } of batch.syncRuns ?? []) d.insert(syncRuns).values(run).run();
    for (const { id: _id, ...entry } of batch.auditEntries ?? []) d.insert(auditLog).values(entry).run();
    for (const [name, value] of Object.entries(batch.states ?? {})) {
      const set = name === 'checkpoint' ? { set: { value: sql`max(${syncState.value}, excluded.value)`, updatedAt: sql`excluded.updated_at` } } : null;
      const insert = d.insert(syncState).values({ name, value, updatedAt: batch.marker.startedAt });
      (set ? insert.onConflictDoUpdate({ target: syncState.name, ...set }) : insert.onConflictDoNothing()).run();
    }
    const marker = { name: `${COPY_MARKER_PREFIX}${batch.marker.source}`, value: JSON.stringify(batch.marker), updatedAt: batch.marker.startedAt };
    d.insert(syncState).values(marker).onConflictDoUpdate({ target: syncState.name, set: { value: marker.value } }).run();
    return result;
  });
  return write.immediate();
}

/** Rows per multi-row INSERT: well under SQLite's 32,766 parameters. */
const ROWS_PER_INSERT = 1000;

function writeDetails(d: Drizzle, key: number, recording: CopiedRecording, replace: boolean): void {
  if (replace) {
    d.delete(transcriptSegments).where(eq(transcriptSegments.recordingKey, key)).run();
    d.delete(insights).where(eq(insights.recordingKey, key)).run();
  }
  const segments = recording.segments.map((segment) => ({ recordingKey: key, ...segment }));
  for (let i = 0; i < segments.length; i += ROWS_PER_INSERT) d.insert(transcriptSegments).values(segments.slice(i, i + ROWS_PER_INSERT)).run();
  const values = recording.insights.map((insight) => ({ recordingKey: key, ...insight }));
  for (let i = 0; i < values.length; i += ROWS_PER_INSERT) d.insert(insights).values(values.slice(i, i + ROWS_PER_INSERT)).run();
}
