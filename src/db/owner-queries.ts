import type { Database } from 'better-sqlite3';
import type { RecordingOwner } from './row-types.js';

/** A recording_owners row as RecordingOwner names it, for the reads of `status` and `doctor` (hand-written: they start without drizzle). */
export const OWNER_COLUMNS = `extension_id AS extensionId, extension_number AS extensionNumber, name, insights_seen_at AS insightsSeenAt,
  unavailable_streak AS unavailableStreak, sparse_since AS sparseSince`;

/**
 * Owners whose recordings are asked about sparingly because none ever had insights, longest streak
 * first. Empty on a database from before owners were tracked (doctor reads without migrating).
 */
export function ownersWithoutInsights(db: Database): RecordingOwner[] {
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'recording_owners'").get()) return [];
  return db
    .prepare(`SELECT ${OWNER_COLUMNS} FROM recording_owners WHERE sparse_since IS NOT NULL ORDER BY unavailable_streak DESC, extension_number, extension_id`)
    .all() as RecordingOwner[];
}

/**
 * How the owner is named in messages: its extension number when the call log gave a plausible one
 * (it is printed on terminals and in logs, so nothing else of the call log's text gets in).
 */
export function ownerLabel(owner: Pick<RecordingOwner, 'extensionId' | 'extensionNumber'>): string {
  if (owner.extensionNumber && /^[0-9*#]{1,16}$/.test(owner.extensionNumber)) return `extension ${owner.extensionNumber}`;
  return `extension id ${owner.extensionId.replace(/[^0-9A-Za-z-]/g, '').slice(0, 32)}`;
}
