import type { Database } from 'better-sqlite3';
import type { SyncRunRow } from './row-types.js';

export interface DatabaseCounts {
  recordings: number;
  withTranscript: number;
  byTranscriptStatus: Record<string, number>;
  onHold: number;
  audioArchived: number;
}

export function databaseCounts(db: Database): DatabaseCounts {
  const totals = db
    .prepare(
      `SELECT count(*) AS recordings,
              count(*) FILTER (WHERE transcript_status = 'ready' AND transcript_segment_count > 0) AS withTranscript,
              count(*) FILTER (WHERE legal_hold) AS onHold,
              count(audio_path) AS audioArchived
       FROM recordings`,
    )
    .get() as Omit<DatabaseCounts, 'byTranscriptStatus'>;
  const byStatus = db.prepare('SELECT transcript_status AS status, count(*) AS n FROM recordings GROUP BY 1').all() as {
    status: string;
    n: number;
  }[];
  return { ...totals, byTranscriptStatus: Object.fromEntries(byStatus.map((row) => [row.status, row.n])) };
}

export const SYNC_RUN_COLUMNS = `id, started_at AS startedAt, finished_at AS finishedAt, window_from AS windowFrom,
  window_to AS windowTo, status, recordings_seen AS recordingsSeen, recordings_new AS recordingsNew,
  recordings_updated AS recordingsUpdated, records_invalid AS recordsInvalid,
  transcripts_fetched AS transcriptsFetched, transcripts_pending AS transcriptsPending,
  transcripts_unavailable AS transcriptsUnavailable, transcripts_failed AS transcriptsFailed,
  audio_downloaded AS audioDownloaded, api_requests AS apiRequests, error`;

export function recentSyncRuns(db: Database, limit: number): SyncRunRow[] {
  return db.prepare(`SELECT ${SYNC_RUN_COLUMNS} FROM sync_runs ORDER BY id DESC LIMIT ?`).all(limit) as SyncRunRow[];
}

export function lastSuccessfulSyncRun(db: Database): SyncRunRow | null {
  return (
    (db.prepare(`SELECT ${SYNC_RUN_COLUMNS} FROM sync_runs WHERE status = 'ok' ORDER BY id DESC LIMIT 1`).get() as
      | SyncRunRow
      | undefined) ?? null
  );
}

export function readState(db: Database, name: string): string | null {
  return (db.prepare('SELECT value FROM sync_state WHERE name = ?').pluck().get(name) as string | undefined) ?? null;
}

export interface TranscriptQueue {
  status: string;
  count: number;
  /** The earliest next attempt among pending transcripts (null: due now, or not pending). */
  nextAttemptAt: string | null;
}

/** Transcripts by status, with when the next pending one is due. */
export function transcriptQueue(db: Database): TranscriptQueue[] {
  return db
    .prepare(
      `SELECT transcript_status AS status, count(*) AS count,
              CASE WHEN transcript_status = 'pending' THEN min(coalesce(transcript_next_attempt_at, '')) END AS nextAttemptAt
       FROM recordings GROUP BY transcript_status ORDER BY transcript_status`,
    )
    .all()
    .map((row) => {
      const typed = row as TranscriptQueue;
      return { ...typed, nextAttemptAt: typed.nextAttemptAt === '' ? null : typed.nextAttemptAt };
    });
}

export function archivedAudioBytes(db: Database): number {
  return (db.prepare("SELECT coalesce(sum(audio_bytes), 0) FROM recordings WHERE audio_status = 'archived'").pluck().get() as number) ?? 0;
}
