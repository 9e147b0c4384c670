import { eq, inArray, sql } from 'drizzle-orm';
import type { CallRecordingRow, TranscriptRow } from '../row-types.js';
import { callLogConflictUpdate, KEYS_PER_MS, ownerConflictUpdate, pageOwners, recordingValues, WRITTEN_FIELDS } from '../common/recording-upsert.js';
import { INSIGHT_FIELDS, insightValues, SEGMENT_FIELDS, segmentValues, stateValues, transcriptValues } from '../common/transcripts.js';
import type { TranscriptStateChange, WriteCounts } from '../store.js';
import { insertColumnArrays, onConflictDoUpdate } from './column-arrays.js';
import type { Db } from './drizzle.js';
import { insights, recordingOwners, recordings, transcriptSegments } from './schema.js';
import { storableRow } from './text-values.js';

const CALL_LOG_UPDATE = onConflictDoUpdate(recordings, recordings.id, callLogConflictUpdate(recordings));
const OWNER_UPDATE = onConflictDoUpdate(recordingOwners, recordingOwners.extensionId, ownerConflictUpdate(recordingOwners));
const OWNER_FIELDS = ['extensionId', 'extensionNumber', 'name', 'updatedAt'] as const;

/**
 * Upserts one page of call-log recordings in one transaction, the page in one statement of column
 * arrays (column-arrays.ts), as the SQLite store does row by row (src/db/sqlite/write-recordings.ts),
 * by the same rules (src/db/common/recording-upsert.ts): a record that did not change, or that the archive holds in a
 * newer version (a lookback window re-reads it), is left as it is. New rows get
 * keys after the largest one stored in their millisecond; only the lock holder writes recordings, so
 * no one else takes a key meanwhile.
 */
export async function writeCallRecordings(db: Db, rows: readonly CallRecordingRow[], now: string): Promise<WriteCounts> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  return db.transaction(async (tx) => {
    const stored = await tx
      .select({ id: recordings.id })
      .from(recordings)
      .where(inArray(recordings.id, rows.map((row) => row.id)));
    const existing = new Set(stored.map((row) => row.id));
    const keys = await newKeys(tx, rows.filter((row) => !existing.has(row.id)));
    const values = rows.map((row) => storableRow(recordingValues(row, keys.get(row.id) ?? 0, now)));
    // RETURNING gives the rows inserted or updated, not those the update's WHERE left alone.
    const written = await tx.execute<{ id: string }>(sql`${insertColumnArrays(recordings, WRITTEN_FIELDS, values)}${CALL_LOG_UPDATE} RETURNING ${recordings.id}`);
    const updated = written.rows.filter((row) => existing.has(row.id)).length;
    const owners = pageOwners(rows);
    if (owners.length > 0) {
      await tx.execute(sql`${insertColumnArrays(recordingOwners, OWNER_FIELDS, owners.map((owner) => storableRow({ ...owner, updatedAt: now })))}${OWNER_UPDATE}`);
    }
    return { inserted: rows.length - existing.size, updated };
  });
}

/** Keys for new recordings: after the largest stored in the same millisecond, in the order given within it. */
export async function newKeys(db: Db, rows: readonly { id: string; startTime: string }[]): Promise<Map<string, number>> {
  const keys = new Map<string, number>();
  if (rows.length === 0) return keys;
  const bases = [...new Set(rows.map((row) => Date.parse(row.startTime) * KEYS_PER_MS))];
  const found = await db.execute<{ base: string; max: string | null }>(
    sql`SELECT b AS base, (SELECT max(key) FROM recordings WHERE key >= b AND key < b + ${KEYS_PER_MS}) AS max FROM unnest(${sql.param(bases)}::bigint[]) AS b`,
  );
  const next = new Map(found.rows.map((row) => [Number(row.base), row.max === null ? Number(row.base) : Number(row.max) + 1]));
  for (const row of rows) {
    const base = Date.parse(row.startTime) * KEYS_PER_MS;
    const key = next.get(base)!;
    if (key >= base + KEYS_PER_MS) throw new Error(`more than ${KEYS_PER_MS} recordings start at ${row.startTime}`);
    keys.set(row.id, key);
    next.set(base, key + 1);
  }
  return keys;
}

/**
 * Stores a transcript or first-stage insights with the transcript state `change`, replacing what was
 * stored for the recording, in one transaction (src/db/sqlite/write-recordings.ts). False when the
 * recording is unknown. Two statements, for the round trips: the recording's update, which finds its
 * key, with its old segments and insights deleted beside it (other tables, so one statement may);
 * then the new segments and insights, each table's rows as column arrays (column-arrays.ts). A
 * table's delete and insert stay in separate statements: within one, both would see the table as
 * it was before the statement, and a new row could collide with the old one it replaces.
 */
export async function writeTranscript(db: Db, recordingId: string, transcript: TranscriptRow, change: TranscriptStateChange, now: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const update = tx
      .update(recordings)
      .set({ ...storableRow(transcriptValues(transcript, change, now)), transcriptAttempts: attemptsAfter(change) })
      .where(eq(recordings.id, recordingId))
      .returning({ key: recordings.key });
    const found = await tx.execute<{ key: string }>(
      sql`WITH updated AS (${update.getSQL()}),
        old_segments AS (DELETE FROM ${transcriptSegments} WHERE ${transcriptSegments.recordingKey} IN (SELECT key FROM updated)),
        old_insights AS (DELETE FROM ${insights} WHERE ${insights.recordingKey} IN (SELECT key FROM updated))
        SELECT key FROM updated`,
    );
    if (found.rows.length === 0) return false;
    const key = Number(found.rows[0]!.key);
    const segments = segmentValues(key, transcript).map(storableRow);
    const values = insightValues(key, transcript).map(storableRow);
    const insertSegments = insertColumnArrays(transcriptSegments, SEGMENT_FIELDS, segments);
    const insertInsights = insertColumnArrays(insights, INSIGHT_FIELDS, values);
    if (segments.length > 0 && values.length > 0) await tx.execute(sql`WITH new_segments AS (${insertSegments}) ${insertInsights}`);
    else if (segments.length > 0) await tx.execute(insertSegments);
    else if (values.length > 0) await tx.execute(insertInsights);
    return true;
  });
}

/** Moves a recording's transcript to another state without touching stored text. */
export async function setTranscriptState(db: Db, recordingId: string, change: TranscriptStateChange, now: string): Promise<void> {
  await db
    .update(recordings)
    .set({ ...storableRow(stateValues(change, now)), transcriptAttempts: attemptsAfter(change) })
    .where(eq(recordings.id, recordingId));
}

/** The attempt count, one higher when the change records an attempt. */
function attemptsAfter(change: TranscriptStateChange) {
  return sql`${recordings.transcriptAttempts} + ${change.attempted ? 1 : 0}`;
}
