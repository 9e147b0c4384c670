import type { Database } from 'better-sqlite3';
import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { CallRecordingRow, TranscriptRow } from '../row-types.js';
import { callLogConflictUpdate, KEYS_PER_MS, ownerConflictUpdate, pageOwners, recordingValues, WRITTEN_FIELDS, type WrittenRecording } from '../common/recording-upsert.js';
import {
  INSIGHT_FIELDS,
  type InsightInsert,
  insightValues,
  SEGMENT_FIELDS,
  type SegmentInsert,
  segmentValues,
  STATE_FIELDS,
  stateValues,
  TRANSCRIPT_FIELDS,
  transcriptValues,
} from '../common/transcripts.js';
import type { TranscriptStateChange, WriteCounts } from '../store.js';
import { compile, type Drizzle, placeholders, preparedFor, setPlaceholders } from './drizzle.js';
import { insights, recordingOwners, recordings, transcriptSegments } from './schema.js';

/** A recording's key, and the largest key in a range: made once per connection, they run once per row. */
function keyStatements(d: Drizzle, db: Database) {
  return {
    keyOf: compile<{ id: string }>(db, d.select({ key: recordings.key }).from(recordings).where(eq(recordings.id, sql.placeholder('id')))),
    largestKeyIn: compile<{ from: number; to: number }>(
      db,
      d
        .select({ key: sql<number | null>`max(${recordings.key})` })
        .from(recordings)
        .where(and(gte(recordings.key, sql.placeholder('from')), lt(recordings.key, sql.placeholder('to')))),
    ),
  };
}

/**
 * The key for a new recording: after the largest stored in its millisecond (a transaction's new rows
 * included). Only the lock holder (or a copy into the archive) writes recordings in one transaction,
 * so no one else takes the key meanwhile.
 */
export function newKey(db: Database, startTime: string): number {
  const base = Date.parse(startTime) * KEYS_PER_MS;
  const largest = preparedFor(db, keyStatements).largestKeyIn.value<number | null>({ from: base, to: base + KEYS_PER_MS }) ?? null;
  if (largest === null) return base;
  if (largest + 1 >= base + KEYS_PER_MS) throw new Error(`more than ${KEYS_PER_MS} recordings start at ${startTime}`);
  return largest + 1;
}

/** The statements of a page of the call log, made once per connection; the upsert runs once per recording: compiled. */
function pageStatements(d: Drizzle, db: Database) {
  return {
    upsert: compile<WrittenRecording>(
      db,
      d
        .insert(recordings)
        .values(placeholders(WRITTEN_FIELDS))
        .onConflictDoUpdate({ target: recordings.id, ...callLogConflictUpdate(recordings) }),
    ),
    owner: d
      .insert(recordingOwners)
      .values(placeholders(['extensionId', 'extensionNumber', 'name', 'updatedAt'] as const))
      .onConflictDoUpdate({ target: recordingOwners.extensionId, ...ownerConflictUpdate(recordingOwners) })
      .prepare(),
  };
}

/**
 * Upserts one page of call-log recordings in a single synchronous transaction: either the whole
 * page is stored or none of it. A record that did not change, or that the archive holds in a newer
 * version (a lookback window re-reads it), is left as it is (src/db/common/recording-upsert.ts).
 */
export function writeCallRecordings(db: Database, rows: readonly CallRecordingRow[], now: string): WriteCounts {
  const statements = preparedFor(db, pageStatements);
  const { keyOf } = preparedFor(db, keyStatements);
  return db
    .transaction(() => {
      const counts: WriteCounts = { inserted: 0, updated: 0 };
      for (const row of rows) {
        const storedKey = keyOf.value<number>({ id: row.id });
        const key = storedKey ?? newKey(db, row.startTime);
        const result = statements.upsert.run(recordingValues(row, key, now));
        if (storedKey === undefined) counts.inserted += 1;
        else if (result.changes > 0) counts.updated += 1;
      }
      for (const owner of pageOwners(rows)) statements.owner.run({ ...owner, updatedAt: now });
      return counts;
    })
    .immediate();
}

/**
 * A transcript's statements and the transaction that runs them, made once per connection: building
 * them for every transcript cost more than running them. Segments and insights run once per line:
 * compiled (src/db/sqlite/drizzle.ts).
 */
function transcriptStatements(d: Drizzle, db: Database) {
  const key = sql.placeholder('key');
  const attempts = sql`${recordings.transcriptAttempts} + ${sql.placeholder('attempted')}`;
  const { keyOf } = preparedFor(db, keyStatements);
  const deleteSegments = d.delete(transcriptSegments).where(eq(transcriptSegments.recordingKey, key)).prepare();
  const deleteInsights = d.delete(insights).where(eq(insights.recordingKey, key)).prepare();
  const segment = compile<SegmentInsert>(db, d.insert(transcriptSegments).values(placeholders(SEGMENT_FIELDS)));
  const insight = compile<InsightInsert>(db, d.insert(insights).values(placeholders(INSIGHT_FIELDS)));
  const update = d
    .update(recordings)
    .set({ ...setPlaceholders(TRANSCRIPT_FIELDS), transcriptAttempts: attempts })
    .where(eq(recordings.key, key))
    .prepare();
  return {
    write: db.transaction((recordingId: string, transcript: TranscriptRow, change: TranscriptStateChange, now: string): boolean => {
      const found = keyOf.value<number>({ id: recordingId });
      if (found === undefined) return false;
      deleteSegments.run({ key: found });
      deleteInsights.run({ key: found });
      for (const values of segmentValues(found, transcript)) segment.run(values);
      for (const values of insightValues(found, transcript)) insight.run(values);
      update.run({ ...transcriptValues(transcript, change, now), attempted: change.attempted ? 1 : 0, key: found });
      return true;
    }),
    setState: d
      .update(recordings)
      .set({ ...setPlaceholders(STATE_FIELDS), transcriptAttempts: attempts })
      .where(eq(recordings.id, sql.placeholder('id')))
      .prepare(),
  };
}

/**
 * Stores a transcript with its insights and marks it `ready`, replacing whatever was stored for
 * the recording before, in one transaction. Returns false when the recording is unknown.
 */
export function writeTranscript(db: Database, recordingId: string, transcript: TranscriptRow, now: string): boolean {
  return writeFirstStageInsights(db, recordingId, transcript, { status: 'ready', nextAttemptAt: null, error: null, attempted: false }, now);
}

/**
 * Stores the insights of a first-stage answer (AI Notes: a summary, next steps, no transcript),
 * replacing what was stored, and leaves the transcript in `change`'s state (`pending` to ask
 * again, `unavailable` past the give-up age): the transcript is not stored, so `get` shows none.
 */
export function writeFirstStageInsights(db: Database, recordingId: string, transcript: TranscriptRow, change: TranscriptStateChange, now: string): boolean {
  return preparedFor(db, transcriptStatements).write.immediate(recordingId, transcript, change, now);
}

/** Moves a recording's transcript to another state without touching stored text. */
export function setTranscriptState(db: Database, recordingId: string, change: TranscriptStateChange, now: string): void {
  preparedFor(db, transcriptStatements).setState.run({ ...stateValues(change, now), attempted: change.attempted ? 1 : 0, id: recordingId });
}
