import { eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import { reversedDigits } from '../phone-digits.js';
import type { CallRecordingRow, RecordingOwnerRow, TranscriptRow } from '../rows.js';
import type { TranscriptStateChange, WriteCounts } from '../write-recordings.js';
import type { Db } from './drizzle.js';
import { insights, recordingOwners, recordings, transcriptSegments } from './schema.js';
import { storableRow, storableText } from './text-values.js';

/** Keys are start time in ms × 1000 plus a counter, as on SQLite (src/db/write-recordings.ts). */
const KEYS_PER_MS = 1000;
/** Rows per multi-row INSERT: well under PostgreSQL's 65,535 parameters for the widest table. */
const ROWS_PER_INSERT = 500;

type RecordingInsert = typeof recordings.$inferInsert;

/** On conflict the call-log columns follow RingCentral; transcript, hold and audio state stay ours. */
const KEPT_ON_UPDATE = new Set<keyof RecordingInsert>(['key', 'id', 'transcriptStatus', 'firstSeenAt']);

/**
 * Upserts one page of call-log recordings in one transaction with multi-row inserts, as the SQLite
 * store does row by row (src/db/write-recordings.ts): a record that did not change, or that the
 * archive holds in a newer version (a lookback window re-reads it), is left as it is. New rows get
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
        .onConflictDoUpdate({ target: recordings.id, set: CALL_LOG_UPDATE, setWhere: CHANGED })
        .returning({ id: recordings.id });
      updated += written.filter((row) => existing.has(row.id)).length;
    }
    await writeOwners(tx, rows, now);
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

function recordingValues(row: CallRecordingRow, key: number, now: string): RecordingInsert {
  return {
    key,
    id: row.id,
    callId: row.callId,
    sessionId: row.sessionId,
    telephonySessionId: row.telephonySessionId,
    startTime: row.startTime,
    durationSeconds: row.durationSeconds,
    direction: row.direction,
    fromNumber: row.from.phoneNumber,
    fromName: row.from.name,
    fromExtension: row.from.extensionNumber,
    fromDigitsReversed: reversedDigits(row.from.phoneNumber),
    toNumber: row.to.phoneNumber,
    toName: row.to.name,
    toExtension: row.to.extensionNumber,
    toDigitsReversed: reversedDigits(row.to.phoneNumber),
    extensionId: row.extensionId,
    ownerExtensionId: row.owner?.extensionId ?? null,
    recordingType: row.recordingType,
    contentUri: row.contentUri,
    shortRecording: row.shortRecording,
    lastModifiedTime: row.lastModifiedTime,
    callLogJson: row.callLogJson,
    transcriptStatus: row.transcriptStatusOnInsert,
    firstSeenAt: now,
    updatedAt: now,
  };
}

/** A row whose values do not matter: recordingValues() of it names the columns a page writes. */
const EMPTY_PARTY = { phoneNumber: null, name: null, extensionNumber: null };
const EMPTY_ROW: CallRecordingRow = {
  id: '',
  callId: '',
  sessionId: null,
  telephonySessionId: null,
  startTime: '1970-01-01T00:00:00.000Z',
  durationSeconds: 0,
  direction: 'Inbound',
  from: EMPTY_PARTY,
  to: EMPTY_PARTY,
  extensionId: null,
  owner: null,
  recordingType: '',
  contentUri: '',
  shortRecording: false,
  lastModifiedTime: null,
  callLogJson: '',
  transcriptStatusOnInsert: 'pending',
};

/** The owners a page names; a page may give an owner's number on one record and not on another: keep what any said. */
async function writeOwners(db: Db, rows: readonly CallRecordingRow[], now: string): Promise<void> {
  const owners = new Map<string, RecordingOwnerRow>();
  for (const row of rows) {
    if (!row.owner) continue;
    const seen = owners.get(row.owner.extensionId);
    owners.set(row.owner.extensionId, {
      extensionId: row.owner.extensionId,
      extensionNumber: row.owner.extensionNumber ?? seen?.extensionNumber ?? null,
      name: row.owner.name ?? seen?.name ?? null,
    });
  }
  if (owners.size === 0) return;
  const number = sql`coalesce(excluded.extension_number, ${recordingOwners.extensionNumber})`;
  const name = sql`coalesce(excluded.name, ${recordingOwners.name})`;
  await db
    .insert(recordingOwners)
    .values([...owners.values()].map((owner) => storableRow({ ...owner, updatedAt: now })))
    .onConflictDoUpdate({
      target: recordingOwners.extensionId,
      set: { extensionNumber: number, name, updatedAt: sql`excluded.updated_at` },
      setWhere: sql`${number} IS DISTINCT FROM ${recordingOwners.extensionNumber} OR ${name} IS DISTINCT FROM ${recordingOwners.name}`,
    });
}

/**
 * Stores a transcript or first-stage insights with the transcript state `change`, replacing what was
 * stored for the recording, in one transaction (src/db/write-recordings.ts). False when the
 * recording is unknown.
 */
export async function writeTranscript(db: Db, recordingId: string, transcript: TranscriptRow, change: TranscriptStateChange, now: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const found = await tx.select({ key: recordings.key }).from(recordings).where(eq(recordings.id, recordingId));
    const key = found[0]?.key;
    if (key === undefined) return false;
    await tx.delete(transcriptSegments).where(eq(transcriptSegments.recordingKey, key));
    await tx.delete(insights).where(eq(insights.recordingKey, key));
    const segments = transcript.segments.map((s, ordinal) => storableRow({ recordingKey: key, ordinal, ...s }));
    for (let i = 0; i < segments.length; i += ROWS_PER_INSERT) await tx.insert(transcriptSegments).values(segments.slice(i, i + ROWS_PER_INSERT));
    const values = [
      ...transcript.highlights.map((h, ordinal) => ({ recordingKey: key, kind: 'highlight', ordinal, ...h })),
      ...transcript.nextSteps.map((n, ordinal) => ({ recordingKey: key, kind: 'next_step', ordinal, ...n })),
      ...transcript.topics.map((value, ordinal) => ({ recordingKey: key, kind: 'topic', ordinal, value, speakerId: null, start: null, end: null })),
    ];
    for (let i = 0; i < values.length; i += ROWS_PER_INSERT) await tx.insert(insights).values(values.slice(i, i + ROWS_PER_INSERT).map(storableRow));
    await tx
      .update(recordings)
      .set({
        transcriptStatus: change.status,
        transcriptError: storableText(change.error),
        transcriptNextAttemptAt: change.nextAttemptAt,
        transcriptAttempts: sql`${recordings.transcriptAttempts} + ${change.attempted ? 1 : 0}`,
        transcriptFetchedAt: change.status === 'ready' ? now : null,
        transcriptConfidence: transcript.confidence,
        transcriptSegmentCount: transcript.segments.length,
        transcript: storableText(transcript.segments.length > 0 ? transcript.segments.map((s) => s.text).join('\n') : null),
        summary: storableText(transcript.summary),
        sentiment: storableText(transcript.sentiment),
        aiScore: transcript.aiScore,
        intent: storableText(transcript.intent),
        topics: JSON.stringify(transcript.topics),
        updatedAt: now,
      })
      .where(eq(recordings.key, key));
    return true;
  });
}

