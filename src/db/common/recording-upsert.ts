import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import { reversedDigits } from '../phone-digits.js';
import type { CallRecordingRow, RecordingInsert, RecordingOwnerRow } from '../row-types.js';
import type { OwnersTable, RecordingsTable } from './tables.js';

/**
 * How a page of the call log is stored, on either dialect (src/db/sqlite/write-recordings.ts,
 * src/db/postgres/write-recordings.ts): the values of a row, what an upsert overwrites and when,
 * and the owners the page names.
 */

/** Keys are start time in ms × 1000 plus a counter, so up to 1000 recordings may share a millisecond. */
export const KEYS_PER_MS = 1000;

/** The fields of `recordings` a page writes: recordingValues() gives each of them. */
export const WRITTEN_FIELDS = [
  'key',
  'id',
  'callId',
  'sessionId',
  'telephonySessionId',
  'startTime',
  'durationSeconds',
  'direction',
  'fromNumber',
  'fromName',
  'fromExtension',
  'fromDigitsReversed',
  'toNumber',
  'toName',
  'toExtension',
  'toDigitsReversed',
  'extensionId',
  'ownerExtensionId',
  'recordingType',
  'contentUri',
  'shortRecording',
  'lastModifiedTime',
  'callLogJson',
  'transcriptStatus',
  'firstSeenAt',
  'updatedAt',
] as const satisfies readonly (keyof RecordingInsert)[];

type WrittenField = (typeof WRITTEN_FIELDS)[number];
export type WrittenRecording = Required<Pick<RecordingInsert, WrittenField>>;

/** On conflict the call-log fields follow RingCentral; the key, the first sighting, transcript, hold and audio state stay ours. */
const KEPT_ON_UPDATE: readonly WrittenField[] = ['key', 'id', 'transcriptStatus', 'firstSeenAt'];
const UPDATED_FIELDS = WRITTEN_FIELDS.filter((field) => !KEPT_ON_UPDATE.includes(field));

/** The row a call-log recording is stored as under `key`, seen `now`. */
export function recordingValues(row: CallRecordingRow, key: number, now: string): WrittenRecording {
  return {
    key,
    id: row.id,
    callId: row.callId,
    sessionId: row.sessionId,
    telephonySessionId: row.telephonySessionId,
    startTime: row.startTime,
    durationSeconds: row.durationSeconds,
    direction: row.direction,
    fromNumber: row.fromNumber,
    fromName: row.fromName,
    fromExtension: row.fromExtension,
    fromDigitsReversed: reversedDigits(row.fromNumber),
    toNumber: row.toNumber,
    toName: row.toName,
    toExtension: row.toExtension,
    toDigitsReversed: reversedDigits(row.toNumber),
    extensionId: row.extensionId,
    ownerExtensionId: row.owner?.extensionId ?? null,
    recordingType: row.recordingType,
    contentUri: row.contentUri,
    shortRecording: row.shortRecording,
    lastModifiedTime: row.lastModifiedTime,
    callLogJson: row.callLogJson,
    transcriptStatus: row.transcriptStatus,
    firstSeenAt: now,
    updatedAt: now,
  };
}

/**
 * The upsert's update: the call-log fields from the incoming row, and only when the record really
 * changed and is not older than the stored one (a lookback window may return a record the archive
 * already holds in a newer state). An upsert, never a replace: on SQLite a replace deletes the old
 * row behind the FTS triggers' back and leaves orphaned index entries.
 */
export function callLogConflictUpdate(table: RecordingsTable): { set: Record<string, SQL>; setWhere: SQL } {
  const columns = getTableColumns(table) as Record<WrittenField, { name: string }>;
  return {
    set: Object.fromEntries(UPDATED_FIELDS.map((field) => [field, sql.raw(`excluded."${columns[field].name}"`)])),
    setWhere: sql`excluded.call_log_json IS DISTINCT FROM ${table.callLogJson} AND (excluded.last_modified_time IS NULL OR ${table.lastModifiedTime} IS NULL OR excluded.last_modified_time >= ${table.lastModifiedTime})`,
  };
}

/** The owners a page names, once each: a page may give an owner's number on one record and not on another, so keep what any said. */
export function pageOwners(rows: readonly CallRecordingRow[]): RecordingOwnerRow[] {
  const owners = new Map<string, RecordingOwnerRow>();
  for (const { owner } of rows) {
    if (!owner) continue;
    const seen = owners.get(owner.extensionId);
    owners.set(owner.extensionId, {
      extensionId: owner.extensionId,
      extensionNumber: owner.extensionNumber ?? seen?.extensionNumber ?? null,
      name: owner.name ?? seen?.name ?? null,
    });
  }
  return [...owners.values()];
}

/** An owner the call log names again: a number or name it gives replaces the stored one, one it leaves out does not erase it. */
export function ownerConflictUpdate(table: OwnersTable): { set: Record<string, SQL>; setWhere: SQL } {
  const number = sql`coalesce(excluded.extension_number, ${table.extensionNumber})`;
  const name = sql`coalesce(excluded.name, ${table.name})`;
  return {
    set: { extensionNumber: number, name, updatedAt: sql`excluded.updated_at` },
    setWhere: sql`${number} IS DISTINCT FROM ${table.extensionNumber} OR ${name} IS DISTINCT FROM ${table.name}`,
  };
}
