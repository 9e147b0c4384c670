import { and, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { AudioSetback } from '../store.js';
import type { RecordingsTable } from './tables.js';

/*
 * The audio download state, on either dialect (src/db/sqlite/audio-state.ts,
 * src/db/postgres/audio-state.ts): which downloads are due, and what an attempt leaves behind.
 */

/** Statuses whose download is tried again once `audio_next_attempt_at` has passed (src/audio/status.ts). */
export const RETRIED = ['pending', 'not_yet_available', 'refused'];

/** Never tried, or waiting to be tried again and past the next attempt. */
export function audioDue<T extends RecordingsTable>(table: T, now: string): SQL | undefined {
  return or(isNull(table.audioStatus), and(inArray(table.audioStatus, RETRIED), or(isNull(table.audioNextAttemptAt), lte(table.audioNextAttemptAt, now))));
}

/** A due download as the audio module takes it. */
export function dueAudioFields<T extends RecordingsTable>(table: T): { id: T['id']; contentUri: T['contentUri']; startTime: T['startTime']; status: T['audioStatus']; attempts: T['audioAttempts']; notFoundSince: T['audioNotFoundSince'] } {
  return {
    id: table.id,
    contentUri: table.contentUri,
    startTime: table.startTime,
    status: table.audioStatus,
    attempts: table.audioAttempts,
    notFoundSince: table.audioNotFoundSince,
  };
}

/** The audio is archived: where, what it is, and the back-off forgotten. */
export function archivedAudio(table: RecordingsTable, input: { path: string; sha256: string; bytes: number; contentType: string | null; now: string }) {
  return {
    audioStatus: 'archived',
    audioPath: input.path,
    audioSha256: input.sha256,
    audioBytes: input.bytes,
    contentType: sql`coalesce(CAST(${input.contentType} AS text), ${table.contentType})`,
    audioAttempts: 0,
    audioNextAttemptAt: null,
    audioNotFoundSince: null,
    audioError: null,
    updatedAt: input.now,
  };
}

/** An attempt that did not archive the audio; an archived recording keeps its audio whatever a later attempt says. */
export function audioSetback(table: RecordingsTable, id: string, setback: AudioSetback, now: string) {
  return {
    set: {
      audioStatus: setback.status,
      audioAttempts: setback.attempts,
      audioNextAttemptAt: setback.nextAttemptAt,
      audioNotFoundSince: setback.notFoundSince,
      audioError: setback.error,
      updatedAt: now,
    },
    where: sql`${table.id} = ${id} AND coalesce(${table.audioStatus}, '') <> 'archived'`,
  };
}