/** Moves a recording's transcript to another state without touching stored text. */
export async function setTranscriptState(db: Db, recordingId: string, change: TranscriptStateChange, now: string): Promise<void> {
  await db
    .update(recordings)
    .set({
      transcriptStatus: change.status,
      transcriptNextAttemptAt: change.nextAttemptAt,
      transcriptError: storableText(change.error),
      transcriptAttempts: sql`${recordings.transcriptAttempts} + ${change.attempted ? 1 : 0}`,
      updatedAt: now,
    })
    .where(eq(recordings.id, recordingId));
}

/** `excluded.<column>` for every call-log column: the upsert's SET list. */
const CALL_LOG_UPDATE: Record<string, SQL> = Object.fromEntries(
  Object.entries(getTableColumns(recordings))
    .filter(([name]) => !KEPT_ON_UPDATE.has(name as keyof RecordingInsert) && name in recordingValues(EMPTY_ROW, 0, ''))
    .map(([name, column]) => [name, sql.raw(`excluded."${column.name}"`)]),
);

/** Update only when the record really changed, and never go back to an older version of it. */
const CHANGED = sql`excluded.call_log_json IS DISTINCT FROM ${recordings.callLogJson} AND (excluded.last_modified_time IS NULL OR ${recordings.lastModifiedTime} IS NULL OR excluded.last_modified_time >= ${recordings.lastModifiedTime})`;
