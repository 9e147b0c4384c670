import type { Database } from 'better-sqlite3';

/** Statuses whose download is tried again once `audio_next_attempt_at` has passed (src/audio/status.ts). */
const RETRIED = "('pending', 'not_yet_available', 'refused')";

export interface DueAudio {
  id: string;
  contentUri: string;
  startTime: string;
  status: string | null;
  attempts: number;
  notFoundSince: string | null;
}

/**
 * Recordings whose audio is due: never tried, or waiting to be tried again and past their next
 * attempt; oldest call first (closest to RingCentral deleting it), bounded per run.
 */
export function dueAudio(db: Database, now: string, limit: number): DueAudio[] {
  return db
    .prepare(
      `SELECT id, content_uri AS contentUri, start_time AS startTime, audio_status AS status, audio_attempts AS attempts,
              audio_not_found_since AS notFoundSince
       FROM recordings
       WHERE audio_status IS NULL OR (audio_status IN ${RETRIED} AND (audio_next_attempt_at IS NULL OR audio_next_attempt_at <= ?))
       ORDER BY start_time ASC LIMIT ?`,
    )
    .all(now, limit) as DueAudio[];
}

export function recordAudioArchived(
  db: Database,
  input: { id: string; path: string; sha256: string; bytes: number; contentType: string | null; now: string },
): void {
  db.prepare(
    `UPDATE recordings SET audio_status = 'archived', audio_path = @path, audio_sha256 = @sha256, audio_bytes = @bytes,
       content_type = coalesce(@contentType, content_type), audio_attempts = 0, audio_next_attempt_at = NULL,
       audio_not_found_since = NULL, audio_error = NULL, updated_at = @now
     WHERE id = @id`,
  ).run(input);
}

/** What an attempt that did not archive the audio leaves behind (src/audio/status.ts decides it). */
export interface AudioSetback {
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  notFoundSince: string | null;
  error: string;
}

export function recordAudioSetback(db: Database, id: string, setback: AudioSetback, now: string): void {
  db.prepare(
    `UPDATE recordings SET audio_status = @status, audio_attempts = @attempts, audio_next_attempt_at = @nextAttemptAt,
       audio_not_found_since = @notFoundSince, audio_error = @error, updated_at = @now
     WHERE id = @id AND coalesce(audio_status, '') <> 'archived'`,
  ).run({ ...setback, id, now });
}

/** RingCentral served the audio after all (to `stream`): the next sync archives it without waiting out its back-off. */
export function makeAudioDueNow(db: Database, id: string, now: string): void {
  db.prepare(`UPDATE recordings SET audio_next_attempt_at = NULL, updated_at = ? WHERE id = ? AND audio_status IN ${RETRIED}`).run(now, id);
}

/** `sync --retry`: every download waiting out a back-off becomes due now (`missing` stays missing). */
export function makeAllAudioDue(db: Database, now: string): number {
  return db
    .prepare(`UPDATE recordings SET audio_next_attempt_at = NULL, updated_at = ? WHERE audio_status IN ${RETRIED} AND audio_next_attempt_at IS NOT NULL`)
    .run(now).changes;
}

export interface AudioQueueRow {
  /** `not_tried` for recordings whose audio was never asked for (sync without --audio). */
  status: string;
  count: number;
  /** The earliest next attempt among these (null: due now, or never retried). */
  nextAttemptAt: string | null;
}

/** Audio by status, with when the next retried one is due (`status`). */
export function audioQueue(db: Database): AudioQueueRow[] {
  return db
    .prepare(
      `SELECT coalesce(audio_status, 'not_tried') AS status, count(*) AS count,
              CASE WHEN audio_status IN ${RETRIED} THEN min(coalesce(audio_next_attempt_at, '')) END AS nextAttemptAt
       FROM recordings GROUP BY 1 ORDER BY 1`,
    )
    .all()
    .map((row) => {
      const typed = row as AudioQueueRow;
      return { ...typed, nextAttemptAt: typed.nextAttemptAt === '' ? null : typed.nextAttemptAt };
    });
}

export interface RefusedAudio {
  id: string;
  startTime: string;
  extensionId: string | null;
  error: string | null;
  nextAttemptAt: string | null;
}

/** Recordings whose audio RingCentral refused (403), newest first: what `status` names. */
export function refusedAudio(db: Database, limit: number): RefusedAudio[] {
  return db
    .prepare(
      `SELECT id, start_time AS startTime, extension_id AS extensionId, audio_error AS error, audio_next_attempt_at AS nextAttemptAt
       FROM recordings WHERE audio_status = 'refused' ORDER BY start_time DESC LIMIT ?`,
    )
    .all(limit) as RefusedAudio[];
}
