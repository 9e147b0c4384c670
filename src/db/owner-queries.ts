import type { Database } from 'better-sqlite3';

/** What is known about an extension that owns recordings, and what RingSense said about it. */
export interface RecordingOwner {
  extensionId: string;
  extensionNumber: string | null;
  name: string | null;
  /** When RingSense last answered 200 for one of its recordings; null: never. */
  insightsSeenAt: string | null;
  /** Its recordings that ended `unavailable` in a row while it never had insights. */
  unavailableStreak: number;
  /** Since when its recordings are asked about sparingly; null: the normal back-off series. */
  sparseSince: string | null;
}

const COLUMNS = `extension_id AS extensionId, extension_number AS extensionNumber, name, insights_seen_at AS insightsSeenAt,
  unavailable_streak AS unavailableStreak, sparse_since AS sparseSince`;

export function recordingOwner(db: Database, extensionId: string): RecordingOwner | null {
  return (db.prepare(`SELECT ${COLUMNS} FROM recording_owners WHERE extension_id = ?`).get(extensionId) as RecordingOwner | undefined) ?? null;
}

/**
 * Owners whose recordings are asked about sparingly because none ever had insights, longest streak
 * first. Empty on a database from before owners were tracked (doctor reads without migrating).
 */
export function ownersWithoutInsights(db: Database): RecordingOwner[] {
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'recording_owners'").get()) return [];
  return db
    .prepare(`SELECT ${COLUMNS} FROM recording_owners WHERE sparse_since IS NOT NULL ORDER BY unavailable_streak DESC, extension_number, extension_id`)
    .all() as RecordingOwner[];
}

/**
 * RingSense answered 200 for one of the owner's recordings: it has insights, its streak ends and its
 * recordings get the normal series again. Returns the owner as it was before.
 */
export function noteOwnerInsights(db: Database, extensionId: string, now: string): RecordingOwner | null {
  const before = recordingOwner(db, extensionId);
  db.prepare(
    `INSERT INTO recording_owners (extension_id, insights_seen_at, unavailable_streak, sparse_since, updated_at) VALUES (?, ?, 0, NULL, ?)
     ON CONFLICT (extension_id) DO UPDATE SET insights_seen_at = excluded.insights_seen_at, unavailable_streak = 0, sparse_since = NULL,
       updated_at = excluded.updated_at`,
  ).run(extensionId, now, now);
  return before;
}

/**
 * One more of the owner's recordings ended `unavailable`. While the owner never had insights this
 * lengthens its streak, and from `sparseAfter` on it is asked about sparingly. Returns the owner
 * after the change.
 */
export function noteOwnerUnavailable(db: Database, extensionId: string, sparseAfter: number, now: string): RecordingOwner {
  db.prepare(
    `INSERT INTO recording_owners (extension_id, unavailable_streak, sparse_since, updated_at) VALUES (@id, 1, CASE WHEN 1 >= @sparseAfter THEN @now END, @now)
     ON CONFLICT (extension_id) DO UPDATE SET
       unavailable_streak = CASE WHEN insights_seen_at IS NULL THEN unavailable_streak + 1 ELSE 0 END,
       sparse_since = CASE WHEN insights_seen_at IS NULL AND unavailable_streak + 1 >= @sparseAfter THEN coalesce(sparse_since, @now) END,
       updated_at = @now`,
  ).run({ id: extensionId, sparseAfter, now });
  return recordingOwner(db, extensionId) as RecordingOwner;
}

/**
 * How the owner is named in messages: its extension number when the call log gave a plausible one
 * (it is printed on terminals and in logs, so nothing else of the call log's text gets in).
 */
export function ownerLabel(owner: Pick<RecordingOwner, 'extensionId' | 'extensionNumber'>): string {
  if (owner.extensionNumber && /^[0-9*#]{1,16}$/.test(owner.extensionNumber)) return `extension ${owner.extensionNumber}`;
  return `extension id ${owner.extensionId.replace(/[^0-9A-Za-z-]/g, '').slice(0, 32)}`;
}
