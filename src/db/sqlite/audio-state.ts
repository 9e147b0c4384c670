import type { Database } from 'better-sqlite3';
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { DueAudio } from '../row-types.js';
import { archivedAudio, audioDue, audioSetback, dueAudioFields, RETRIED } from '../common/audio.js';
import type { AudioSetback } from '../store.js';
import { drizzleOf } from './drizzle.js';
import { recordings } from './schema.js';

/**
 * Recordings whose audio is due: never tried, or waiting to be tried again and past their next
 * attempt; oldest call first (closest to RingCentral deleting it), bounded per run.
 */
export function dueAudio(db: Database, now: string, limit: number): DueAudio[] {
  return drizzleOf(db).select(dueAudioFields(recordings)).from(recordings).where(audioDue(recordings, now)).orderBy(asc(recordings.startTime)).limit(limit).all();
}

export function recordAudioArchived(db: Database, input: { id: string; path: string; sha256: string; bytes: number; contentType: string | null; now: string }): void {
  drizzleOf(db).update(recordings).set(archivedAudio(recordings, input)).where(eq(recordings.id, input.id)).run();
}

export function recordAudioSetback(db: Database, id: string, setback: AudioSetback, now: string): void {
  const { set, where } = audioSetback(recordings, id, setback, now);
  drizzleOf(db).update(recordings).set(set).where(where).run();
}

/** RingCentral served the audio after all (to `stream`): the next sync archives it without waiting out its back-off. */
export function makeAudioDueNow(db: Database, id: string, now: string): void {
  drizzleOf(db)
    .update(recordings)
    .set({ audioNextAttemptAt: null, updatedAt: now })
    .where(and(eq(recordings.id, id), inArray(recordings.audioStatus, RETRIED)))
    .run();
}

/** `sync --retry`: every download waiting out a back-off becomes due now (`missing` stays missing). */
export function makeAllAudioDue(db: Database, now: string): number {
  return drizzleOf(db)
    .update(recordings)
    .set({ audioNextAttemptAt: null, updatedAt: now })
    .where(and(inArray(recordings.audioStatus, RETRIED), isNotNull(recordings.audioNextAttemptAt)))
    .run().changes;
}
