import type { ArchiveStore } from '../db/store.js';
import type { StatusJson, StatusOptions } from './status-json.js';

/** How many refused recordings the status names (all of them are counted). */
const REFUSED_SHOWN = 20;

/** The status of the archive in `store`, whatever holds it (status-json.ts). */
export async function archiveStatus(store: ArchiveStore, now: Date, options: StatusOptions): Promise<StatusJson> {
  const facts = await store.facts({ runs: options.runs, refusedShown: REFUSED_SHOWN });
  const runs = facts.recentSyncs;
  const lastOk = facts.lastSuccessfulSync;
  const lastOkAt = lastOk ? (lastOk.finishedAt ?? lastOk.startedAt) : null;
  const ageMs = lastOkAt ? now.getTime() - Date.parse(lastOkAt) : null;
  const { maxAgeMs } = options;
  return {
    database: {
      path: store.location,
      exists: true,
      bytes: facts.bytes,
      schemaVersion: facts.schema.applied,
      schemaLatest: facts.schema.latest,
    },
    audioArchiveBytes: facts.audioArchiveBytes,
    counts: facts.counts,
    transcripts: facts.transcripts,
    // Owners none of whose recordings ever got insights: their recordings are asked about once each.
    ownersWithoutInsights: facts.ownersWithoutInsights.map((owner) => ({
      extensionId: owner.extensionId,
      extensionNumber: owner.extensionNumber,
      name: owner.name,
      recordingsWithoutInsights: owner.unavailableStreak,
      since: owner.sparseSince,
    })),
    // Audio by status, and the recordings RingCentral refused (403), which need an administrator.
    audio: facts.audio,
    checkpoint: facts.checkpoint,
    lastSync: runs[0] ?? null,
    lastSuccessfulSync: lastOk,
    recentSyncs: runs,
    maxAge:
      maxAgeMs === null
        ? null
        : { limitSeconds: maxAgeMs / 1000, ageSeconds: ageMs === null ? null : Math.round(ageMs / 1000), stale: ageMs === null || ageMs > maxAgeMs },
  };
}
