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
import { INSIGHT_FIELDS, SEGMENT_FIELDS } from '../common/transcripts.js';
import { insertColumnArrays, onConflictDoUpdate } from './column-arrays.js';
import { type Db, drizzleFor } from './drizzle.js';
import { storableRow } from './text-values.js';
import { newKeys } from './write-recordings.js';
import { auditLog, insights, recordingOwners, recordings, syncRuns, syncState, transcriptSegments } from './schema.js';
import type { PgSession } from './session.js';

/** A recording as PostgreSQL can store it (text-values.ts). */
function storableRecording(recording: CopiedRecording): CopiedRecording {
  return { row: storableRow(recording.row), segments: recording.segments.map(storableRow), insights: recording.insights.map(storableRow) };
}

const { key: _key, ...RECORDING_COLUMNS } = getTableColumns(recordings);
/** Every column a copied recording carries, its key first. */
const RECORDING_FIELDS = ['key', ...(Object.keys(RECORDING_COLUMNS) as (keyof typeof RECORDING_COLUMNS)[])] as const;
const OWNER_FIELDS = Object.keys(getTableColumns(recordingOwners)) as (keyof typeof recordingOwners._.columns)[];
const OWNER_UPDATE = onConflictDoUpdate(recordingOwners, recordingOwners.extensionId, ownerCopyUpdate(recordingOwners));
const { recordingKey: _segmentKey, ...SEGMENT_COLUMNS } = getTableColumns(transcriptSegments);
const { recordingKey: _insightKey, ...INSIGHT_COLUMNS } = getTableColumns(insights);

/**
 * A snapshot of the archive on PostgreSQL for `copy` and `backup`: one `REPEATABLE READ READ ONLY`
 * transaction from here to close() (docs/cli.md, "`recordings copy --to <db>`"), read through
 * drizzle's query builder in key order.
 */
export async function postgresSnapshot(session: PgSession): Promise<ArchiveSnapshot> {
  const read = <T>(work: (db: Db) => Promise<T>) => session.run(async (client) => work(await drizzleFor(client)));
  await session.run((client) => client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'));
  try {
    const archiveId = await read(async (db) => (await db.select({ value: syncState.value }).from(syncState).where(eq(syncState.name, ARCHIVE_ID_STATE)))[0]?.value ?? '');
    return {
      archiveId,
      counts: () =>
        session.run(async (client) => {
          const row = await client.query<{ recordings: number; segments: number; insights: number; auditEntries: number; syncRuns: number }>(
            `SELECT (SELECT count(*) FROM recordings) AS recordings, (SELECT count(*) FROM transcript_segments) AS segments,
                    (SELECT count(*) FROM insights) AS insights, (SELECT count(*) FROM audit_log) AS "auditEntries", (SELECT count(*) FROM sync_runs) AS "syncRuns"`,
          );
          return row.rows[0]!;
        }),
      recordings: (afterKey, limit) =>
        read(async (db) => {
          const rows = await db
            .select({ key: recordings.key, ...RECORDING_COLUMNS })
            .from(recordings)
            .where(afterKey === null ? undefined : gt(recordings.key, afterKey))
            .orderBy(asc(recordings.key))
            .limit(limit);
          return { lastKey: rows.at(-1)?.key ?? null, recordings: await readDetails(db, rows) };
        }),
      owners: () => read((db) => db.select().from(recordingOwners).orderBy(asc(recordingOwners.extensionId))),
      syncRuns: (afterId, limit) => read((db) => db.select().from(syncRuns).where(gt(syncRuns.id, afterId)).orderBy(asc(syncRuns.id)).limit(limit)),
      auditEntries: (afterId, limit) => read((db) => db.select().from(auditLog).where(gt(auditLog.id, afterId)).orderBy(asc(auditLog.id)).limit(limit)),
      states: () =>
        read(async (db) => Object.fromEntries((await db.select().from(syncState)).filter((row) => copiedState(row.name)).map((row) => [row.name, row.value]))),
      close: async () => {
        await session.run((client) => client.query('COMMIT'));
      },
    };
  } catch (error) {
    await session.run((client) => client.query('ROLLBACK')).catch(() => {});
    throw error;
  }
}

/** Rows with their segments and insights, in key order. */
async function readDetails(db: Db, rows: ({ key: number } & CopiedRecording['row'])[]): Promise<CopiedRecording[]> {
  if (rows.length === 0) return [];
  const keys = rows.map((row) => row.key);
  return withDetails(
    rows,
    await db
      .select({ recordingKey: transcriptSegments.recordingKey, ...SEGMENT_COLUMNS })
      .from(transcriptSegments)
      .where(inArray(transcriptSegments.recordingKey, keys))
      .orderBy(asc(transcriptSegments.recordingKey), asc(transcriptSegments.ordinal)),
    await db
      .select({ recordingKey: insights.recordingKey, ...INSIGHT_COLUMNS })
      .from(insights)
      .where(inArray(insights.recordingKey, keys))
      .orderBy(asc(insights.recordingKey), sql`${insights.kind} COLLATE "C"`, asc(insights.ordinal)),
  );
}

export function readRecordings(session: PgSession, ids: readonly string[]): Promise<CopiedRecording[]> {
  return session.run(async (client) => {
    const db = await drizzleFor(client);
    const rows = await db.select({ key: recordings.key, ...RECORDING_COLUMNS }).from(recordings).where(inArray(recordings.id, [...ids]));
    return readDetails(db, rows);
  });
}

export function holdsData(session: PgSession): Promise<boolean> {
  return session.run(async (client) => {
    const found = await client.query<{ any: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM recordings) OR EXISTS (SELECT 1 FROM sync_runs) OR EXISTS (SELECT 1 FROM audit_log) AS any',
    );
    return found.rows[0]!.any;
  });
}

