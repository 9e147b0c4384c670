import { statSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { audioQueue, refusedAudio } from '../../db/audio-queries.js';
import { schemaVersion } from '../../db/migrations.js';
import { ownersWithoutInsights } from '../../db/owner-queries.js';
import { archivedAudioBytes, databaseCounts, lastSuccessfulSyncRun, readState, recentSyncRuns, transcriptQueue } from '../../db/status-queries.js';
import type { StatusJson, StatusOptions } from '../status-json.js';

/** How many refused recordings the status names (all of them are counted). */
const REFUSED_SHOWN = 20;

/** The status of the SQLite archive at `path`, open as `db` (status-json.ts). */
export function archiveStatus(db: Database, path: string, now: Date, options: StatusOptions): StatusJson {
  const version = schemaVersion(db);
  const runs = recentSyncRuns(db, options.runs);
  const lastOk = lastSuccessfulSyncRun(db);
  const lastOkAt = lastOk ? (lastOk.finishedAt ?? lastOk.startedAt) : null;
  const ageMs = lastOkAt ? now.getTime() - Date.parse(lastOkAt) : null;
  const { maxAgeMs } = options;
  return {
    database: {
      path,
      exists: true,
      bytes: fileSize(path) + fileSize(`${path}-wal`),
      schemaVersion: version.applied,
      schemaLatest: version.latest,
    },
    audioArchiveBytes: archivedAudioBytes(db),
    counts: databaseCounts(db),
    transcripts: transcriptQueue(db),
    // Owners none of whose recordings ever got insights: their recordings are asked about once each.
    ownersWithoutInsights: ownersWithoutInsights(db).map((owner) => ({
      extensionId: owner.extensionId,
      extensionNumber: owner.extensionNumber,
      name: owner.name,
      recordingsWithoutInsights: owner.unavailableStreak,
      since: owner.sparseSince,
    })),
    // Audio by status, and the recordings RingCentral refused (403), which need an administrator.
    audio: { byStatus: audioQueue(db), refused: refusedAudio(db, REFUSED_SHOWN) },
    checkpoint: readState(db, 'checkpoint'),
    lastSync: runs[0] ?? null,
    lastSuccessfulSync: lastOk,
    recentSyncs: runs,
    maxAge:
      maxAgeMs === null
        ? null
        : { limitSeconds: maxAgeMs / 1000, ageSeconds: ageMs === null ? null : Math.round(ageMs / 1000), stale: ageMs === null || ageMs > maxAgeMs },
  };
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
