import { eq, inArray, sql } from 'drizzle-orm';
import type { CallRecordingRow, TranscriptRow } from '../row-types.js';
import { callLogConflictUpdate, KEYS_PER_MS, ownerConflictUpdate, pageOwners, recordingValues } from '../common/recording-upsert.js';
import { insightValues, segmentValues, stateValues, transcriptValues } from '../common/transcripts.js';
import type { TranscriptStateChange, WriteCounts } from '../store.js';
import type { Db } from './drizzle.js';
import { insights, recordingOwners, recordings, transcriptSegments } from './schema.js';
import { storableRow } from './text-values.js';

/** Rows per multi-row INSERT: well under PostgreSQL's 65,535 parameters for the widest table. */
const ROWS_PER_INSERT = 500;

const CALL_LOG_UPDATE = callLogConflictUpdate(recordings);
const OWNER_UPDATE = ownerConflictUpdate(recordingOwners);

/**
 * Upserts one page of call-log recordings in one transaction with multi-row inserts, as the SQLite
 * store does row by row (src/db/sqlite/write-recordings.ts), by the same rules
 * (src/db/common/recording-upsert.ts): a record that did not change, or that the archive holds in a
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
    let updated = 0;
    for (let i = 0; i < values.length; i += ROWS_PER_INSERT) {
      const written = await tx
        .insert(recordings)
        .values(values.slice(i, i + ROWS_PER_INSERT))
        .onConflictDoUpdate({ target: recordings.id, ...CALL_LOG_UPDATE })
        .returning({ id: recordings.id });
      updated += written.filter((row) => existing.has(row.id)).length;
    }
    const owners = pageOwners(rows);
    if (owners.length > 0) {
      await tx
        .insert(recordingOwners)
        .values(owners.map((owner) => storableRow({ ...owner, updatedAt: now })))
        .onConflictDoUpdate({ target: recordingOwners.extensionId, ...OWNER_UPDATE });
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
 * recording is unknown.
 */
export async function writeTranscript(db: Db, recordingId: string, transcript: TranscriptRow, change: TranscriptStateChange, now: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const found = await tx.select({ key: recordings.key }).from(recordings).where(eq(recordings.id, recordingId));
    const key = found[0]?.key;
    if (key === undefined) return false;
    await tx.delete(transcriptSegments).where(eq(transcriptSegments.recordingKey, key));
    await tx.delete(insights).where(eq(insights.recordingKey, key));
    const segments = segmentValues(key, transcript).map(storableRow);
    for (let i = 0; i < segments.length; i += ROWS_PER_INSERT) await tx.insert(transcriptSegments).values(segments.slice(i, i + ROWS_PER_INSERT));
    const values = insightValues(key, transcript).map(storableRow);
    for (let i = 0; i < values.length; i += ROWS_PER_INSERT) await tx.insert(insights).values(values.slice(i, i + ROWS_PER_INSERT));
    await tx
      .update(recordings)
      .set({ ...storableRow(transcriptValues(transcript, change, now)), transcriptAttempts: attemptsAfter(change) })
      .where(eq(recordings.key, key));
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
