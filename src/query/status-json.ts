import type { AudioQueueRow } from '../db/audio-queries.js';
import type { RefusedAudio, SyncRunRow } from '../db/row-types.js';
import type { DatabaseCounts, TranscriptQueue } from '../db/status-queries.js';

/**
 * What `status --json` prints and `GET /api/v1/status` answers (docs/cli.md, "Operations"): the
 * database, its schema version and size, counts, the checkpoint, the transcript queue and the last
 * syncs; with a maximum age, whether the last successful sync is older.
 */
export interface StatusJson {
  database: { path: string; exists: boolean; bytes: number; schemaVersion: number; schemaLatest: string | null };
  /** Only when there is no archive yet: what to do about it. */
  message?: string;
  audioArchiveBytes: number;
  counts: DatabaseCounts;
  transcripts: TranscriptQueue[];
  /** Owners none of whose recordings ever got insights (absent when there is no archive). */
  ownersWithoutInsights?: OwnerWithoutInsights[];
  /** Audio by status, and the recordings RingCentral refused (403), which need an administrator. */
  audio: { byStatus: AudioQueueRow[]; refused: RefusedAudio[] };
  checkpoint: string | null;
  lastSync: SyncRunRow | null;
  lastSuccessfulSync: SyncRunRow | null;
  recentSyncs: SyncRunRow[];
  maxAge: { limitSeconds: number; ageSeconds: number | null; stale: boolean } | null;
}

export interface OwnerWithoutInsights {
  extensionId: string;
  extensionNumber: string | null;
  name: string | null;
  recordingsWithoutInsights: number;
  since: string | null;
}

export interface StatusOptions {
  /** How many recent sync runs to list. */
  runs: number;
  /** The monitoring check of `status --max-age`, or null. */
  maxAgeMs: number | null;
}

/** The status of an archive that does not exist yet: nothing synced, so stale for any maximum age. */
export function noArchiveStatus(path: string, message: string, maxAgeMs: number | null): StatusJson {
  return {
    database: { path, exists: false, bytes: 0, schemaVersion: 0, schemaLatest: null },
    message,
    audioArchiveBytes: 0,
    counts: { recordings: 0, withTranscript: 0, onHold: 0, audioArchived: 0, byTranscriptStatus: {} },
    transcripts: [],
    audio: { byStatus: [], refused: [] },
    checkpoint: null,
    lastSync: null,
    lastSuccessfulSync: null,
    recentSyncs: [],
    maxAge: maxAgeMs === null ? null : { limitSeconds: maxAgeMs / 1000, ageSeconds: null, stale: true },
  };
}

/** How old the last successful sync is, in ms (null when none has succeeded). */
export function lastSuccessAgeMs(status: StatusJson, now: Date): number | null {
  const run = status.lastSuccessfulSync;
  const at = run ? (run.finishedAt ?? run.startedAt) : null;
  return at ? now.getTime() - Date.parse(at) : null;
}