/** One batch of a copy in one transaction, as on SQLite (src/db/sqlite/copy.ts, importBatch). */
export function importBatch(session: PgSession, batch: ImportBatch): Promise<ImportResult> {
  return session.run(async (client) =>
    (await drizzleFor(client)).transaction(async (tx) => {
      const result: ImportResult = { written: 0, kept: 0 };
      const batchRecordings = batch.recordings ?? [];
      if (batchRecordings.length > 0) {
        const stored = await tx
          .select(targetVersionFields(recordings))
          .from(recordings)
          .where(inArray(recordings.id, batchRecordings.map((recording) => recording.row.id)));
        const plan = planCopy(batchRecordings, new Map<string, TargetVersion>(stored.map((row) => [row.id, row])));
        const keys = await newKeys(tx, plan.inserts.map((recording) => recording.row));
        const inserted = plan.inserts.map((recording) => ({ key: keys.get(recording.row.id)!, recording: storableRecording(recording) }));
        // Each table's rows in one statement of column arrays (column-arrays.ts).
        if (inserted.length > 0) await tx.execute(insertColumnArrays(recordings, RECORDING_FIELDS, inserted.map(({ key, recording }) => ({ key, ...recording.row }))));
        const overwrites = plan.overwrites.map(({ key, recording }) => ({ key, recording: storableRecording(recording) }));
        for (const { key, recording } of overwrites) await tx.update(recordings).set(recording.row).where(eq(recordings.key, key));
        for (const { key, holds } of plan.holds) await tx.update(recordings).set(holds).where(eq(recordings.key, key));
        const replaced = overwrites.map((overwrite) => overwrite.key);
        if (replaced.length > 0) {
          await tx.delete(transcriptSegments).where(inArray(transcriptSegments.recordingKey, replaced));
          await tx.delete(insights).where(inArray(insights.recordingKey, replaced));
        }
        const all = [...inserted, ...overwrites];
        const segments = all.flatMap(({ key, recording }) => recording.segments.map((segment) => ({ recordingKey: key, ...segment })));
        if (segments.length > 0) await tx.execute(insertColumnArrays(transcriptSegments, SEGMENT_FIELDS, segments));
        const values = all.flatMap(({ key, recording }) => recording.insights.map((insight) => ({ recordingKey: key, ...insight })));
        if (values.length > 0) await tx.execute(insertColumnArrays(insights, INSIGHT_FIELDS, values));
        result.written = all.length;
        result.kept = plan.kept;
      }
      if (batch.owners?.length) {
        await tx.execute(sql`${insertColumnArrays(recordingOwners, OWNER_FIELDS, batch.owners.map(storableRow))}${OWNER_UPDATE}`);
      }
      if (batch.syncRuns?.length) await tx.insert(syncRuns).values(batch.syncRuns.map(({ id: _id, ...run }) => storableRow(run)));
      if (batch.auditEntries?.length) await tx.insert(auditLog).values(batch.auditEntries.map(({ id: _id, ...entry }) => storableRow(entry)));
      for (const [name, value] of Object.entries(batch.states ?? {})) {
        const insert = tx.insert(syncState).values({ name, value, updatedAt: batch.marker.startedAt });
        if (name === 'checkpoint') {
          await insert.onConflictDoUpdate({ target: syncState.name, set: { value: sql`greatest(${syncState.value}, excluded.value COLLATE "C")`, updatedAt: sql`excluded.updated_at` } });
        } else {
          await insert.onConflictDoNothing();
        }
      }
      const marker = { name: `${COPY_MARKER_PREFIX}${batch.marker.source}`, value: JSON.stringify(batch.marker), updatedAt: batch.marker.startedAt };
      await tx.insert(syncState).values(marker).onConflictDoUpdate({ target: syncState.name, set: { value: marker.value } });
      return result;
    }),
  );
}
