import type { Database } from 'better-sqlite3';
import type { TranscriptStatus } from './rows.js';

/** The holder of the single-writer sync lock, as stored in sync_state. */
export interface LockHolder {
  pid: number;
  host: string;
  token: string;
  startedAt: string;
  heartbeatAt: string;
}

const LOCK = 'sync_lock';

/**
 * Takes the lock unless a live holder has it. The check and the write happen in one IMMEDIATE
 * transaction, so two syncs starting together cannot both win. `canTakeOver` decides whether a
 * stored holder is dead (a killed process) and may be replaced.
 */
export function tryAcquireLock(
  db: Database,
  holder: LockHolder,
  canTakeOver: (current: LockHolder) => boolean,
): { acquired: true; replaced: LockHolder | null } | { acquired: false; holder: LockHolder } {
  const attempt = db.transaction(() => {
    const stored = db.prepare('SELECT value FROM sync_state WHERE name = ?').pluck().get(LOCK) as string | undefined;
    const current = stored ? (JSON.parse(stored) as LockHolder) : null;
    if (current && !canTakeOver(current)) return { acquired: false as const, holder: current };
    db.prepare(
      'INSERT INTO sync_state (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    ).run(LOCK, JSON.stringify(holder), holder.startedAt);
    return { acquired: true as const, replaced: current };
  });
  return attempt.immediate();
}

/** Refreshes the holder's heartbeat; false when the lock is no longer ours (taken over). */
export function heartbeatLock(db: Database, token: string, now: string): boolean {
  const result = db
    .prepare(
      `UPDATE sync_state SET value = json_set(value, '$.heartbeatAt', ?), updated_at = ?
       WHERE name = ? AND json_extract(value, '$.token') = ?`,
    )
    .run(now, now, LOCK, token);
  return result.changes === 1;
}

export function releaseLock(db: Database, token: string): void {
  db.prepare("DELETE FROM sync_state WHERE name = ? AND json_extract(value, '$.token') = ?").run(LOCK, token);
}

export function readLock(db: Database): LockHolder | null {
  const stored = db.prepare('SELECT value FROM sync_state WHERE name = ?').pluck().get(LOCK) as string | undefined;
  return stored ? (JSON.parse(stored) as LockHolder) : null;
}

/** Counts a sync run accumulates; written to its sync_runs row. */
export interface RunCounts {
  recordingsSeen: number;
  recordingsNew: number;
  recordingsUpdated: number;
  recordsInvalid: number;
  transcriptsFetched: number;
  transcriptsPending: number;
  transcriptsUnavailable: number;
  transcriptsFailed: number;
  audioDownloaded: number;
  apiRequests: number;
}

export function startRun(db: Database, input: { startedAt: string; pid: number }): number {
  const result = db.prepare("INSERT INTO sync_runs (started_at, status, pid) VALUES (?, 'running', ?)").run(input.startedAt, input.pid);
  return Number(result.lastInsertRowid);
}

export function updateRun(
  db: Database,
  id: number,
  fields: Partial<RunCounts> & { windowFrom?: string; windowTo?: string; status?: string; finishedAt?: string; error?: string | null },
): void {
  const columns: Record<string, string> = {
    recordingsSeen: 'recordings_seen',
    recordingsNew: 'recordings_new',
    recordingsUpdated: 'recordings_updated',
    recordsInvalid: 'records_invalid',
    transcriptsFetched: 'transcripts_fetched',
    transcriptsPending: 'transcripts_pending',
    transcriptsUnavailable: 'transcripts_unavailable',
    transcriptsFailed: 'transcripts_failed',
    audioDownloaded: 'audio_downloaded',
    apiRequests: 'api_requests',
    windowFrom: 'window_from',
    windowTo: 'window_to',
    status: 'status',
    finishedAt: 'finished_at',
    error: 'error',
  };
  const entries = Object.entries(fields).filter(([name, value]) => value !== undefined && columns[name]);
  if (entries.length === 0) return;
  const sets = entries.map(([name]) => `${columns[name]} = @${name}`).join(', ');
  db.prepare(`UPDATE sync_runs SET ${sets} WHERE id = @id`).run({ ...Object.fromEntries(entries), id });
}

/** Runs left `running` by a process that no longer exists (killed) are marked `interrupted`. */
export function markAbandonedRuns(db: Database, isAbandoned: (pid: number | null) => boolean, now: string): number {
  const running = db.prepare("SELECT id, pid FROM sync_runs WHERE status = 'running'").all() as { id: number; pid: number | null }[];
  const mark = db.prepare("UPDATE sync_runs SET status = 'interrupted', finished_at = ?, error = coalesce(error, 'the sync process ended without finishing (killed?)') WHERE id = ?");
  let count = 0;
  for (const run of running) {
    if (isAbandoned(run.pid)) {
      mark.run(now, run.id);
      count += 1;
    }
  }
  return count;
}

export interface DueTranscript {
  id: string;
  startTime: string;
  durationSeconds: number;
  attempts: number;
  /** The extension that owns the recording for RingSense, when known. */
  ownerExtensionId: string | null;
}

/** Transcripts due now, oldest call first, bounded per run (docs/design.md, "Sync", step 5). */
export function dueTranscripts(db: Database, now: string, limit: number): DueTranscript[] {
  // Rows stored before owners were tracked fall back to the extension mapped then: the carrying
  // leg's too, except when several legs with different extensions repeat one recording.
  return db
    .prepare(
      `SELECT id, start_time AS startTime, duration_seconds AS durationSeconds, transcript_attempts AS attempts,
              coalesce(owner_extension_id, extension_id) AS ownerExtensionId
       FROM recordings
       WHERE transcript_status = 'pending' AND (transcript_next_attempt_at IS NULL OR transcript_next_attempt_at <= ?)
       ORDER BY start_time ASC LIMIT ?`,
    )
    .all(now, limit) as DueTranscript[];
}

/** How many transcripts are due now: what `dueTranscripts` would hand out without a limit. */
export function countDueTranscripts(db: Database, now: string): number {
  return db
    .prepare(
      `SELECT count(*) FROM recordings
       WHERE transcript_status = 'pending' AND (transcript_next_attempt_at IS NULL OR transcript_next_attempt_at <= ?)`,
    )
    .pluck()
    .get(now) as number;
}

/** `sync --retry`: every pending, unavailable, failed or not-licensed transcript becomes due now. */
export function makeAllTranscriptsDue(db: Database, now: string): number {
  return db
    .prepare(
      `UPDATE recordings SET transcript_status = 'pending', transcript_next_attempt_at = NULL, updated_at = ?
       WHERE transcript_status IN ('pending', 'unavailable', 'failed', 'not_licensed')`,
    )
    .run(now).changes;
}

export function countTranscriptsByStatus(db: Database, status: TranscriptStatus): number {
  return db.prepare('SELECT count(*) FROM recordings WHERE transcript_status = ?').pluck().get(status) as number;
}
