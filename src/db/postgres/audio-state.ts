import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { DueAudio } from '../row-types.js';
import { archivedAudio, audioDue, audioSetback, dueAudioFields, RETRIED } from '../common/audio.js';
import type { AudioSetback } from '../store.js';
import { changed, type Db } from './drizzle.js';
import { recordings } from './schema.js';
import { storableRow } from './text-values.js';

/** Never tried, or waiting and past the next attempt; oldest call first (src/db/common/audio.ts). */
export async function dueAudio(db: Db, now: string, limit: number): Promise<DueAudio[]> {
  return db.select(dueAudioFields(recordings)).from(recordings).where(audioDue(recordings, now)).orderBy(asc(recordings.startTime)).limit(limit);
}

export async function recordAudioArchived(
  db: Db,
  input: { id: string; path: string; sha256: string; bytes: number; contentType: string | null; now: string },
): Promise<void> {
  await db.update(recordings).set(archivedAudio(recordings, input)).where(eq(recordings.id, input.id));
}

export async function recordAudioSetback(db: Db, id: string, setback: AudioSetback, now: string): Promise<void> {
  const { set, where } = audioSetback(recordings, id, setback, now);
  await db.update(recordings).set(storableRow(set)).where(where);
}

export async function makeAudioDueNow(db: Db, id: string, now: string): Promise<void> {
  await db
    .update(recordings)
    .set({ audioNextAttemptAt: null, updatedAt: now })
    .where(and(eq(recordings.id, id), inArray(recordings.audioStatus, RETRIED)));
}

export async function makeAllAudioDue(db: Db, now: string): Promise<number> {
  const result = await db
    .update(recordings)
    .set({ audioNextAttemptAt: null, updatedAt: now })
    .where(and(inArray(recordings.audioStatus, RETRIED), isNotNull(recordings.audioNextAttemptAt)));
  return changed(result);
}
