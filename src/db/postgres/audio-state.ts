import { and, asc, eq, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { AudioSetback, DueAudio } from '../audio-queries.js';
import { changed, type Db } from './drizzle.js';
import { recordings } from './schema.js';
import { storableText } from './text-values.js';

/** Statuses whose download is tried again once `audio_next_attempt_at` has passed (src/audio/status.ts). */
const RETRIED = ['pending', 'not_yet_available', 'refused'];

/** src/db/audio-queries.ts, dueAudio: never tried, or waiting and past the next attempt; oldest call first. */
export async function dueAudio(db: Db, now: string, limit: number): Promise<DueAudio[]> {
  return db
    .select({
      id: recordings.id,
      contentUri: recordings.contentUri,
      startTime: recordings.startTime,
      status: recordings.audioStatus,
      attempts: recordings.audioAttempts,
      notFoundSince: recordings.audioNotFoundSince,
    })
    .from(recordings)
    .where(
      or(
        isNull(recordings.audioStatus),
        and(inArray(recordings.audioStatus, RETRIED), or(isNull(recordings.audioNextAttemptAt), lte(recordings.audioNextAttemptAt, now))),
      ),
    )
    .orderBy(asc(recordings.startTime))
    .limit(limit);
}

export async function recordAudioArchived(
  db: Db,
  input: { id: string; path: string; sha256: string; bytes: number; contentType: string | null; now: string },
): Promise<void> {
  await db
    .update(recordings)
    .set({
      audioStatus: 'archived',
      audioPath: input.path,
      audioSha256: input.sha256,
      audioBytes: input.bytes,
      contentType: sql`coalesce(${input.contentType}::text, ${recordings.contentType})`,
      audioAttempts: 0,
      audioNextAttemptAt: null,
      audioNotFoundSince: null,
      audioError: null,
      updatedAt: input.now,
    })
    .where(eq(recordings.id, input.id));
}

export async function recordAudioSetback(db: Db, id: string, setback: AudioSetback, now: string): Promise<void> {
  await db
    .update(recordings)
    .set({
      audioStatus: setback.status,
      audioAttempts: setback.attempts,
      audioNextAttemptAt: setback.nextAttemptAt,
      audioNotFoundSince: setback.notFoundSince,
      audioError: storableText(setback.error),
      updatedAt: now,
    })
    .where(and(eq(recordings.id, id), sql`coalesce(${recordings.audioStatus}, '') <> 'archived'`));
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
