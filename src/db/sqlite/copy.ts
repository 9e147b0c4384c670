import type { Database } from 'better-sqlite3';
import { and, asc, eq, getTableColumns, gt, inArray, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { ARCHIVE_ID_STATE } from '../archive-id.js';
import { planCopy, type TargetVersion } from '../copy/merge.js';
import {
  type ArchiveSnapshot,
  COPY_MARKER_PREFIX,
  type CopiedRecording,
  copiedState,
  type ImportBatch,
  type ImportResult,
  type InsightRecord,
  type SegmentRecord,
} from '../copy/types.js';
import { auditLog, insights, recordingOwners, recordings, syncRuns, syncState, transcriptSegments } from './schema.js';

/** Keys are start time in ms × 1000 plus a counter (src/db/write-recordings.ts). */
const KEYS_PER_MS = 1000;

type Drizzle = BetterSQLite3Database;

/** Every column but `parties`, which SQLite generates for its FTS5 index. */
const { parties: _parties, key: _key, ...RECORDING_COLUMNS } = getTableColumns(recordings);
const { recordingKey: _segmentKey, ...SEGMENT_COLUMNS } = getTableColumns(transcriptSegments);
const { recordingKey: _insightKey, ...INSIGHT_COLUMNS } = getTableColumns(insights);

async function drizzleOver(db: Database): Promise<Drizzle> {
  const { drizzle } = await import('drizzle-orm/better-sqlite3');
  return drizzle(db);
}

/**
 * A snapshot of the SQLite archive for `copy` and `backup`: one read transaction from here to
 * close(), which WAL lets writers go on beside (their commits are not seen), through drizzle's
 * query builder so that rows come out as the schema types them (booleans as booleans).
 */
export async function sqliteSnapshot(db: Database): Promise<ArchiveSnapshot> {
  const d = await drizzleOver(db);
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
        return { lastKey: rows.at(-1)?.key ?? null, recordings: withDetails(d, rows) };
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
function withDetails(d: Drizzle, rows: ({ key: number } & CopiedRecording['row'])[]): CopiedRecording[] {
  const keys = rows.map((row) => row.key);
  const segments = groupByKey(
    d.select({ recordingKey: transcriptSegments.recordingKey, ...SEGMENT_COLUMNS }).from(transcriptSegments).where(inArray(transcriptSegments.recordingKey, keys)).orderBy(asc(transcriptSegments.recordingKey), asc(transcriptSegments.ordinal)).all(),
  );
  const values = groupByKey(
    d.select({ recordingKey: insights.recordingKey, ...INSIGHT_COLUMNS }).from(insights).where(inArray(insights.recordingKey, keys)).orderBy(asc(insights.recordingKey), asc(insights.kind), asc(insights.ordinal)).all(),
  );
  return rows.map(({ key, ...row }) => ({ row, segments: (segments.get(key) ?? []) as SegmentRecord[], insights: (values.get(key) ?? []) as InsightRecord[] }));
}

function groupByKey<T extends { recordingKey: number }>(rows: T[]): Map<number, Omit<T, 'recordingKey'>[]> {
  const grouped = new Map<number, Omit<T, 'recordingKey'>[]>();
  for (const { recordingKey, ...rest } of rows) {
    let list = grouped.get(recordingKey);
    if (!list) grouped.set(recordingKey, (list = []));
    list.push(rest);
  }
  return grouped;
}

/** The target's copies of these recordings (`copy`'s check), in no particular order. */
export async function readRecordings(db: Database, ids: readonly string[]): Promise<CopiedRecording[]> {
  const d = await drizzleOver(db);
  const rows = d.select({ key: recordings.key, ...RECORDING_COLUMNS }).from(recordings).where(inArray(recordings.id, [...ids])).all();
  return withDetails(d, rows);
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
  const d = await drizzleOver(db);
  const write = db.transaction((): ImportResult => {
    const result: ImportResult = { written: 0, kept: 0 };
    const batchRecordings = batch.recordings ?? [];
    if (batchRecordings.length > 0) {
      const existing = new Map<string, TargetVersion>(
        d
          .select({ id: recordings.id, key: recordings.key, updatedAt: recordings.updatedAt, legalHold: recordings.legalHold, holdReason: recordings.holdReason, heldAt: recordings.heldAt })
          .from(recordings)
          .where(inArray(recordings.id, batchRecordings.map((recording) => recording.row.id)))
          .all()
          .map((row) => [row.id, row]),
      );
      const plan = planCopy(batchRecordings, existing);
      for (const recording of plan.inserts) writeDetails(d, insertRecording(d, recording), recording, false);
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
        .onConflictDoUpdate({ target: recordingOwners.extensionId, set: ownerUpdate(), setWhere: sql`excluded.updated_at > ${recordingOwners.updatedAt}` })
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

/** Every owner column from the incoming row. */
function ownerUpdate() {
  return {
    extensionNumber: sql`excluded.extension_number`,
    name: sql`excluded.name`,
    insightsSeenAt: sql`excluded.insights_seen_at`,
    unavailableStreak: sql`excluded.unavailable_streak`,
    sparseSince: sql`excluded.sparse_since`,
    updatedAt: sql`excluded.updated_at`,
  };
}

/** Inserts a recording new to this archive under a key of its own (after the largest in its millisecond); returns the key. */
function insertRecording(d: Drizzle, recording: CopiedRecording): number {
  const base = Date.parse(recording.row.startTime) * KEYS_PER_MS;
  const max = d
    .select({ max: sql<number | null>`max(${recordings.key})` })
    .from(recordings)
    .where(and(sql`${recordings.key} >= ${base}`, sql`${recordings.key} < ${base + KEYS_PER_MS}`))
    .get()?.max;
  const key = max === null || max === undefined ? base : max + 1;
  if (key >= base + KEYS_PER_MS) throw new Error(`more than ${KEYS_PER_MS} recordings start at ${recording.row.startTime}`);
  d.insert(recordings).values({ key, ...recording.row }).run();
  return key;
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
