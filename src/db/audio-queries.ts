import type { Database } from 'better-sqlite3';
import type { RefusedAudio } from './row-types.js';

/**
 * What `status` shows of the audio downloads, in hand-written SQL: `status` starts without drizzle
 * (docs/design.md, "Backends: one SQLite file, or PostgreSQL for a team"). Sync's side is in
 * src/db/sqlite/audio-state.ts.
 */

/** Statuses whose download is tried again once `audio_next_attempt_at` has passed (src/audio/status.ts, src/db/common/audio.ts). */
const RETRIED = "('pending', 'not_yet_available', 'refused')";

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

/** A refused download as RefusedAudio names it. */
export const REFUSED_AUDIO_COLUMNS = 'id, start_time AS startTime, extension_id AS extensionId, audio_error AS error, audio_next_attempt_at AS nextAttemptAt';

/** Recordings whose audio RingCentral refused (403), newest first: what `status` names. */
export function refusedAudio(db: Database, limit: number): RefusedAudio[] {
  return db
    .prepare(
      `SELECT ${REFUSED_AUDIO_COLUMNS}
       FROM recordings WHERE audio_status = 'refused' ORDER BY start_time DESC LIMIT ?`,
    )
    .all(limit) as RefusedAudio[];
}
